"""The § 19 completeness check: which of the items a-i a plan still lacks.

The list follows § 19 of the 2011 regulation on habilitation, rehabilitation, individual plan and
coordinator, carried on in the 2022 regulation on individual plans in welfare services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ipterm.domain.messages import N_
from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, GoalStatus


@dataclass(frozen=True, slots=True)
class PlanItem:
    letter: str
    title: str


SECTION_19: tuple[PlanItem, ...] = (
    PlanItem("a", N_("Tjenestemottakerens mål, ressurser og behov for tjenester")),
    PlanItem("b", N_("Hvem som deltar i arbeidet med planen")),
    PlanItem("c", N_("Hvem som er koordinator")),
    PlanItem("d", N_("Hva tjenestemottakeren, tjenesteyterne og eventuelle pårørende vil bidra med i planarbeidet")),
    PlanItem("e", N_("Hvilke tiltak som er aktuelle, omfanget av dem og hvem som er ansvarlig")),
    PlanItem("f", N_("Hvordan tiltakene skal gjennomføres")),
    PlanItem("g", N_("Planperioden og når planen skal justeres eller revideres")),
    PlanItem("h", N_("Tjenestemottakerens samtykke til planen og til at deltakerne får taushetsbelagte opplysninger")),
    PlanItem("i", N_("Nødvendig eller ønskelig samarbeid med andre tjenesteytere, institusjoner og etater")),
)  # fmt: skip

ITEMS = {item.letter: item for item in SECTION_19}


def _open_measures(cf: CaseFile) -> list:
    return [m for m in cf.measures if m.status in OPEN_MEASURE_STATUSES]


def _has_a(cf: CaseFile, today: date) -> bool:
    goals = [g for g in cf.goals if g.status is not GoalStatus.DROPPED]
    return bool(goals) and bool(cf.case.resources.strip() or cf.case.needs.strip())


def _has_b(cf: CaseFile, today: date) -> bool:
    return any(m.active for m in cf.members)


def _has_c(cf: CaseFile, today: date) -> bool:
    return bool(cf.case.coordinator.strip())


def _has_d(cf: CaseFile, today: date) -> bool:
    return any(m.active and m.contributes.strip() for m in cf.members)


def _has_e(cf: CaseFile, today: date) -> bool:
    measures = _open_measures(cf)
    return bool(measures) and all(m.scope.strip() and m.responsible_member_id is not None for m in measures)


def _has_f(cf: CaseFile, today: date) -> bool:
    measures = _open_measures(cf)
    return bool(measures) and all(m.how.strip() for m in measures)


def _has_g(cf: CaseFile, today: date) -> bool:
    case = cf.case
    return bool(case.plan_start and case.plan_end and case.next_revision)


def _has_h(cf: CaseFile, today: date) -> bool:
    return any(c.covers_plan and c.is_valid_on(today) for c in cf.consents)


def _has_i(cf: CaseFile, today: date) -> bool:
    organisations = {m.organisation.strip().lower() for m in cf.members if m.active and m.organisation.strip()}
    return bool(cf.case.collaboration.strip()) or len(organisations) >= 2


_CHECKS: dict[str, Callable[[CaseFile, date], bool]] = {
    "a": _has_a, "b": _has_b, "c": _has_c, "d": _has_d, "e": _has_e,
    "f": _has_f, "g": _has_g, "h": _has_h, "i": _has_i,
}  # fmt: skip


def missing_items(case_file: CaseFile, today: date) -> tuple[PlanItem, ...]:
    """The items a-i this plan does not yet cover, in order."""
    return tuple(item for item in SECTION_19 if not _CHECKS[item.letter](case_file, today))


def why_missing(case_file: CaseFile, item: PlanItem, today: date) -> str:
    """A short hint (a message id) on what to add for an item that is missing."""
    hints = {
        "a": N_("Legg inn minst ett mål og personens ressurser eller behov."),
        "b": N_("Legg inn ansvarsgruppen."),
        "c": N_("Sett koordinator på saken."),
        "d": N_("Skriv hva hver deltaker bidrar med."),
        "e": N_("Hvert åpent tiltak trenger omfang og en ansvarlig."),
        "f": N_("Beskriv hvordan hvert tiltak gjennomføres."),
        "g": N_("Sett planperiode og revisjonsdato."),
        "h": N_("Registrer et gyldig samtykke til planen."),
        "i": N_("Beskriv samarbeidet med andre tjenester."),
    }
    return hints[item.letter]
