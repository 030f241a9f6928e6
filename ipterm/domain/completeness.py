"""The § 19 completeness check: which of the items a-i a plan still lacks.

The list follows § 19 of the 2011 regulation on habilitation, rehabilitation, individual plan and
coordinator, carried on in the 2022 regulation on individual plans in welfare services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ipterm.domain.models import OPEN_MEASURE_STATUSES, CaseFile, GoalStatus


@dataclass(frozen=True, slots=True)
class PlanItem:
    letter: str
    title_nb: str
    title_en: str

    def title(self, language: str = "nb") -> str:
        return self.title_en if language == "en" else self.title_nb


SECTION_19: tuple[PlanItem, ...] = (
    PlanItem("a", "Personens mål, ressurser og behov for tjenester",
             "The person's goals, resources and needs for services"),
    PlanItem("b", "Hvem som deltar i arbeidet med planen", "Who takes part in the work on the plan"),
    PlanItem("c", "Hvem som er koordinator", "Who the coordinator is"),
    PlanItem("d", "Hva personen, tjenesteyterne og eventuelle pårørende skal bidra med",
             "What the person, the service providers and any relatives will contribute"),
    PlanItem("e", "Hvilke tiltak som er aktuelle, omfanget av dem og hvem som er ansvarlig",
             "Which measures are relevant, their scope and who is responsible"),
    PlanItem("f", "Hvordan tiltakene skal gjennomføres", "How the measures will be carried out"),
    PlanItem("g", "Planperioden og når planen skal justeres eller revideres",
             "The plan period and when the plan will be adjusted or revised"),
    PlanItem("h", "Personens samtykke til planen og til at deltakerne får taushetsbelagte opplysninger",
             "The person's consent to the plan and to participants getting confidential information"),
    PlanItem("i", "Nødvendig eller ønskelig samarbeid med andre tjenesteytere, institusjoner og etater",
             "Necessary or desirable collaboration with other providers, institutions and agencies"),
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
    """The § 19 items this plan does not yet cover, in order a-i."""
    return tuple(item for item in SECTION_19 if not _CHECKS[item.letter](case_file, today))


def why_missing(case_file: CaseFile, item: PlanItem, today: date) -> tuple[str, str]:
    """A short hint (nb, en) on what to add for an item that is missing."""
    hints = {
        "a": ("Legg inn minst ett mål og personens ressurser eller behov.", "Add a goal and resources or needs."),
        "b": ("Legg inn ansvarsgruppen.", "Add the responsibility group."),
        "c": ("Sett koordinator på saken.", "Set the coordinator."),
        "d": ("Skriv hva hver deltaker bidrar med.", "Write what each participant contributes."),
        "e": ("Hvert åpent tiltak trenger omfang og en ansvarlig.", "Each open measure needs scope and an owner."),
        "f": ("Beskriv hvordan hvert tiltak gjennomføres.", "Describe how each measure is carried out."),
        "g": ("Sett planperiode og revisjonsdato.", "Set the plan period and revision date."),
        "h": ("Registrer et gyldig samtykke til planen.", "Record a valid consent to the plan."),
        "i": ("Beskriv samarbeidet med andre tjenester.", "Describe the collaboration with other services."),
    }
    return hints[item.letter]
