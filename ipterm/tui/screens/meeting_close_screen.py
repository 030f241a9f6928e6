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
from ipterm.domain.models import Attendance
from ipterm.domain.text import clean_for_terminal
from ipterm.i18n import N_, _, error_text, label
from ipterm.services import Services
from ipterm.tui.display import case_masker, weekday_date
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal
from ipterm.tui.widgets.field_input import FieldInput
from ipterm.tui.widgets.marked_selection import FormSelectionList


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
    #confirm-members { height: auto; max-height: 9; margin: 0 1; }  /* a group of seven, without scrolling */
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("enter,ctrl+s", "confirm", "meeting.close.confirm", N_("Bekreft og oppdater planen")),
        bind("escape", "cancel", "meeting.close.cancel", N_("Tilbake til møtet")),
    ]

    def __init__(self, services: Services, meeting_id: int, summary: str = "") -> None:
        super().__init__()
        self.services = services
        self.meeting_id = meeting_id
        self.summary = summary  # typed here before, then Esc to correct a line: it waits for the return
        self._plan = None
        self._asked = False

    def compose(self) -> ComposeResult:
        with Vertical(id="close-box"):
            yield Static(
                _("Avslutte møtet – dette endres i planen"),
                id="close-title",
            )
            yield FieldInput(
                self.summary,
                placeholder=_("Oppsummering av møtet (kommer først i referatet)"),
                id="close-summary-input",
            )
            yield FormSelectionList(id="confirm-members")
            with VerticalScroll(id="close-body"):
                yield Static(id="close-summary")
            yield Static(_("Enter: bekreft  Esc: tilbake"), id="close-help")

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
            for row in rows or [_("– ingen")]:
                out.append(f"  {row}\n")
            out.append("\n")

        unclear = _("UAVKLART")
        today = self.services.today()
        present = [
            (p.member_id, members[p.member_id])
            for p in case_file.participants_of(self.meeting_id)
            if p.attendance is Attendance.PRESENT and p.member_id in members
        ]
        section(
            _("Beslutninger"),
            [
                _c(d.text)
                + (f"  [{_('alternativer')}: {_c(d.alternatives)}]" if d.alternatives else "")
                + (f"  [{_('personens syn')}: {_c(d.person_view)}]" if d.person_view else "")
                + ("" if d.person_present else _("  (personen ikke til stede)"))
                for d in plan.decisions
            ],
        )
        section(
            _("Oppgaver"),
            [
                f"{_c(a.text)} → {_c(members.get(a.owner_member_id, unclear))}, "
                f"{_('frist')} {weekday_date(a.due_on) or '–'}"
                + ("  ⚠ " + _("fristen er passert") if a.due_on and a.due_on < today else "")
                + ("  ⚠ " + _("ingen frist") if a.due_on is None else "")
                + ("  ⚠ " + _("ingen ansvarlig") if a.owner_member_id is None else "")
                for a in plan.actions
            ],
        )
        section(
            _("Tiltak (nye og endrede)"),
            [
                (_("Endres: ") if m.changes_measure_id else _("Nytt: "))
                + f"{_c(m.what)} → {_c(members.get(m.responsible_member_id, unclear))}"
                + (f"  {format_date(m.from_date)}–{format_date(m.to_date)}" if m.from_date or m.to_date else "")
                + (f"  {_('omfang')}: {_c(m.scope)}" if m.scope else "")
                + (f"  {_('hvordan')}: {_c(m.how)}" if m.how else "")
                + ("  ⚠ " + _("mangler ") + ", ".join(_(why) for why in lacks) if (lacks := m.lacks()) else "")
                for m in plan.measures
            ],
        )
        section(
            _("Evalueringer"),
            [
                f"{_c(goals.get(e.goal_id, '') if e.goal_id else measures.get(e.measure_id, ''))}: "
                f"{label(e.outcome)}  {_c(e.comment)}"
                + (
                    f"  → {_('neste evaluering')} {weekday_date(e.next_evaluate_by)}"
                    + (_(" (foreslått)") if e.proposed else "")
                    if e.next_evaluate_by
                    else ""
                )
                for e in plan.evaluations
            ],
        )
        out.append(
            _("Neste møte: ")
            + (weekday_date(plan.next_meeting_on) or "–")
            + (f" kl. {plan.next_meeting_at:%H:%M}" if plan.next_meeting_on and plan.next_meeting_at else "")
            + "\n\n",
            style="bold",
        )
        if plan.follow_ups:
            numbers = case_file.action_numbers()
            texts = {a.id: a.text for a in case_file.action_items}
            said = {"done": _("ferdig"), "cancelled": _("avlyst"), "": ""}
            section(
                _("Oppfølging av oppgaver"),
                [
                    f"#o{numbers.get(f.action_id)} {_c(texts.get(f.action_id, ''))}: {said[f.status]}"
                    + (f" {_('ny frist')} {weekday_date(f.due_on)}" if f.due_on else "")
                    + (f" → {_c(members.get(f.owner_member_id, ''))}" if f.owner_member_id else "")
                    for f in plan.follow_ups
                ],
            )
        chooser = self.query_one("#confirm-members", SelectionList)
        chooser.border_title = (
            _("Kontaktinformasjon bekreftes for de som er til stede (Tab hit, Mellomrom fjerner)")
            + f" ({len(present)})"
        )
        for member_id, name in present:
            chooser.add_option(Selection(_c(name), member_id, True))
        chooser.display = bool(present)
        if present:
            chooser.highlighted = 0
        if plan.skipped:
            out.append(
                _("Linjer som bare står i referatet (ikke forstått):\n"),
                style="bold yellow",
            )
            for raw, why in plan.skipped:
                out.append(f"  {_c(raw)}  ⚠ {_c(why.render())}\n")
            out.append("\n")
        out.append(
            _(
                "Endringer i planen siden forrige møte ({n_changes_since_last}):\n",
                n_changes_since_last=len(preview.changes_since_last),
            ),
            style="bold",
        )
        for entry in preview.changes_since_last[:40]:
            out.append(f"  {entry.at:%d.%m} {_c(describe_change(entry, case_file).render())}\n")
        if len(preview.changes_since_last) > 40:
            out.append(_("  … og flere i Historikk-fanen\n"), style="dim")
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
                _(
                    "Nye tiltak mangler omfang, hvordan eller ansvarlig: {what}. Esc og "
                    "rett linjen, eller Enter igjen for å avslutte likevel.",
                    what=what,
                ),
                severity="warning",
                timeout=10,
            )
            return
        try:
            chooser = self.query_one("#confirm-members", SelectionList)
            confirm = list(chooser.selected)
            self.services.meetings.close(self.meeting_id, summary=summary, confirm_member_ids=confirm)
        except IptermError as exc:
            self.notify(error_text(exc), severity="error")
            return
        self.notify(_("Møtet er avsluttet og planen oppdatert."))
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Back to the meeting, with the summary typed so far (an empty field came back before)."""
        self.dismiss(self.query_one("#close-summary-input", FieldInput).value)
