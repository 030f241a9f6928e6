"""The summons (innkalling) from the demo: what it says, what an extract leaves out, and which meetings get
one (and which get minutes instead). Real SQLCipher demo database, real Typst, text read back with pypdf."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ipterm.domain.errors import ValidationError
from ipterm.domain.models import MeetingStatus
from ipterm.domain.scoping import member_recipient, scope_case_file
from ipterm.export.documents import DocumentContext
from ipterm.export.summons import summons_payload
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from tests.export.pdf_tools import flat_text, reader

from ..conftest import TODAY
from .test_documents import everything


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = open_demo(Path(tmp_path_factory.mktemp("demo")), clock=FixedClock(TODAY))
    yield Services(store, FixedClock(TODAY))
    store.close()


def _case(services: Services, name: str):
    case = next(c for c in services.list_cases(include_closed=True) if c.person_name == name)
    return services.case_file(case.id)


def _member(cf, role_or_org: str) -> int:
    return next(m.id for m in cf.members if role_or_org in (m.role, m.organisation))


def _planned(cf):
    return next(m for m in cf.meetings if m.status is MeetingStatus.PLANNED)


@pytest.mark.slow
def test_the_demo_summons_says_when_where_who_and_what_jonas_wants_first(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    rendered = demo.exports.export(cf.case.id, "summons").rendered  # the next planned meeting by default
    assert rendered.meeting_id == _planned(cf).id and rendered.filename.startswith(f"ip-{cf.case.id}-summons-mote-")
    text = flat_text(rendered.content)
    assert "INNKALLING TIL ANSVARSGRUPPEMØTE" in text.upper()
    assert "NAV Fjordvik, møterom Fjorden" in text and "https://meet.fjordvik.kommune.no/ansvarsgruppe-jonas" in text
    for who in ("Jonas Berg Haugen", "Planeier", "Hanne Vik", "Åsen DPS", "Kristoffer Aune", "NAV Fjordvik"):
        assert who in text
    assert "Ingunn Moe Fastlege Fjordvik legesenter har meldt forfall" in text
    agenda = text.split("Saksliste", 1)[1].split("Hva vil du ta opp?", 1)[0]
    assert agenda.startswith(" 1. Jonas vil ta opp: Jeg vil snakke om sommerferien og jobben")
    assert "Beslutninger som skal tas i dag: Skal apotekordningen fortsette etter nyttår?" in agenda
    assert "Dette vil Jonas ta opp" in text and "412 55 801" in text
    # The summons is not the minutes: nothing about who came or what was decided.
    assert "til stede" not in text and "Beslutninger Ingen" not in text and "Medisinlisten er oppdatert" not in text
    assert reader(rendered.content).trailer["/Root"]["/Lang"] == "nb-NO"


@pytest.mark.slow
def test_the_schools_extract_of_the_summons_names_no_one_from_health(demo: Services) -> None:
    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    text = flat_text(demo.exports.export(cf.case.id, "summons", recipient_member_id=school).rendered.content)
    assert "Anette Kleppe" in text and "Silje Torvund" in text and "Hilde Nilsen" in text
    for hidden in ("Kari-Anne Steen", "BUP", "psykolog", "Marte Skjelbred", "Skolehelsetjenesten", "PPT"):
        assert hidden not in text, hidden
    assert "ikke med i dette utdraget" in text


def test_only_a_planned_meeting_gets_a_summons_and_only_a_held_one_minutes(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    planned = _planned(cf)
    held = next(m for m in cf.meetings if m.status is MeetingStatus.CLOSED)
    with pytest.raises(ValidationError, match="--kind summons") as refused:
        demo.exports.export(cf.case.id, "minutes", meeting_id=planned.id)
    assert "ikke holdt ennå" in str(refused.value)
    with pytest.raises(ValidationError, match="--kind minutes"):
        demo.exports.export(cf.case.id, "summons", meeting_id=held.id)


def test_an_extract_carries_the_persons_points_and_written_input_only_as_far_as_the_consent_goes(
    demo: Services,
) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    meeting = _planned(cf)
    gp = _member(cf, "Fastlege")
    assert any(p.written_input for p in cf.participants_of(meeting.id) if p.member_id == gp)
    # The whole case: the coordinator's and the person's own summons.
    whole = everything(summons_payload(DocumentContext(cf, TODAY), meeting.id))
    assert "Jeg vil snakke om sommerferien og jobben" in whole
    # Lene, the sister, sees the minutes but no treatment: the untagged points are not hers to read, and the
    # GP's written input (health) is gone from the participants she gets.
    sister = next(r for r in cf.related if r.name.startswith("Lene"))
    from ipterm.domain.scoping import related_recipient

    scoped = scope_case_file(cf, related_recipient(cf, sister.id), TODAY)
    kept = scoped.meeting(meeting.id)
    assert kept is not None and kept.person_points == () and kept.decisions_needed == ()
    assert all(not p.written_input for p in scoped.participants)
    assert kept.video_link == meeting.video_link  # she may come: the link is how
    # A member with a consent for every kind keeps them (the whole agenda is theirs too).
    nav = scope_case_file(cf, member_recipient(cf, _member(cf, "NAV Fjordvik")), TODAY)
    assert nav.meeting(meeting.id).person_points == meeting.person_points


def test_the_case_json_lists_the_summons_fields(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    body = json.loads(demo.exports.export(cf.case.id, "json").rendered.content)
    planned = next(m for m in body["meetings"] if m["status"] == "planned")
    assert planned["video_link"].startswith("https://") and planned["person_points"] and planned["decisions_needed"]
    assert any(p["written_input"] for p in body["participants"])
