"""The data each document template receives, built from a CaseFile. Pure: no I/O, no Typst.

Every value is a plain string, list or dict, so the templates print it as text whatever it contains.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ipterm import __version__
from ipterm.domain.completeness import missing_items
from ipterm.domain.dates import format_date_long
from ipterm.domain.errors import NotFoundError
from ipterm.domain.models import OPEN_MEASURE_STATUSES, ActionStatus, CaseFile, Measure, MeetingStatus
from ipterm.domain.text import clean_for_terminal
from ipterm.export import labels


def _s(value: object) -> str:
    """Text for print: control characters out (they have no glyph), everything else kept verbatim."""
    return clean_for_terminal("" if value is None else str(value))


def _d(value: date | None) -> str:
    return format_date_long(value)


def _period(start: date | None, end: date | None) -> str:
    if not start and not end:
        return ""
    return f"{_d(start)} – {_d(end)}".strip(" –")


def _member_name(cf: CaseFile, member_id: int | None, unclear: str = "Ansvar uavklart") -> str:
    member = cf.member(member_id)
    return _s(member.name) if member else unclear


def _header(cf: CaseFile, kind: str, today: date, recipient: str) -> dict[str, Any]:
    title = labels.KINDS[kind]
    return {
        "title": f"{title} – {_s(cf.case.person_name)}",
        "subtitle": f"Utdrag for {recipient}" if recipient else "",
        "author": _s(cf.case.coordinator) or "ipterm",
        "header-left": f"{title} – {_s(cf.case.person_name)}",
        "header-right": "Taushetsbelagt (helsepersonelloven § 21)",
        "stamp": f"Utskrevet {_d(today)} fra ipterm {__version__}",
        "recipient": recipient,
    }


def _goals(cf: CaseFile) -> list[dict[str, Any]]:
    numbers = cf.goal_numbers()
    out = []
    for g in cf.main_goals():
        out.append({
            "number": f"#{numbers[g.id]}", "text": _s(g.text), "own_words": g.is_own_words,
            "status": labels.STATUS.get(g.status.value, g.status.value), "evaluate_by": _d(g.evaluate_by),
            "subgoals": [{"number": f"#{numbers[s.id]}", "text": _s(s.text), "own_words": s.is_own_words,
                          "status": labels.STATUS.get(s.status.value, s.status.value)} for s in cf.sub_goals(g.id)],
        })  # fmt: skip
    return out


def _measure(cf: CaseFile, m: Measure) -> dict[str, str]:
    return {
        "what": _s(m.what), "scope": _s(m.scope), "how": _s(m.how),
        "responsible": _member_name(cf, m.responsible_member_id), "period": _period(m.from_date, m.to_date),
        "status": labels.STATUS.get(m.status.value, m.status.value), "confirmed": _d(m.last_confirmed),
        "service_decision": _s(m.service_decision),
    }  # fmt: skip


def _members(cf: CaseFile) -> list[dict[str, str]]:
    return [
        {"name": _s(m.name), "role": _s(m.role), "organisation": _s(m.organisation),
         "contact": _s(" ".join(x for x in (m.phone, m.email) if x)), "contributes": _s(m.contributes),
         "authority": "ja" if m.has_decision_authority else ""}
        for m in cf.members if m.active
    ]  # fmt: skip


def _consents(cf: CaseFile) -> list[dict[str, str]]:
    return [
        {"given_on": _d(c.given_on), "method": labels.METHOD[c.method.value], "given_by": _s(c.given_by),
         "scope": _s(c.scope_text or ", ".join(labels.SECTIONS[s.value] for s in c.sections)),
         "recipients": ", ".join(_member_name(cf, r, "") for r in c.recipient_member_ids),
         "expires": _d(c.expires_on) or "ingen", "original": _s(c.original_location)}
        for c in cf.consents if c.withdrawn_on is None
    ]  # fmt: skip


def plan_payload(cf: CaseFile, today: date, *, recipient: str = "", scope: str = "") -> dict[str, Any]:
    """§ 19 items a-i as sections, with what is missing stated up front."""
    case = cf.case
    goal_subjects = {g.id: g.text for g in cf.goals}
    measure_subjects = {m.id: m.what for m in cf.measures}
    history = [f"{_s(h.coordinator)} ({_period(h.from_date, h.to_date)})" for h in cf.coordinators]
    return {
        **_header(cf, "plan", today, recipient),
        "scope": scope,
        "facts": [
            ["Planeier", _s(case.person_name)],
            ["Fødselsdato", _d(case.birth_date)],
            ["Koordinator", _s(case.coordinator)],
            ["Planperiode", _period(case.plan_start, case.plan_end)],
            ["Neste revisjon", _d(case.next_revision)],
        ],
        "missing": [{"letter": i.letter, "title": i.title_nb} for i in missing_items(cf, today)] if not recipient
        else [],
        "goals": _goals(cf),
        "resources": _s(case.resources),
        "needs": _s(case.needs),
        "members": _members(cf),
        "coordinator": _s(case.coordinator),
        "coordinator_history": history,
        "measures": [_measure(cf, m) for m in cf.measures],
        "period": [
            ["Planperiode", _period(case.plan_start, case.plan_end)],
            ["Revideres", _d(case.next_revision)],
            ["Møtefrekvens", f"omtrent hver {case.meeting_cadence_days}. dag"],
        ],
        "evaluations": [
            {"date": _d(e.evaluated_on),
             "subject": _s(goal_subjects.get(e.goal_id) or measure_subjects.get(e.measure_id) or ""),
             "outcome": labels.OUTCOME[e.outcome.value], "comment": _s(e.comment)}
            for e in cf.evaluations
        ],
        "consents": _consents(cf),
        "collaboration": _s(case.collaboration),
        "service_decisions": [
            {"system": _s(s.system), "reference": _s(s.reference), "date": _d(s.decided_on),
             "description": _s(s.description)} for s in cf.service_decisions
        ],
    }  # fmt: skip


def minutes_payload(cf: CaseFile, meeting_id: int, today: date) -> dict[str, Any]:
    meeting = cf.meeting(meeting_id)
    if meeting is None:
        raise NotFoundError("Fant ikke møtet i denne saken.", "Meeting not found in this case.")
    members = {m.id: m for m in cf.members}
    participants = [
        {"name": _s(members[p.member_id].name), "role": _s(members[p.member_id].role),
         "attendance": labels.ATTENDANCE[p.attendance.value]}
        for p in cf.participants_of(meeting_id) if p.member_id in members
    ]  # fmt: skip
    decisions = [d for d in cf.decisions if d.meeting_id == meeting_id]
    actions = [a for a in cf.action_items if a.meeting_id == meeting_id]
    return {
        **_header(cf, "minutes", today, ""),
        "title": f"Referat – ansvarsgruppemøte {_d(meeting.starts_at.date())}",
        "facts": [
            ["Planeier", _s(cf.case.person_name)],
            ["Tid", f"{_d(meeting.starts_at.date())} kl. {meeting.starts_at:%H:%M}"],
            ["Sted", _s(meeting.place)],
            ["Referent", _s(meeting.minutes_writer)],
            ["Status", labels.STATUS.get(meeting.status.value, meeting.status.value)],
        ],
        "participants": participants,
        "agenda": [_s(p) for p in meeting.agenda],
        "lines": [{"time": f"{line.written_at:%H:%M}", "text": _s(line.text)} for line in cf.lines_of(meeting_id)],
        "decisions": [
            {"text": _s(d.text), "alternatives": _s(d.alternatives), "person_view": _s(d.person_view),
             "person_present": d.person_present} for d in decisions
        ],
        "actions": [{"text": _s(a.text), "owner": _member_name(cf, a.owner_member_id, "Ikke avklart"),
                     "due": _d(a.due_on)} for a in actions],
        "next_meeting": _d(meeting.next_meeting_on),
    }  # fmt: skip


def handover_payload(cf: CaseFile, today: date, *, stale_after_days: int = 180) -> dict[str, Any]:
    stale_before = today - timedelta(days=stale_after_days)
    open_measures = [m for m in cf.measures if m.status in OPEN_MEASURE_STATUSES]
    stale = [
        f"Tiltak: {_s(m.what)} (sist bekreftet {_d(m.last_confirmed) or 'aldri'})"
        for m in open_measures
        if m.last_confirmed is None or m.last_confirmed < stale_before
    ]
    stale += [
        f"Kontakt: {_s(m.name)}, {_s(m.role)} (sist bekreftet {_d(m.last_confirmed) or 'aldri'})"
        for m in cf.members
        if m.active and m.kind.value == "service" and (m.last_confirmed is None or m.last_confirmed < stale_before)
    ]
    closed = [m for m in cf.meetings if m.status is MeetingStatus.CLOSED]
    return {
        **_header(cf, "handover", today, ""),
        "facts": [
            ["Planeier", _s(cf.case.person_name)],
            ["Koordinator nå", _s(cf.case.coordinator)],
            ["Planperiode", _period(cf.case.plan_start, cf.case.plan_end)],
            ["Neste revisjon", _d(cf.case.next_revision)],
            ["Siste møte", _d(max(m.starts_at for m in closed).date()) if closed else "ingen"],
        ],
        "goals": _goals(cf),
        "measures": [_measure(cf, m) for m in open_measures],
        "actions": [{"text": _s(a.text), "owner": _member_name(cf, a.owner_member_id, "Ikke avklart"),
                     "due": _d(a.due_on)} for a in cf.action_items if a.status is ActionStatus.OPEN],
        "members": _members(cf),
        "consents": _consents(cf),
        "decisions": [{"date": _d(d.decided_on), "text": _s(d.text), "person_view": _s(d.person_view)}
                      for d in sorted(cf.decisions, key=lambda d: d.decided_on, reverse=True)[:8]],
        "stale": stale,
    }  # fmt: skip
