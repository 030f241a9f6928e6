"""Plan a meeting: when and where, who is invited (with a balance check), and an agenda from the plan."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from ipterm.domain.agenda import build_agenda, first_name, invite_balance
from ipterm.domain.dates import format_date, is_past, parse_clock, parse_date
from ipterm.domain.errors import IptermError, ValidationError
from ipterm.domain.models import PLAN_POINTS
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, _, error_text, ngettext
from ipterm.services import Services
from ipterm.tui.display import case_masker, choices, field_text, initials, member_label, person, weekday_date
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal
from ipterm.tui.screens.form_screen import AREA, CLOCK, DATE, MULTI, TEXT, Field, FormScreen
from ipterm.tui.widgets.field_input import FieldArea, FieldInput

_PLAN_INPUTS = ("date", "time", "place", "video-link", "person-points", "decisions-needed", "writer")


def _points(typed: str) -> list[str]:
    """Points typed on one line with ; between them (a form field may hold one per line instead)."""
    return [p.strip() for line in typed.splitlines() for p in line.split(";") if p.strip()]


SHIPPED = "shipped:"  # the value of a shipped template in the chooser, before its key


def parse_time(text: str) -> time:
    if not text.strip():
        return time(10, 0)  # most group meetings are in the morning; the field shows it as the default
    return parse_clock(text)


class MeetingPlanScreen(IptermModal):
    """Returns the new meeting's id, or None when cancelled."""

    DEFAULT_CSS = """
    MeetingPlanScreen { align: center middle; }
    #plan-box { width: 96%; max-width: 120; height: 96%; border: thick $primary; background: $surface; }
    #plan-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    #plan-when { height: 3; }
    #plan-when Input { width: 1fr; }
    #plan-when Select { width: 1fr; }
    #plan-summons { height: 3; }
    #plan-summons Input { width: 1fr; }
    #plan-lists { height: 1fr; }
    #invitees { width: 1fr; height: 1fr; }
    #agenda-edit { width: 1fr; height: 1fr; }
    #plan-message { height: 2; padding: 0 1; }
    #template-note { height: auto; max-height: 3; padding: 0 1; }
    #plan-writer { height: 3; }
    #plan-writer Label { padding: 1 1 0 1; }
    #writer { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("ctrl+s", "save", "meeting.plan.save", N_("Lagre møtet"), priority=True),
        bind("escape", "cancel", "meeting.plan.cancel", N_("Avbryt")),
        # As in every form: Enter in the date, time or place goes on to the next field, before the next key.
        bind("enter", "next_field", "meeting.plan.next", N_("Neste felt"), show=False, priority=True),
        # Ctrl+O/Ctrl+N ("opp"/"ned"): Windows Terminal takes Alt+arrows for its panes, macOS Option+arrows.
        bind("alt+up,ctrl+o", "move_point(-1)", "meeting.plan.up", N_("Flytt opp")),
        bind("alt+down,ctrl+n", "move_point(1)", "meeting.plan.down", N_("Flytt ned")),
        # A template changed here (invitees, agenda, writer, place) is kept as the case's own for next time.
        bind("ctrl+t", "save_template", "meeting.plan.template", N_("Lagre som egen mal"), priority=True),
    ]

    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self._agenda: str | None = None
        self._template_name = ""
        self._real_writer = ""  # the writer a template gave; shown as initials in privacy mode

    def compose(self) -> ComposeResult:
        case_file = self.services.case_file(self.case_id)
        day = self.services.today()
        members = [m for m in case_file.members if m.active]
        templates = self.services.meetings.templates(self.case_id)
        with Vertical(id="plan-box"):
            title = Text(_("Planlegg møte – "))
            title.append(person(case_file.case.person_name, privacy=self.privacy))
            yield Static(title, id="plan-title")
            with Horizontal(id="plan-when"):
                yield FieldInput(placeholder=_("Dato (f.eks. +1u)"), id="date")
                yield FieldInput(placeholder=_("Kl. (10:00)"), id="time")
                yield FieldInput(placeholder=_("Sted / Teams"), id="place")
                # The user's own templates, then those shipped for the situations (oppstartsmøte …).
                shipped = [(_("{name} (følger med)", name=t.name), f"{SHIPPED}{t.key}") for t in
                           self.services.meetings.shipped_templates()]  # fmt: skip
                yield Select(
                    [*choices((t.name, t.id) for t in templates), *shipped],
                    prompt=_("Mal …"),
                    id="template",
                )
            with Horizontal(id="plan-lists"):
                with Vertical():
                    yield Label(_("Inviterte (mellomrom velger)"))
                    yield SelectionList[int](
                        *[
                            Selection(
                                Text(
                                    clean_for_terminal(
                                        member_label(initials(m.name) if self.privacy else m.name, m.role, m.kind.value)
                                        + (" ★" if m.has_decision_authority else ""),
                                        single_line=True,
                                    )
                                ),
                                m.id,
                                True,
                            )
                            for m in members
                        ],
                        id="invitees",
                    )
                with Vertical():
                    yield Label(_("Agenda (ett punkt per linje, Alt+↑/↓ flytter)"))
                    agenda = self._built_agenda = field_text("\n".join(build_agenda(case_file, day)))
                    # In privacy mode shown with names masked and not editable: an edit would save the masks.
                    # The agenda as built (or as typed before F12) is what gets saved.
                    hint = Static(Text(_("Personvern: F12 av for å redigere"), style="italic"), id="agenda-privacy")
                    hint.display = self.privacy
                    yield hint
                    if self.privacy:
                        self._agenda = agenda
                        yield FieldArea(case_masker(case_file)(agenda), id="agenda-edit", read_only=True)
                    else:
                        yield FieldArea(agenda, id="agenda-edit")
            with Horizontal(id="plan-summons"):
                yield FieldInput(placeholder=_("Videolenke (valgfritt)"), id="video-link")
                name = first_name(case_file)
                yield FieldInput(
                    placeholder=_(
                        "Hva vil {name} ta opp? (; mellom punktene)", name=initials(name) if self.privacy else name
                    ),
                    id="person-points",
                )
                yield FieldInput(placeholder=_("Beslutninger som skal tas i dag (; mellom)"), id="decisions-needed")
            yield Static(id="template-note")
            with Horizontal(id="plan-writer"):
                yield Label(_("Referent"))
                yield FieldInput(placeholder=_("Hvem skriver referatet"), id="writer")
            yield Static(id="plan-message")

    def on_mount(self) -> None:
        self._check_balance()
        self.query_one("#date", Input).focus()

    def refresh_data(self) -> None:
        """F12 with the planner open: names masked or shown again, the agenda closed or open for editing."""
        case_file = self.services.case_file(self.case_id)
        invitees = self.query_one("#invitees", SelectionList)
        members = {m.id: m for m in case_file.members}
        for n in range(invitees.option_count):
            member = members.get(invitees.get_option_at_index(n).value)
            if member is not None:
                name = initials(member.name) if self.privacy else member.name
                label = member_label(name, member.role, member.kind.value) + (
                    " ★" if member.has_decision_authority else ""
                )
                invitees.replace_option_prompt_at_index(n, Text(clean_for_terminal(label, single_line=True)))
        area = self.query_one("#agenda-edit", TextArea)
        if self.privacy and not area.read_only:
            self._agenda = area.text
            area.text = case_masker(case_file)(area.text)
            area.read_only = True
        elif not self.privacy and area.read_only:
            area.text = self._agenda if self._agenda is not None else area.text
            area.read_only = False
        self.query_one("#agenda-privacy", Static).display = self.privacy
        writer = self.query_one("#writer", Input)
        if self._real_writer and writer.value.strip() in (self._real_writer, initials(self._real_writer)):
            self._show_writer(self._real_writer)

    @on(SelectionList.SelectedChanged, "#invitees")
    def _check_balance(self, _event: object = None) -> None:
        selected = set(self.query_one("#invitees", SelectionList).selected)
        members = [m for m in self.services.members(self.case_id) if m.id in selected]
        warning = invite_balance(members).warning()
        message = self.query_one("#plan-message", Static)
        if warning:
            message.update(Text("⚠ " + warning.render(), style="bold yellow"))
        else:
            message.update(Text(ngettext("{n} innkalt.", "{n} innkalt.", len(members)), style="dim"))

    @on(Input.Changed, "#date")
    def _date_typed(self, event: Input.Changed) -> None:
        message = self.query_one("#plan-message", Static)
        if not event.value.strip():
            return
        try:
            day = parse_date(event.value, self.services.today())
        except ValidationError as exc:
            message.update(Text(error_text(exc), style="bold red"))
        else:
            if is_past(day, self.services.today()):
                message.update(
                    Text(
                        "⚠ " + _("{day} er passert", day=weekday_date(day)),
                        style="bold yellow",
                    )
                )
            else:
                message.update(Text(weekday_date(day), style="dim"))

    @on(Select.Changed, "#template")
    def _template_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value.startswith(SHIPPED):
            self._shipped_chosen(event.value.removeprefix(SHIPPED))
            return
        if not isinstance(event.value, int):
            return
        template = self.services.meetings.template(event.value)
        self._template_name = template.name
        self.query_one("#template-note", Static).update("")
        if template.minutes_writer:
            self._show_writer(template.minutes_writer)
        if template.place:
            self.query_one("#place", Input).value = field_text(template.place)
        if template.case_id == self.case_id and template.invitee_member_ids:
            chooser = self.query_one("#invitees", SelectionList)
            chooser.deselect_all()
            for member_id in template.invitee_member_ids:
                chooser.select(member_id)
        if template.agenda_sections:
            self._set_agenda(template.agenda_sections)

    def _shipped_chosen(self, key: str) -> None:
        """A shipped template: invite whoever in the group has each role, say which roles nobody has."""
        filled = self.services.meetings.fill_shipped(self.case_id, key)
        self._template_name = filled.template.name
        chooser = self.query_one("#invitees", SelectionList)
        chooser.deselect_all()
        for member_id, _why in filled.invitees:
            chooser.select(member_id)
        self._set_agenda(filled.agenda_sections)
        self._show_writer(filled.minutes_writer)
        # What the template lacks in this group first (it must be seen at 80 × 24), then what it is for.
        note = Text()
        if filled.unfilled_roles:
            note.append(
                "⚠ " + _(
                    "Ingen i gruppen har rollen: {roles}. Legg dem til i fanen Gruppe, eller inviter dem utenom.",
                    roles=", ".join(filled.unfilled_roles),
                ) + "\n",
                style="bold yellow",
            )  # fmt: skip
        note.append(clean_for_terminal(filled.template.purpose, single_line=True), style="dim")
        self.query_one("#template-note", Static).update(note)

    def _set_agenda(self, sections: tuple[str, ...]) -> None:
        generated = build_agenda(self.services.case_file(self.case_id), self.services.today())
        points: list[str] = []
        for section in sections:
            points.extend(generated if section == PLAN_POINTS else [section])
        area = self.query_one("#agenda-edit", TextArea)
        agenda = field_text("\n".join(points))
        if area.read_only:  # privacy mode: keep the real text, show it masked
            self._agenda = agenda
            agenda = case_masker(self.services.case_file(self.case_id))(agenda)
        area.text = agenda

    def action_save_template(self) -> None:
        """Ctrl+T: the planner as it stands (a shipped template changed, or none) kept as this case's own."""
        name = _("{name} (egen)", name=self._template_name) if self._template_name else _("Egen mal")
        try:
            self.services.meetings.save_template(
                name,
                case_id=self.case_id,
                invitee_member_ids=self.query_one("#invitees", SelectionList).selected,
                minutes_writer=self._writer(),
                agenda_sections=self._template_sections(),
                place=self.query_one("#place", Input).value,
            )
        except IptermError as exc:
            self.query_one("#plan-message", Static).update(Text(error_text(exc), style="bold red"))
            return
        self.notify(_("Lagret som mal: {name}", name=name))

    def _template_sections(self) -> list[str]:
        """The agenda as a template keeps it: the points generated from the plan today become the plan's
        placeholder again, so the next meeting gets the points of its own day."""
        generated = set(build_agenda(self.services.case_file(self.case_id), self.services.today()))
        out: list[str] = []
        for point in self._agenda_text().split("\n"):
            if point in generated:
                if PLAN_POINTS not in out:
                    out.append(PLAN_POINTS)
            elif point.strip():
                out.append(point)
        return out

    def _show_writer(self, name: str) -> None:
        self._real_writer = name
        self.query_one("#writer", Input).value = initials(name) if self.privacy and name else field_text(name)

    def _writer(self) -> str:
        """The minutes writer typed, or the one the template gave when the field still shows it masked."""
        writer = self.query_one("#writer", Input).value.strip()
        if self._real_writer and writer == initials(self._real_writer):
            return self._real_writer
        return writer

    def _agenda_text(self) -> str:
        area = self.query_one("#agenda-edit", TextArea)
        return self._agenda if area.read_only and self._agenda is not None else area.text

    def action_move_point(self, offset: int) -> None:
        area = self.query_one("#agenda-edit", TextArea)
        if area.read_only:
            return
        lines = area.text.split("\n")
        row = area.cursor_location[0]
        target = row + offset
        if not (0 <= row < len(lines) and 0 <= target < len(lines)):
            return
        lines[row], lines[target] = lines[target], lines[row]
        area.text = "\n".join(lines)
        area.cursor_location = (target, 0)

    def action_save(self) -> None:
        self.after_typing(self._save_now)

    def _save_now(self) -> None:
        message = self.query_one("#plan-message", Static)
        try:
            day = parse_date(self.query_one("#date", Input).value, self.services.today())
            at = parse_time(self.query_one("#time", Input).value)
            chosen = self.query_one("#invitees", SelectionList).selected
            members = {m.id: m for m in self.services.members(self.case_id)}
            meeting = self.services.meetings.plan_meeting(
                self.case_id,
                datetime.combine(day, at),
                place=self.query_one("#place", Input).value,
                invitees=[(mid, members[mid].contributes or members[mid].role) for mid in chosen],
                agenda=self._agenda_text().split("\n"),
                video_link=self.query_one("#video-link", Input).value,
                person_points=_points(self.query_one("#person-points", Input).value),
                decisions_needed=_points(self.query_one("#decisions-needed", Input).value),
                minutes_writer=self._writer(),
            )
        except IptermError as exc:
            message.update(Text(error_text(exc), style="bold red"))
            return
        self.dismiss(meeting.id)

    def action_next_field(self) -> None:
        if not isinstance(self.focused, Input) or self.focused.id not in _PLAN_INPUTS:
            raise SkipAction()
        self.focus_next()

    def _typed_anything(self) -> bool:
        typed = any(self.query_one(f"#{name}", Input).value.strip() for name in _PLAN_INPUTS)
        agenda = self.query_one("#agenda-edit", FieldArea)
        return typed or (not agenda.read_only and agenda.text != self._built_agenda)

    def action_cancel(self) -> None:
        """Esc leaves at once when nothing is typed, and asks first when something is."""
        if not self._typed_anything():
            self.dismiss(None)
            return
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(_("Forkaste det du har skrevet?"), yes=_("Forkast")), answered)


class MoveMeetingForm(FormScreen):
    """Move a planned meeting to another date and time. Returns the meeting id."""

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting = services.meetings.get(meeting_id)
        self.title_text = _("Flytt møtet")

    def fields(self) -> list[Field]:
        starts = self.meeting.starts_at
        return [
            Field("day", _("Dato"), DATE, format_date(starts.date()), required=True),
            Field("at", _("Klokken"), CLOCK, starts.strftime("%H:%M"), required=True),
        ]

    def save(self, values: dict[str, Any]) -> int:
        moved = self.services.meetings.move(self.meeting.id or 0, datetime.combine(values["day"], values["at"]))
        return moved.id or 0


class SummonsForm(FormScreen):
    """What the summons says beyond time and place, for a planned meeting: the video link, what the person
    wants to bring up, what must be decided, who has sent apologies and what they sent in writing."""

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting = services.meetings.get(meeting_id)
        self.case_id = self.meeting.case_id  # for the masker in privacy mode
        self.case_file = services.case_file(self.meeting.case_id)
        self.title_text = _("Innkalling til møtet {date}", date=self.meeting.starts_at.strftime("%d.%m.%Y %H:%M"))
        self._invited = [
            (p, m)
            for p in services.meetings.participants(meeting_id)
            if (m := self.case_file.member(p.member_id)) is not None
        ]

    def fields(self) -> list[Field]:
        from ipterm.domain.models import Attendance

        meeting = self.meeting
        name = first_name(self.case_file)
        shown = initials(name) if self.privacy else name
        fields = [
            Field("video_link", _("Videolenke"), TEXT, meeting.video_link, placeholder=_("https://…")),
            Field(
                "person_points", _("Hva vil {name} ta opp?", name=shown), AREA, "\n".join(meeting.person_points),
                hint=_("Ett punkt per linje. Punktene kommer først på sakslisten."),
            ),
            Field(
                "decisions_needed", _("Beslutninger i dag"), AREA, "\n".join(meeting.decisions_needed),
                hint=_("Det møtet må bestemme, ett per linje."),
            ),
            Field(
                "apologies", _("Meldt forfall"), MULTI,
                [p.member_id for p, _m in self._invited if p.attendance is Attendance.APOLOGIES],
                options=[(initials(m.name) if self.privacy else m.name, p.member_id) for p, m in self._invited],
                personal=True,
            ),
        ]  # fmt: skip
        for p, m in self._invited:
            fields.append(
                Field(
                    f"input_{p.member_id}", _("Innspill: {name}", name=initials(m.name) if self.privacy else m.name),
                    AREA, p.written_input,
                    hint=_("Skriftlig innspill ved forfall; vises i møtet og i referatet. Gir «meldt forfall»."),
                )
            )  # fmt: skip
        return fields

    def save(self, values: dict[str, Any]) -> int:
        from ipterm.domain.models import Attendance

        meetings = self.services.meetings
        meeting_id = self.meeting.id or 0
        meetings.set_summons_details(
            meeting_id,
            video_link=values["video_link"] or "",
            person_points=[values["person_points"] or ""],
            decisions_needed=[values["decisions_needed"] or ""],
        )
        # Written input is what someone sends when they cannot come: they have sent apologies.
        apologies = set(values["apologies"] or ()) | {
            p.member_id for p, _m in self._invited if (values[f"input_{p.member_id}"] or "").strip()
        }
        for p, _m in self._invited:
            if (p.member_id in apologies) != (p.attendance is Attendance.APOLOGIES):
                meetings.set_attendance(
                    meeting_id, p.member_id, Attendance.APOLOGIES if p.member_id in apologies else Attendance.INVITED
                )
            typed = values[f"input_{p.member_id}"] or ""
            if typed.strip() != p.written_input:
                meetings.set_written_input(meeting_id, p.member_id, typed)
        return meeting_id


class WrittenInputForm(FormScreen):
    """What a member who cannot come sent in writing; saving it marks them as having sent apologies."""

    def __init__(self, services: Services, meeting_id: int, member_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id
        self.member_id = member_id
        meeting = services.meetings.get(meeting_id)
        self.case_id = meeting.case_id  # for the masker in privacy mode
        member = services.case_file(meeting.case_id).member(member_id)
        self._current = next(
            (p.written_input for p in services.meetings.participants(meeting_id) if p.member_id == member_id), ""
        )
        self.title_text = _("Skriftlig innspill fra {name}", name=member.name if member else "?")

    def fields(self) -> list[Field]:
        return [
            Field("text", _("Innspill"), AREA, self._current,
                  hint=_("Vises i møtet og i referatet. Deltakeren får «meldt forfall».")),
        ]  # fmt: skip

    def save(self, values: dict[str, Any]) -> int:
        from ipterm.domain.models import Attendance

        typed = values["text"] or ""
        self.services.meetings.set_written_input(self.meeting_id, self.member_id, typed)
        if typed.strip():
            self.services.meetings.set_attendance(self.meeting_id, self.member_id, Attendance.APOLOGIES)
        return self.meeting_id
