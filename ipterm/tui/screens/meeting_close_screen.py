"""Review before closing a meeting: what will change in the plan. Enter confirms, Escape goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ipterm.domain.changes import describe_change
from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.minutes import OUTCOME_LABELS
from ipterm.domain.models import Attendance
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui.display import case_masker, weekday_date
from ipterm.tui.i18n import error_text, language, tr
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal
from ipterm.tui.widgets.field_input import FieldInput


def _c(text: str) -> str:
    return clean_for_terminal(text, single_line=True)


class MeetingCloseScreen(IptermModal):
    """Lists decisions, action items, measures, evaluations, next meeting and skipped lines."""

    DEFAULT_CSS = """
    MeetingCloseScreen { align: center middle; }
    #close-box { width: 90%; max-width: 110; height: 90%; border: thick $primary; background: $surface; }
    #close-title { height: 1; text-style: bold; padding: 0 1; background: $primary; }
    #close-body { padding: 0 1; }
    #close-help { height: 1; padding: 0 1; color: $text-muted; }
    #close-summary-input { margin: 0 1; }
    #confirm-members { height: auto; max-height: 4; margin: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind(
            "enter,ctrl+s",
            "confirm",
            "meeting.close.confirm",
            "Bekreft og oppdater planen",
            "Confirm and update the plan",
        ),
        bind("escape", "cancel", "meeting.close.cancel", "Tilbake til møtet", "Back to the meeting"),
    ]

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id
        self._plan = None
        self._asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="close-box"):
            yield Static(
                tr("Avslutte møtet – dette endres i planen", "Close the meeting – changes to the plan"),
                id="close-title",
            )
            yield FieldInput(
                placeholder=tr("Oppsummering av møtet (kommer først i referatet)", "Summary of the meeting"),
                id="close-summary-input",
            )
            yield SelectionList[int](id="confirm-members")
            with VerticalScroll(id="close-body"):
                yield Static(id="close-summary")
            yield Static(tr("Enter: bekreft  Esc: tilbake", "Enter: confirm  Esc: back"), id="close-help")

    def on_mount(self) -> None:
        preview = self.services.meetings.preview_close(self.meeting_id)
        plan = preview.plan
        self._plan = plan
        case_file = self.services.case_file(self.services.meetings.get(self.meeting_id).case_id)
        members = {m.id: m.name for m in case_file.members}
        masker = case_masker(case_file) if self.privacy else None

        def _c(text: str) -> str:  # names and contacts masked in privacy mode
            cleaned = clean_for_terminal(text, single_line=True)
            return masker(cleaned) if masker else cleaned

        goals = {g.id: g.text for g in case_file.goals}
        measures = {m.id: m.what for m in case_file.measures}
        out = Text()

        def section(title: str, rows: list[str]) -> None:
            out.append(f"{title} ({len(rows)})\n", style="bold")
            for row in rows or [tr("– ingen", "– none")]:
                out.append(f"  {row}\n")
            out.append("\n")

        unclear = tr("UAVKLART", "UNCLEAR")
        today = self.services.today()
        present = [
            (p.member_id, members[p.member_id])
            for p in case_file.participants_of(self.meeting_id)
            if p.attendance is Attendance.PRESENT and p.member_id in members
        ]
        section(
            tr("Beslutninger", "Decisions"),
            [
                _c(d.text)
                + (f"  [{tr('alternativer', 'alternatives')}: {_c(d.alternatives)}]" if d.alternatives else "")
                + (f"  [{tr('personens syn', 'view')}: {_c(d.person_view)}]" if d.person_view else "")
                + ("" if d.person_present else tr("  (personen ikke til stede)", "  (person not present)"))
                for d in plan.decisions
            ],
        )
        section(
            tr("Oppgaver", "Action items"),
            [
                f"{_c(a.text)} → {_c(members.get(a.owner_member_id, unclear))}, "
                f"{tr('frist', 'due')} {weekday_date(a.due_on) or '–'}"
                + (
                    "  ⚠ " + tr("fristen er passert", "the due date has passed")
                    if a.due_on and a.due_on < today
                    else ""
                )
                + ("  ⚠ " + tr("ingen ansvarlig", "nobody responsible") if a.owner_member_id is None else "")
                for a in plan.actions
            ],
        )
        section(
            tr("Tiltak (nye og endrede)", "Measures (new and changed)"),
            [
                (tr("Endres: ", "Changed: ") if m.changes_measure_id else tr("Nytt: ", "New: "))
                + f"{_c(m.what)} → {_c(members.get(m.responsible_member_id, unclear))}"
                + (f"  {format_date(m.from_date)}–{format_date(m.to_date)}" if m.from_date or m.to_date else "")
                + (f"  {tr('omfang', 'scope')}: {_c(m.scope)}" if m.scope else "")
                + (f"  {tr('hvordan', 'how')}: {_c(m.how)}" if m.how else "")
                + (
                    "  ⚠ " + tr("mangler ", "lacks ") + ", ".join(en if language() == "en" else nb for nb, en in lacks)
                    if (lacks := m.lacks())
                    else ""
                )
                for m in plan.measures
            ],
        )
        section(
            tr("Evalueringer", "Evaluations"),
            [
                f"{_c(goals.get(e.goal_id, '') if e.goal_id else measures.get(e.measure_id, ''))}: "
                f"{OUTCOME_LABELS[e.outcome][1 if language() == 'en' else 0]}  {_c(e.comment)}"
                + (
                    f"  → {tr('neste evaluering', 'next evaluation')} {weekday_date(e.next_evaluate_by)}"
                    + (tr(" (foreslått)", " (proposed)") if e.proposed else "")
                    if e.next_evaluate_by
                    else ""
                )
                for e in plan.evaluations
            ],
        )
        out.append(
            tr("Neste møte: ", "Next meeting: ")
            + (weekday_date(plan.next_meeting_on) or "–")
            + (f" kl. {plan.next_meeting_at:%H:%M}" if plan.next_meeting_on and plan.next_meeting_at else "")
            + "\n\n",
            style="bold",
        )
        if plan.follow_ups:
            numbers = case_file.action_numbers()
            texts = {a.id: a.text for a in case_file.action_items}
            said = {"done": tr("ferdig", "done"), "cancelled": tr("avlyst", "cancelled"), "": ""}
            section(
                tr("Oppfølging av oppgaver", "Tasks followed up"),
                [
                    f"#o{numbers.get(f.action_id)} {_c(texts.get(f.action_id, ''))}: {said[f.status]}"
                    + (f" {tr('ny frist', 'new due date')} {weekday_date(f.due_on)}" if f.due_on else "")
                    + (f" → {_c(members.get(f.owner_member_id, ''))}" if f.owner_member_id else "")
                    for f in plan.follow_ups
                ],
            )
        chooser = self.query_one("#confirm-members", SelectionList)
        chooser.border_title = tr(
            "Kontaktinformasjon bekreftes for de som er til stede (Tab hit, Mellomrom fjerner)",
            "Contact details confirmed for those present (Tab here, Space unticks)",
        )
        for member_id, name in present:
            chooser.add_option(Selection(_c(name), member_id, True))
        chooser.display = bool(present)
        if present:
            chooser.highlighted = 0
        if plan.skipped:
            out.append(
                tr(
                    "Linjer som bare står i referatet (ikke forstått):\n",
                    "Lines kept only in the minutes (not understood):\n",
                ),
                style="bold yellow",
            )
            for raw, nb, en in plan.skipped:
                out.append(f"  {_c(raw)}  ⚠ {_c(en if language() == 'en' else nb)}\n")
            out.append("\n")
        out.append(
            tr(
                f"Endringer i planen siden forrige møte ({len(preview.changes_since_last)}):\n",
                f"Changes to the plan since the last meeting ({len(preview.changes_since_last)}):\n",
            ),
            style="bold",
        )
        for entry in preview.changes_since_last[:40]:
            out.append(f"  {entry.at:%d.%m} {_c(describe_change(entry, case_file, language()))}\n")
        if len(preview.changes_since_last) > 40:
            out.append(tr("  … og flere i Historikk-fanen\n", "  … and more in the History tab\n"), style="dim")
        self.query_one("#close-summary", Static).update(out)

    @on(Input.Submitted, "#close-summary-input")
    def _summary_entered(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        summary = self.query_one("#close-summary-input", FieldInput).value
        lacking = [m for m in self._plan.measures if m.lacks()] if self._plan else []
        if lacking and not self._asked:
            # Asked once: a new measure without scope, how or responsible leaves the plan incomplete (§ 19 e, f).
            self._asked = True
            what = ", ".join(_c(m.what) for m in lacking[:3])
            self.notify(
                tr(f"Nye tiltak mangler omfang, hvordan eller ansvarlig: {what}. Esc og rett linjen, "
                   "eller Enter igjen for å avslutte likevel.",
                   f"New measures lack scope, how or responsible: {what}. Esc to correct the line, "
                   "or Enter again to close anyway."),
                severity="warning",
                timeout=10,
            )  # fmt: skip
            return
        try:
            chooser = self.query_one("#confirm-members", SelectionList)
            confirm = list(chooser.selected)
            self.services.meetings.close(self.meeting_id, summary=summary, confirm_member_ids=confirm)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        self.notify(tr("Møtet er avsluttet og planen oppdatert.", "Meeting closed and plan updated."))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
