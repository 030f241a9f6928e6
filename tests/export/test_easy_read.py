""" "Min plan" and the who-to-call sheet, read back from the PDF: what the person gets, what is never in it
(anything about other people beyond name, role and phone), and how easy the fixed wording is to read."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ipterm.domain.models import CaseFile, ConsentMethod, ConsentSection, InfoKind, MemberKind
from ipterm.domain.national_id import synthetic_id
from ipterm.domain.own_copy import NotTheOwnerError, Voice, about_others, is_minor, voice_for
from ipterm.domain.readability import lix
from ipterm.domain.scoping import member_recipient
from ipterm.export import ExportKind, _personal_payload, render
from ipterm.export.easy_read import plain_text
from ipterm.services import FixedClock, Services
from ipterm.services.demo import open_demo
from tests.export.pdf_tools import flat_text, reader, structure_elements, xmp_value

from ..conftest import TODAY

MARK = "XQZ-LEKKASJE"  # planted wherever "Min plan" must not look


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = open_demo(Path(tmp_path_factory.mktemp("demo")), clock=FixedClock(TODAY))
    yield Services(store, FixedClock(TODAY))
    store.close()


def _case(services: Services, name: str) -> CaseFile:
    case = next(c for c in services.list_cases(include_closed=True) if c.person_name == name)
    return services.case_file(case.id)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in reader(pdf).pages]


def _own(services: Services, cf: CaseFile, kind: str = "easy-read", **kw) -> bytes:
    return services.exports.export(cf.case.id, kind, **kw).rendered.content


# --- the demo's adult: Jonas ------------------------------------------------------------------------


def test_jonas_gets_his_goals_his_part_his_helpers_with_phones_the_meeting_and_his_rights(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    pdf = _own(demo, cf)
    text = flat_text(pdf)
    pages = _pages(pdf)
    assert text.startswith("Min plan Individuell plan for Jonas Berg Haugen")
    # My goals in my own words, sub-goals too.
    assert "«Jeg vil beholde jobben»" in text and "«Jeg vil flytte ut av hybelhuset»" in text
    assert "Tekst i «hermetegn» er mine egne ord." in text
    # What I will do: the person's own contribution, one sentence a line.
    assert "Dette gjør jeg" in text and "Møter til avtalene, fører egen ukeplan" in text
    # Who helps me with what: names and phone numbers, not only departments.
    for name, phone, what in [
        ("Kristoffer Aune", "474 30 612", "Gjeldsrådgivning"),
        ("Hanne Vik", "415 67 220", "Samtalebehandling ved Åsen DPS"),
        ("Geir Amundsen", "406 81 552", "Trening med likeperson"),
    ]:
        at = text.index(name)
        assert phone in text[at : at + 200] and what in text[at : at + 300], name
    # The coordinator, and what to do if something is wrong.
    assert "Koordinatoren min er Marit Sandvik." in text
    assert "Jeg kan ringe Marit Sandvik på 412 55 801." in text
    assert "Da kan jeg klage." in text and "pasient- og brukerombudet" in text
    # When we meet next, and where.
    meeting = min(
        (m for m in cf.meetings if m.status.value == "planned" and m.starts_at.date() >= TODAY),
        key=lambda m: m.starts_at,
    )
    assert f"Vi starter klokka {meeting.starts_at:%H.%M}." in text and meeting.place in text
    # How to withdraw my consent.
    assert "Jeg kan ombestemme meg når jeg vil." in text and "Da sier jeg fra til koordinatoren." in text
    # The who-to-call sheet is the last page.
    assert pages[-1].startswith("Hvem ringer jeg?") and "Ring om" in pages[-1] and "483 90 114" in pages[-1]
    assert "Hvem ringer jeg?" not in " ".join(pages[:-1])


def test_jonas_copy_holds_nothing_about_anyone_else(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    text = flat_text(_own(demo, cf))
    lene = next(r for r in cf.related if r.name == "Lene Berg Haugen")
    assert lene.name not in text and "452 18 334" not in text  # his sister: not in the group, not in his copy
    assert "@example.no" not in text  # no e-mail addresses, only phones
    assert "journal" not in text  # how a measure is carried out stays in the plan
    for member in cf.members:  # other members' own descriptions of their part
        if member.kind is not MemberKind.PERSON and member.contributes:
            assert member.contributes[:40] not in text, member.name
    for note in cf.notes:
        assert note.text[:30] not in text
    for line in cf.meeting_lines:
        assert len(line.text) < 25 or line.text[:30] not in text
    assert "Unntatt offentlighet" not in text and cf.case.national_id not in text.replace(" ", "")


# --- the demo's child: Yusuf, and his parents -------------------------------------------------------


def test_yusuf_is_spoken_to_and_his_mothers_driving_licence_is_not_in_his_plan(demo: Services) -> None:
    cf = _case(demo, "Yusuf Ali")
    assert is_minor(cf, TODAY)
    text = flat_text(_own(demo, cf))
    assert "Målene dine" in text and "Dette gjør du" in text and "Koordinatoren din er Kamilla Bø." in text
    assert "«Jeg vil bli sterk nok til å gå opp bakken til skolen»" in text
    assert "Hjemmeprogram for trening" in text and "465 33 102" in text  # mother helps, by name and phone
    for leak in ("førerkort", "Førerkort", "Aminas", "kvalifiseringsprogram", "far på Teams", "tolk på somali",
                 "fiskebåt", "storesøster", "Storesøster"):  # fmt: skip
        assert leak not in text, leak
    assert "Maria Kolstad" in text  # NAV is on the contact sheet, by name, role and phone only
    assert "Nordbygda skule, personalrommet" in text  # the room, without the parenthesis about the father


@pytest.mark.parametrize("parent", ["Amina Warsame", "Abdirahman Ali"])
def test_the_parents_version_is_about_the_child_and_no_one_else(demo: Services, parent: str) -> None:
    cf = _case(demo, "Yusuf Ali")
    member = next(m for m in cf.members if m.name == parent)
    stored = demo.exports.export(cf.case.id, "easy-read", recipient_member_id=member.id)
    assert f"-til-{member.id}-" in stored.rendered.filename
    text = flat_text(stored.rendered.content)
    assert text.startswith("Planen til Yusuf")
    assert "Målene til Yusuf" in text and "Dette gjør Yusuf" in text and "Disse hjelper Yusuf" in text
    assert "Dere kan ringe Kamilla Bø på 412 86 374." in text and "Hvem ringer dere?" in text
    for leak in ("førerkort", "Aminas", "kvalifiseringsprogram", "tolk på somali", "fiskebåt"):
        assert leak not in text, leak


def test_only_the_person_and_a_childs_guardians_get_min_plan(demo: Services) -> None:
    jonas = _case(demo, "Jonas Berg Haugen")
    nav = next(m for m in jonas.members if m.organisation == "NAV Fjordvik")
    with pytest.raises(NotTheOwnerError, match="Kristoffer Aune"):
        render("easy-read", jonas, TODAY, recipient_member_id=nav.id)
    person = next(m for m in jonas.members if m.kind is MemberKind.PERSON)
    assert voice_for(jonas, member_recipient(jonas, person.id), TODAY) == Voice.SELF
    yusuf = _case(demo, "Yusuf Ali")
    school = next(m for m in yusuf.members if m.organisation == "Nordbygda skule")
    with pytest.raises(NotTheOwnerError):
        render("contacts", yusuf, TODAY, recipient_member_id=school.id)


# --- the contact sheet on its own, large type, the PDF itself -----------------------------------------


def test_the_contact_sheet_alone_is_one_page_of_services_phones_and_what_to_call_about(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    rendered = render("contacts", cf, TODAY)
    assert rendered.filename == f"ip-{cf.case.id}-contacts-{TODAY.isoformat()}.pdf"
    pages = _pages(rendered.content)
    assert len(pages) == 1
    assert pages[0].startswith("Hvem ringer jeg?") and "Er jeg usikker, ringer jeg koordinatoren." in pages[0]
    assert "Marit Sandvik" in pages[0] and "Planen og møtene" in pages[0]
    assert "Trond Eide" in pages[0] and "419 02 457" in pages[0] and "Søknad om kommunal utleiebolig" in pages[0]
    assert "Lene" not in pages[0] and "@" not in pages[0]
    kinds = [k for k, _below in structure_elements(rendered.content)]
    assert {"Table", "TR", "TH", "TD"} <= set(kinds)  # a real table for screen readers


def test_large_type_is_the_same_text_on_more_pages_as_a_tagged_pdf_a(demo: Services) -> None:
    cf = _case(demo, "Emil Nilsen Strand")
    normal = render("easy-read", cf, TODAY)
    large = render("easy-read", cf, TODAY, large_type=True)
    assert large.filename == f"ip-{cf.case.id}-easy-read-stor-{TODAY.isoformat()}.pdf"
    assert len(reader(large.content).pages) > len(reader(normal.content).pages)
    words = lambda pdf: re.sub(r"Versjon \w+ ·.*?Side \d+ av \d+", "", flat_text(pdf)).split()  # noqa: E731
    assert words(large.content) == words(normal.content)
    assert xmp_value(large.content, "pdfaid:part") == "2"
    kinds = {k for k, _below in structure_elements(large.content)}
    assert {"H2", "P"} <= kinds or {"H1", "P"} <= kinds


def test_the_document_language_sets_the_pdfs_language(demo: Services) -> None:
    cf = _case(demo, "Jonas Berg Haugen")
    for lang, tag in (("nn", "nn-NO"), ("en", "en")):
        pdf = render("easy-read", cf, TODAY, language=lang).content
        assert str(reader(pdf).trailer["/Root"].get("/Lang")) == tag


# --- a new case, made as a coordinator makes one, with markers planted --------------------------------


@pytest.fixture
def new_case(services: Services) -> int:
    """A 12-year-old girl: her goals in her own words, a measure for her mother and one for her, notes and
    minutes, a relative's details and another member's contribution, each with a marker."""
    s = services
    born = date(TODAY.year - 12, 5, 3)
    # The birth date only in the fødselsnummer: the age comes from it.
    c = s.create_case("Tiril Sæther Holm", national_id=synthetic_id(born), coordinator="Ola Nordmann",
                      plan_start=TODAY - timedelta(days=30), plan_end=TODAY + timedelta(days=300))  # fmt: skip
    s.add_related(c.id, "Siv Holm", "mor", is_guardian=True, contact="900 11 222", note=f"Mor har migrene {MARK}")
    s.add_related(c.id, "Bjørn Sæther", "far", is_guardian=True, contact="900 33 444")
    tiril = s.add_member(c.id, "Tiril Sæther Holm", "Planeier", kind=MemberKind.PERSON,
                         contributes="Jeg gjør leksene. Jeg sier fra når det er vondt.")  # fmt: skip
    mor = s.add_member(c.id, "Siv Holm", "Mor (foresatt)", kind=MemberKind.RELATIVE, phone="900 11 222",
                       contributes=f"Følger til timer {MARK}")  # fmt: skip
    coord = s.add_member(c.id, "Ola Nordmann", "Koordinator", organisation="Tjenestekontoret", phone="400 00 001",
                         is_coordinator=True)  # fmt: skip
    teacher = s.add_member(c.id, "Kari Lund", "Kontaktlærer", organisation="Bakken skole", phone="400 00 002",
                           contributes=f"Tilrettelegging i timene {MARK}")  # fmt: skip
    nav = s.add_member(c.id, "Per Dahl", "Veileder", organisation="NAV Bakken", phone="400 00 003")
    g1 = s.add_goal(c.id, "Jeg vil ha venner i klassen", is_own_words=True)
    s.add_goal(c.id, "Jeg vil sove bedre", is_own_words=True, parent_id=g1.id)
    g3 = s.add_goal(c.id, "Skolen tilrettelegger for mer ro i timene", is_own_words=False)
    s.add_goal(c.id, f"Mors behandling {MARK}", is_own_words=False)
    s.add_measure(c.id, "Fast plass i klasserommet", goal_ids=[g3.id], responsible_member_id=teacher.id,
                  how=f"Detaljer om opplegget {MARK}", scope="Hver dag")  # fmt: skip
    s.add_measure(c.id, f"Arbeidstrening for mor {MARK}", goal_ids=[g1.id], responsible_member_id=nav.id)
    family = s.add_measure(c.id, f"Samtaler om økonomien hjemme {MARK}", goal_ids=[g1.id],
                           responsible_member_id=coord.id)  # fmt: skip
    s.set_info_kind("measure", family.id, InfoKind.FAMILY)
    s.add_measure(c.id, "Tiril skriver dagbok om søvnen", goal_ids=[g1.id], responsible_member_id=tiril.id)
    s.add_measure(c.id, "Leksehjelp hjemme", goal_ids=[g1.id], responsible_member_id=mor.id)
    s.add_note(c.id, f"Telefon med læreren {MARK}")
    s.add_decision(c.id, f"Besluttet noe om søsken {MARK}", decided_on=TODAY - timedelta(days=3))
    s.add_consent(c.id, given_on=TODAY - timedelta(days=30), method=ConsentMethod.WRITTEN,
                  recipient_member_ids=[teacher.id], sections=[ConsentSection.PLAN, ConsentSection.MEASURES],
                  expires_on=TODAY + timedelta(days=335), given_by="Siv Holm")  # fmt: skip
    meeting = s.meetings.plan_meeting(c.id, datetime.combine(TODAY + timedelta(days=10), datetime.min.time())
                                      + timedelta(hours=13, minutes=30), place="Bakken skole, rom 2")  # fmt: skip
    s.meetings.add_line(meeting.id, f"Mor fortalte om {MARK}")
    return c.id


def test_a_new_childs_plan_holds_her_words_her_helpers_and_no_marker(services: Services, new_case: int) -> None:
    cf = services.case_file(new_case)
    assert cf.case.birth_date is not None and is_minor(cf, TODAY)  # derived from the fødselsnummer
    text = flat_text(_own(services, cf))
    assert MARK not in text
    assert "Min plan" in text and "Målene dine" in text
    assert "«Jeg vil ha venner i klassen»" in text and "«Jeg vil sove bedre»" in text
    assert "Skolen tilrettelegger for mer ro i timene" in text and "«Skolen" not in text  # not her words
    assert "Jeg gjør leksene." in text and "Tiril skriver dagbok om søvnen" in text  # what she will do
    assert "Kari Lund" in text and "400 00 002" in text and "Fast plass i klasserommet" in text
    assert "Leksehjelp hjemme" in text and "900 11 222" in text  # her mother helps, by name and phone
    assert "Per Dahl" in text and "400 00 003" in text  # on the contact sheet, with nothing to say of the mother
    assert "migrene" not in text and "900 33 444" not in text  # the relatives' details
    assert "Koordinatoren din er Ola Nordmann." in text and "Du kan ringe Ola Nordmann på 400 00 001." in text
    assert "Vi starter klokka 13.30." in text and "Vi møtes her: Bakken skole, rom 2" in text
    assert "Samtykket gjelder til" in text and "Dere kan ombestemme dere når dere vil." in text
    guardian = next(m for m in cf.members if m.name == "Siv Holm")
    parents = flat_text(_own(services, cf, recipient_member_id=guardian.id))
    assert parents.startswith("Planen til Tiril") and MARK not in parents
    related = next(r for r in cf.related if r.name == "Bjørn Sæther")
    father = flat_text(_own(services, cf, recipient_related_id=related.id))  # a guardian outside the group
    assert father.startswith("Planen til Tiril") and MARK not in father
    sheet = flat_text(_own(services, cf, "contacts"))
    assert MARK not in sheet and "Kari Lund" in sheet and "Hvem ringer du?" in sheet


def test_about_others_catches_names_relations_genitives_and_the_family_kind(services, new_case: int) -> None:
    cf = services.case_file(new_case)
    assert about_others(cf, "Førerkort for mor") and about_others(cf, "Sivs kurs") and about_others(cf, "Bjørn")
    assert about_others(cf, "Hva som helst", InfoKind.FAMILY)
    assert not about_others(cf, "Morgenene hjemme") and not about_others(cf, "Foreldremøte på skolen")
    assert not about_others(cf, "Tiril Holm trener")  # her own surname is hers, though her mother has it too


# --- reading level ------------------------------------------------------------------------------------


def _fixed_and_own_words(cf: CaseFile, voice: str) -> tuple[str, str]:
    """The generated text, and the same without what the services wrote (measure titles, names, roles,
    services): the fixed wording with the person's own words, which is what must read easily."""
    payload = _personal_payload(ExportKind.EASY_READ, cf, TODAY, voice, "", False, False)
    whole = plain_text(payload)
    theirs = {m.what.strip() for m in cf.measures}
    for m in cf.members:
        theirs |= {m.name.strip(), m.role.strip(), m.organisation.strip(), m.phone.strip()}
        theirs.add(", ".join(p for p in (m.role.strip(), m.organisation.strip()) if p))
        theirs.add(f"Telefon: {m.phone.strip()}")
    kept = [line for line in whole.split("\n") if line not in theirs]
    return whole, "\n".join(kept)


@pytest.mark.parametrize("name", ["Jonas Berg Haugen", "Yusuf Ali", "Ingrid Solheim", "Emil Nilsen Strand"])
def test_the_fixed_wording_reads_easily_lix_35_or_under(demo: Services, name: str) -> None:
    cf = _case(demo, name)
    voices = [voice_for(cf, None, TODAY)] + ([Voice.GUARDIAN] if is_minor(cf, TODAY) else [])
    pdf = flat_text(render("easy-read", cf, TODAY).content)
    for voice in voices:
        _whole, fixed = _fixed_and_own_words(cf, voice)
        assert lix(fixed).value <= 35, (voice, lix(fixed))
        assert lix(fixed).words > 120  # the measure saw the document, not a fragment
    for line in _fixed_and_own_words(cf, voices[0])[0].split("\n"):  # the measured text is what is printed
        assert " ".join(line.split()) in pdf, line


def test_a_new_cases_plan_reads_easily(services: Services, new_case: int) -> None:
    cf = services.case_file(new_case)
    for voice in (Voice.CHILD, Voice.GUARDIAN):
        whole, fixed = _fixed_and_own_words(cf, voice)
        assert lix(fixed).value <= 35, (voice, lix(fixed))
        assert lix(whole).value <= 35, (voice, lix(whole))


def test_lix_counts_words_sentences_and_long_words() -> None:
    measured = lix("Jeg vil beholde jobben.\nKoordinatoren ringer meg: 412 55 801")
    assert (measured.words, measured.sentences, measured.long_words) == (7, 2, 2)  # a phone number is no word
    assert measured.value == pytest.approx(7 / 2 + 100 * 2 / 7)
