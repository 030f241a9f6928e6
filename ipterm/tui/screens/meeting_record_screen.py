"""A closed meeting, read-only: when, who came, summary, decisions, evaluations, tasks, follow-ups, the lines."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from ipterm import i18n
from ipterm.domain.meeting_close import plan_close
from ipterm.domain.models import ActionStatus, Attendance
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, _
from ipterm.services import Services
from ipterm.tui.display import case_masker, weekday_date
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal


class MeetingRecordScreen(IptermModal):
    """Opened by Enter on a closed meeting; nothing here can be changed."""

    DEFAULT_CSS = """
    MeetingRecordScreen { align: center middle; }
    #record-box { width: 96%; max-width: 120; height: 94%; border: thick $primary; background: $surface; }
    #record-title { height: 1; background: $primary; text-style: bold; padding: 0 1; }
    #record-body { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape,q", "close", "meeting.record.close", N_("Tilbake")),
    ]

    def __init__(self, services: Services, meeting_id: int) -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with Vertical(id="record-box"):
            yield Static(id="record-title")
            with VerticalScroll(id="record-body"):
                yield Static(id="record-text")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """The record, again: privacy mode or the language changed."""
        meeting = self.services.meetings.get(self.meeting_id)
        cf = self.services.case_file(meeting.case_id)
        masker = case_masker(cf) if self.privacy else None

        def _c(text: str) -> str:  # one line, cleaned; the case's names and contacts masked in privacy mode
            cleaned = clean_for_terminal(text, single_line=True)
            return masker(cleaned) if masker else cleaned

        title = _("Møtereferat (møtet er avholdt, kan ikke endres)")
        self.query_one("#record-title", Static).update(f"{title} – {weekday_date(meeting.starts_at.date())}")
        out = Text()

        def head(label: str) -> None:
            out.append(f"\n{label}\n", style="bold")

        ended = f" – {_('avsluttet')} {meeting.closed_at:%d.%m.%Y %H:%M}" if meeting.closed_at else ""
        out.append(f"{_('Planlagt')} {meeting.starts_at:%d.%m.%Y %H:%M}{ended}  {_c(meeting.place)}\n")
        marks = {
            Attendance.PRESENT: _("til stede"),
            Attendance.APOLOGIES: _("meldt forfall"),
            Attendance.ABSENT: _("ikke møtt"),
            Attendance.INVITED: _("innkalt"),
        }
        head(_("Deltakere"))
        for p in cf.participants_of(self.meeting_id):
            if (m := cf.member(p.member_id)) is not None:
                out.append(f"  {_c(m.name)} ({_c(m.role)}): {marks[p.attendance]}\n")
        if meeting.summary:
            head(_("Oppsummering"))
            out.append(f"  {_c(meeting.summary)}\n")
        head(_("Beslutninger"))
        decisions = [d for d in cf.decisions if d.meeting_id == self.meeting_id]
        for d in decisions:
            out.append(f"  • {_c(d.text)}\n")
            if d.alternatives:
                out.append(f"    {_('alternativer')}: {_c(d.alternatives)}\n", style="dim")
            if d.person_view:
                out.append(f"    {_('personens syn')}: {_c(d.person_view)}\n", style="dim")
        if not decisions:
            out.append(_("  – ingen\n"))
        evaluations = [e for e in cf.evaluations if e.meeting_id == self.meeting_id]
        if evaluations:
            head(_("Evalueringer"))
            numbers, measure_numbers = cf.goal_numbers(), cf.measure_numbers()
            for e in evaluations:
                if e.goal_id:
                    subject = f"#{numbers.get(e.goal_id, '?')}"
                else:
                    subject = f"#t{measure_numbers.get(e.measure_id or 0, '?')}"
                out.append(f"  {subject} {i18n.label(e.outcome)}  {_c(e.comment)}\n")
        head(_("Oppgaver fra møtet (status nå)"))
        state = {status: i18n.label(status) for status in ActionStatus}
        numbers = cf.action_numbers()
        tasks = [a for a in cf.action_items if a.meeting_id == self.meeting_id]
        for a in tasks:
            owner = cf.member(a.owner_member_id)
            due = f"{a.due_on:%d.%m.%Y}" if a.due_on else "–"
            out.append(f"  #o{numbers.get(a.id or 0)} {_c(a.text)} → {_c(owner.name) if owner else '?'}, {due}: ")
            out.append(f"{state[a.status]}\n")
        if not tasks:
            out.append(_("  – ingen\n"))
        plan = plan_close(cf, self.meeting_id, meeting.starts_at.date(), closed=True)
        if plan.follow_ups:
            head(_("Fulgt opp i møtet"))
            texts = {a.id: a.text for a in cf.action_items}
            said = {"done": _("ferdig"), "cancelled": _("avlyst")}
            for f in plan.follow_ups:
                owner = cf.member(f.owner_member_id)
                what = [
                    said.get(f.status, ""),
                    _("ny frist {date}", date=weekday_date(f.due_on)) if f.due_on else "",
                    _("ny ansvarlig {name}", name=_c(owner.name)) if owner else "",
                    _c(f.comment),
                ]
                out.append(f"  #o{f.number} {_c(texts.get(f.action_id, ''))}: {', '.join(w for w in what if w)}\n")
        if plan.measures:
            head(_("Tiltak fra møtet"))
            for pm in plan.measures:
                owner = cf.member(pm.responsible_member_id)
                details = [_c(pm.scope), _c(pm.how), _c(owner.name) if owner else ""]
                out.append(f"  • {_c(pm.what) or _('(endret)')}  {' · '.join(d for d in details if d)}\n")
        if plan.next_meeting_on:
            head(_("Neste møte"))
            at = f" kl. {plan.next_meeting_at:%H:%M}" if plan.next_meeting_at else ""
            out.append(f"  {weekday_date(plan.next_meeting_on)}{at}\n")
        head(_("Linjene slik de ble skrevet"))
        for line in cf.lines_of(self.meeting_id):
            out.append(f"  {line.written_at:%H:%M} {_c(line.text)}\n")
        self.query_one("#record-text", Static).update(out)

    def action_close(self) -> None:
        self.dismiss(None)
