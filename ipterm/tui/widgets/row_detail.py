"""The whole selected row, in words, under a case table: nothing has to be scrolled sideways to be read.

One function per kind of row; each returns a Text built from `safe` pieces (stored text is never markup).
"""

from __future__ import annotations

from rich.text import Text

from ipterm.domain.dates import format_date
from ipterm.domain.models import CaseFile, Consent, Goal, Measure, Member
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
