"""No marker outside the consent reaches an extract, and every marker inside does.

Hypothesis builds cases with items of every kind and service (measures, decisions, tasks, minutes lines,
notes, agenda points, participants, the collaboration text), each carrying a unique marker, and a random
consent for one recipient. The plan and the minutes are rendered by Typst and read back with pypdf; the
calendar is read back with icalendar, the notes from the JSON export.

The rule restated here is the one the module notes of `ipterm.domain.scoping` give, written out again
without its code, so a change to either shows up as a failing example.

Examples: 5 by default; under a deep run (IPTERM_DEEP=1, or a Hypothesis profile with more than 100
examples, e.g. `--hypothesis-profile=deep`) the profile's number, at least 200.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from ipterm.domain.models import (
    ALL_KINDS,
    ActionItem,
    Attendance,
    Case,
    CaseFile,
    Consent,
    ConsentMethod,
    ConsentSection,
    Decision,
    InfoKind,
    Measure,
    Meeting,
    MeetingLine,
    MeetingParticipant,
    MeetingStatus,
    Member,
    MemberKind,
    Note,
)
from ipterm.domain.scoping import NoConsentError
from ipterm.export import ExportKind, render
from tests.export.pdf_tools import flat_text

pytestmark = pytest.mark.slow

TODAY = date(2026, 11, 22)
_ACTIVE = settings().max_examples
EXAMPLES = max(_ACTIVE, 200) if os.environ.get("IPTERM_DEEP") == "1" or _ACTIVE > 100 else 5

CASE = 1
PERSON, RELATIVE, COORDINATOR, RECIPIENT, *SERVICES = range(1, 12)
SECTOR = dict(zip(SERVICES, [*ALL_KINDS, None], strict=True))  # one service per kind, and one without
ORG = {sid: f"Tjeneste {n}" for n, sid in enumerate(SERVICES, 1)} | {RECIPIENT: "Mottakerskolen"}
SECTOR[RECIPIENT] = InfoKind.SCHOOL
OWNERS = [None, PERSON, COORDINATOR, RECIPIENT, *SERVICES]
TYPES = ("measure", "decision", "task", "line", "note", "agenda")
OWNED = ("measure", "decision", "task")  # lines, notes and agenda points have a kind only

LETTERS = "bcdfghjklmnpqrstvwxz"


def marker(n: int) -> str:
    """A short word no text in the documents contains: Zq + three letters."""
    return "Zq" + "".join(LETTERS[(n // 20**i) % 20] for i in range(3))


@dataclass(frozen=True)
class Item:
    type: str
    owner: int | None
    kind: InfoKind | None
    mark: str


def is_service(member_id: int | None) -> bool:
    return member_id in SERVICES or member_id == RECIPIENT


def allowed(consent: Consent, section: ConsentSection, kind: InfoKind | None, owner: int | None) -> bool:
    """The rule, in the words of the module notes."""
    if section not in consent.sections:
        return False
    every_kind = set(consent.kinds) >= set(ALL_KINDS)
    if kind is None and not every_kind:
        return False
    if kind is not None and kind not in consent.kinds:
        return False
    limited = consent.own_measures_only or bool(consent.service_member_ids)
    covered = {ORG[m] for m in consent.service_member_ids} | ({ORG[RECIPIENT]} if consent.own_measures_only else set())
    if not is_service(owner):  # an item of no service: only under a consent of every service
        return not limited
    return not limited or ORG[owner] in covered


def item_kind(item: Item) -> InfoKind | None:
    return item.kind or (SECTOR[item.owner] if is_service(item.owner) else None)


SECTION_OF = {"measure": ConsentSection.MEASURES, "note": ConsentSection.NOTES}


def visible(consent: Consent, item: Item) -> bool:
    section = SECTION_OF.get(item.type, ConsentSection.MEETINGS)
    return allowed(consent, section, item_kind(item), item.owner)


def participant_visible(consent: Consent, member_id: int) -> bool:
    if not is_service(member_id):
        return ConsentSection.MEETINGS in consent.sections
    return allowed(consent, ConsentSection.MEETINGS, SECTOR[member_id], member_id)


def build(items: list[Item], consent: Consent) -> CaseFile:
    names = {PERSON: "Pia Person", RELATIVE: "Rita Relativ", COORDINATOR: "Kaja Koordinator",
             RECIPIENT: "Mona Mottaker"} | {sid: f"{marker(900 + sid)} Tjenesteyter" for sid in SERVICES}  # fmt: skip
    kinds = {PERSON: MemberKind.PERSON, RELATIVE: MemberKind.RELATIVE}
    members = tuple(
        Member(CASE, names[mid], "Rolle", id=mid, kind=kinds.get(mid, MemberKind.SERVICE),
               organisation=ORG.get(mid, "Koordineringstjenesten" if mid == COORDINATOR else ""),
               sector=SECTOR.get(mid), is_coordinator=mid == COORDINATOR, contributes="Bidrar")
        for mid in names
    )  # fmt: skip
    case = Case("Pia Person", id=CASE, birth_date=date(1990, 1, 1), coordinator="Kaja Koordinator",
                plan_start=TODAY - timedelta(days=10), plan_end=TODAY + timedelta(days=300),
                collaboration=f"Samarbeid {marker(999)} med tjenestene")  # fmt: skip
    meeting_id = 1
    agenda = tuple(i.mark for i in items if i.type == "agenda")
    meeting = Meeting(CASE, datetime(2026, 11, 20, 9, 0), id=meeting_id, status=MeetingStatus.CLOSED, agenda=agenda,
                      agenda_kinds={i.mark: i.kind.value for i in items if i.type == "agenda" and i.kind},
                      closed_at=datetime(2026, 11, 20, 10, 0))  # fmt: skip
    measures, decisions, tasks, lines, notes = [], [], [], [], []
    for n, i in enumerate(items, 1):
        if i.type == "measure":
            measures.append(Measure(CASE, f"Tiltak {i.mark}", id=n, scope="1 t", how="Slik",
                                    responsible_member_id=i.owner, info_kind=i.kind,
                                    evaluate_by=TODAY + timedelta(days=n)))  # fmt: skip
        elif i.type == "decision":
            decisions.append(Decision(CASE, f"Beslutning {i.mark}", TODAY - timedelta(days=2), id=n,
                                      meeting_id=meeting_id, service_member_id=i.owner, info_kind=i.kind))  # fmt: skip
        elif i.type == "task":
            tasks.append(ActionItem(CASE, f"Oppgave {i.mark}", id=n, owner_member_id=i.owner, meeting_id=meeting_id,
                                    info_kind=i.kind))  # fmt: skip
        elif i.type == "line":
            lines.append(MeetingLine(meeting_id, n, datetime(2026, 11, 20, 9, n % 60), f"Notat {i.mark}", id=n,
                                     info_kind=i.kind))  # fmt: skip
        elif i.type == "note":
            notes.append(Note(CASE, f"Kontakt {i.mark}", datetime(2026, 11, 1, 12, 0), id=n, info_kind=i.kind))
    participants = tuple(MeetingParticipant(meeting_id, m.id, Attendance.PRESENT) for m in members)
    return CaseFile(case=case, members=members, measures=tuple(measures), consents=(consent,), meetings=(meeting,),
                    decisions=tuple(decisions), action_items=tuple(tasks), notes=tuple(notes),
                    participants=participants, meeting_lines=tuple(lines))  # fmt: skip


items_strategy = st.lists(
    st.tuples(st.sampled_from(TYPES), st.sampled_from(OWNERS), st.sampled_from([None, *ALL_KINDS])),
    min_size=1,
    max_size=14,
).map(lambda raw: [Item(t, o if t in OWNED else None, k, marker(n)) for n, (t, o, k) in enumerate(raw)])

consent_strategy = st.builds(
    lambda sections, kinds, own, services: Consent(
        CASE,
        TODAY - timedelta(days=5),
        ConsentMethod.WRITTEN,
        id=1,
        recipient_member_ids=(RECIPIENT,),
        sections=tuple(sections),
        kinds=tuple(kinds),
        own_measures_only=own,
        service_member_ids=tuple(services),
    ),
    st.sets(st.sampled_from([s for s in ConsentSection if s is not ConsentSection.EVALUATIONS]), min_size=1),
    st.one_of(st.just(ALL_KINDS), st.sets(st.sampled_from(ALL_KINDS))),
    st.booleans(),
    st.sets(st.sampled_from(SERVICES), max_size=3),
)


# Shrinking renders many more PDFs; the quick run reports the first failing example as found.
PHASES = list(Phase) if EXAMPLES > 5 else [Phase.explicit, Phase.reuse, Phase.generate]


def _consent(sections: list, kinds: tuple | list, own: bool, services: tuple | list = ()) -> Consent:
    return Consent(CASE, TODAY - timedelta(days=5), ConsentMethod.WRITTEN, id=1, recipient_member_ids=(RECIPIENT,),
                   sections=tuple(sections), kinds=tuple(kinds), own_measures_only=own,
                   service_member_ids=tuple(services))  # fmt: skip


# Always tried as well: one item of every type with no kind, one from the coordinator, one with a kind of
# its own and one from each kind of service, under consents limited by kind, by service, by both and by
# neither.
_SPECS = (
    [(t, None, None) for t in TYPES]
    + [(t, COORDINATOR, None) for t in OWNED]
    + [(t, None, InfoKind.SCHOOL) for t in TYPES]
    + [("measure", sid, None) for sid in SERVICES]
    + [("task", RECIPIENT, None), ("decision", RECIPIENT, InfoKind.HEALTH)]
)
_EVERY = [Item(t, o if t in OWNED else None, k, marker(n)) for n, (t, o, k) in enumerate(_SPECS)]
_PARTS = [s for s in ConsentSection if s is not ConsentSection.EVALUATIONS]


@settings(max_examples=EXAMPLES, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.too_slow])
@example(items=_EVERY, consent=_consent(_PARTS, [InfoKind.SCHOOL, InfoKind.FAMILY], True))
@example(items=_EVERY, consent=_consent(_PARTS, ALL_KINDS, False, [SERVICES[0]]))
@example(items=_EVERY, consent=_consent(_PARTS, ALL_KINDS, False))
@example(items=_EVERY, consent=_consent(_PARTS, [InfoKind.SCHOOL, InfoKind.NAV], False))
@given(items=items_strategy, consent=consent_strategy)
def test_an_extract_holds_exactly_what_the_consent_covers(items: list[Item], consent: Consent) -> None:
    cf = build(items, consent)
    inside = [i for i in items if visible(consent, i)]
    outside = [i for i in items if not visible(consent, i)]

    plan = flat_text(render(ExportKind.PLAN, cf, TODAY, recipient_member_id=RECIPIENT, allow_incomplete=True).content)
    for i in items:
        if i.type == "measure":
            assert (i.mark in plan) == (i in inside), (i, consent)
    for i in items:
        if i.type != "measure":
            assert i.mark not in plan, (i, consent)  # meetings and notes are not in the plan at all
    collaboration_shown = (
        ConsentSection.PLAN in consent.sections
        and set(consent.kinds) >= set(ALL_KINDS)
        and not consent.own_measures_only
        and not consent.service_member_ids
    )
    assert (marker(999) in plan) == collaboration_shown

    if ConsentSection.MEETINGS in consent.sections:
        minutes = flat_text(render(ExportKind.MINUTES, cf, TODAY, recipient_member_id=RECIPIENT).content)
        for i in items:
            if i.type in ("decision", "task", "line", "agenda"):
                assert (i.mark in minutes) == (i in inside), (i, consent)
            elif i.type in ("measure", "note"):
                assert i.mark not in minutes, (i, consent)
        owners_named = {i.owner for i in inside if i.type == "task"}
        for sid in SERVICES:
            expected = participant_visible(consent, sid) or sid in owners_named
            assert (marker(900 + sid) in minutes) == expected, (sid, consent)
    else:
        with pytest.raises(NoConsentError):
            render(ExportKind.MINUTES, cf, TODAY, recipient_member_id=RECIPIENT)

    from icalendar import Calendar

    calendar = Calendar.from_ical(render(ExportKind.ICS, cf, TODAY, recipient_member_id=RECIPIENT).content)
    uids = {str(e["uid"]) for e in calendar.walk("VEVENT")}
    shown = {int(u.split("-")[-1].split("@")[0]) for u in uids if "-measure-" in u}
    items_by_id = {n: i for n, i in enumerate(items, 1)}
    assert shown == {n for n, i in items_by_id.items() if i.type == "measure" and i in inside}

    body = json.loads(render(ExportKind.JSON, cf, TODAY, recipient_member_id=RECIPIENT).content)
    dumped = json.dumps(body, ensure_ascii=False)
    for i in outside:
        assert i.mark not in dumped, (i, consent)
    for i in inside:
        if i.type in ("measure", "decision", "task", "line", "note"):
            assert i.mark in dumped, (i, consent)
    assert (marker(999) in dumped) == collaboration_shown
