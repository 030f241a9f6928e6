"""The content check: which of the items a-i a plan still lacks, and in plain words what and where.

The list follows § 19 of the 2011 regulation on habilitation, rehabilitation, individual plan and
coordinator, carried on in the 2022 regulation on individual plans in welfare services.

`gaps(case_file, today)` gives, for each missing item, what exactly is missing (naming the members and
measures concerned, for the coordinator's own eyes) and `why_missing` a hint without names (for an extract
to someone else). What each item asks for:

- a) goals, and both the person's resources and needs for services; where they are not mapped yet, the
  field says so ("ikke kartlagt ennå": any text counts, so the plan states it rather than leaves it blank);
- b) a group, and the person takes part: is an active member and was present at a held meeting, or has
  given their view on a decision; a reason why not is recorded as the person's view ("syn: …" in the
  minutes), since that is where the person's own stance is written;
- c) a coordinator;
- d) what the person contributes (when the person is in the group) and what each service contributes;
- e) at least one open measure, each with a scope, a responsible service and a current contact person (a
  member still active in the group), so a measure does not fall when the NAV adviser leaves;
- f) how each open measure is carried out;
- g) the plan period and the revision date;
- h) a valid consent to the plan, and a valid consent naming each participant who gets information;
- i) the collaboration described, or at least two services in the group.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ipterm.domain.messages import N_, Message, joined, message
from ipterm.domain.models import (
    OPEN_MEASURE_STATUSES,
    Attendance,
    CaseFile,
    GoalStatus,
    Measure,
    MeetingStatus,
    Member,
    MemberKind,
)
from ipterm.domain.scoping import consent_gaps

NOT_ASSESSED = N_("ikke kartlagt ennå")  # what a coordinator writes where resources or needs are not mapped yet


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


@dataclass(frozen=True, slots=True)
class Gap:
    """One missing item: `what` says in plain words what is missing and where to fix it, one line each,
    naming members and measures (the coordinator's view); `hint` says it without names."""

    item: PlanItem
    what: tuple[Message, ...]
    hint: Message


def _open_measures(cf: CaseFile) -> list[Measure]:
    return [m for m in cf.measures if m.status in OPEN_MEASURE_STATUSES]


def _measure_label(cf: CaseFile, measure: Measure) -> Message:
    what = " ".join(measure.what.split())
    if len(what) > 50:
        what = what[:49].rstrip() + "…"
    number = cf.measure_numbers().get(measure.id, 0) if measure.id is not None else 0
    return message("Tiltak {number} «{what}»", number=number, what=what)


def _who(member: Member) -> str:
    service = member.organisation.strip() or member.role.strip()
    return f"{member.name} ({service})" if service else member.name


def _person(cf: CaseFile) -> Member | None:
    return next((m for m in cf.members if m.active and m.kind is MemberKind.PERSON), None)


def _check_a(cf: CaseFile, today: date) -> list[Message]:
    out = []
    if not any(g.status is not GoalStatus.DROPPED for g in cf.goals):
        out.append(message("Planen har ingen mål. Legg inn personens mål i fanen Plan."))
    if not cf.case.resources.strip():
        out.append(message(
            "Personens ressurser er ikke skrevet inn. Skriv dem i «Endre saken», feltet «Ressurser», "
            "eller skriv «{not_assessed}» der."
        , not_assessed=Message(NOT_ASSESSED)))  # fmt: skip
    if not cf.case.needs.strip():
        out.append(message(
            "Behovet for tjenester er ikke skrevet inn. Skriv det i «Endre saken», feltet «Behov», "
            "eller skriv «{not_assessed}» der."
        , not_assessed=Message(NOT_ASSESSED)))  # fmt: skip
    return out


def _took_part(cf: CaseFile, person: Member) -> bool:
    held = {m.id for m in cf.meetings if m.status is MeetingStatus.CLOSED}
    if not held:
        return True  # a new plan: being in the group is taking part until the first meeting is held
    return any(
        p.member_id == person.id and p.meeting_id in held and p.attendance is Attendance.PRESENT
        for p in cf.participants
    )


def _check_b(cf: CaseFile, today: date) -> list[Message]:
    if not any(m.active for m in cf.members):
        return [message("Ansvarsgruppen er tom. Legg inn deltakerne i fanen Gruppe, også personen selv.")]
    if any(d.person_view.strip() or d.person_present for d in cf.decisions):
        return []
    person = _person(cf)
    if person is None:
        return [message(
            "Personen selv er ikke med i ansvarsgruppen, og personens syn er ikke ført. Legg personen til i "
            "fanen Gruppe (deltar som planeier), eller før personens syn i et møte («syn: …»), også når det er "
            "hvorfor personen ikke deltar."
        )]  # fmt: skip
    if _took_part(cf, person):
        return []
    return [message(
        "{name} har ikke vært til stede i noe møte, og personens syn er ikke ført i noen beslutning. Før "
        "personens syn i neste møte («syn: …»), også når det er hvorfor personen ikke deltar.",
        name=person.name,
    )]  # fmt: skip


def _check_c(cf: CaseFile, today: date) -> list[Message]:
    if cf.case.coordinator.strip():
        return []
    return [message("Ingen er satt som koordinator. Skriv koordinatoren i «Endre saken», feltet «Koordinator».")]


def _check_d(cf: CaseFile, today: date) -> list[Message]:
    out = []
    person = _person(cf)
    if person is not None and not person.contributes.strip():
        out.append(message(
            "Det står ikke hva {name} selv vil bidra med. Skriv det i fanen Gruppe, på {name}, feltet "
            "«Bidrar med».", name=person.name,
        ))  # fmt: skip
    services = [m for m in cf.members if m.active and m.kind is MemberKind.SERVICE]
    for m in services:
        if not m.contributes.strip():
            out.append(message(
                "Det står ikke hva {who} vil bidra med. Skriv det i fanen Gruppe, på {name}, feltet «Bidrar med».",
                who=_who(m), name=m.name,
            ))  # fmt: skip
    if person is None and not services and not any(m.active and m.contributes.strip() for m in cf.members):
        out.append(message("Det står ikke hva noen vil bidra med. Skriv det i fanen Gruppe, feltet «Bidrar med»."))
    return out


def _check_e(cf: CaseFile, today: date) -> list[Message]:
    measures = _open_measures(cf)
    if not measures:
        return [message("Planen har ingen åpne tiltak. Legg inn tiltakene i fanen Plan.")]
    out: list[Message] = []
    for m in measures:
        label = _measure_label(cf, m)
        if not m.scope.strip():
            out.append(message("{measure} mangler omfang. Skriv det i fanen Plan, feltet «Omfang».", measure=label))
        owner = cf.member(m.responsible_member_id)
        if owner is None:
            out.append(message(
                "{measure} har ingen ansvarlig tjeneste. Velg en ansvarlig i fanen Plan, feltet «Ansvarlig».",
                measure=label,
            ))  # fmt: skip
            continue
        service = owner.organisation.strip()
        if owner.kind is MemberKind.SERVICE and not service:
            out.append(message(
                "{measure}: det står ikke hvilken tjeneste {name} er fra. Skriv tjenesten i fanen Gruppe, på "
                "{name}, feltet «Tjeneste».", measure=label, name=owner.name,
            ))  # fmt: skip
        if not owner.active:
            others = [
                x.name for x in cf.members
                if x.active and service and x.organisation.strip().casefold() == service.casefold()
            ]  # fmt: skip
            if service and others:
                out.append(message(
                    "{measure}: kontaktpersonen {name} er ikke lenger med i ansvarsgruppen. Velg en ny kontaktperson "
                    "hos {service} i fanen Plan, feltet «Ansvarlig» ({others} er fra samme tjeneste).",
                    measure=label, name=owner.name, service=service, others=", ".join(others),
                ))  # fmt: skip
            elif service:
                out.append(message(
                    "{measure}: kontaktpersonen {name} er ikke lenger med i ansvarsgruppen, og ingen andre fra "
                    "{service} er med. Legg inn den nye kontaktpersonen hos {service} i fanen Gruppe, og velg "
                    "vedkommende i fanen Plan, feltet «Ansvarlig».",
                    measure=label, name=owner.name, service=service,
                ))  # fmt: skip
            else:
                out.append(message(
                    "{measure}: den ansvarlige, {name}, er ikke lenger med i ansvarsgruppen. Velg en ny ansvarlig "
                    "i fanen Plan, feltet «Ansvarlig».", measure=label, name=owner.name,
                ))  # fmt: skip
    return out


def _check_f(cf: CaseFile, today: date) -> list[Message]:
    measures = _open_measures(cf)
    if not measures:
        return [message("Planen har ingen åpne tiltak. Legg inn tiltakene i fanen Plan.")]
    return [
        message(
            "{measure}: det står ikke hvordan det skal gjennomføres. Skriv det i fanen Plan, feltet «Hvordan».",
            measure=_measure_label(cf, m),
        )
        for m in measures
        if not m.how.strip()
    ]


def _check_g(cf: CaseFile, today: date) -> list[Message]:
    case = cf.case
    out = []
    if not (case.plan_start and case.plan_end):
        out.append(message("Planperioden mangler. Sett «Plan fra» og «Plan til» i «Endre saken»."))
    if not case.next_revision:
        out.append(message("Datoen for neste revisjon mangler. Sett «Revideres» i «Endre saken»."))
    return out


def _check_h(cf: CaseFile, today: date) -> list[Message]:
    out = []
    if not any(c.covers_plan and c.is_valid_on(today) for c in cf.consents):
        out.append(message(
            "Det finnes ikke noe gyldig samtykke til at planen lages. Registrer samtykket i fanen Samtykker."
        ))  # fmt: skip
    for m in consent_gaps(cf, today):
        out.append(
            message(
                "{who} får opplysninger fra planen uten et gyldig samtykke. Registrer et samtykke som nevner "
                "deltakeren i fanen Samtykker, eller ta deltakeren ut av gruppen i fanen Gruppe.",
                who=_who(m),
            )
        )
    return out


def _check_i(cf: CaseFile, today: date) -> list[Message]:
    organisations = {m.organisation.strip().lower() for m in cf.members if m.active and m.organisation.strip()}
    if cf.case.collaboration.strip() or len(organisations) >= 2:
        return []
    return [
        message("Samarbeidet med andre tjenester er ikke beskrevet. Skriv det i «Endre saken», feltet «Samarbeid».")
    ]


_CHECKS: dict[str, Callable[[CaseFile, date], list[Message]]] = {
    "a": _check_a, "b": _check_b, "c": _check_c, "d": _check_d, "e": _check_e,
    "f": _check_f, "g": _check_g, "h": _check_h, "i": _check_i,
}  # fmt: skip

_HINTS = {
    "a": N_("Legg inn minst ett mål, og både personens ressurser og behov (eller «ikke kartlagt ennå»)."),
    "b": N_("Personen selv må delta i arbeidet med planen, eller det må stå hvorfor ikke."),
    "c": N_("Sett koordinator på saken."),
    "d": N_("Skriv hva personen selv og hver tjeneste vil bidra med."),
    "e": N_("Hvert åpent tiltak trenger omfang, en ansvarlig tjeneste og en kontaktperson som er med i gruppen."),
    "f": N_("Beskriv hvordan hvert tiltak gjennomføres."),
    "g": N_("Sett planperiode og revisjonsdato."),
    "h": N_("Registrer et gyldig samtykke til planen, og et som nevner hver deltaker som får opplysninger."),
    "i": N_("Beskriv samarbeidet med andre tjenester."),
}


def gaps(case_file: CaseFile, today: date) -> tuple[Gap, ...]:
    """The items a-i this plan does not yet cover, in order, each with what is missing and where."""
    out = []
    for item in SECTION_19:
        found = _CHECKS[item.letter](case_file, today)
        if found:
            out.append(Gap(item, tuple(found), Message(_HINTS[item.letter])))
    return tuple(out)


def missing_items(case_file: CaseFile, today: date) -> tuple[PlanItem, ...]:
    """The items a-i this plan does not yet cover, in order."""
    return tuple(g.item for g in gaps(case_file, today))


def why_missing(case_file: CaseFile, item: PlanItem, today: date) -> Message:
    """A short hint on what to add for an item that is missing, naming nobody (fit for an extract)."""
    return Message(_HINTS[item.letter])


def gap_lines(found: tuple[Gap, ...], limit: int | None = None) -> list[Message]:
    """The lines of `found` as the coordinator reads them ("e) Tiltak 2 «…» mangler omfang. …"); past
    `limit` lines, one line says how many more and where to see them all."""
    lines: list[Message] = [joined([f"{g.item.letter}) ", w], "") for g in found for w in g.what]
    if limit is not None and len(lines) > limit:
        rest = len(lines) - limit + 1
        lines = [*lines[: limit - 1], message("… og {n} til: se fanen «Innhold i planen».", n=rest)]
    return lines


def what_is_missing(case_file: CaseFile, item: PlanItem, today: date) -> tuple[Message, ...]:
    """What exactly item `item` lacks and where to fix it, naming members and measures; () when complete."""
    return tuple(_CHECKS[item.letter](case_file, today))
