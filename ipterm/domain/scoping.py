"""Share the minimum: what one recipient may see of a case, by their recorded consent.

This is the one scoping rule for every document (plan, minutes, handover, calendar, JSON, FHIR):
`scope_case_file(case_file, recipient, today)` returns a copy of the case holding only what may be shown,
and the documents print what they are given. Nothing is decided in a template.

Who may receive what:

- The plan owner (the person), and a guardian while the person is a child, always get the whole plan,
  without a consent naming them.
- Anyone else needs a valid consent naming them: a member of the group, or a related person outside it
  (a sister, a grandparent).

What a consent opens is the intersection of three things, and each valid consent naming the recipient
is a separate grant (two consents never combine into more than either gives):

- parts of the plan (`Consent.sections`: plan, goals, measures, group, meetings, evaluations, notes);
- kinds of information (`Consent.kinds`: health and treatment, NAV and economy, child welfare, school,
  housing, family matters);
- services: every service, or only the recipient's own service (`own_measures_only`) plus the services
  of the members in `Consent.service_member_ids`.

Every shareable item (measure, decision, task, minutes line, note, agenda point, participant) has a
kind and a service. The kind is the item's own where the coordinator set one, else the sector of the
member responsible for it. The service is the organisation of the responsible member; the coordinator's
own items and the family's are "no service" (coordinating is not a service's confidential information).
An item is shown when a grant opens its part, its kind and its service:

- an item whose kind is not known is shown only under a grant of every kind;
- an item with no service is shown only under a grant of every service (when unsure, share less).

So a free-text minutes line nobody tagged goes to the group members with a full consent and to nobody
else. Text that belongs to no one item (resources, needs, assessments, the collaboration text i),
meeting summaries, evaluations of goals, references to formal decisions, why the coordinator changed)
is shown only under a grant
of every kind and every service for its part. Goals are shared whole when the goals part is shared (a
plan with goals 1 and 3 tells the reader that goal 2 exists), except a goal the coordinator gave a
kind, which goes only where that kind goes (and its sub-goals with it); numbering then runs within the
extract. Participants from services the grant does
not cover are not named; the person, the family and the coordinator are. Whoever is named, a service
whose kind of information no grant opens is not: not beside the coordinator (in the case's coordinator
text either), a task owner or a participant, nor in a meeting's place; the recipient's own service stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ipterm.domain.errors import IptermError
from ipterm.domain.messages import Message, joined, message
from ipterm.domain.models import (
    ALL_KINDS,
    CaseFile,
    Consent,
    ConsentSection,
    InfoKind,
    Meeting,
    Member,
    MemberKind,
    RelatedPerson,
)


class NoConsentError(IptermError):
    """The recipient has no valid consent covering them, or is not known in the case: nothing is exported."""


# --- sectors ------------------------------------------------------------------------------------------

# Words in a service's name or role that say which kind of information it holds; first match wins, so
# "barnevern" beats "helse" in "Barnevern og helse", and "skolehelsetjenesten" is health, not school.
# The schema migration 0008 uses the same words.
_SECTOR_WORDS: tuple[tuple[InfoKind, tuple[str, ...]], ...] = (
    (InfoKind.HEALTH, ("skolehelse", "helsestasjon", "helsesykepleie")),  # health services at school
    (InfoKind.CHILD_WELFARE, ("barnevern",)),
    (InfoKind.NAV, ("nav", "vta", "arbeidssenter")),
    (InfoKind.HOUSING, ("bolig",)),
    (InfoKind.SCHOOL, ("skole", "skule", "barnehage", "ppt", "pedagogisk", "lærer", "laerer")),
    (InfoKind.HEALTH, ("bup", "dps", "lege", "helse", "sykehus", "psyk", "rus", "fysio", "ergo", "logoped",
                       "habilitering", "hjemmetjenest", "sykepleie", "avlastning", "funksjonshemmede")),
)  # fmt: skip


def guess_sector(organisation: str, role: str = "") -> InfoKind | None:
    """The kind of information a service holds, guessed from its name and role (None: no telling)."""
    words = f"{organisation} {role}".casefold()
    for kind, keys in _SECTOR_WORDS:
        if any(k in words for k in keys):
            return kind
    return None


def kinds_text(kinds: Iterable[InfoKind]) -> Message:
    from ipterm.domain.vocabulary import msgid_of

    chosen = set(kinds)
    if chosen >= set(ALL_KINDS):
        return message("alle typer opplysninger")
    if not chosen:
        return message("ingen taushetsbelagte opplysninger")
    return joined(Message(msgid_of(k) or k.value, context="InfoKind") for k in ALL_KINDS if k in chosen)


# --- recipients ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who an extract is for: a member of the group, or a related person outside it."""

    name: str
    label: str
    member_id: int | None = None
    related_id: int | None = None

    @property
    def file_tag(self) -> str:
        """Part of the file name: the member id, or p + the related person's id."""
        return str(self.member_id) if self.member_id is not None else f"p{self.related_id}"


def _member_label(member: Member) -> str:
    detail = ", ".join(p.strip() for p in (member.role, member.organisation) if p.strip())
    return f"{member.name.strip()} ({detail})" if detail else member.name.strip()


def _related_label(person: RelatedPerson) -> str:
    return f"{person.name.strip()} ({person.relation.strip()})" if person.relation.strip() else person.name.strip()


def member_recipient(case_file: CaseFile, member_id: int) -> Recipient:
    member = case_file.member(member_id)
    if member is None:
        raise NoConsentError("Mottakeren er ikke med i ansvarsgruppen i denne saken. Ingenting er eksportert.")
    return Recipient(member.name, _member_label(member), member_id=member_id)


def related_recipient(case_file: CaseFile, related_id: int) -> Recipient:
    person = next((r for r in case_file.related if r.id == related_id), None)
    if person is None:
        raise NoConsentError("Mottakeren er ikke registrert som pårørende i denne saken. Ingenting er eksportert.")
    return Recipient(person.name, _related_label(person), related_id=related_id)


def resolve_recipient(case_file: CaseFile, typed: str) -> Recipient:
    """A recipient as a coordinator types it: a member's short number (3), a related person's (p1), or a
    name or the start of one ("silje", "Lene B").

    Raises:
        NoConsentError: no one, or more than one, matches (the message lists who matched, with numbers).
    """
    typed = typed.strip()
    members = case_file.member_numbers()
    related = case_file.related_numbers()
    if typed.isdigit():
        found = [mid for mid, n in members.items() if n == int(typed)]
        if found:
            return member_recipient(case_file, found[0])
        raise NoConsentError(
            "Ingen deltaker har nummer {typed} i denne saken. Se numrene med «ipterm case show {id}».",
            typed=typed,
            id=case_file.case.id,
        )
    if typed[:1] in ("p", "P") and typed[1:].isdigit():
        found = [rid for rid, n in related.items() if n == int(typed[1:])]
        if found:
            return related_recipient(case_file, found[0])
        raise NoConsentError("Ingen pårørende har nummer {typed} i denne saken.", typed=typed)
    words = typed.casefold().split()

    def matches(name: str) -> bool:
        parts = name.casefold().split()
        return bool(words) and all(any(p.startswith(w) for p in parts) for w in words)

    hits = [("m", m.id, m.name, members[m.id]) for m in case_file.members if m.active and matches(m.name)]
    seen = {name.casefold() for _k, _i, name, _n in hits}
    hits += [("r", r.id, r.name, related[r.id]) for r in case_file.related
             if matches(r.name) and r.name.casefold() not in seen]  # fmt: skip
    if len(hits) == 1:
        kind, item_id, _name, _n = hits[0]
        return member_recipient(case_file, item_id) if kind == "m" else related_recipient(case_file, item_id)
    if not hits:
        raise NoConsentError("Fant ingen i saken som heter «{typed}». Bruk deltakerens nummer eller navn.", typed=typed)
    listed = ", ".join(f"{n if k == 'm' else f'p{n}'} {name}" for k, _i, name, n in hits)
    raise NoConsentError("«{typed}» passer på flere: {listed}. Skriv nummeret.", typed=typed, listed=listed)


def birth_date_of(case_file: CaseFile) -> date | None:
    """The person's birth date: as recorded, else read from the fødselsnummer (None: not known)."""
    case = case_file.case
    if case.birth_date is not None:
        return case.birth_date
    if not case.national_id:
        return None
    from ipterm.domain.national_id import parse_national_id

    try:
        return parse_national_id(case.national_id).birth_date
    except Exception:  # an id that does not parse tells no age
        return None


def age_on(case_file: CaseFile, today: date) -> int | None:
    born = birth_date_of(case_file)
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def is_child(case_file: CaseFile, today: date) -> bool:
    age = age_on(case_file, today)
    return age is not None and age < 18


def consent_giver(case_file: CaseFile, today: date) -> str:
    """Who a new consent is given by, as the form suggests it: the person from 16 (health matters) and
    when the age is not known; under 16 the guardians ("Hilde Nilsen og Tom Strand"), or nobody when no
    guardian is registered, so the coordinator types who gave it."""
    age = age_on(case_file, today)
    if age is None or age >= 16:
        return case_file.case.person_name
    guardians = [r.name.strip() for r in case_file.related if r.is_guardian and r.name.strip()]
    if len(guardians) <= 1:
        return "".join(guardians)
    return ", ".join(guardians[:-1]) + " og " + guardians[-1]


def _guardian_names(case_file: CaseFile) -> set[str]:
    return {r.name.strip().casefold() for r in case_file.related if r.is_guardian}


def may_have_whole_plan(case_file: CaseFile, recipient: Recipient, today: date) -> bool:
    """The plan owner, and a guardian of a child, get the whole plan without a consent naming them."""
    if recipient.member_id is not None:
        member = case_file.member(recipient.member_id)
        if member is None:
            return False
        if member.kind is MemberKind.PERSON:
            return True
        return (
            member.kind is MemberKind.RELATIVE
            and is_child(case_file, today)
            and member.name.strip().casefold() in _guardian_names(case_file)
        )
    person = next((r for r in case_file.related if r.id == recipient.related_id), None)
    return person is not None and person.is_guardian and is_child(case_file, today)


# --- grants -------------------------------------------------------------------------------------------


def service_key(case_file: CaseFile, member_id: int | None) -> str | None:
    """The service a member belongs to (by organisation); None for the family, the coordinator and nobody."""
    member = case_file.member(member_id) if member_id is not None else None
    if member is None or member.kind is not MemberKind.SERVICE or member.is_coordinator:
        return None
    org = member.organisation.strip().casefold()
    return org or f"member:{member.id}"


def sector_of(case_file: CaseFile, member_id: int | None) -> InfoKind | None:
    """A member's sector, when it stands for a service (the coordinator's sector says nothing of an item)."""
    if service_key(case_file, member_id) is None:
        return None
    member = case_file.member(member_id)
    return member.sector if member is not None else None


@dataclass(frozen=True, slots=True)
class Grant:
    """What one valid consent opens to the recipient."""

    sections: frozenset[ConsentSection]
    kinds: frozenset[InfoKind]
    services: frozenset[str] | None  # None: every service
    consent_id: int | None = None
    own_only: bool = False  # the consent's own "only what the recipient's own service is responsible for"

    @property
    def every_kind(self) -> bool:
        return self.kinds >= frozenset(ALL_KINDS)

    def opens(self, section: ConsentSection, kind: InfoKind | None, service: str | None) -> bool:
        if section not in self.sections:
            return False
        if kind is None:
            if not self.every_kind:
                return False
        elif kind not in self.kinds:
            return False
        if service is None:  # an item of no service may be any service's: only a grant of every service opens it
            return self.services is None
        return self.services is None or service in self.services


@dataclass(frozen=True, slots=True)
class RecipientScope:
    """What one recipient may see on a given day: their grants, or the whole plan."""

    recipient: Recipient
    grants: tuple[Grant, ...] = ()
    whole: bool = False

    @property
    def member_id(self) -> int | None:
        return self.recipient.member_id

    @property
    def consent_ids(self) -> tuple[int, ...]:
        return tuple(g.consent_id for g in self.grants if g.consent_id is not None)

    @property
    def sections(self) -> frozenset[ConsentSection]:
        if self.whole:
            return frozenset(ConsentSection)
        return frozenset(s for g in self.grants for s in g.sections)

    @property
    def kinds(self) -> frozenset[InfoKind]:
        if self.whole:
            return frozenset(ALL_KINDS)
        return frozenset(k for g in self.grants for k in g.kinds)

    @property
    def own_measures_only(self) -> bool:
        """Whether the consents say "only what the recipient's own service is responsible for" (for the
        measures, where a consent opens them): the consents' own field, as the JSON export reports it."""
        if self.whole:
            return False
        grants = [g for g in self.grants if ConsentSection.MEASURES in g.sections] or list(self.grants)
        return bool(grants) and all(g.own_only for g in grants)

    def covers(self, section: ConsentSection) -> bool:
        return section in self.sections

    def opens(self, section: ConsentSection, kind: InfoKind | None, service: str | None) -> bool:
        return self.whole or any(g.opens(section, kind, service) for g in self.grants)

    def opens_all(self, section: ConsentSection) -> bool:
        """Whether text that belongs to no one service or kind may be shown for this part."""
        return self.opens(section, None, None)


def recipient_scope(case_file: CaseFile, recipient: Recipient | int, today: date) -> RecipientScope:
    """What valid consents (or being the plan owner) open to the recipient.

    A valid consent that names the recipient but lists no parts opens `plan` only.

    Raises:
        NoConsentError: the recipient is not known in the case, or no consent valid `today` names them.
    """
    if isinstance(recipient, int):
        recipient = member_recipient(case_file, recipient)
    if may_have_whole_plan(case_file, recipient, today):
        return RecipientScope(recipient, whole=True)
    grants: list[Grant] = []
    own = service_key(case_file, recipient.member_id)
    for consent in case_file.consents:
        if not _names(consent, recipient) or not consent.is_valid_on(today):
            continue
        services: frozenset[str] | None = None
        if consent.own_measures_only or consent.service_member_ids:
            keys = {service_key(case_file, m) for m in consent.service_member_ids}
            if consent.own_measures_only:
                keys.add(own)
            services = frozenset(k for k in keys if k is not None)
        grants.append(
            Grant(
                frozenset(consent.sections) or frozenset({ConsentSection.PLAN}),
                frozenset(consent.kinds),
                services,
                consent.id,
                consent.own_measures_only,
            )
        )
    if not grants:
        reason, hint = refusal_reason(case_file, recipient, today)
        raise NoConsentError(
            "{name} har ikke gyldig samtykke til å få opplysninger fra planen: {reason}. "
            "Ingenting er eksportert. {hint}",
            name=recipient.name,
            reason=reason,
            hint=hint,
        )
    return RecipientScope(recipient, tuple(grants))


def _short_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _names(consent: Consent, recipient: Recipient) -> bool:
    return (recipient.member_id is not None and recipient.member_id in consent.recipient_member_ids) or (
        recipient.related_id is not None and recipient.related_id in consent.recipient_related_ids
    )


def refusal_reason(case_file: CaseFile, recipient: Recipient, today: date) -> tuple[Message, Message]:
    """Why no consent lets the recipient have an extract today, and what the coordinator can do: the consent
    naming them that ended last was withdrawn, or ran out; or no consent names them at all."""
    ended: list[tuple[date, bool]] = []  # (the day it ended, withdrawn)
    for c in case_file.consents:
        if not _names(c, recipient) or c.is_valid_on(today):
            continue
        if c.withdrawn_on is not None and c.withdrawn_on <= today:
            ended.append((c.withdrawn_on, True))
        elif c.expires_on is not None:
            ended.append((c.expires_on, False))
    if not ended:
        return message("ingen samtykke nevner mottakeren"), message("Registrer et samtykke som nevner mottakeren.")
    day, withdrawn = max(ended)
    if withdrawn:
        return (
            message("samtykket ble trukket {date}", date=_short_date(day)),
            message("Registrer et nytt samtykke hvis personen samtykker på nytt."),
        )
    return (
        message("samtykket gikk ut {date}", date=_short_date(day)),
        message("Forny samtykket hvis personen samtykker på nytt."),
    )


def covered_sections(case_file: CaseFile, recipient_member_id: int, today: date) -> tuple[set[ConsentSection], bool]:
    """The parts valid consents open to a member, and whether some are limited to some services.

    An empty set (and no error) when nothing covers the member.
    """
    try:
        scope = recipient_scope(case_file, recipient_member_id, today)
    except NoConsentError:
        return set(), True
    return set(scope.sections), scope.own_measures_only


# --- the rule -----------------------------------------------------------------------------------------


def _contact_stripped(member: Member) -> Member:
    # Named (as a participant, a task owner, responsible for a measure), not listed in the group: nothing of
    # what only the group part tells (contact, contribution, authority, when the contact was confirmed).
    return dataclasses.replace(
        member, phone="", email="", contributes="", has_decision_authority=False, last_confirmed=None
    )


def _coordinator_only(member: Member) -> Member:
    # The coordinator's name and contact are part of the plan (c); what she contributes is the group's (d).
    return dataclasses.replace(member, contributes="", has_decision_authority=False, last_confirmed=None)


def group_member_ids(case_file: CaseFile, scope: RecipientScope) -> set[int]:
    """The members an extract lists as the group (b, d, the handover's contacts): those of the services
    the group part is opened for, the person, the family and the coordinator; none without the group part."""
    cf = case_file
    if scope.whole:
        return {m.id for m in cf.members if m.id is not None}
    if not scope.covers(ConsentSection.GROUP):
        return set()
    out = set()
    for m in cf.members:
        if m.id is None:
            continue
        service = service_key(cf, m.id)
        if service is None or scope.opens(ConsentSection.GROUP, m.sector, service):
            out.add(m.id)
    return out


def line_owner(case_file: CaseFile, meeting: Meeting | None, text: str) -> int | None:
    """The member a minutes line names with @, which makes it that member's service's line."""
    from ipterm.domain.minutes import parse_line

    if meeting is None:
        return None
    members = [m for m in case_file.members if m.active]
    try:
        return parse_line(text, members, meeting.starts_at.date()).owner_id
    except Exception:  # a line that does not parse names nobody
        return None


def scope_case_file(case_file: CaseFile, recipient: Recipient | int, today: date) -> CaseFile:
    """A copy of the case holding only what the recipient may see (see the module notes).

    Ids are kept; documents number what they are given, so numbering runs within the extract.

    Raises:
        NoConsentError: the recipient is not known in the case or has no valid consent.
    """
    scope = recipient_scope(case_file, recipient, today)
    if scope.whole:
        return case_file
    return apply_scope(case_file, scope)


def apply_scope(case_file: CaseFile, scope: RecipientScope) -> CaseFile:
    """The case as `scope` lets its recipient see it."""
    if scope.whole:
        return case_file
    cf = case_file
    S = ConsentSection
    opens = scope.opens
    # A named person is not a named service: the coordinator stays the contact, but "Psykisk helse og rus"
    # next to her name (or as the meeting room) tells a reader without a health consent of treatment.
    hidden = _hidden_services(cf.members, scope.kinds, keep=scope.recipient.member_id)
    hidden_names = {m.organisation.strip().casefold() for m in cf.members if m.id in hidden} - {""}

    def member_opens(section: ConsentSection, member_id: int | None) -> bool:
        member = cf.member(member_id)
        if member is None:
            return False
        service = service_key(cf, member_id)
        if service is None:  # the person, the family, an advocate, the coordinator
            return scope.covers(section)
        return opens(section, member.sector, service)

    measures = tuple(
        m
        for m in cf.measures
        if opens(
            S.MEASURES, m.info_kind or sector_of(cf, m.responsible_member_id), service_key(cf, m.responsible_member_id)
        )
    )
    measure_ids = {m.id for m in measures}
    measure_kind = {m.id: m.info_kind or sector_of(cf, m.responsible_member_id) for m in cf.measures}
    goals = tuple(
        g for g in cf.goals if scope.covers(S.GOALS) and (g.info_kind is None or opens(S.GOALS, g.info_kind, None))
    )
    kept_goals = {g.id for g in goals}
    goals = tuple(g for g in goals if g.parent_id is None or g.parent_id in kept_goals)
    goal_ids = {g.id for g in goals}

    meetings_open = scope.covers(S.MEETINGS)
    meetings: list[Meeting] = []
    for meeting in cf.meetings if meetings_open else ():
        kept = [p for p in meeting.agenda if opens(S.MEETINGS, _kind(meeting.agenda_kinds.get(p)), None)]
        meetings.append(
            dataclasses.replace(
                meeting,
                agenda=tuple(kept),
                agenda_kinds={p: k for p, k in meeting.agenda_kinds.items() if p in kept},
                summary=meeting.summary if scope.opens_all(S.MEETINGS) else "",
                # The person's own points and what must be decided are free text nobody gave a kind.
                person_points=meeting.person_points if opens(S.MEETINGS, None, None) else (),
                decisions_needed=meeting.decisions_needed if opens(S.MEETINGS, None, None) else (),
                place=_place_without(meeting.place, hidden_names, scope.kinds),
                minutes_writer=_name_only(meeting.minutes_writer, hidden_names, scope.kinds),
            )
        )
    meeting_ids = {m.id for m in meetings}
    by_meeting = {m.id: m for m in cf.meetings}

    def action_visible(a) -> bool:
        if a.measure_id is not None and a.measure_id not in measure_ids:
            return False
        kind = (
            a.info_kind
            or sector_of(cf, a.owner_member_id)
            or (measure_kind.get(a.measure_id) if a.measure_id else None)
        )
        # A task from a meeting goes with that meeting's minutes; one from no meeting (a contact note's
        # "o:" line, a task added in the case) is the coordinator's log, shared with the notes part.
        if a.meeting_id is None:
            return opens(S.NOTES, kind, service_key(cf, a.owner_member_id))
        return a.meeting_id in meeting_ids and opens(S.MEETINGS, kind, service_key(cf, a.owner_member_id))

    actions = tuple(a for a in cf.action_items if action_visible(a))
    decisions = tuple(
        d
        for d in cf.decisions
        if meetings_open
        and (d.meeting_id is None or d.meeting_id in meeting_ids)
        and opens(S.MEETINGS, d.info_kind or sector_of(cf, d.service_member_id), service_key(cf, d.service_member_id))
    )

    def line_visible(line) -> bool:
        owner = line_owner(cf, by_meeting.get(line.meeting_id), line.text)
        return opens(S.MEETINGS, line.info_kind or sector_of(cf, owner), service_key(cf, owner))

    lines = tuple(line for line in cf.meeting_lines if line.meeting_id in meeting_ids and line_visible(line))

    def written_input_visible(member_id: int) -> bool:
        # What an absent member sent in is that member's service's information, like a line naming them.
        return opens(S.MEETINGS, sector_of(cf, member_id), service_key(cf, member_id))

    participants = tuple(
        p if not p.written_input or written_input_visible(p.member_id) else dataclasses.replace(p, written_input="")
        for p in cf.participants
        if p.meeting_id in meeting_ids and member_opens(S.MEETINGS, p.member_id)
    )
    evaluations = tuple(
        e
        for e in cf.evaluations
        if (e.goal_id is not None and e.goal_id in goal_ids and scope.opens_all(S.EVALUATIONS))
        or (
            e.measure_id is not None
            and e.measure_id in measure_ids
            and opens(S.EVALUATIONS, measure_kind.get(e.measure_id), _measure_service(cf, e.measure_id))
        )
    )
    notes = tuple(n for n in cf.notes if opens(S.NOTES, n.info_kind, None))

    recipient_id = scope.recipient.member_id
    in_group = group_member_ids(cf, scope)
    named = {recipient_id} | in_group
    named |= {m.responsible_member_id for m in measures}
    named |= {a.owner_member_id for a in actions}
    named |= {p.member_id for p in participants}
    # Only the group part tells what members contribute (d) and how to reach them (b), the recipient's own
    # entry too (JSON and FHIR carry what the PDFs print); the coordinator's contact is part of the plan (c).
    members = tuple(
        m if m.id in in_group else _coordinator_only(m) if m.is_coordinator else _contact_stripped(m)
        for m in cf.members
        if m.id in named or m.is_coordinator
    )
    members = tuple(_without_service(m, scope.kinds) if m.id in hidden else m for m in members)

    case = cf.case
    case = dataclasses.replace(
        case,
        coordinator=_name_only(case.coordinator, hidden_names, scope.kinds),
        national_id=None,
        resources=case.resources if scope.opens_all(S.GOALS) else "",
        needs=case.needs if scope.opens_all(S.GOALS) else "",
        collaboration=case.collaboration if scope.opens_all(S.PLAN) else "",
        plan_start=case.plan_start if scope.covers(S.PLAN) else None,
        plan_end=case.plan_end if scope.covers(S.PLAN) else None,
        next_revision=case.next_revision if scope.covers(S.PLAN) else None,
    )
    related = cf.related if opens(S.GROUP, InfoKind.FAMILY, None) else ()
    if scope.recipient.related_id is not None:  # the recipient's own entry, as for a member
        own = tuple(
            r if scope.covers(S.GROUP) else dataclasses.replace(r, contact="", note="")
            for r in cf.related
            if r.id == scope.recipient.related_id
        )
        related = related or own
    return dataclasses.replace(
        cf,
        case=case,
        related=related,
        members=members,
        goals=goals,
        measures=measures,
        evaluations=evaluations,
        consents=tuple(
            c
            for c in cf.consents
            if (recipient_id is not None and recipient_id in c.recipient_member_ids)
            or (scope.recipient.related_id is not None and scope.recipient.related_id in c.recipient_related_ids)
        ),
        meetings=tuple(meetings),
        decisions=decisions,
        action_items=actions,
        notes=notes,
        assessments=cf.assessments if scope.opens_all(S.GOALS) else (),
        # Who coordinated when is for everyone; why the coordinator changed is free text about the person.
        coordinators=tuple(
            dataclasses.replace(
                h,
                coordinator=_name_only(h.coordinator, hidden_names, scope.kinds),
                reason=h.reason if scope.opens_all(S.PLAN) else "",
            )
            for h in cf.coordinators
        ),
        service_decisions=cf.service_decisions if scope.opens_all(S.MEASURES) else (),
        participants=participants,
        meeting_lines=lines,
    )


def _member_sector(member: Member) -> InfoKind | None:
    return member.sector or guess_sector(member.organisation, member.role)


def _hidden_services(members: Iterable[Member], kinds: frozenset[InfoKind], keep: int | None) -> set[int]:
    """Members whose service holds a kind of information the recipient may not see (the recipient's own
    service is theirs to know)."""
    return {
        m.id
        for m in members
        if m.id is not None and m.id != keep and (sector := _member_sector(m)) is not None and sector not in kinds
    }


def _without_service(member: Member, kinds: frozenset[InfoKind]) -> Member:
    # A role can say as much as the service ("Behandler, psykolog"); "Koordinator" says nothing.
    role_kind = guess_sector("", member.role)
    role = member.role if role_kind is None or role_kind in kinds else ""
    return dataclasses.replace(member, organisation="", role=role, sector=None)


def _name_only(said: str, hidden: set[str], kinds: frozenset[InfoKind]) -> str:
    """A coordinator as typed ("Marit Sandvik (Psykisk helse og rus)"), cut to the name when the rest names
    a service the recipient may not know of."""
    if not _reveals(said, hidden, kinds):
        return said
    for mark in ("(", ",", " - ", " – "):
        said = said.split(mark, 1)[0]
    return said.strip()


def _reveals(said: str, hidden: set[str], kinds: frozenset[InfoKind]) -> bool:
    guessed = guess_sector(said)
    return any(h in said.casefold() for h in hidden) or (guessed is not None and guessed not in kinds)


def _place_without(place: str, hidden: set[str], kinds: frozenset[InfoKind]) -> str:
    """A meeting place with the services the recipient may not know of taken out ("Psykisk helse og rus,
    møterom 2" -> "møterom 2"); nothing when what is left still tells."""
    if not _reveals(place, hidden, kinds):
        return place
    for name in sorted(hidden, key=len, reverse=True):
        while (at := place.casefold().find(name)) >= 0:
            place = place[:at] + place[at + len(name) :]
    place = " ".join(place.split()).strip(" ,;:-–()")
    return "" if _reveals(place, hidden, kinds) else place


def _kind(value: str | None) -> InfoKind | None:
    try:
        return InfoKind(value) if value else None
    except ValueError:  # a kind this version does not know is no kind
        return None


def _measure_service(cf: CaseFile, measure_id: int | None) -> str | None:
    m = next((m for m in cf.measures if m.id == measure_id), None)
    return service_key(cf, m.responsible_member_id) if m else None


def consent_gaps(case_file: CaseFile, today: date) -> list[Member]:
    """Active members who get information from the plan (services in the group, advocates) without a valid
    consent naming them, for the h) check. The person and (for a child) the guardians need none; the
    coordinator holds the plan."""
    out = []
    for m in case_file.members:
        if not m.active or m.is_coordinator or m.id is None:
            continue
        recipient = Recipient(m.name, _member_label(m), member_id=m.id)
        if may_have_whole_plan(case_file, recipient, today):
            continue
        if not any(m.id in c.recipient_member_ids and c.is_valid_on(today) for c in case_file.consents):
            out.append(m)
    return out
