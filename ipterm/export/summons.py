"""The summons (innkalling) to a planned responsibility-group meeting.

When and where (and the video link), who is invited, the agenda in plain words, and "Hva vil du ta opp?"
with the person's own points first. It is made from the case as the recipient may see it (the scoping in
`ipterm.domain.scoping`), like the minutes: an extract for the school names no one from services its
consent does not cover, and carries no free-text point nobody gave a kind unless the consent covers all.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ipterm.domain.agenda import agenda_with_points, first_name
from ipterm.domain.errors import NotFoundError, ValidationError
from ipterm.domain.messages import N_
from ipterm.domain.models import Attendance, CaseFile, Meeting, MeetingStatus, MemberKind
from ipterm.export.documents import (
    Block,
    DocumentContext,
    clock,
    contact,
    facts,
    finish,
    heading,
    meta,
    none_unless_extract,
    numbered,
    omitted_note,
    para,
    scope_notice,
    table,
    text,
    weekday_date,
)
from ipterm.i18n import _

# What a meeting that cannot be summoned to is, in the refusal.
_NOT_PLANNED = {
    MeetingStatus.RUNNING: N_("Møte {meeting_id} er i gang. En innkalling lages bare til et planlagt møte."),
    MeetingStatus.CLOSED: N_(
        "Møte {meeting_id} er avholdt. En innkalling lages bare til et planlagt møte; "
        "for et avholdt møte lager du referatet (--kind minutes)."
    ),
    MeetingStatus.CANCELLED: N_("Møte {meeting_id} er avlyst. En innkalling lages bare til et planlagt møte."),
}


def next_planned_meeting(case_file: CaseFile, today: date) -> Meeting | None:
    """The meeting a summons is usually wanted for: the next planned one (today or later, else the latest)."""
    planned = [m for m in case_file.meetings if m.status is MeetingStatus.PLANNED]
    coming = [m for m in planned if m.starts_at.date() >= today]
    if coming:
        return min(coming, key=lambda m: m.starts_at)
    return max(planned, key=lambda m: m.starts_at) if planned else None


def meeting_for_summons(case_file: CaseFile, meeting_id: int | None, today: date) -> int:
    """The meeting id a summons is for; refused unless the meeting is planned.

    Raises:
        ValidationError: no planned meeting, or the meeting is held, running or cancelled.
        NotFoundError: the meeting is not in the case.
    """
    if meeting_id is None:
        found = next_planned_meeting(case_file, today)
        if found is None or found.id is None:
            raise ValidationError(
                "Saken har ikke noe planlagt møte å kalle inn til. Planlegg møtet først (m i saken).", field="meeting"
            )
        return found.id
    meeting = case_file.meeting(meeting_id)
    if meeting is None:
        raise NotFoundError("Møte {meeting_id} finnes ikke i denne saken.", meeting_id=meeting_id)
    if meeting.status is not MeetingStatus.PLANNED:
        raise ValidationError(_NOT_PLANNED[meeting.status], field="meeting", meeting_id=meeting_id)
    return meeting_id


def summons_payload(ctx: DocumentContext, meeting_id: int) -> dict[str, Any]:
    """Innkalling: time, place, video link, who is invited, the agenda and the person's own points.

    Raises:
        NotFoundError: the meeting is not part of this case (or not of what the recipient may see).
    """
    cf = ctx.case_file
    meeting = cf.meeting(meeting_id)
    if meeting is None:
        raise NotFoundError("Fant ikke møtet i denne saken.")
    name = first_name(cf)
    coordinator = next((m for m in cf.members if m.is_coordinator and m.active), None)
    blocks: list[Block] = [
        facts(
            [
                (_("Tid"), _("{date} kl. {time}", date=weekday_date(meeting.starts_at), time=clock(meeting.starts_at))),
                (_("Sted"), text(meeting.place)),
                (_("Videolenke"), text(meeting.video_link)),
                (_("Referent"), text(meeting.minutes_writer)),
                (_("Utdrag for"), ctx.recipient_label),
            ]
        )
    ]
    blocks += scope_notice(ctx)
    rows = []
    order = {MemberKind.PERSON: 0, MemberKind.RELATIVE: 1, MemberKind.ADVOCATE: 2}
    invited = [(p, cf.member(p.member_id)) for p in cf.participants_of(meeting_id)]
    for p, m in sorted(
        ((p, m) for p, m in invited if m is not None), key=lambda pm: (order.get(pm[1].kind, 3), pm[1].name)
    ):
        role = text(m.role) or (_("Koordinator") if m.is_coordinator else "")
        note = _("har meldt forfall") if p.attendance is Attendance.APOLOGIES else ""
        rows.append([text(m.name), role, text(m.organisation), note])
    blocks += [
        heading(_("Hvem er innkalt")),
        table(
            [_("Navn"), _("Rolle"), _("Tjeneste"), _("Merknad")],
            [1.4, 1.2, 1.4, 1.0],
            rows,
            empty=none_unless_extract(ctx, _("Ingen innkalt ennå.")),
        ),
    ]
    blocks += omitted_note(ctx, _("Deltakere fra tjenester som samtykket ikke omfatter, er ikke med i dette utdraget."))
    agenda = [text(p) for p in agenda_with_points(meeting, name)]
    blocks += [
        heading(_("Saksliste")),
        numbered(agenda, empty=none_unless_extract(ctx, _("Ingen saksliste registrert."))),
    ]
    blocks += omitted_note(ctx, _("Saker som samtykket ikke omfatter, er ikke med i dette utdraget."))
    blocks += [heading(_("Hva vil du ta opp?"))]
    points = [text(p) for p in meeting.person_points if text(p)]
    if points:
        blocks += [
            para(_("Dette vil {name} ta opp. Det kommer først i møtet:", name=text(name))),
            numbered(points),
        ]
    reach = joined_contact(coordinator)
    blocks.append(
        para(
            _(
                "Har du noe du vil ta opp, kan du si fra til koordinator før møtet{reach}. "
                "Det du vil snakke om, kommer først på sakslisten.",
                reach=reach,
            )
        )
    )
    closing = _(
        "Innkallingen er taushetsbelagt. Kan du ikke komme, gi beskjed til koordinator så snart du kan. "
        "Du kan sende det du vil si skriftlig, så blir det lagt fram i møtet."
    )
    payload = finish(meta(ctx, "summons", extra_keywords=(_("innkalling"),), closing=closing), blocks)
    payload["meta"]["title"] = _(
        "Innkalling til ansvarsgruppemøte {date} – {name}",
        date=weekday_date(meeting.starts_at),
        name=ctx.metadata_name(),
    )
    return payload


def joined_contact(coordinator: Any) -> str:
    """ " (Marit Sandvik, 412 55 801)" after "si fra til koordinator", or nothing when no one is registered."""
    if coordinator is None:
        return ""
    reach = contact(coordinator, ", ")
    who = text(coordinator.name)
    return f" ({who}, {reach})" if reach else f" ({who})"
