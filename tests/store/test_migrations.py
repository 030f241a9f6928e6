"""Schema versions move forward one transaction at a time, keeping the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipterm.store import schema
from ipterm.store.connection import open_connection
from ipterm.store.database import Store
from ipterm.store.errors import SchemaTooNewError

KEY = bytes(range(32))


def test_old_version_database_is_upgraded_with_its_data(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = open_connection(db_path, KEY, create=True)
    assert schema.migrate(conn, target=1) == [1]
    conn.execute("INSERT INTO cases (person_name, coordinator) VALUES ('Gammel Sak', 'Kari')")
    conn.execute("INSERT INTO goals (case_id, text) VALUES (1, 'Bo hjemme')")
    conn.execute("INSERT INTO notes (case_id, written_at, text) VALUES (1, '2025-01-01T10:00:00', 'ringte')")
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'exports'").fetchall()
    conn.close()

    store = Store.open(db_path, key=KEY)
    assert schema.current_version(store.conn) == schema.LATEST_VERSION > 1
    assert store.conn.execute("SELECT name FROM sqlite_master WHERE name = 'exports'").fetchall()
    assert [c.person_name for c in store.cases.where()] == ["Gammel Sak"]
    assert [g.text for g in store.goals.for_case(1)] == ["Bo hjemme"]
    assert store.conn.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'ringte'").fetchone()[0] == 1
    store.close()


def test_failed_migration_rolls_back_completely(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path.parent.mkdir(parents=True)
    conn = open_connection(db_path, KEY, create=True)
    schema.migrate(conn, target=1)
    broken = schema.Migration(2, "broken", "CREATE TABLE half_done (x);\nTHIS IS NOT SQL;\n")
    monkeypatch.setattr(schema, "available_migrations", lambda: [_first(), broken])
    with pytest.raises(Exception):  # noqa: B017 - any SQLite error; what matters is the state after it
        schema.migrate(conn, target=2)
    assert schema.current_version(conn) == 1
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall()
    conn.close()


def _first() -> schema.Migration:
    return next(m for m in _ALL if m.version == 1)


_ALL = schema.available_migrations()


def test_database_from_a_newer_ipterm_is_refused(db_path: Path) -> None:
    Store.open(db_path, key=KEY, create=True).close()
    conn = open_connection(db_path, KEY)
    conn.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaTooNewError) as info:
        Store.open(db_path, key=KEY)
    assert "nyere ipterm" in info.value.message("nb")


def test_statement_splitting_keeps_trigger_bodies_whole() -> None:
    first = _first()
    statements = first.statements()
    triggers = [s for s in statements if s.startswith("CREATE TRIGGER")]
    assert triggers and all(s.rstrip().endswith("END;") for s in triggers)
