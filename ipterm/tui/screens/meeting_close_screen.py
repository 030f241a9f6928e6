"""Review before closing a meeting: what will change in the plan. Enter confirms, Escape goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ipterm.domain.dates import format_date
from ipterm.domain.errors import IptermError
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services
from ipterm.tui.display import case_masker, change_label
from ipterm.tui.i18n import error_text, language, tr
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal

_OUTCOME_NB = {"achieved": "nådd", "continue": "fortsett", "change": "endre", "stop": "stopp"}


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

    def compose(self) -> ComposeResult:
        with Vertical(id="close-box"):
            yield Static(
                tr("Avslutte møtet – dette endres i planen", "Close the meeting – changes to the plan"),
                id="close-title",
            )
            with VerticalScroll(id="close-body"):
                yield Static(id="close-summary")
            yield Static(tr("Enter: bekreft  Esc: tilbake", "Enter: confirm  Esc: back"), id="close-help")

    def on_mount(self) -> None:
        preview = self.services.meetings.preview_close(self.meeting_id)
        plan = preview.plan
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
                f"{tr('frist', 'due')} {format_date(a.due_on) or '–'}"
                for a in plan.actions
            ],
        )
        section(
            tr("Tiltak (nye og endrede)", "Measures (new and changed)"),
            [
                (tr("Endres: ", "Changed: ") if m.changes_measure_id else tr("Nytt: ", "New: "))
                + f"{_c(m.what)} → {_c(members.get(m.responsible_member_id, unclear))}"
                + (f"  {format_date(m.from_date)}–{format_date(m.to_date)}" if m.from_date or m.to_date else "")
                for m in plan.measures
            ],
        )
        section(
            tr("Evalueringer", "Evaluations"),
            [
                f"{_c(goals.get(e.goal_id, '') if e.goal_id else measures.get(e.measure_id, ''))}: "
                f"{_OUTCOME_NB[e.outcome.value] if language() != 'en' else e.outcome.value}  {_c(e.comment)}"
                for e in plan.evaluations
            ],
        )
        out.append(
            tr("Neste møte: ", "Next meeting: ") + (format_date(plan.next_meeting_on) or "–") + "\n\n", style="bold"
        )
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
                f"Endringer i saken siden forrige møte: {len(preview.changes_since_last)}\n",
                f"Changes to the case since the last meeting: {len(preview.changes_since_last)}\n",
            ),
            style="bold",
        )
        counts: dict[str, int] = {}
        for entry in preview.changes_since_last:
            what = change_label(entry.entity, entry.action)
            counts[what] = counts.get(what, 0) + 1
        for key, count in sorted(counts.items()):
            out.append(f"  {key}: {count}\n")
        self.query_one("#close-summary", Static).update(out)

    def action_confirm(self) -> None:
        try:
            self.services.meetings.close(self.meeting_id)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        self.notify(tr("Møtet er avsluttet og planen oppdatert.", "Meeting closed and plan updated."))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
