"""The meeting templates shipped for the situations: the file is read strictly, and each template's roles
map to the members of the case's group who have them, naming the roles nobody has."""

from __future__ import annotations

import copy
import tomllib

import pytest

from ipterm import paths
from ipterm.domain.models import PLAN_POINTS, Case, CaseFile, Member, MemberKind
from ipterm.domain.shipped_templates import TemplateDataError, fill_template, parse_templates


def shipped() -> dict:
    return tomllib.loads(paths.meeting_templates_file().read_text(encoding="utf-8"))


def test_the_five_situations_are_shipped_each_with_invitees_writer_and_agenda() -> None:
    templates = parse_templates(shipped())
    assert [t.name for t in templates] == [
        "Oppstartsmøte", "Samarbeidsmøte før utskriving", "Overgangsmøte", "Evaluering og revisjon", "Avslutning",
    ]  # fmt: skip
    for t in templates:
        assert t.invitees and t.agenda and t.minutes_writer == "coordinator"
    start = templates[0].agenda
    assert any("Samtykke" in p for p in start) and any("Koordinator" in p for p in start)
    assert any("Kartlegging" in p for p in start)
    assert PLAN_POINTS in templates[3].agenda  # evaluation goes through the plan's goals and measures


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d["template"][0].update(extra="x"),  # an unknown key
        lambda d: d["template"][0].pop("agenda"),  # a key missing
        lambda d: d["template"][1].update(key=d["template"][0]["key"]),  # two with one key
        lambda d: d["template"][0]["invitees"][0].update(match="alle"),  # an unknown kind of role
        lambda d: d["template"][1]["invitees"][3].update(words=[]),  # a service nobody can be found by
        lambda d: d["template"][0].update(agenda=["Ok", "\x1b[2Jtømt skjerm"]),  # a control character
        lambda d: d["template"][0].update(agenda=[]),  # an empty agenda
        lambda d: d["template"][0].update(name=42),  # a number for a text
        lambda d: d["template"][0].update(minutes_writer="Kari"),  # a writer that is not a role
        lambda d: d.update(other=[]),  # something else at the top
    ],
)
def test_a_broken_file_is_refused_whole(break_it) -> None:
    data = copy.deepcopy(shipped())
    break_it(data)
    with pytest.raises(TemplateDataError) as info:
        parse_templates(data)
    assert "Møtemalene er ugyldige (" in info.value.message("nb")


def test_roles_map_to_the_members_who_have_them_and_unfilled_roles_are_named() -> None:
    discharge = next(t for t in parse_templates(shipped()) if t.key == "utskriving")
    members = (
        Member(1, "Ingrid", "Planeier", id=1, kind=MemberKind.PERSON),
        Member(1, "Randi", "Datter", id=2, kind=MemberKind.RELATIVE),
        Member(1, "Bente", "Koordinator", id=3, organisation="Hjemmetjenesten sør", is_coordinator=True),
        Member(1, "Tone", "Sykehuskoordinator", id=4, organisation="Fjordvik sykehus"),
        Member(1, "Knut", "Lege", id=5, organisation="Sjøsiden legekontor"),
        Member(1, "Sindre", "Fysioterapeut", id=6, organisation="Hverdagsrehabiliteringen"),
        Member(1, "Linda", "Sykepleier", id=7, organisation="Hjemmesykepleien", active=False),
    )
    filled = fill_template(discharge, CaseFile(Case("Ingrid", id=1, coordinator="Bente"), members=members))
    assert dict(filled.invitees) == {1: "Planeier", 2: "Pårørende / foresatte", 3: "Koordinator", 4: "Sykehuset",
                                     5: "Fastlege"}  # fmt: skip
    # the coordinator works in home care, but fills the coordinator's role; Linda has left the group
    assert filled.unfilled_roles == ("Hjemmetjenesten",)
    assert filled.minutes_writer == "Bente"
