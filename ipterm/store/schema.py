"""Versioned schema migrations: numbered SQL files, each applied in its own transaction.

`PRAGMA user_version` is the schema version. A migration that fails rolls back completely and leaves
the database at the version before it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import sqlcipher3

from ipterm.store.errors import SchemaTooNewError

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """Split into complete statements (trigger bodies contain semicolons of their own)."""
        out: list[str] = []
        buffer = ""
        for line in self.sql.splitlines(keepends=True):
            if not buffer and (not line.strip() or line.lstrip().startswith("--")):
                continue
            buffer += line
            if sqlcipher3.complete_statement(buffer):
                out.append(buffer.strip())
                buffer = ""
        if buffer.strip():
            raise ValueError(f"incomplete statement at end of migration {self.name}")
        return out


def available_migrations() -> list[Migration]:
    found = []
    for entry in resources.files("ipterm.store.migrations").iterdir():
        if m := _NAME.match(entry.name):
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migration numbers must run 1..n without gaps, found {versions}")
    return found


LATEST_VERSION = len(available_migrations())


def current_version(conn: sqlcipher3.dbapi2.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlcipher3.dbapi2.Connection, *, target: int | None = None) -> list[int]:
    """Bring the schema up to `target` (default: latest). Returns the versions applied.

    Raises:
        SchemaTooNewError: the database was written by a newer ipterm.
    """
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise SchemaTooNewError("Databasen er laget av en nyere ipterm. Oppdater ipterm før du åpner den.")
    goal = LATEST_VERSION if target is None else target
    applied = []
    for migration in available_migrations():
        if version < migration.version <= goal:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in migration.statements():
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {migration.version}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            log.info("applied migration %04d_%s", migration.version, migration.name)
            applied.append(migration.version)
    return applied
