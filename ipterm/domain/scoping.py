"""Share the minimum: what a named recipient may see of a case, by their recorded consent.

A recipient is a group member. Every valid consent that names them opens some sections of the case
(`Consent.sections`); together they decide what an export for that member holds. What each section opens:

- always: the person's name and birth date, the coordinator (name and contact), the consents that
  name the recipient (the legal basis of the export); never the national id number.
- `plan`: plan period, revision date, the collaboration text.
- `goals`: goals and sub-goals; resources, needs and assessments unless the recipient sees only
  their own measures (that text tends to describe the whole family's situation).
- `measures`: measures (only those their organisation is responsible for when every consent
  naming them says `own_measures_only`), and the references to formal decisions.
- `group`: every member with contact details, and the relatives.
- `meetings`: meetings, attendance, agenda, decisions, action items and the typed minutes.
- `evaluations`: evaluations of the goals and measures the recipient can see.
- `notes`: contact notes. Never included otherwise.

With `own_measures_only`, goals shrink to those the visible measures serve (and their main goals).
Members the recipient cannot see as a group but who are named as responsible, owner or participant
in something visible are kept with name, role and organisation only, so "who is responsible" still
reads right without handing out phone numbers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ipterm.domain.errors import IptermError
from ipterm.domain.models import CaseFile, ConsentSection, Member


class NoConsentError(IptermError):
    """The recipient has no valid consent covering them, or is not in the group: nothing is exported."""


@dataclass(frozen=True, slots=True)
class RecipientScope:
    """What valid consents open to one recipient on a given day."""

    member_id: int
    sections: frozenset[ConsentSection]
    own_measures_only: bool
    consent_ids: tuple[int, ...] = ()

    def covers(self, section: ConsentSection) -> bool:
        return section in self.sections


def recipient_scope(case_file: CaseFile, recipient_member_id: int, today: date) -> RecipientScope:
    """The sections valid consents open to the recipient.

    A valid consent that names the recipient but lists no sections opens `plan` only. The recipient
    sees only their own measures when every consent naming them says so.

    Raises:
        NoConsentError: the recipient is not a member of this case, or no consent valid `today` names them.
    """
    recipient = case_file.member(recipient_member_id)
    if recipient is None:
        raise NoConsentError(
            "Mottakeren er ikke med i ansvarsgruppen i denne saken. Ingenting er eksportert.",
            "The recipient is not in this case's group. Nothing was exported.",
        )
    sections: set[ConsentSection] = set()
    own_only = True
    ids: list[int] = []
    for consent in case_file.consents:
        if recipient_member_id in consent.recipient_member_ids and consent.is_valid_on(today):
            sections |= set(consent.sections) or {ConsentSection.PLAN}
            own_only = own_only and consent.own_measures_only
            if consent.id is not None:
                ids.append(consent.id)
    if not sections:
        raise NoConsentError(
            f"{recipient.name} har ikke gyldig samtykke til å få opplysninger fra planen. Ingenting er eksportert. "
            "Registrer et samtykke som nevner mottakeren, eller forny et som er utløpt eller trukket.",
            f"{recipient.name} has no valid consent to receive information from the plan. Nothing was exported. "
            "Record a consent naming the recipient, or renew one that has expired or been withdrawn.",
        )
    return RecipientScope(recipient_member_id, frozenset(sections), own_only, tuple(ids))


def covered_sections(case_file: CaseFile, recipient_member_id: int, today: date) -> tuple[set[ConsentSection], bool]:
    """The sections valid consents open to the recipient, and whether they see only their own measures.

    An empty set (and no error) when nothing covers the recipient.
    """
    try:
        scope = recipient_scope(case_file, recipient_member_id, today)
    except NoConsentError:
        return set(), True
    return set(scope.sections), scope.own_measures_only


def _same_organisation(a: Member, b: Member) -> bool:
    org = a.organisation.strip().casefold()
    return bool(org) and org == b.organisation.strip().casefold()


def _contact_stripped(member: Member) -> Member:
    return dataclasses.replace(member, phone="", email="", contributes="", last_confirmed=None)


def scope_case_file(case_file: CaseFile, recipient_member_id: int, today: date) -> CaseFile:
    """A copy of the case holding only what the recipient's valid consents cover (see the module notes).

    Ids are kept, so numbering can still follow the full plan.

    Raises:
        NoConsentError: the recipient is not in the group or has no valid consent.
    """
    scope = recipient_scope(case_file, recipient_member_id, today)
    recipient = case_file.member(recipient_member_id)
    assert recipient is not None  # recipient_scope raised otherwise
    has = scope.covers
    own_only = scope.own_measures_only

    measures = case_file.measures if has(ConsentSection.MEASURES) else ()
    if own_only:
        measures = tuple(
            m
            for m in measures
            if m.responsible_member_id == recipient.id
            or (
                (owner := case_file.member(m.responsible_member_id)) is not None
                and _same_organisation(owner, recipient)
            )
        )
    measure_ids = {m.id for m in measures}

    goals = case_file.goals if has(ConsentSection.GOALS) else ()
    if own_only:
        served = {g for m in measures for g in m.goal_ids}
        served |= {g.parent_id for g in case_file.goals if g.id in served and g.parent_id is not None}
        goals = tuple(g for g in goals if g.id in served)
    goal_ids = {g.id for g in goals}

    meetings_open = has(ConsentSection.MEETINGS)
    meetings = case_file.meetings if meetings_open else ()
    meeting_ids = {m.id for m in meetings}
    actions = tuple(
        a
        for a in (case_file.action_items if meetings_open else ())
        if a.measure_id is None or a.measure_id in measure_ids
    )
    participants = tuple(p for p in case_file.participants if p.meeting_id in meeting_ids)
    evaluations = tuple(
        e
        for e in (case_file.evaluations if has(ConsentSection.EVALUATIONS) else ())
        if (e.goal_id is not None and e.goal_id in goal_ids)
        or (e.measure_id is not None and e.measure_id in measure_ids)
    )

    if has(ConsentSection.GROUP):
        members = case_file.members
    else:
        named = {recipient.id}
        named |= {m.responsible_member_id for m in measures}
        named |= {a.owner_member_id for a in actions}
        named |= {p.member_id for p in participants}
        members = tuple(
            m if m.id == recipient.id or m.is_coordinator else _contact_stripped(m)
            for m in case_file.members
            if m.id in named or m.is_coordinator
        )

    case = case_file.case
    background = has(ConsentSection.GOALS) and not own_only
    case = dataclasses.replace(
        case,
        national_id=None,
        resources=case.resources if background else "",
        needs=case.needs if background else "",
        collaboration=case.collaboration if has(ConsentSection.PLAN) else "",
        plan_start=case.plan_start if has(ConsentSection.PLAN) else None,
        plan_end=case.plan_end if has(ConsentSection.PLAN) else None,
        next_revision=case.next_revision if has(ConsentSection.PLAN) else None,
    )
    return dataclasses.replace(
        case_file,
        case=case,
        related=case_file.related if has(ConsentSection.GROUP) else (),
        members=members,
        goals=goals,
        measures=measures,
        evaluations=evaluations,
        consents=tuple(c for c in case_file.consents if recipient_member_id in c.recipient_member_ids),
        meetings=meetings,
        decisions=tuple(d for d in case_file.decisions if d.meeting_id in meeting_ids) if meetings_open else (),
        action_items=actions,
        notes=case_file.notes if has(ConsentSection.NOTES) else (),
        assessments=case_file.assessments if background else (),
        service_decisions=case_file.service_decisions if has(ConsentSection.MEASURES) and not own_only else (),
        participants=participants,
        meeting_lines=tuple(line for line in case_file.meeting_lines if line.meeting_id in meeting_ids),
    )
