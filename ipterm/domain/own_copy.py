"""What the person's own copy of the plan ("Min plan", in easy-read) may hold. Pure: no I/O, no languages.

"Min plan" is for the person, or for the parents of a child, and it never tells anything about anyone
else beyond their name, role and phone number. So it is built from a narrow selection of the case, made
here and nowhere else:

- the person's goals (their own words where the plan has them), and what the person will do: their own
  contribution as a member and the measures they are responsible for;
- who helps with what: for each member responsible for an open measure, the measure's short title only
  (never how it is carried out, its scope or its notes);
- the coordinator, the next meeting, and whether a consent is in force.

Left out altogether: notes, minutes, decisions, tasks, evaluations, assessments, the related persons'
details (contact, notes), other members' contributions, e-mail addresses. And a goal or measure that is
about someone else: one the coordinator gave the kind "family matters", or whose text names a relative
(by name, or by a word such as "mor" or "søsken"). Many plans hold measures for a parent because they
help the child (a driving licence for the mother); those belong to the parent, not to the child's copy.
When unsure, the copy says less: a measure left out still has its helper on the contact sheet, by name,
role and phone.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime

from ipterm.domain.errors import IptermError, ValidationError
from ipterm.domain.models import (
    OPEN_MEASURE_STATUSES,
    CaseFile,
    Consent,
    Goal,
    GoalStatus,
    InfoKind,
    Measure,
    MeetingStatus,
    Member,
    MemberKind,
)
from ipterm.domain.national_id import parse_national_id
from ipterm.domain.scoping import Recipient, is_child


class Voice:
    """Who "Min plan" speaks to: the adult person ("jeg"), a child ("du"), or a child's parents."""

    SELF = "self"
    CHILD = "child"
    GUARDIAN = "guardian"


class NotTheOwnerError(IptermError):
    """ "Min plan" was asked for someone who is neither the person nor a child's guardian."""


# Words for family members, whole words in bokmål and nynorsk: a text with one of them is about someone
# else. (Whole words only: "morgenen" and "foreldremøte" are not "mor" and "foreldre".)
_FAMILY_TEXT = """mor moren mora mors far faren fars mamma mammas pappa pappas foreldre foreldrene foreldra
    foreldrenes foresatt foresatte søster søsteren søstera søsters bror broren brors søsken søsknene
    storesøster storesøsteren lillesøster storebror lillebror ektefelle ektefellen samboer samboeren
    kjæreste kjæresten kone kona mannen besteforeldre bestemor bestefar"""
_FAMILY_WORDS = frozenset(_FAMILY_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _others(case_file: CaseFile) -> tuple[set[str], set[str]]:
    """Names (whole names and each part) and relation words of the people around the person."""
    names: set[str] = set()
    relations: set[str] = set(_FAMILY_WORDS)
    person = _words(case_file.case.person_name)
    for r in case_file.related:
        names |= _words(r.name)
        relations |= _words(r.relation)
    for m in case_file.members:
        if m.kind is MemberKind.RELATIVE:
            names |= _words(m.name)
    # A relative who shares the person's surname is not named by it: "Haugen" stays the person's.
    return names - person, relations


def about_others(case_file: CaseFile, text: str, kind: InfoKind | None = None) -> bool:
    """Whether a goal's or measure's text is about someone other than the person (see the module notes)."""
    if kind is InfoKind.FAMILY:
        return True
    names, relations = _others(case_file)
    words = _words(text)
    # "Aminas kvalifiseringsprogram": a name with the genitive s names her too.
    words |= {w[:-1] for w in words if w.endswith("s")}
    return bool(words & names or words & relations)


@dataclass(frozen=True, slots=True)
class OwnGoal:
    goal: Goal
    children: tuple[OwnGoal, ...] = ()


@dataclass(frozen=True, slots=True)
class Helper:
    """Someone who helps: what may be printed of them is the name, role, service and phone."""

    member: Member
    helps_with: tuple[str, ...]  # the short titles of their measures for the person


@dataclass(frozen=True, slots=True)
class NextMeeting:
    starts_at: datetime | None  # a planned meeting
    on: date | None  # only a date agreed at the last meeting
    place: str = ""


@dataclass(frozen=True, slots=True)
class OwnPlan:
    voice: str
    person_name: str
    first_name: str
    goals: tuple[OwnGoal, ...]
    achieved: tuple[Goal, ...]
    own_part: tuple[str, ...]  # what the person will do, one thing a line
    helpers: tuple[Helper, ...]  # members responsible for open measures for the person (not the person)
    contacts: tuple[Helper, ...]  # every active service and advocate, the coordinator first
    coordinator: Member | None
    coordinator_name: str
    next_meeting: NextMeeting | None
    consent: Consent | None  # the earliest valid consent to the plan, if any
    consent_until: date | None


def is_minor(case_file: CaseFile, today: date) -> bool:
    """Under 18 on `today`: from the birth date, or, where none is recorded, the one in the fødselsnummer."""
    case = case_file.case
    if case.birth_date is None and case.national_id:
        try:
            born = parse_national_id(case.national_id).birth_date
        except ValidationError:
            return False
        case_file = dataclasses.replace(case_file, case=dataclasses.replace(case, birth_date=born))
    return is_child(case_file, today)


def _is_guardian(case_file: CaseFile, recipient: Recipient) -> bool:
    guardians = {r.name.strip().casefold() for r in case_file.related if r.is_guardian}
    if recipient.member_id is not None:
        member = case_file.member(recipient.member_id)
        return member is not None and member.kind is MemberKind.RELATIVE and member.name.strip().casefold() in guardians
    person = next((r for r in case_file.related if r.id == recipient.related_id), None)
    return person is not None and person.is_guardian


def voice_for(case_file: CaseFile, recipient: Recipient | None, today: date) -> str:
    """The voice of "Min plan" for a recipient (None: the person).

    Raises:
        NotTheOwnerError: the recipient is neither the person nor a guardian of a child.
    """
    child = is_minor(case_file, today)
    if recipient is None:
        return Voice.CHILD if child else Voice.SELF
    member = case_file.member(recipient.member_id) if recipient.member_id is not None else None
    if member is not None and member.kind is MemberKind.PERSON:
        return Voice.CHILD if child else Voice.SELF
    if child and _is_guardian(case_file, recipient):
        return Voice.GUARDIAN
    raise NotTheOwnerError(
        "«Min plan» er for personen selv, og for foreldrene når personen er under 18. {name} kan få et "
        "utdrag av planen i stedet (--kind plan).",
        name=recipient.name,
    )


def _first_name(name: str) -> str:
    parts = name.split("(")[0].split()
    return parts[0] if parts else name.strip()


def _one_per_line(text: str) -> tuple[str, ...]:
    """A typed text as one idea a line: its own lines, and its sentences."""
    out: list[str] = []
    for line in text.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«])", line.strip()):
            if sentence.strip():
                out.append(sentence.strip())
    return tuple(out)


def coordinator_of(case_file: CaseFile) -> tuple[Member | None, str]:
    member = next((m for m in case_file.members if m.is_coordinator and m.active), None)
    if member is not None and member.name.strip():
        return member, member.name.strip()
    # The case's text may name the service too ("Marit Sandvik (Psykisk helse og rus)"): the name only.
    said = case_file.case.coordinator.split("(")[0].split(",")[0].strip()
    return member, said


def own_plan(case_file: CaseFile, today: date, voice: str) -> OwnPlan:
    """The selection "Min plan" and the contact sheet are made from (see the module notes)."""
    cf = case_file
    person = next((m for m in cf.members if m.kind is MemberKind.PERSON), None)

    def goal_kept(g: Goal) -> bool:
        return not about_others(cf, g.text, g.info_kind)

    def tree(parent: int | None) -> tuple[OwnGoal, ...]:
        return tuple(
            OwnGoal(g, tree(g.id))
            for g in cf.goals
            if g.parent_id == parent and g.status is GoalStatus.ACTIVE and goal_kept(g)
        )

    kept_ids = {g.id for g in cf.goals if g.status is GoalStatus.ACTIVE and goal_kept(g)}
    roots = tree(None)
    # A sub-goal whose main goal is someone else's (or no longer active) stands on its own.
    orphans = tuple(
        OwnGoal(g, tree(g.id))
        for g in cf.goals
        if g.parent_id is not None and g.parent_id not in kept_ids and g.id in kept_ids
    )
    achieved = tuple(g for g in cf.goals if g.status is GoalStatus.ACHIEVED and goal_kept(g))

    measures: list[Measure] = [
        m for m in cf.measures if m.status in OPEN_MEASURE_STATUSES and not about_others(cf, m.what, m.info_kind)
    ]
    own_part: list[str] = list(_one_per_line(person.contributes)) if person is not None else []
    own_part += [m.what.strip() for m in measures if person is not None and m.responsible_member_id == person.id]

    coordinator, coordinator_name = coordinator_of(cf)
    helpers: list[Helper] = []
    by_member: dict[int, list[str]] = {}
    for m in measures:
        if m.responsible_member_id is None or (person is not None and m.responsible_member_id == person.id):
            continue
        by_member.setdefault(m.responsible_member_id, []).append(m.what.strip())
    for member in cf.members:
        if member.id in by_member and member.active:
            helpers.append(Helper(member, tuple(by_member[member.id])))
    if coordinator is not None:
        helpers.sort(key=lambda h: h.member.id != coordinator.id)

    # Every service and advocate, by name, role and phone; what to call about is their measures for the
    # person (a member's own description of their part is in the services' words, and may name others).
    contacts = [
        Helper(member, tuple(by_member.get(member.id or -1, ())))
        for member in cf.members
        if member.active and member.kind in (MemberKind.SERVICE, MemberKind.ADVOCATE)
    ]
    if coordinator is not None:
        contacts.sort(key=lambda h: h.member.id != coordinator.id)

    consents = [c for c in cf.consents if c.covers_plan and c.is_valid_on(today)]
    consent = min(consents, key=lambda c: c.given_on) if consents else None
    ends = [c.expires_on for c in consents if c.expires_on]
    until = max(ends) if ends and len(ends) == len(consents) else None

    return OwnPlan(
        voice=voice,
        person_name=cf.case.person_name.strip(),
        first_name=_first_name(cf.case.person_name),
        goals=roots + orphans,
        achieved=achieved,
        own_part=tuple(own_part),
        helpers=tuple(helpers),
        contacts=tuple(contacts),
        coordinator=coordinator,
        coordinator_name=coordinator_name,
        next_meeting=_next_meeting(cf, today),
        consent=consent,
        consent_until=until,
    )


def _next_meeting(cf: CaseFile, today: date) -> NextMeeting | None:
    planned = [m for m in cf.meetings if m.status is MeetingStatus.PLANNED and m.starts_at.date() >= today]
    if planned:
        first = min(planned, key=lambda m: m.starts_at)
        return NextMeeting(first.starts_at, None, _place(cf, first.place))
    agreed = [m.next_meeting_on for m in cf.meetings if m.status is MeetingStatus.CLOSED and m.next_meeting_on]
    upcoming = [d for d in agreed if d >= today]
    return NextMeeting(None, min(upcoming)) if upcoming else None


def _place(cf: CaseFile, place: str) -> str:
    """Where the meeting is, without what the place text says of others ("(tolk til stede, far på Teams)")."""
    place = place.strip()
    if not about_others(cf, place):
        return place
    room = place.split("(")[0].strip(" ,;:-–")
    return "" if about_others(cf, room) else room
