"""A large synthetic caseload for benchmarks: fictional names, synthetic ids, deterministic."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from ipterm.domain.models import Case, Goal, Measure, Member, Note
from ipterm.domain.national_id import synthetic_id
from ipterm.store.database import Store

FIRST = [
    "Ola",
    "Kari",
    "Per",
    "Anne",
    "Jonas",
    "Ingrid",
    "Emil",
    "Sofie",
    "Lars",
    "Nora",
    "Aksel",
    "Hedda",
    "Mats",
    "Sigrid",
    "Ole",
    "Thea",
    "Henrik",
    "Maja",
    "Jakob",
    "Ella",
]
LAST = [
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lie",
    "Moen",
    "Strand",
    "Bakken",
    "Lund",
    "Solberg",
    "Eide",
    "Vik",
    "Fjeld",
    "Brekke",
    "Aas",
]
WORDS = [
    "skole",
    "arbeid",
    "bolig",
    "trening",
    "samtale",
    "avlastning",
    "transport",
    "fastlege",
    "NAV",
    "hjemmetjeneste",
    "støttekontakt",
    "medisin",
    "økonomi",
    "fritid",
    "venner",
    "søvn",
    "mat",
    "lekser",
    "turnus",
    "praksisplass",
    "leilighet",
    "kjøreopplæring",
    "dagsenter",
    "BPA",
    "ergoterapi",
]
ROLES = [
    ("NAV-veileder", "NAV"),
    ("Fastlege", "Legesenteret"),
    ("Kontaktlærer", "Skolen"),
    ("Miljøterapeut", "Psykisk helse"),
    ("Saksbehandler", "Tildelingskontoret"),
    ("Terapeut", "DPS"),
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def build(
    store: Store, *, cases: int, measures_per_case: int, notes_per_case: int, today: date, seed: int = 7
) -> dict[str, int]:
    """Fill `store`; returns row counts. One transaction per case, as a long import would do."""
    rng = random.Random(seed)
    counts = {"cases": 0, "members": 0, "goals": 0, "measures": 0, "notes": 0}
    for n in range(cases):
        with store.transaction():
            born = date(1950, 1, 1) + timedelta(days=n * 11 % 25000)  # distinct dates give distinct ids
            case = store.cases.add(
                Case(
                    person_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                    national_id=synthetic_id(born, individual=rng.randint(0, 999)) if n < 5000 else None,
                    coordinator="Koordinator " + rng.choice(LAST),
                    plan_start=today - timedelta(days=rng.randint(0, 700)),
                    plan_end=today + timedelta(days=rng.randint(30, 700)),
                    next_revision=today + timedelta(days=rng.randint(-30, 300)),
                )
            )
            members = []
            for role, org in rng.sample(ROLES, 4):
                members.append(
                    store.members.add(
                        Member(
                            case_id=case.id,
                            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                            role=role,
                            organisation=org,
                            last_confirmed=today - timedelta(days=rng.randint(0, 400)),
                        )
                    )
                )
            goals = [
                store.goals.add(
                    Goal(
                        case_id=case.id,
                        text=_sentence(rng, 6),
                        evaluate_by=today + timedelta(days=rng.randint(-40, 200)),
                    )
                )
                for _ in range(3)
            ]
            for _ in range(measures_per_case):
                store.measures.add(
                    Measure(
                        case_id=case.id,
                        what=_sentence(rng, 4),
                        goal_ids=(rng.choice(goals).id,),
                        scope="2 t/uke",
                        how=_sentence(rng, 8),
                        responsible_member_id=rng.choice(members).id if rng.random() > 0.05 else None,
                        evaluate_by=today + timedelta(days=rng.randint(-30, 300)),
                        last_confirmed=today - timedelta(days=rng.randint(0, 400)),
                    )
                )
            for _ in range(notes_per_case):
                store.notes.add(
                    Note(
                        case_id=case.id,
                        text=_sentence(rng, 14),
                        written_at=datetime(2026, 1, 1) + timedelta(minutes=rng.randint(0, 400000)),
                    )
                )
        counts["cases"] += 1
        counts["members"] += 4
        counts["goals"] += 3
        counts["measures"] += measures_per_case
        counts["notes"] += notes_per_case
    return counts
