"""The whole selected row, in words, under a case table: nothing has to be scrolled sideways to be read.

One function per kind of row; each returns a Text built from `safe` pieces (stored text is never markup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ipterm.domain.dates import format_date
from ipterm.domain.models import CaseFile, Consent, Goal, Measure, Member, Note
from ipterm.i18n import _, label
from ipterm.tui.display import initials, person, safe


def _line(text: Text, label: str, value: Text | str) -> None:
    if isinstance(value, str):
        value = safe(value)
    if not value.plain:
        return
    if text.plain:
        text.append("\n")
    text.append(f"{label}: ", style="bold")
    text.append(value)


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _goal_words(goal: Goal, numbers: dict[int, int]) -> str:
    words = f"«{goal.text}»" if goal.is_own_words else goal.text
    return f"#{numbers.get(goal.id or 0, '?')} {words}"


def _member_words(member: Member | None, privacy: bool) -> Text:
    if member is None:
        return Text(_("UAVKLART – ingen er ansvarlig"), style="bold red")
    text = person(member.name, privacy=privacy)
    service = ", ".join(x for x in (member.role, member.organisation) if x)
    if service:
        text.append(" (").append(safe(service)).append(")")
    contact = " ".join(x for x in (member.phone, member.email) if x)
    if contact and not privacy:
        text.append(" · ").append(safe(contact))
    return text


def goal_detail(cf: CaseFile, goal: Goal, *, privacy: bool) -> Text:
    numbers = cf.goal_numbers()
    text = Text()
    _line(text, _("Mål"), _goal_words(goal, numbers))
    parent = next((g for g in cf.goals if g.id == goal.parent_id), None) if goal.parent_id else None
    if parent is not None:
        _line(text, _("Delmål under"), _goal_words(parent, numbers))
    subs = [g for g in cf.goals if g.parent_id == goal.id]
    if subs:
        _line(text, _("Delmål"), "; ".join(_goal_words(g, numbers) for g in subs))
    _line(text, _("Status"), _join(label(goal.status),
          _("evalueres {evaluate_by}", evaluate_by=format_date(goal.evaluate_by))
          if goal.evaluate_by else ""))  # fmt: skip
    measures = cf.measures_for_goal(goal.id or 0)
    if measures:
        m_numbers = cf.measure_numbers()
        _line(text, _("Tiltak"), "; ".join(f"#t{m_numbers[m.id]} {m.what}" for m in measures))
    return text


def measure_detail(cf: CaseFile, measure: Measure, *, privacy: bool) -> Text:
    numbers = cf.goal_numbers()
    text = Text()
    _line(text, _("Tiltak"), f"#t{cf.measure_numbers().get(measure.id or 0, '?')} {measure.what}")
    goals = [g for g in cf.goals if g.id in measure.goal_ids]
    _line(text, _("Mål"), "; ".join(_goal_words(g, numbers) for g in goals) or _("(ingen)"))
    _line(text, _("Ansvarlig"), _member_words(cf.member(measure.responsible_member_id), privacy))
    period = (
        f"{format_date(measure.from_date)}–{format_date(measure.to_date)}"
        if measure.from_date or measure.to_date
        else ""
    )
    confirmed = format_date(measure.last_confirmed)
    _line(text, _("Periode"), _join(
        period, label(measure.status),
        _("sist bekreftet {confirmed}", confirmed=confirmed)
        if measure.last_confirmed else _("aldri bekreftet"),
        _("evalueres {evaluate_by}", evaluate_by=format_date(measure.evaluate_by))
        if measure.evaluate_by else "",
    ))  # fmt: skip
    _line(text, _("Vedtak"), measure.service_decision)
    # Free text last: when the pane is short, what is cut is the end of a long text, not a date.
    _line(text, _("Omfang"), measure.scope)
    _line(text, _("Hvordan"), measure.how)
    return text


def consent_detail(cf: CaseFile, consent: Consent, *, privacy: bool) -> Text:
    text = Text()
    state = _("TRUKKET {withdrawn_on}", withdrawn_on=format_date(consent.withdrawn_on)) \
        if consent.withdrawn_on else ""  # fmt: skip
    _line(text, _("Samtykke"), _join(
        _("gitt {given_on}", given_on=format_date(consent.given_on)),
        label(consent.method),
        _("av {given_by}", given_by=consent.given_by) if consent.given_by else "", state,
    ))  # fmt: skip
    _line(text, _("Gyldig til"), format_date(consent.expires_on) if consent.expires_on
          else _("ingen utløpsdato"))  # fmt: skip
    _line(text, _("Original"), consent.original_location or _("(ikke oppgitt)"))
    parts = [label(s) for s in consent.sections]
    own = _("bare tiltak mottakerens tjeneste har ansvar for") if consent.own_measures_only else ""
    _line(text, _("Omfatter"), _join(", ".join(parts) or _("planen"), own))
    recipients = [m for m in cf.members if m.id in consent.recipient_member_ids]
    names = ", ".join(
        (initials(m.name) if privacy else m.name) + (f" ({m.organisation or m.role})" if m.organisation or m.role
                                                     else "")
        for m in recipients
    )  # fmt: skip
    # A sister or grandparent outside the group is as much a recipient as a member.
    related = ", ".join(
        (initials(r.name) if privacy else r.name) + (f" ({r.relation})" if r.relation else "")
        for r in cf.related
        if r.id in consent.recipient_related_ids
    )
    names = ", ".join(n for n in (names, related) if n)
    _line(text, _("Mottakere"), names or _("(ingen)"))
    _line(text, _("Omfang"), consent.scope_text)  # free text last (see measure_detail)
    return text


def member_detail(member: Member, *, privacy: bool) -> Text:
    text = Text()
    _line(text, _("Navn"), person(member.name, privacy=privacy))
    _line(text, _("Rolle"), _join(member.role, member.organisation))
    if not privacy:
        _line(text, _("Kontakt"), _join(member.phone, member.email))
    authority = [_("koordinerer")] if member.is_coordinator else []
    if member.has_decision_authority:
        authority.append(_("fatter vedtak"))
    _line(text, _("Koordinerer / beslutter"), ", ".join(authority) or _("nei"))
    _line(text, _("Bekreftet"), format_date(member.last_confirmed) or _("aldri"))
    _line(text, _("Bidrar med"), member.contributes)  # free text last (see measure_detail)
    return text


def note_detail(note: Note) -> Text:
    """The whole note, every line of it, under its kind and time."""
    text = Text()
    text.append(f"{note.written_at:%d.%m.%Y %H:%M} · {label(note.kind)}", style="bold")
    if note.info_kind is not None:
        text.append(" · " + label(note.info_kind))
    for line in note.text.splitlines() or [""]:
        text.append("\n")
        text.append(safe(line))
    return text


class DetailPane(VerticalScroll):
    """The pane under a case table. Tab reaches it, and the arrow keys scroll a row too long for it (on a
    small terminal a measure's «Hvordan» or a member's «Bidrar med» would otherwise be out of reach)."""

    DEFAULT_CSS = """
    DetailPane { height: auto; scrollbar-size-vertical: 1; }
    DetailPane > Static { height: auto; }
    DetailPane:focus { border-top: solid $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Static()

    def on_mount(self) -> None:
        self._width = 0  # the width the reserved height was measured at
        self._reserved = 0  # the height of the tallest row at that width
        self._laid_out: int | None = None  # the height the screen was last laid out for

    def show(self, text: Text, every_row: Callable[[], Iterable[Text]]) -> None:
        """Show one row. The pane takes the height of the tallest row at once, shorter ones padded: the
        table above does not jump with each arrow key, and laying the screen out again (most of a key's
        cost) happens only when the width or the rows change."""
        width = self.content_size.width
        if width > 1 and width != self._width:
            self._width = width
            self._reserved = max((max(self._heights(t)) for t in every_row()), default=0)
        full, narrow = self._heights(text)
        if full != narrow:  # the scroll bar may take a column or not: leave it to the layout
            self._reserved, self._laid_out = max(self._reserved, narrow), None
            self._update(text, layout=True)
            return
        if full < self._reserved:
            text = Text.assemble(text, "\n " * (self._reserved - full))  # an empty last line would not count
        self._reserved = shown = max(full, self._reserved)
        self._update(text, layout=self._laid_out != shown)
        self._laid_out = shown

    def _heights(self, text: Text) -> tuple[int, int]:
        """Lines at the pane's width, and at one column less (with a scroll bar)."""
        width = self.content_size.width
        if width <= 1 or not text.plain:
            return (0, 0) if text.plain == "" else (0, 1)
        return len(text.wrap(self.app.console, width)), len(text.wrap(self.app.console, width - 1))

    def _update(self, text: Text, *, layout: bool) -> None:
        self.query_one(Static).update(text, layout=layout)
        if layout:
            self.refresh(layout=True)
