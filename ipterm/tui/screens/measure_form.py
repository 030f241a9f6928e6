"""New measure: what, scope, how, goal, responsible member (or unclear), period, evaluation date.

Dates are checked as they are typed; Ctrl+S or Enter in the last field saves; Escape asks before
throwing away what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ipterm.domain.dates import format_date, parse_optional_date
from ipterm.domain.errors import LANGUAGE, IptermError, ValidationError
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services

UNCLEAR = -1
DATE_FIELDS = ("from", "to", "evaluate")


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


class MeasureForm(ModalScreen[int | None]):
    """Returns the new measure's id, or None."""

    DEFAULT_CSS = """
    MeasureForm { align: center middle; }
    #form-box { width: 90%; max-width: 100; height: 90%; border: thick $primary; background: $surface; }
    #form-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    .row { height: 3; }
    .row Label { width: 16; padding: 1 1 0 0; }
    .row Input, .row Select { width: 1fr; }
    .hint { height: 1; padding: 0 0 0 17; }
    #form-message { height: 2; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _t("Lagre", "Save"), id="form.save", priority=True),
        Binding("escape", "cancel", _t("Avbryt", "Cancel"), id="form.cancel"),
    ]

    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self._confirm_cancel = False

    def compose(self) -> ComposeResult:
        cf = self.services.case_file(self.case_id)
        numbers = cf.goal_numbers()
        goals = [(clean_for_terminal(f"#{numbers[g.id]} {g.text}", single_line=True)[:60], g.id) for g in cf.goals]
        members = [(clean_for_terminal(f"{m.name} ({m.role})", single_line=True), m.id) for m in cf.members if m.active]
        members.append((_t("Uavklart ansvar", "Responsibility unclear"), UNCLEAR))
        with Vertical(id="form-box"):
            yield Static(_t("Nytt tiltak", "New measure"), id="form-title")
            with VerticalScroll():
                for field, label in (
                    ("what", _t("Tiltak", "Measure")),
                    ("scope", _t("Omfang", "Scope")),
                    ("how", _t("Hvordan", "How")),
                ):
                    with Horizontal(classes="row"):
                        yield Label(label)
                        yield Input(id=field)
                with Horizontal(classes="row"):
                    yield Label(_t("Mål", "Goal"))
                    yield Select(goals, prompt=_t("Velg mål", "Choose goal"), id="goal")
                with Horizontal(classes="row"):
                    yield Label(_t("Ansvarlig", "Responsible"))
                    yield Select(members, prompt=_t("Velg ansvarlig", "Choose responsible"), id="responsible")
                for field, label in (
                    ("from", _t("Fra", "From")),
                    ("to", _t("Til", "To")),
                    ("evaluate", _t("Evalueres", "Evaluate by")),
                ):
                    with Horizontal(classes="row"):
                        yield Label(label)
                        yield Input(placeholder=_t("f.eks. 1.12, i morgen, +2u", "e.g. 1.12, i morgen, +2u"), id=field)
                    yield Static(id=f"{field}-hint", classes="hint")
            yield Static(id="form-message")

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    @on(Input.Changed)
    def _validate(self, event: Input.Changed) -> None:
        self._confirm_cancel = False
        if event.input.id not in DATE_FIELDS:
            return
        hint = self.query_one(f"#{event.input.id}-hint", Static)
        try:
            day = parse_optional_date(event.value, self.services.today())
        except ValidationError as exc:
            hint.update(Text(exc.message(), style="bold red"))
        else:
            hint.update(Text(format_date(day), style="dim"))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        if event.input.id == "evaluate":
            self.action_save()
        else:
            self.focus_next()

    def _dirty(self) -> bool:
        return any(self.query_one(f"#{f}", Input).value.strip() for f in ("what", "scope", "how", *DATE_FIELDS))

    def action_save(self) -> None:
        message = self.query_one("#form-message", Static)
        today = self.services.today()
        try:
            dates = {f: parse_optional_date(self.query_one(f"#{f}", Input).value, today) for f in DATE_FIELDS}
            goal = self.query_one("#goal", Select).value
            responsible = self.query_one("#responsible", Select).value
            measure = self.services.add_measure(
                self.case_id,
                self.query_one("#what", Input).value,
                goal_ids=[goal] if isinstance(goal, int) else [],
                scope=self.query_one("#scope", Input).value.strip(),
                how=self.query_one("#how", Input).value.strip(),
                responsible_member_id=responsible if isinstance(responsible, int) and responsible != UNCLEAR else None,
                from_date=dates["from"],
                to_date=dates["to"],
                evaluate_by=dates["evaluate"],
            )
        except IptermError as exc:
            message.update(Text(exc.message(), style="bold red"))
            return
        self.dismiss(measure.id)

    def action_cancel(self) -> None:
        if self._dirty() and not self._confirm_cancel:
            self._confirm_cancel = True
            self.query_one("#form-message", Static).update(
                Text(
                    _t(
                        "Du har skrevet noe. Trykk Esc en gang til for å forkaste det.",
                        "You have typed something. Press Esc again to discard it.",
                    ),
                    style="bold yellow",
                )
            )
            return
        self.dismiss(None)
