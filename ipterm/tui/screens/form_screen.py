"""The one form machine every edit dialog uses: fields declared as data, checked as they are typed.

A form subclass lists its `Field`s and implements `save(values)`, which calls a service and returns what the
dialog hands back (usually the saved object's id). The base does the rest:

- Dates are read the Norwegian way (`1.12`, `i morgen`, `+2u`) and the field says which day it understood;
  a fødselsnummer is checked (length, date, both check digits) as it is typed; required fields say so once
  they have been visited. Messages are plain words in the UI language, under the field they are about.
- Enter moves to the next field and saves from the last one; Ctrl+S saves from anywhere.
- Escape closes at once when nothing changed, and asks first when something did.
- A service error naming a field (`ValidationError.field`) lands under that field, which gets focus.

Nothing is written anywhere before save: while the app is locked an open form simply stays on the screen
stack (in memory), and is there again, as typed, after unlocking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from ipterm.domain.dates import BACKWARD as BACKWARD
from ipterm.domain.dates import FORWARD, is_past, parse_clock, parse_date, parse_optional_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.national_id import parse_national_id
from ipterm.i18n import N_, _, error_text
from ipterm.tui.display import Masker, case_masker, choices, field_text, weekday_date
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal, guarded
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.marked_selection import FormSelectionList

TEXT, AREA, DATE, NATIONAL_ID, NUMBER, CLOCK, SELECT, CHECK, MULTI = (
    "text", "area", "date", "national_id", "number", "clock", "select", "check", "multi",
)  # fmt: skip
_TYPED = (TEXT, AREA, DATE, NATIONAL_ID, NUMBER, CLOCK)


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that shows its state by its mark, not by colour only (an empty box when off), and takes
    Space to tick; Enter goes on to the next field as in the rest of the form."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "toggle_button", show=False)]

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button

    def watch_value(self) -> None:
        self.refresh()


@dataclass
class Field:
    """One field of a form."""

    name: str
    """Key in the values handed to `save`, and the widget id (`f-<name>`)."""
    label: str
    """Text on the left of the field, already translated."""
    kind: str = TEXT
    value: Any = None
    """Initial value: text for typed fields (dates already formatted), bool, a choice or a list of choices."""
    required: bool = False
    options: Sequence[tuple[str | Text, Any]] = ()
    """(shown, value) pairs for SELECT and MULTI."""
    placeholder: str = ""
    hint: str = ""
    """A quiet line under the field while nothing is wrong."""
    personal: bool = False
    """A name, phone number or e-mail address: shown as dots in privacy mode (typing still works)."""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    """Service field names that mean this field (`ValidationError.field`), besides `name`."""
    looks: str = FORWARD
    """For DATE: FORWARD (a deadline, an expiry) or BACKWARD (when a consent was given): what `15.1` means."""


class FormScreen(IptermModal):
    """Base of every form dialog; dismisses with whatever `save` returns, or None when cancelled."""

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    .form-box { width: 96%; max-width: 100; height: auto; max-height: 100%; border: thick $primary;
                background: $surface; }
    .form-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    #form-fields { height: auto; max-height: 75vh; }
    .form-row { height: 1; }
    .form-row-multi { height: auto; max-height: 8; }
    .form-label { width: 18; padding: 0 1; }
    .form-row Input, .form-row Select, .form-row SelectionList, .form-row Checkbox { width: 1fr; }
    .form-row SelectionList { height: auto; max-height: 7; }
    .form-hint { height: auto; max-height: 2; padding: 0 0 0 18; color: $text-muted; }
    .form-message { height: auto; min-height: 1; padding: 0 1; }
    .form-keys { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+s", "save", "form.save", N_("Lagre"), priority=True),
        bind("escape", "cancel", "form.cancel", N_("Avbryt")),
        # A binding, not Input.Submitted: it moves focus before the next key is read, so text typed fast
        # (or pasted) after Enter lands in the next field and not in this one.
        bind("enter", "next_field", "form.next", N_("Neste felt"), show=False, priority=True),
        # Tab too, for the same reason: "Ab⇥cd" typed in one burst put "cd" in the name field.
        bind("tab", "app.focus_next", "form.tab", N_("Neste felt"), show=False, priority=True),
        bind("shift+tab", "app.focus_previous", "form.backtab", N_("Forrige felt"), show=False, priority=True),
    ]
    title_text = ""

    def __init__(self) -> None:
        super().__init__()
        self._fields: list[Field] = []
        self._touched: set[str] = set()
        self._initial: dict[str, Any] = {}
        self._asking = False
        self._shown: dict[str | None, tuple[str, str]] = {}
        self._verbatim: dict[str, tuple[str, str]] = {}
        self._masked: set[str] = set()
        """Free-text fields shown with names masked (privacy mode), closed for editing."""
        self._masker: Masker | None = None
        """Field name -> (text shown, text stored) where the two differ (escape sequences, bidi marks)."""

    # -- to implement ------------------------------------------------------------------------
    def fields(self) -> list[Field]:
        raise NotImplementedError

    def save(self, values: dict[str, Any]) -> Any:
        """Store the values through a service; return what the dialog hands back.

        Raises:
            IptermError: shown in the form, which stays open.
        """
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> None:
        """Rules between fields (a period that runs backwards …), run as the user types.

        Raises:
            ValidationError: with `field` set to the field it is about.
        """

    @property
    def today(self) -> date:
        return self.app.services.today()  # type: ignore[attr-defined]

    # -- layout --------------------------------------------------------------------------------
    def masker(self) -> Masker | None:
        """In privacy mode, the names and contacts of the form's case (masked in titles, choices, texts)."""
        if not self.privacy:
            return None
        services = getattr(self, "services", None)
        case = getattr(self, "case", None)
        case_id = getattr(self, "case_id", None) or (case.id if case is not None else None)
        if services is None or case_id is None:
            return None
        return case_masker(services.case_file(case_id))

    def compose(self) -> ComposeResult:
        self._fields = self.fields()
        self._masker = self.masker()
        title = self._masker(self.title_text) if self._masker else self.title_text
        with Vertical(id="form-box", classes="form-box"):
            yield Static(title, id="form-title", classes="form-title", markup=False)
            with VerticalScroll(id="form-fields"):
                for spec in self._fields:
                    with Horizontal(classes=f"form-row form-row-{spec.kind}"):
                        # A checkbox carries its own label, beside the box, so it is never cut to "▐X…".
                        label = "" if spec.kind == CHECK else spec.label + (" *" if spec.required else "")
                        yield Label(label, classes="form-label", markup=False)
                        yield self._widget(spec)
                    yield Static(spec.hint, id=f"hint-{spec.name}", classes="form-hint", markup=False)
            yield Static(id="form-message", classes="form-message")
            yield Static(
                _("Enter: neste felt · Mellomrom: åpne en liste · Ctrl+S: lagre · Esc: avbryt"),
                classes="form-keys",
            )

    def _widget(self, spec: Field) -> Widget:
        wid = f"f-{spec.name}"
        options = spec.options
        if self._masker is not None:
            mask = self._masker
            options = [(mask(shown) if isinstance(shown, str) else shown, value) for shown, value in options]
        if spec.kind == SELECT:
            return Select(choices(options), value=spec.value if spec.value is not None else Select.NULL,
                          allow_blank=not spec.required, prompt=spec.placeholder or _("Velg"),
                          id=wid, compact=True)  # fmt: skip
        if spec.kind == CHECK:
            return FormCheckbox(spec.label, value=bool(spec.value), id=wid, compact=True)
        if spec.kind == MULTI:
            chosen = set(spec.value or ())
            return FormSelectionList(
                *[Selection(shown, value, value in chosen) for shown, value in choices(options)], id=wid
            )
        password = (spec.kind == NATIONAL_ID or spec.personal) and self.privacy
        date_hint = _("f.eks. 1.12, i morgen, +2u")
        placeholder = spec.placeholder or (date_hint if spec.kind == DATE else "")
        stored = str(spec.value or "")
        shown = field_text(stored)
        hidden = False
        if self._masker is not None and spec.kind in (TEXT, AREA) and not spec.personal:
            # Free text naming the case's people: shown masked, and closed for editing (an edit would
            # save the masks) until privacy mode is off.
            hidden_text = self._masker(shown)
            hidden, shown = hidden_text != shown, hidden_text
        if shown != stored:
            self._verbatim[spec.name] = (shown, stored)
        widget = FieldInput(shown, placeholder=placeholder, id=wid, compact=True, password=password,
                            select_on_focus=False, disabled=hidden)  # fmt: skip
        if hidden:
            self._masked.add(spec.name)
            widget.tooltip = _("Personvern: F12 av for å redigere")
        return widget

    # -- drafts (see ipterm/tui/drafts.py) --------------------------------------------------------
    def draft_args(self) -> dict[str, Any]:
        """What, besides the case, reopens this form on the same row (`{"goal_id": 3}`)."""
        return {}

    def draft(self) -> dict[str, Any] | None:
        """The typed values, when anything was typed; None for a form left as it opened."""
        if not self._fields or not self.is_dirty():
            return None
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in self._raw_values().items()}
        return {"args": self.draft_args(), "values": values}

    def _restore(self, values: dict[str, Any]) -> None:
        """Put a draft's values back into the fields (those that still exist and still accept them)."""
        for name, value in values.items():
            try:
                widget = self.widget(name)
                if isinstance(widget, Input):
                    shown = field_text(str(value or ""))
                    if shown != value:
                        self._verbatim[name] = (shown, str(value))
                    widget.value = shown
                elif isinstance(widget, Select):
                    widget.value = Select.NULL if value is None else value
                elif isinstance(widget, Checkbox):
                    widget.value = bool(value)
                elif isinstance(widget, SelectionList):
                    widget.deselect_all()
                    for chosen in value or ():
                        widget.select(chosen)
            except Exception:  # a field gone or an option no longer there: the rest still comes back
                continue

    restore_values: dict[str, Any] | None = None
    """Set before the form is shown to reopen a draft."""

    def on_mount(self) -> None:
        self._initial = self._raw_values()
        if self.restore_values:
            self._restore(self.restore_values)
        for spec in self._fields:
            if spec.kind in (DATE, NATIONAL_ID, NUMBER, CLOCK) and spec.value:
                self._show_field(spec)
        first = next((w for w in self.query("#form-fields *") if w.focusable), None)
        if first is not None:
            first.focus()

    def refresh_data(self) -> None:
        """Privacy mode switched while the form is open: personal fields hide or show their text, free
        text naming the case's people is masked and closed (what was typed is kept), or opens again."""
        if self.privacy:
            self._mask_open_form()
        else:
            for name in sorted(self._masked):
                stored = self.raw(name)
                shown = field_text(stored)
                self._verbatim[name] = (shown, stored)
                widget = self.widget(name)
                with widget.prevent(Input.Changed):
                    widget.value = shown  # type: ignore[attr-defined]
                widget.disabled = False
            self._masked.clear()
            self._masker = None
            self._show_choices()
            self.query_one("#form-title", Static).update(self.title_text)
        for spec in self._fields:
            if spec.kind in _TYPED and (spec.personal or spec.kind == NATIONAL_ID):
                widget = self.widget(spec.name)
                if isinstance(widget, Input):
                    widget.password = self.privacy

    def _mask_open_form(self) -> None:
        """F12 pressed with the form open: the same masks as a form opened in privacy mode."""
        self._masker = self.masker()
        if self._masker is None:
            return
        self.query_one("#form-title", Static).update(self._masker(self.title_text))
        for spec in self._fields:
            if spec.kind not in (TEXT, AREA) or spec.personal or spec.name in self._masked:
                continue
            current = self.raw(spec.name)  # what is typed, or the stored text where it is shown cleaned
            hidden = self._masker(field_text(current))
            if hidden == field_text(current):
                continue
            widget = self.widget(spec.name)
            self._verbatim[spec.name] = (hidden, current)
            with widget.prevent(Input.Changed):
                widget.value = hidden  # type: ignore[attr-defined]
            widget.disabled = True
            widget.tooltip = _("Personvern: F12 av for å redigere")
            self._masked.add(spec.name)
        self._show_choices()

    def _show_choices(self) -> None:
        """Dropdown and list choices again, masked or not, keeping what is chosen."""
        for spec in self._fields:
            if spec.kind not in (SELECT, MULTI) or not spec.options:
                continue
            options = spec.options
            if self._masker is not None:
                mask = self._masker
                options = [(mask(shown) if isinstance(shown, str) else shown, value) for shown, value in options]
            widget = self.widget(spec.name)
            if isinstance(widget, Select):
                chosen = widget.value
                with widget.prevent(Select.Changed):
                    widget.set_options(choices(options))
                    widget.value = chosen
            elif isinstance(widget, SelectionList):
                picked = set(widget.selected)
                with widget.prevent(SelectionList.SelectedChanged):
                    widget.clear_options()
                    widget.add_options([Selection(shown, value, value in picked) for shown, value in choices(options)])

    # -- reading the fields ----------------------------------------------------------------------
    def spec(self, name: str) -> Field:
        return next(s for s in self._fields if s.name == name)

    def widget(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def raw(self, name: str) -> Any:
        widget = self.widget(name)
        if isinstance(widget, Input):
            # A field shown cleaned and left as it was saves the stored text, not the cleaned one: opening
            # and saving a form must not change text nobody edited (exports keep it verbatim).
            shown, stored = self._verbatim.get(name, (None, None))
            return stored if widget.value == shown else widget.value
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, SelectionList):
            return tuple(widget.selected)
        raise TypeError(name)

    def _raw_values(self) -> dict[str, Any]:
        return {spec.name: self.raw(spec.name) for spec in self._fields}

    def parse(self, spec: Field) -> Any:
        """The value of one field, or a ValidationError (with `field` = its name) saying what is wrong."""
        value = self.raw(spec.name)
        try:
            if spec.kind in _TYPED:
                text = value.strip()
                if spec.required and not text:
                    raise ValidationError("{label} må fylles ut.", label=spec.label)
                if spec.kind == DATE:
                    if spec.required:
                        return parse_date(text, self.today, spec.looks)
                    return parse_optional_date(text, self.today, spec.looks)
                if spec.kind == NATIONAL_ID:
                    return parse_national_id(text).value if text else None
                if spec.kind == NUMBER:
                    if not text:
                        return None
                    if not text.isdigit():
                        raise ValidationError("«{text}» er ikke et helt tall.", text=text)
                    return int(text)
                if spec.kind == CLOCK:
                    return parse_clock(text) if text else None
                return text
            if spec.required and value in (None, ()):
                raise ValidationError("{label}: velg en.", label=spec.label)
            return value
        except ValidationError as exc:
            raise ValidationError(exc.msg, field=spec.name) from None

    def values(self) -> dict[str, Any]:
        """Every field parsed; the first problem raised as a ValidationError naming its field."""
        return {spec.name: self.parse(spec) for spec in self._fields}

    def is_dirty(self) -> bool:
        return self._raw_values() != self._initial

    # -- live checking ---------------------------------------------------------------------------
    def _show_field(self, spec: Field) -> bool:
        """Check one field and say under it what was understood or what is wrong; True when it is fine."""
        hint = self.query_one(f"#hint-{spec.name}", Static)
        try:
            value = self.parse(spec)
        except ValidationError as exc:
            if spec.kind == NATIONAL_ID and self._still_typing_id(self.raw(spec.name)):
                digits = sum(c.isdigit() for c in self.raw(spec.name))
                self._put(hint, Text(_("{digits} av 11 sifre", digits=digits), style="dim"))
                return False
            self._put(hint, Text(error_text(exc), style="bold red"))
            return False
        self._put(hint, Text(self._understood(spec, value) or spec.hint, style="dim"))
        return True

    def _say_id_problem(self, spec: Field) -> None:
        try:
            parse_national_id(self.raw(spec.name))
        except ValidationError as exc:
            self._put(self.query_one(f"#hint-{spec.name}", Static), Text(error_text(exc), style="bold red"))

    def _put(self, target: Static, content: Text | str) -> None:
        """Update a hint or message line only when its text changes: most key presses change nothing
        there, and every update costs a layout pass."""
        key = (content.plain, str(content.style)) if isinstance(content, Text) else (content, "")
        if self._shown.get(target.id) != key:
            self._shown[target.id] = key
            target.update(content)

    @staticmethod
    def _still_typing_id(text: str) -> bool:
        digits = "".join(c for c in text if c.isdigit())
        return len(digits) < 11 and all(c.isdigit() or c.isspace() for c in text)

    def _understood(self, spec: Field, value: Any) -> str:
        if value is None:
            return ""
        if spec.kind == DATE:
            typed = self.raw(spec.name) != self._initial.get(spec.name)
            if spec.looks == FORWARD and typed and is_past(value, self.today):
                return "⚠ " + _("{value} – er passert", value=weekday_date(value))
            if spec.looks == BACKWARD and typed and value > self.today:
                return "⚠ " + _("{value} – er fram i tid", value=weekday_date(value))
            return weekday_date(value)
        if spec.kind == NATIONAL_ID:
            parsed = parse_national_id(value)
            kind = _("D-nummer") if parsed.kind.value == "D-nummer" else _("fødselsnummer")  # fmt: skip
            born = weekday_date(parsed.birth_date) if not self.privacy else "•"
            text = _("Gyldig {kind}, født {born}", kind=kind, born=born)
            return text + (_(" (syntetisk testnummer)") if parsed.is_synthetic else "")
        if spec.kind == CLOCK:
            return value.strftime("%H:%M")
        return ""

    def _check_all(self) -> None:
        """Run the rules between fields once every field reads well; say the first problem, if any."""
        message = self.query_one("#form-message", Static)
        try:
            values = self.values()
            self.check(values)
        except ValidationError as exc:
            name = self._field_for(exc.field)
            if name in self._touched and exc.field and self._field_rule_failed(name):
                self._put(message, Text(error_text(exc), style="bold red"))
            else:
                self._put(message, "")
            return
        self._put(message, "")

    def _field_rule_failed(self, name: str) -> bool:
        """True when the field itself reads fine (the problem is a rule between fields)."""
        try:
            self.parse(self.spec(name))
        except ValidationError:
            return False
        return True

    def _field_for(self, service_field: str | None) -> str | None:
        if service_field is None:
            return None
        for spec in self._fields:
            if service_field == spec.name or service_field in spec.aliases:
                return spec.name
        return None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("f-")
        if not any(s.name == name for s in self._fields):
            return
        self._touched.add(name)
        self._show_field(self.spec(name))
        self._check_all()

    @on(Input.Blurred)
    def _left(self, event: Input.Blurred) -> None:
        # Leaving a field is when "still typing" ends: a half national id or an empty required field is
        # now a problem to point out.
        name = (event.input.id or "").removeprefix("f-")
        if not any(s.name == name for s in self._fields):
            return
        spec = self.spec(name)
        if spec.required or event.input.value.strip():
            self._touched.add(name)
            if not self._show_field(spec) and spec.kind == NATIONAL_ID:
                self._say_id_problem(spec)

    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _chosen(self, event: Any) -> None:
        widget = getattr(event, "select", None) or getattr(event, "checkbox", None) or event.selection_list
        if isinstance(event, Select.Changed):
            self.call_after_refresh(self._on_after_pick, widget)
        name = (widget.id or "").removeprefix("f-")
        if any(s.name == name for s in self._fields):
            self._touched.add(name)
            self._put(self.query_one(f"#hint-{name}", Static), self.spec(name).hint)
            self._check_all()
        self.on_choice(name)

    def _on_after_pick(self, select: Select) -> None:
        """A choice picked from an open dropdown: on to the next field, as Enter does in a text field
        (a choice set by the form itself leaves the focus where it is)."""
        if self.focused is select and not select.expanded:
            self.focus_next()

    def on_choice(self, name: str) -> None:
        """Called after a select, checkbox or list changed (forms that show or fill other fields)."""

    def action_next_field(self) -> None:
        """Enter in a text field, on a checkbox or on a closed dropdown: on to the next field, or save from
        the last one. (In an open dropdown Enter picks, and picking goes on: see `_chosen`.)
        In a list of boxes Enter goes on too (Space ticks). Elsewhere (a choice, a button) Enter keeps its
        own meaning."""
        focused = self.focused
        # A dropdown too: Enter goes on, as the form's key line says, and Space or Down opens it. Opened by
        # Enter, the words typed next went into its type-ahead and were lost.
        # A list of boxes too: Enter ticked the highlighted row unseen; Space ticks.
        if not isinstance(focused, Input | FormCheckbox | Select | FormSelectionList) or focused not in self.query(
            "#form-fields *"
        ):
            raise SkipAction()
        # Saved from the last field of all, not the last text field: checkboxes after it are reached too.
        fields = [w for w in self.query("#form-fields *") if w.focusable and w.display]
        if fields and focused is fields[-1]:
            self.action_save()
        else:
            self.focus_next()

    # -- saving and leaving ----------------------------------------------------------------------
    def show_problem(self, error: ValidationError) -> None:
        name = self._field_for(error.field)
        if name is not None:
            self._touched.add(name)
            self._put(self.query_one(f"#hint-{name}", Static), Text(error_text(error), style="bold red"))
            self.widget(name).focus()
            fix = _("Rett feltet som er merket.")
            self._put(self.query_one("#form-message", Static), Text(fix, style="bold red"))
        else:
            self._put(self.query_one("#form-message", Static), Text(error_text(error), style="bold red"))

    def action_save(self) -> None:
        self.after_typing(self._save_now)

    @guarded
    def _save_now(self) -> None:
        try:
            values = self.values()
            self.check(values)
            result = self.save(values)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return
        if self._asking:
            return
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        def answered(discard: bool | None) -> None:
            self._asking = False
            if discard:
                self.dismiss(None)

        self._asking = True
        self.app.push_screen(
            ConfirmDialog(_("Forkaste det du har skrevet?"), yes=_("Forkast")),
            answered,
        )


def options(pairs: Sequence[tuple[str, Any]], shown: Callable[[str], str | Text] = str) -> list[tuple[Any, Any]]:
    return [(shown(name), value) for name, value in pairs]
