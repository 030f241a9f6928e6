"""The shipped demo keeps its own consents: each extract read back against the consent text it ships with."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipterm.domain.errors import ValidationError
from ipterm.domain.scoping import may_have_whole_plan, member_recipient
from ipterm.export import labels
from ipterm.export.documents import day
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from tests.export.pdf_tools import flat_text

from ..conftest import TODAY

pytestmark = pytest.mark.slow


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


def _extract(services: Services, cf, kind: str, **who) -> str:
    return flat_text(services.exports.export(cf.case.id, kind, allow_incomplete=True, **who).rendered.content)


def test_emils_school_gets_no_bup_health_or_respite_information(demo: Services) -> None:
    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    bup = next(m for m in cf.members if m.organisation == "BUP Sjøvik")
    plan = _extract(demo, cf, "plan", recipient_member_id=school)
    assert "BUP Sjøvik" not in plan and "Barnevern" not in plan and bup.name not in plan
    assert labels.COLLABORATION_NOT_SHARED in plan
    minutes = _extract(demo, cf, "minutes", recipient_member_id=school)
    assert bup.name not in minutes and "BUP" not in minutes
    assert "avlastning" not in minutes.casefold()  # the respite decision and agenda point
    assert "Organisert friminutt innføres" in minutes  # the school's own decision
    # An agenda point belongs to no service: it goes only to consents of every service (share less).
    assert "Friminutt og venner" not in minutes
    assert "Saker som samtykket ikke omfatter, er ikke med i dette utdraget." in minutes


def test_jonas_peer_supporter_gets_no_treatment_information(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    peer = _member(cf, "Likepersonstjenesten Fjordvik")
    minutes = _extract(demo, cf, "minutes", recipient_member_id=peer)
    for leak in ("Medisinen hentes", "Medisinutlevering", "ruspoliklinikken", "DPS", "Per Einar Lund"):
        assert leak not in minutes, leak
    assert "Jonas starter gjeldsrådgivning hos NAV." in minutes


def test_jonas_sister_outside_the_group_receives_the_minutes(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    lene = next(r for r in cf.related if r.name == "Lene Berg Haugen")
    assert not any(m.name == lene.name for m in cf.members)
    minutes = _extract(demo, cf, "minutes", recipient_related_id=lene.id)
    assert "Utdrag for Lene Berg Haugen (søster)" in minutes
    assert "Jonas starter gjeldsrådgivning hos NAV." in minutes and "Medisinen hentes" not in minutes


def test_every_demo_consent_matches_what_its_recipients_get(demo: Services) -> None:
    """Every recipient of every valid demo consent gets an extract; only the person's and a child's
    guardians' copies (the whole plan) carry the national id."""
    for case in demo.list_cases(include_closed=True):
        cf = demo.case_file(case.id)
        for c in cf.consents:
            if not c.is_valid_on(TODAY):
                continue
            for member_id in c.recipient_member_ids:
                text = _extract(demo, cf, "plan", recipient_member_id=member_id)
                whole = may_have_whole_plan(cf, member_recipient(cf, member_id), TODAY)
                if cf.case.national_id:
                    digits = cf.case.national_id
                    printed = digits in text or f"{digits[:6]} {digits[6:]}" in text.replace("\u00a0", " ")
                    assert printed == whole, (case.person_name, member_id)


def _any_extract(services: Services, cf, kind: str, **who) -> str:
    content = services.exports.export(cf.case.id, kind, allow_incomplete=True, **who).rendered.content
    return flat_text(content) if kind in ("plan", "minutes", "handover") else content.decode()


@pytest.mark.parametrize("kind", ["plan", "minutes", "handover", "json", "fhir", "ics"])
def test_a_consent_without_health_names_the_coordinator_but_not_her_health_service(demo: Services, kind) -> None:
    """Jonas' sister and peer supporter may know of NAV, housing and family, not of treatment: the
    coordinator's service "Psykisk helse og rus" says he is in treatment."""
    cf = _case(demo, "Jonas Berg Haugen")
    lene = next(r for r in cf.related if r.name == "Lene Berg Haugen")
    peer = _member(cf, "Likepersonstjenesten Fjordvik")
    for who in ({"recipient_related_id": lene.id}, {"recipient_member_id": peer}):
        text = _any_extract(demo, cf, kind, **who)
        assert "Psykisk helse og rus" not in text and '"health"' not in text, (kind, who)
        if kind in ("plan", "minutes", "handover", "json"):
            assert "Marit Sandvik" in text, (kind, who)
    if kind == "plan":  # his consent has no group section: i) names no services at all
        text = _any_extract(demo, cf, kind, recipient_member_id=peer)
        assert "Tjenester og etater i ansvarsgruppen" not in text
        assert "Koordinator Marit Sandvik, 412 55 801" in text
    if kind == "minutes":
        text = _any_extract(demo, cf, kind, recipient_related_id=lene.id)
        assert "Marit Sandvik Koordinator til stede" in text
    # The coordinator's own copy still says where she works.
    assert "Psykisk helse og rus" in _any_extract(demo, cf, kind) or kind == "ics"


def test_a_list_whose_items_are_all_left_out_says_only_that_they_are_left_out(demo: Services) -> None:
    """Emil's next meeting has six agenda points, none of them tagged school: the school's summons must not
    say there is no agenda right above the sentence that some were left out. (A planned meeting has a
    summons, not minutes: the minutes of it are refused.)"""
    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    planned = next(m for m in cf.meetings if m.status.value == "planned")
    assert len(planned.agenda) == 6
    text = _extract(demo, cf, "summons", recipient_member_id=school, meeting_id=planned.id)
    assert "Saksliste Saker som samtykket ikke omfatter, er ikke med i dette utdraget." in text
    assert "Ingen saksliste registrert" not in text
    # The coordinator's own copy has the whole agenda.
    assert "Emil forteller (første 15 min)" in _extract(demo, cf, "summons", meeting_id=planned.id)
    with pytest.raises(ValidationError, match="ikke holdt ennå"):
        _extract(demo, cf, "minutes", recipient_member_id=school, meeting_id=planned.id)


def test_the_schools_handover_lists_no_contacts_without_the_group_part(demo: Services) -> None:
    """The school's consent has no group part: no contacts (and so no "never confirmed" either)."""
    cf = _case(demo, "Emil Nilsen Strand")
    school = _member(cf, "Bakkely skole")
    mother = next(m for m in cf.members if m.name == "Hilde Nilsen")
    assert mother.last_confirmed is not None
    text = _extract(demo, cf, "handover", recipient_member_id=school)
    # The school's consent has no group part: the handover lists no contacts at all, and says so.
    assert f"Kontakter {labels.NOT_SHARED}" in text
    assert "Hilde Nilsen Mor (foresatt)" not in text and "Kontakt Hilde Nilsen" not in text
    assert mother.phone and mother.phone not in text  # the contact details themselves stay out
    # The coordinator's full handover lists her, with her phone and when it was confirmed.
    full = _extract(demo, cf, "handover")
    when = " ".join(day(mother.last_confirmed).split())
    assert f"Hilde Nilsen Mor (foresatt) {mother.phone}" in full and when in full
