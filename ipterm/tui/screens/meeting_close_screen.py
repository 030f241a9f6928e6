"""Review before closing a meeting: what will change in the plan. Enter confirms, Escape goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ipterm.domain.dates import format_date
from ipterm.domain.errors import LANGUAGE, IptermError
from ipterm.domain.text import clean_for_terminal
from ipterm.services import Services

_OUTCOME_NB = {"achieved": "nådd", "continue": "fortsett", "change": "endre", "stop": "stopp"}


def _t(nb: str, en: str) -> str:
    return en if LANGUAGE.get() == "en" else nb


def _c(text: str) -> str:
    return clean_for_terminal(text, single_line=True)


class MeetingCloseScreen(ModalScreen[bool]):
    """Lists decisions, action items, measures, evaluations, next meeting and skipped lines."""

    DEFAULT_CSS = """
    MeetingCloseScreen { align: center middle; }
    #close-box { width: 90%; max-width: 110; height: 90%; border: thick $primary; background: $surface; }
    #close-title { height: 1; text-style: bold; padding: 0 1; background: $primary; }
    #close-body { padding: 0 1; }
    #close-help { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,ctrl+s",
            "confirm",
            _t("Bekreft og oppdater planen", "Confirm and update the plan"),
            id="meeting.close.confirm",
        ),
        Binding("escape", "cancel", _t("Tilbake til møtet", "Back to the meeting"), id="meeting.close.cancel"),
    ]

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical(id="close-box"):
            yield Static(
                _t("Avslutte møtet – dette endres i planen", "Close the meeting – changes to the plan"),
                id="close-title",
            )
            with VerticalScroll(id="close-body"):
                yield Static(id="close-summary")
            yield Static(_t("Enter: bekreft  Esc: tilbake", "Enter: confirm  Esc: back"), id="close-help")

    def on_mount(self) -> None:
        preview = self.services.meetings.preview_close(self.meeting_id)
        plan = preview.plan
        members = {
            m.id: m.name
            for m in self.services.store.members.for_case(self.services.store.meetings.get(self.meeting_id).case_id)
        }
        goals = {
            g.id: g.text
            for g in self.services.store.goals.for_case(self.services.store.meetings.get(self.meeting_id).case_id)
        }
        out = Text()

        def section(title: str, rows: list[str]) -> None:
            out.append(f"{title} ({len(rows)})\n", style="bold")
            for row in rows or [_t("– ingen", "– none")]:
                out.append(f"  {row}\n")
            out.append("\n")

        unclear = _t("UAVKLART", "UNCLEAR")
        section(
            _t("Beslutninger", "Decisions"),
            [
                _c(d.text)
                + (f"  [{_t('alternativer', 'alternatives')}: {_c(d.alternatives)}]" if d.alternatives else "")
                + (f"  [{_t('personens syn', 'view')}: {_c(d.person_view)}]" if d.person_view else "")
                + ("" if d.person_present else _t("  (personen ikke til stede)", "  (person not present)"))
                for d in plan.decisions
            ],
        )
        section(
            _t("Oppgaver", "Action items"),
            [
                f"{_c(a.text)} → {_c(members.get(a.owner_member_id, unclear))}, "
                f"{_t('frist', 'due')} {format_date(a.due_on) or '–'}"
                for a in plan.actions
            ],
        )
        section(
            _t("Tiltak (nye og endrede)", "Measures (new and changed)"),
            [
                (_t("Endres: ", "Changed: ") if m.changes_measure_id else _t("Nytt: ", "New: "))
                + f"{_c(m.what)} → {_c(members.get(m.responsible_member_id, unclear))}"
                + (f"  {format_date(m.from_date)}–{format_date(m.to_date)}" if m.from_date or m.to_date else "")
                for m in plan.measures
            ],
        )
        section(
            _t("Evalueringer", "Evaluations"),
            [
                f"{_c(goals.get(e.goal_id, '') if e.goal_id else _t('tiltak', 'measure'))}: "
                f"{_OUTCOME_NB[e.outcome.value] if LANGUAGE.get() != 'en' else e.outcome.value}  {_c(e.comment)}"
                for e in plan.evaluations
            ],
        )
        out.append(
            _t("Neste møte: ", "Next meeting: ") + (format_date(plan.next_meeting_on) or "–") + "\n\n", style="bold"
        )
        if plan.skipped:
            out.append(
                _t(
                    "Linjer som bare står i referatet (ikke forstått):\n",
                    "Lines kept only in the minutes (not understood):\n",
                ),
                style="bold yellow",
            )
            for raw, nb, en in plan.skipped:
                out.append(f"  {_c(raw)}  ⚠ {en if LANGUAGE.get() == 'en' else nb}\n")
            out.append("\n")
        out.append(
            _t(
                f"Endringer i saken siden forrige møte: {len(preview.changes_since_last)}\n",
                f"Changes to the case since the last meeting: {len(preview.changes_since_last)}\n",
            ),
            style="bold",
        )
        counts: dict[str, int] = {}
        for entry in preview.changes_since_last:
            counts[f"{entry.entity} {entry.action}"] = counts.get(f"{entry.entity} {entry.action}", 0) + 1
        for key, count in sorted(counts.items()):
            out.append(f"  {key}: {count}\n")
        self.query_one("#close-summary", Static).update(out)

    def action_confirm(self) -> None:
        try:
            self.services.meetings.close(self.meeting_id)
        except IptermError as exc:
            self.notify(exc.message(), severity="error")
            return
        self.notify(_t("Møtet er avsluttet og planen oppdatert.", "Meeting closed and plan updated."))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
