"""Migration 0008: consents written before kinds of information keep the meaning they had."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ipterm.domain.models import ALL_KINDS, ConsentSection, InfoKind
from ipterm.domain.scoping import scope_case_file
from ipterm.services import FixedClock, Services
from ipterm.store import schema
from ipterm.store.connection import open_connection
from ipterm.store.database import Store

KEY = bytes(range(32))
TODAY = date(2026, 11, 22)


def test_an_old_school_consent_still_means_the_schools_own_measures_of_every_kind(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = open_connection(db_path, KEY, create=True)
    schema.migrate(conn, target=7)
    conn.executescript(
        """
        INSERT INTO cases (id, person_name, coordinator) VALUES (1, 'Gammel Sak', 'Kari');
        INSERT INTO members (id, case_id, name, role, kind, organisation) VALUES
            (1, 1, 'Lærer', 'Kontaktlærer', 'service', 'Fjellvik skole'),
            (2, 1, 'Psykolog', 'Psykolog', 'service', 'BUP Fjellvik'),
            (3, 1, 'Veileder', 'Veileder', 'service', 'NAV Fjellvik'),
            (4, 1, 'Mor', 'Mor', 'relative', ''),
            (5, 1, 'Saksbehandler', 'Konsulent', 'service', 'Boligkontoret');
        INSERT INTO measures (id, case_id, what, responsible_member_id) VALUES
            (1, 1, 'Assistent i klassen', 1), (2, 1, 'Samtaler', 2);
        INSERT INTO consents (id, case_id, given_on, method, sections, own_measures_only) VALUES
            (1, 1, '2026-01-01', 'written', '["goals", "measures"]', 1);
        INSERT INTO consent_recipients (consent_id, member_id) VALUES (1, 1);
        """
    )
    conn.close()

    store = Store.open(db_path, key=KEY)
    assert schema.current_version(store.conn) == schema.LATEST_VERSION >= 7
    services = Services(store, FixedClock(TODAY))
    cf = services.case_file(1)
    (consent,) = cf.consents
    assert consent.kinds == ALL_KINDS and consent.own_measures_only and consent.recipient_related_ids == ()
    assert tuple(consent.sections) == (ConsentSection.GOALS, ConsentSection.MEASURES)
    sectors = {m.name: m.sector for m in cf.members}
    assert sectors == {"Lærer": InfoKind.SCHOOL, "Psykolog": InfoKind.HEALTH, "Veileder": InfoKind.NAV, "Mor": None,
                       "Saksbehandler": InfoKind.HOUSING}  # fmt: skip
    school = scope_case_file(cf, 1, TODAY)
    assert [m.what for m in school.measures] == ["Assistent i klassen"]
    store.close()


ORGS = ["Fjellvik skole", "Nordbygda skule", "PPT Fjordvik", "Pedagogisk-psykologisk tjeneste", "BUP Sjøvik",
        "Åsen DPS, ruspoliklinikken", "Fjordvik legesenter", "Skolehelsetjenesten, helsestasjonen", "NAV Fjordvik",
        "Fjordvik Arbeidssenter (VTA)", "Boligkontoret", "Barneverntjenesten", "Hjemmetjenesten Fjordvik sør",
        "Avlastningsboligen Lia", "Logopedtjenesten", "Likepersonstjenesten Fjordvik", "Tjenestekontoret"]  # fmt: skip


def test_the_migration_guesses_sectors_as_the_app_does(db_path: Path) -> None:
    from ipterm.domain.scoping import guess_sector

    db_path.parent.mkdir(parents=True)
    conn = open_connection(db_path, KEY, create=True)
    schema.migrate(conn, target=7)
    conn.execute("INSERT INTO cases (id, person_name) VALUES (1, 'Sak')")
    for n, org in enumerate(ORGS, 1):
        conn.execute("INSERT INTO members (id, case_id, name, role, organisation) VALUES (?, 1, 'X', 'Y', ?)", (n, org))
    schema.migrate(conn)
    got = dict(conn.execute("SELECT organisation, sector FROM members").fetchall())
    conn.close()
    assert got == {org: (k.value if (k := guess_sector(org, "Y")) else None) for org in ORGS}
    assert got["Skolehelsetjenesten, helsestasjonen"] == "health" and got["Pedagogisk-psykologisk tjeneste"] == "school"
