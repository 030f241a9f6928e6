"""Meeting minutes (referat) and the handover summary for a change of coordinator."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

from ipterm.domain.agenda import agenda_with_points, first_name
from ipterm.domain.errors import NotFoundError
from ipterm.domain.meeting_close import person_present, plan_close
from ipterm.domain.messages import N_
from ipterm.domain.minutes import LineKind, parse_line
from ipterm.domain.models import (
    OPEN_MEASURE_STATUSES,
    ActionItem,
    ActionStatus,
    Attendance,
    CaseFile,
    ConsentSection,
    Decision,
    GoalStatus,
    Meeting,
    MeetingStatus,
)
from ipterm.domain.scoping import group_member_ids
from ipterm.domain.tasks_then import tasks_at_close
from ipterm.export import labels
from ipterm.export.documents import (
    DATE_COLUMN,
    Block,
    DocumentContext,
    cell,
    clock,
    confirmed_cell,
    consent_entries,
    contact,
    day,
    entries,
    entry,
    facts,
    finish,
    fixed,
    goal_items,
    goals_withheld_note,
    heading,
    is_extract,
    joined,
    log_lines,
    measure_goals,
    member_label,
    meta,
    national_id_text,
    none_unless_extract,
    notice,
    numbered,
    omitted_note,
    para,
    para_or,
    period,
    responsible_cell,
    scope_notice,
    stale_legend,
    table,
    text,
    weekday_date,
    withheld_note,
)
from ipterm.i18n import _, pgettext

_ATTENDANCE_ORDER = (Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT, Attendance.INVITED)


def latest_held_meeting(case_file: CaseFile) -> Meeting | None:
    """The meeting minutes are usually wanted for: the last one held (or running). A planned meeting has no
    minutes yet (its document is the summons)."""
    held = [m for m in case_file.meetings if m.status in (MeetingStatus.CLOSED, MeetingStatus.RUNNING)]
    return max(held, key=lambda m: m.starts_at) if held else None


def _decision_entry(d: Decision, title: str, *, meta: str = "", person_present: bool | None = None) -> dict[str, Any]:
    """A decision with its alternatives and the person's view. Whether the person was there is said once
    for the meeting (`person_present`); under a decision only when it was otherwise for that decision."""
    present = ""
    if person_present is None or d.person_present != person_present:
        present = _("Personen var til stede.") if d.person_present else _("Personen var ikke til stede.")
    return entry(
        title,
        [
            (_("Alternativer som ble vurdert"), text(d.alternatives)),
            (_("Personens syn"), text(d.person_view)),
            ("", present),
        ],
        meta=meta,
    )


def _action_rows(ctx: DocumentContext, actions: list, *, with_status: bool) -> list[list[object]]:
    """Tasks by due date. In minutes (`with_status`) they are a record of the meeting, so not flagged as overdue."""
    rows = []
    for a in sorted(actions, key=lambda a: (a.due_on is None, a.due_on or ctx.today)):
        owner = ctx.case_file.member(a.owner_member_id)
        owner_cell = (
            cell(text(owner.name), sub=text(owner.organisation)) if owner else cell(_("ikke avklart"), flag=True)
        )
        overdue = not with_status and a.status is ActionStatus.OPEN and a.due_on is not None and a.due_on < ctx.today
        due = cell(day(a.due_on) or _("ingen frist"), flag=overdue, sub=labels.OVERDUE if overdue else "")
        row = [text(a.text), owner_cell, due]
        if with_status:
            row.append(labels.ACTION_STATUS[a.status])
        rows.append(row)
    return rows


def _meeting_notes(ctx: DocumentContext, meeting: Meeting) -> list[tuple[str, str]]:
    """Typed lines that did not become decisions, tasks or evaluations: notes, the person's words, and
    lines the close could not use (kept verbatim, as the minutes rules promise)."""
    members = [m for m in ctx.case_file.members if m.active]
    closed = meeting.status is MeetingStatus.CLOSED
    skipped = {
        raw for raw, _why in plan_close(ctx.case_file, meeting.id, meeting.starts_at.date(), closed=closed).skipped
    }
    out = []
    for line in ctx.case_file.lines_of(meeting.id):
        parsed = parse_line(line.text, members, meeting.starts_at.date())
        if parsed.kind is LineKind.PERSON_POINT and closed:
            continue  # on the agenda, first, with the points recorded before the meeting
        if parsed.kind is LineKind.VIEW:
            body = _("Personens syn: {view}", view=text(parsed.text))
        elif parsed.kind is LineKind.NOTE or line.text in skipped or not closed:
            body = text(line.text)
        else:
            continue
        out.append((clock(line.written_at), body))
    return out


def _written_input(cf: CaseFile, meeting_id: int) -> list[Block]:
    """What members who could not come sent in writing, under their names."""
    items = []
    for p in cf.participants_of(meeting_id):
        member = cf.member(p.member_id)
        if member is not None and text(p.written_input):
            items.append(entry(member_label(member), [("", text(p.written_input))]))
    return [heading(_("Skriftlige innspill fra dem som hadde forfall")), entries(items)] if items else []


def _as_at(item: ActionItem, day_of_meeting: date) -> ActionItem:
    """A task as it stood when the meeting closed: done or cancelled later means it was still open then."""
    if item.status is not ActionStatus.OPEN and (item.done_on is None or item.done_on > day_of_meeting):
        return dataclasses.replace(item, status=ActionStatus.OPEN, done_on=None)
    return item


def minutes_payload(ctx: DocumentContext, meeting_id: int) -> dict[str, Any]:
    """Referat: when, where, who came, agenda, decisions with alternatives and the person's view, tasks, next meeting.

    Raises:
        NotFoundError: the meeting is not part of this case (or not of what the recipient may see).
    """
    cf = ctx.case_file
    meeting = cf.meeting(meeting_id)
    if meeting is None:
        raise NotFoundError("Fant ikke møtet i denne saken.")
    # Planned start and actual end: "kl. 09.00–10.30" only when the end follows the start on the same day;
    # otherwise two facts, never a range that runs backwards ("kl. 21.00–20.45").
    when = _at(meeting.starts_at)
    ended = ""
    if meeting.closed_at is not None:
        if meeting.closed_at.date() == meeting.starts_at.date() and meeting.closed_at >= meeting.starts_at:
            when = _(
                "{date} kl. {start}–{end}",
                date=weekday_date(meeting.starts_at),
                start=clock(meeting.starts_at),
                end=clock(meeting.closed_at),
            )
        else:
            when = _("{when} (planlagt)", when=when)
            ended = _at(meeting.closed_at)
    present = person_present(cf, meeting_id)
    blocks: list[Block] = [
        facts(
            [
                (_("Tid"), when),
                (_("Avsluttet"), ended),
                (_("Sted"), text(meeting.place)),
                (_("Referent"), text(meeting.minutes_writer)),
                (_("Status"), labels.MEETING_STATUS[meeting.status]),
                (_("Personen"), _("var til stede") if present else _("var ikke til stede")),
                (_("Utdrag for"), ctx.recipient_label),
            ]
        )
    ]
    blocks += scope_notice(ctx)
    order = {a: n for n, a in enumerate(_ATTENDANCE_ORDER)}
    people = sorted(cf.participants_of(meeting_id), key=lambda p: order.get(p.attendance, 9))
    rows = []
    for p in people:
        m = cf.member(p.member_id)
        if m is not None:
            # An extract may leave out a role that names the coordinator's service ("Koordinator, ergoterapeut").
            role = text(m.role) or (_("Koordinator") if m.is_coordinator else "")
            rows.append([text(m.name), role, text(m.organisation), labels.ATTENDANCE[p.attendance]])
    blocks += [
        heading(_("Deltakere")),
        table(
            [_("Navn"), _("Rolle"), _("Tjeneste"), _("Oppmøte")],
            [1.3, 1.1, 1.3, fixed(2.0)],
            rows,
            empty=none_unless_extract(ctx, _("Ingen deltakere registrert.")),
        ),
    ]
    blocks += omitted_note(ctx, _("Deltakere fra tjenester som samtykket ikke omfatter, er ikke med i dette utdraget."))
    blocks += _written_input(cf, meeting_id)
    agenda = agenda_with_points(meeting, first_name(cf))
    blocks += [
        heading(_("Saksliste")),
        numbered([text(p) for p in agenda], empty=none_unless_extract(ctx, _("Ingen saksliste registrert."))),
    ]
    blocks += omitted_note(ctx, _("Saker som samtykket ikke omfatter, er ikke med i dette utdraget."))
    if meeting.summary.strip():
        blocks += [heading(_("Oppsummering")), para(text(meeting.summary))]
    decisions = [d for d in cf.decisions if d.meeting_id == meeting_id]
    blocks += [
        heading(_("Beslutninger")),
        entries(
            [_decision_entry(d, f"{n}. {text(d.text)}", person_present=present) for n, d in enumerate(decisions, 1)],
            empty=none_unless_extract(ctx, _("Ingen beslutninger.")),
        ),
        *omitted_note(ctx, _("Beslutninger som samtykket ikke omfatter, er ikke med i dette utdraget.")),
    ]
    evaluations = [e for e in cf.evaluations if e.meeting_id == meeting_id]
    is_closed = meeting.status is MeetingStatus.CLOSED
    plan = plan_close(cf, meeting_id, meeting.starts_at.date(), closed=True) if is_closed else None
    if evaluations:
        # The next evaluation as agreed at the table (the line's date, or the one proposed and accepted),
        # not whatever a later meeting set.
        agreed = {(p.goal_id, p.measure_id): p.next_evaluate_by for p in plan.evaluations} if plan else {}
        rows = []
        for e in evaluations:
            goal, measure = cf.goal(e.goal_id), next((m for m in cf.measures if m.id == e.measure_id), None)
            subject = (
                cell(ctx.goal_label(goal.id), sub=text(goal.text))
                if goal
                else cell(_("Tiltak {number}", number=ctx.measure_number(measure.id)), sub=text(measure.what))
                if measure
                else "–"
            )
            nxt = agreed.get((e.goal_id, e.measure_id))
            rows.append([subject, labels.OUTCOME[e.outcome], text(e.comment), day(nxt) if nxt else "–"])
        blocks += [
            heading(_("Evalueringer")),
            table(
                [_("Gjelder"), _("Vurdering"), _("Kommentar"), _("Neste evaluering")],
                [1.5, fixed(1.8), 2, DATE_COLUMN],
                rows,
            ),
        ]
    close_day = meeting.closed_at.date() if meeting.closed_at else ctx.today
    if plan is not None and plan.measures:
        rows = []
        for pm in plan.measures:
            owner = cf.member(pm.responsible_member_id)
            rows.append(
                [
                    cell(text(pm.what) or _("(endret)"), sub=joined((text(pm.scope), text(pm.how)))),
                    cell(text(owner.name), sub=text(owner.organisation))
                    if owner
                    else cell(_("ikke avklart"), flag=True),
                    period(pm.from_date, pm.to_date),
                ]
            )
        blocks += [
            heading(_("Tiltak fra møtet")),
            table([_("Tiltak"), _("Ansvarlig"), _("Periode")], [2.2, 1.3, 1.4], rows),
        ]
    then = tasks_at_close(cf.action_items, ctx.history, meeting_id) if is_closed else cf.action_items
    actions = [_as_at(a, close_day) for a in then if a.meeting_id == meeting_id]
    blocks += [
        heading(_("Oppgaver")),
        table(
            [_("Oppgave"), _("Ansvarlig"), _("Frist"), _("Status")],
            [2.2, 1.3, DATE_COLUMN, fixed(1.6)],
            _action_rows(ctx, actions, with_status=True),
            empty=none_unless_extract(ctx, _("Ingen oppgaver.")),
        ),
        *omitted_note(ctx, _("Oppgaver som samtykket ikke omfatter, er ikke med i dette utdraget.")),
    ]
    if plan is not None and plan.follow_ups:
        numbers = cf.action_numbers()
        items = {a.id: a for a in cf.action_items}
        rows = []
        for f in plan.follow_ups:
            item = items.get(f.action_id)
            if item is None:  # a task this recipient's extract does not carry
                continue
            said = joined(
                (
                    _(FOLLOW_UP_STATUS[f.status]) if f.status in FOLLOW_UP_STATUS else "",
                    _("ny frist {date}", date=day(f.due_on)) if f.due_on else "",
                    _("ny ansvarlig {name}", name=text(m.name)) if (m := cf.member(f.owner_member_id)) else "",
                    text(f.comment),
                ),
                ", ",
            )
            rows.append([f"#o{numbers.get(f.action_id, '')} {text(item.text)}", said])
        if rows:
            blocks += [
                heading(_("Oppfølging av tidligere oppgaver")),
                table([_("Oppgave"), _("I møtet")], [2.2, 2.2], rows),
            ]
    notes = _meeting_notes(ctx, meeting)
    if notes:
        blocks += [heading(_("Notater fra møtet")), log_lines(notes)]
    blocks += omitted_note(ctx, _("Notater som samtykket ikke omfatter, er ikke med i dette utdraget."))
    following = [
        m for m in cf.meetings
        if m.status is MeetingStatus.PLANNED and m.id != meeting.id and m.starts_at > meeting.starts_at
    ]  # fmt: skip
    if following and meeting.status is MeetingStatus.CLOSED:
        nxt = min(following, key=lambda m: m.starts_at)
        next_text = _at(nxt.starts_at)
    else:
        next_text = weekday_date(meeting.next_meeting_on) if meeting.next_meeting_on else ""
    blocks += [heading(_("Neste møte")), para_or(next_text, _("Ikke avtalt."))]
    id_line = _("Født {date}", date=day(cf.case.birth_date)) if cf.case.birth_date else ""
    closing = _(
        "Referatet er taushetsbelagt. Det sendes deltakerne i ansvarsgruppen og arkiveres i saken. "
        "Merknader til referatet gis til koordinator innen to uker."
    )
    payload = finish(meta(ctx, "minutes", id_line=id_line, extra_keywords=(_("referat"),), closing=closing), blocks)
    payload["meta"]["title"] = _(
        "Referat fra ansvarsgruppemøte {date} – {name}", date=day(meeting.starts_at), name=ctx.metadata_name()
    )
    return payload


def _at(moment: datetime) -> str:
    """ "mandag 4. juli 2026 kl. 09.00"."""
    return _("{date} kl. {time}", date=weekday_date(moment), time=clock(moment))


# How a follow-up in a meeting left an earlier task.
FOLLOW_UP_STATUS = {"done": N_("ferdig"), "cancelled": N_("avlyst")}


def _attention(ctx: DocumentContext) -> list[tuple[str, str]]:
    """What the next coordinator must pick up first: overdue, unclear, expiring or stale."""
    cf, today = ctx.case_file, ctx.today
    out: list[tuple[str, str]] = []
    for a in cf.action_items:
        if a.status is ActionStatus.OPEN and a.due_on and a.due_on < today:
            owner = member_label(cf.member(a.owner_member_id)) or _("ingen ansvarlig")
            out.append(
                (
                    _("Forfalt oppgave:"),
                    _("{task} ({owner}, frist {date})", task=text(a.text), owner=owner, date=day(a.due_on)),
                )
            )
    for m in cf.measures:
        if m.status in OPEN_MEASURE_STATUSES and m.is_responsibility_unclear:
            out.append(
                (
                    _("Uavklart ansvar:"),
                    _("tiltak {number} {what}", number=ctx.measure_number(m.id), what=text(m.what)),
                )
            )
    for g in cf.goals:
        if g.status is GoalStatus.ACTIVE and g.evaluate_by and g.evaluate_by < today:
            out.append(
                (
                    _("Forfalt evaluering:"),
                    _("{goal} (innen {date})", goal=ctx.goal_label(g.id), date=day(g.evaluate_by)),
                )
            )
    for m in cf.measures:
        if m.status in OPEN_MEASURE_STATUSES and m.evaluate_by and m.evaluate_by < today:
            out.append(
                (
                    _("Forfalt evaluering:"),
                    _(
                        "tiltak {number} {what} (innen {date})",
                        number=ctx.measure_number(m.id),
                        what=text(m.what),
                        date=day(m.evaluate_by),
                    ),
                )
            )
    for c in cf.consents:
        if c.withdrawn_on is None and c.expires_on and c.expires_on < today + timedelta(days=30):
            scope = text(c.scope_text) or _("samtykke")
            expires = day(c.expires_on)
            said = (
                _("«{scope}» utløp {date}", scope=scope, date=expires)
                if c.expires_on < today
                else _("«{scope}» utløper {date}", scope=scope, date=expires)
            )
            out.append((_("Samtykke:"), said))
    if cf.case.next_revision and cf.case.next_revision < today + timedelta(days=30):
        out.append((_("Revisjon:"), _("planen skal revideres innen {date}", date=day(cf.case.next_revision))))
    return out


def handover_payload(ctx: DocumentContext) -> dict[str, Any]:
    """Overføringsnotat: what the next coordinator needs on day one."""
    cf, today = ctx.case_file, ctx.today
    case = cf.case
    held = [m for m in cf.meetings if m.status is MeetingStatus.CLOSED]
    planned = [m for m in cf.meetings if m.status is MeetingStatus.PLANNED and m.starts_at.date() >= today]
    current = [h for h in cf.coordinators if h.to_date is None or h.to_date >= today]
    blocks: list[Block] = [
        facts(
            [
                (_("Koordinator nå"), text(case.coordinator) or cell(_("ikke oppnevnt"), flag=True)),
                (_("Koordinator siden"), day(max(h.from_date for h in current)) if current else ""),
                (_("Planperiode"), period(case.plan_start, case.plan_end)),
                (_("Neste revisjon"), day(case.next_revision)),
                (_("Siste møte"), day(max(m.starts_at for m in held)) if held else _("ingen avholdt")),
                (
                    _("Neste møte"),
                    day(min(m.starts_at for m in planned))
                    if planned
                    else day(max((m.next_meeting_on for m in held if m.next_meeting_on), default=None))
                    or _("ikke avtalt"),
                ),
                (_("Utdrag for"), ctx.recipient_label),
            ]
        )
    ]
    blocks += scope_notice(ctx)
    attention = _attention(ctx)
    if attention:
        blocks.append(notice(_("Må følges opp først"), "", attention, warning=True))
    whole = ctx.whole
    blocks.append(heading(_("Mål")))
    if ctx.shows(ConsentSection.GOALS):
        blocks += [goal_items(ctx), *goals_withheld_note(ctx)]
    else:
        blocks.append(para(labels.NOT_SHARED, "muted"))

    open_measures = [m for m in cf.measures if m.status in OPEN_MEASURE_STATUSES]
    blocks.append(heading(_("Åpne tiltak")))
    if ctx.shows(ConsentSection.MEASURES):
        shown = {m.id for m in open_measures}
        withheld = any(m.status in OPEN_MEASURE_STATUSES and m.id not in shown for m in whole.measures)
        rows = [
            [
                ctx.measure_number(m.id),
                cell(text(m.what), sub=joined((measure_goals(ctx, m), text(m.scope)))),
                responsible_cell(ctx, m),
                day(m.to_date),
                day(m.evaluate_by),
                confirmed_cell(ctx, m.last_confirmed),
            ]
            for m in open_measures
        ]
        stale_measures = any(ctx.is_stale(m.last_confirmed) for m in open_measures)
        blocks += [
            table(
                [_("Nr"), _("Tiltak"), _("Ansvarlig"), pgettext("date", "Til"), _("Evalueres"), _("Bekreftet")],
                [fixed(1.0), 2.2, 1.4, DATE_COLUMN, DATE_COLUMN, DATE_COLUMN],
                rows,
                empty="" if withheld and is_extract(ctx) else _("Ingen åpne tiltak."),
                legend=stale_legend(ctx.stale_after_days) if stale_measures else "",
            ),
            *withheld_note(ctx, _("Tiltak som samtykket ikke omfatter, er ikke med i dette utdraget."), withheld),
        ]
    else:
        open_measures = []
        blocks.append(para(labels.NOT_SHARED, "muted"))

    # Tasks come from meetings (the meetings part) or from the case's log (the notes part).
    blocks.append(heading(_("Åpne oppgaver")))
    if ctx.shows(ConsentSection.MEETINGS) or ctx.shows(ConsentSection.NOTES):
        open_actions = [a for a in cf.action_items if a.status is ActionStatus.OPEN]
        shown = {a.id for a in open_actions}
        withheld = any(a.status is ActionStatus.OPEN and a.id not in shown for a in whole.action_items)
        blocks += [
            table(
                [_("Oppgave"), _("Ansvarlig"), _("Frist")],
                [2.4, 1.4, DATE_COLUMN],
                _action_rows(ctx, open_actions, with_status=False),
                empty="" if withheld and is_extract(ctx) else _("Ingen åpne oppgaver."),
            ),
            *withheld_note(ctx, _("Oppgaver som samtykket ikke omfatter, er ikke med i dette utdraget."), withheld),
        ]
    else:
        blocks.append(para(labels.NOT_SHARED, "muted"))

    # The contacts are the group part's: an extract without it lists no one (the coordinator is above).
    blocks.append(heading(_("Kontakter")))
    members = []
    if ctx.shows(ConsentSection.GROUP):
        listed = group_member_ids(whole, ctx.scope) if ctx.scope is not None else None
        members = [m for m in cf.members if m.active and (listed is None or m.id in listed)]
        withheld = listed is not None and any(m.active and m.id not in listed for m in whole.members)
        rows = [
            [
                cell(text(m.name), sub=joined((text(m.role), text(m.organisation)), ", ")),
                contact(m, "\n"),
                confirmed_cell(ctx, m.last_confirmed),
            ]
            for m in members
        ]
        stale_members = any(ctx.is_stale(m.last_confirmed) for m in members)
        blocks += [
            table(
                [_("Navn"), _("Telefon og e-post"), _("Bekreftet")],
                [1.5, 2, DATE_COLUMN],
                rows,
                empty="" if withheld and is_extract(ctx) else _("Ingen kontakter registrert."),
                legend=stale_legend(ctx.stale_after_days) if stale_members else "",
            ),
            *withheld_note(
                ctx,
                _("Deltakere fra tjenester som samtykket ikke omfatter, er ikke med i dette utdraget."),
                withheld,
            ),
        ]
        if cf.related:
            related = [
                [text(r.name), text(r.relation), text(r.contact), _("foresatt/verge") if r.is_guardian else ""]
                for r in cf.related
            ]
            blocks += [
                heading(_("Pårørende, foresatte og verge"), 2),
                table([_("Navn"), _("Relasjon"), _("Kontakt"), _("Merknad")], [1.2, 0.8, 1.3, 1.7], related),
            ]
    else:
        blocks.append(para(labels.NOT_SHARED, "muted"))

    blocks += [heading(_("Samtykker og omfang")), consent_entries(ctx, cf.consents)]

    blocks.append(heading(_("Siste beslutninger")))
    if ctx.shows(ConsentSection.MEETINGS):
        last = sorted(cf.decisions, key=lambda d: d.decided_on, reverse=True)[:6]
        withheld = len(whole.decisions) > len(cf.decisions)
        blocks += [
            entries(
                [_decision_entry(d, text(d.text), meta=day(d.decided_on)) for d in last],
                empty="" if withheld and is_extract(ctx) else _("Ingen beslutninger registrert."),
            ),
            *withheld_note(ctx, _("Beslutninger som samtykket ikke omfatter, er ikke med i dette utdraget."), withheld),
        ]
    else:
        blocks.append(para(labels.NOT_SHARED, "muted"))

    stale = [
        (m.last_confirmed, _("Tiltak {number}", number=ctx.measure_number(m.id)), text(m.what))
        for m in open_measures
        if ctx.is_stale(m.last_confirmed)
    ]
    stale += [(m.last_confirmed, _("Kontakt"), member_label(m)) for m in members if ctx.is_stale(m.last_confirmed)]
    never = _("aldri")
    rows = [[label, what, day(when) or never] for when, label, what in sorted(stale, key=lambda s: s[0] or today.min)]
    blocks += [
        heading(_("Ikke bekreftet på over {days} dager", days=ctx.stale_after_days)),
        table(
            [_("Gjelder"), _("Hva"), _("Sist bekreftet")],
            [fixed(1.9), 2, DATE_COLUMN],
            rows,
            empty=_("Alt er bekreftet innenfor fristen."),
        ),
    ]
    id_line = _("Født {date}", date=day(case.birth_date)) if case.birth_date else ""
    if case.national_id:
        id_line = joined((id_line, _("Fødselsnummer {number}", number=national_id_text(case.national_id))))
    closing = _(
        "Notatet er taushetsbelagt. Ny koordinator bør bekrefte kontaktene og samtykkene med personen "
        "og ansvarsgruppen i første møte."
    )
    return finish(meta(ctx, "handover", id_line=id_line, extra_keywords=(_("overføring"),), closing=closing), blocks)
