"""The whole selected row, in words, under a case table: nothing has to be scrolled sideways to be read.

One function per kind of row; each returns a Text built from `safe` pieces (stored text is never markup).
"""

from __future__ import annotations

from rich.text import Text

from ipterm.domain.dates import format_date
from ipterm.domain.models import CaseFile, Consent, Goal, Measure, Member
from ipterm.services.export_choices import SECTION_WORDS
from ipterm.tui.display import initials, person, safe, status
from ipterm.tui.i18n import language, tr


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
        return Text(tr("UAVKLART – ingen er ansvarlig", "UNCLEAR – no one is responsible"), style="bold red")
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
    _line(text, tr("Mål", "Goal"), _goal_words(goal, numbers))
    parent = next((g for g in cf.goals if g.id == goal.parent_id), None) if goal.parent_id else None
    if parent is not None:
        _line(text, tr("Delmål under", "Sub-goal of"), _goal_words(parent, numbers))
    subs = [g for g in cf.goals if g.parent_id == goal.id]
    if subs:
        _line(text, tr("Delmål", "Sub-goals"), "; ".join(_goal_words(g, numbers) for g in subs))
    _line(text, tr("Status", "Status"), _join(status(goal.status.value),
          tr(f"evalueres {format_date(goal.evaluate_by)}", f"evaluate by {format_date(goal.evaluate_by)}")
          if goal.evaluate_by else ""))  # fmt: skip
    measures = cf.measures_for_goal(goal.id or 0)
    if measures:
        m_numbers = cf.measure_numbers()
        _line(text, tr("Tiltak", "Measures"), "; ".join(f"#t{m_numbers[m.id]} {m.what}" for m in measures))
    return text


def measure_detail(cf: CaseFile, measure: Measure, *, privacy: bool) -> Text:
    numbers = cf.goal_numbers()
    text = Text()
    _line(text, tr("Tiltak", "Measure"), f"#t{cf.measure_numbers().get(measure.id or 0, '?')} {measure.what}")
    goals = [g for g in cf.goals if g.id in measure.goal_ids]
    _line(text, tr("Mål", "Goal"), "; ".join(_goal_words(g, numbers) for g in goals) or tr("(ingen)", "(none)"))
    _line(text, tr("Ansvarlig", "Responsible"), _member_words(cf.member(measure.responsible_member_id), privacy))
    period = (
        f"{format_date(measure.from_date)}–{format_date(measure.to_date)}"
        if measure.from_date or measure.to_date
        else ""
    )
    confirmed = format_date(measure.last_confirmed)
    _line(text, tr("Periode", "Period"), _join(
        period, status(measure.status.value),
        tr(f"sist bekreftet {confirmed}", f"last confirmed {confirmed}")
        if measure.last_confirmed else tr("aldri bekreftet", "never confirmed"),
        tr(f"evalueres {format_date(measure.evaluate_by)}", f"evaluate by {format_date(measure.evaluate_by)}")
        if measure.evaluate_by else "",
    ))  # fmt: skip
    _line(text, tr("Vedtak", "Decision"), measure.service_decision)
    # Free text last: when the pane is short, what is cut is the end of a long text, not a date.
    _line(text, tr("Omfang", "Scope"), measure.scope)
    _line(text, tr("Hvordan", "How"), measure.how)
    return text


def consent_detail(cf: CaseFile, consent: Consent, *, privacy: bool) -> Text:
    en = language() == "en"
    text = Text()
    state = tr(f"TRUKKET {format_date(consent.withdrawn_on)}", f"WITHDRAWN {format_date(consent.withdrawn_on)}") \
        if consent.withdrawn_on else ""  # fmt: skip
    _line(text, tr("Samtykke", "Consent"), _join(
        tr(f"gitt {format_date(consent.given_on)}", f"given {format_date(consent.given_on)}"),
        status(consent.method.value),
        tr(f"av {consent.given_by}", f"by {consent.given_by}") if consent.given_by else "", state,
    ))  # fmt: skip
    _line(text, tr("Utløper", "Expires"), format_date(consent.expires_on) if consent.expires_on
          else tr("ingen utløpsdato", "no expiry date"))  # fmt: skip
    _line(text, tr("Original", "Original"), consent.original_location or tr("(ikke oppgitt)", "(not given)"))
    parts = [SECTION_WORDS[s][1 if en else 0] for s in consent.sections]
    own = tr("bare egne tiltak", "own measures only") if consent.own_measures_only else ""
    _line(text, tr("Deler", "Parts"), _join(", ".join(parts) or tr("planen", "the plan"), own))
    recipients = [m for m in cf.members if m.id in consent.recipient_member_ids]
    names = ", ".join(
        (initials(m.name) if privacy else m.name) + (f" ({m.organisation or m.role})" if m.organisation or m.role
                                                     else "")
        for m in recipients
    )  # fmt: skip
    _line(text, tr("Mottakere", "Recipients"), names or tr("(ingen)", "(none)"))
    _line(text, tr("Omfang", "Scope"), consent.scope_text)  # free text last (see measure_detail)
    return text


def member_detail(member: Member, *, privacy: bool) -> Text:
    text = Text()
    _line(text, tr("Navn", "Name"), person(member.name, privacy=privacy))
    _line(text, tr("Rolle", "Role"), _join(member.role, member.organisation))
    if not privacy:
        _line(text, tr("Kontakt", "Contact"), _join(member.phone, member.email))
    authority = [tr("koordinerer", "coordinates")] if member.is_coordinator else []
    if member.has_decision_authority:
        authority.append(tr("fatter vedtak", "has decision authority"))
    _line(text, tr("Koordinerer / beslutter", "Coordinates / decides"), ", ".join(authority) or tr("nei", "no"))
    _line(text, tr("Bekreftet", "Confirmed"), format_date(member.last_confirmed) or tr("aldri", "never"))
    _line(text, tr("Bidrar med", "Contributes"), member.contributes)  # free text last (see measure_detail)
    return text
