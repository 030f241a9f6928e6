"""Database files that come from outside (a handover package, a backup): read, never trusted.

Such a file carries data only. Its schema is SQL that SQLite would run while reading it (generated
columns, views, triggers, partial-index expressions), so before anything else is read its `sqlite_master`
and every table's columns must equal, object for object, what ipterm's own migrations build for the
file's `user_version` in an empty in-memory database. Column lists and foreign keys used to copy data
come from that reference, never from the file.

The connection is opened read-only with `query_only`, `trusted_schema = OFF`, `cell_size_check = ON`
and an authorizer that lets it read only `sqlite_master` and the tables asked for. SQLite's defensive
mode (`SQLITE_DBCONFIG_DEFENSIVE`) and `SQLITE_LIMIT_LENGTH` are set where the driver exposes them
(`setconfig` / `setlimit`; sqlcipher3 0.6 has neither); the row and byte caps of `read_rows` hold
either way, and with the exact-schema check no stored expression runs at all.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from ipterm.domain.errors import IptermError
from ipterm.store.connection import Connection
from ipterm.store.schema import migrate

log = logging.getLogger(__name__)

dbapi = sqlcipher3.dbapi2

# Caps on what one table of an outside file may bring in. Exports hold rendered PDFs; the others text.
MAX_ROWS_PER_TABLE = 100_000
MAX_BYTES_PER_TABLE = 32 * 2**20
MAX_BYTES_BY_TABLE = {"exports": 512 * 2**20}
MAX_VALUE_BYTES = 64 * 2**20  # what SQLITE_LIMIT_LENGTH would say, where the driver lets us set it

_SQLITE_LIMIT_LENGTH = 0
_SQLITE_DBCONFIG_DEFENSIVE = 1010
_PRAGMAS = {"table_xinfo", "integrity_check", "cipher_integrity_check", "application_id", "user_version",
            "trusted_schema", "cell_size_check", "query_only", "mmap_size", "data_version"}  # fmt: skip
_FUNCTIONS = {"count"}


class FileFormatError(IptermError):
    """Not a backup or package this ipterm can read, or the wrong kind of file for the command."""


class SchemaMismatchError(FileFormatError):
    """The file's schema is not the one ipterm's migrations give for its version."""


class TooLargeError(FileFormatError):
    """A table in the file is over the caps."""


def schema_refused(name: str) -> SchemaMismatchError:
    return SchemaMismatchError(
        "{name} er avvist: databaseskjemaet i filen er ikke det ipterm lager "
        "(ekstra eller endrede tabeller, kolonner, indekser, triggere eller "
        "visninger). Ingenting er lest eller endret.",
        name=name,
    )


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Schema:
    """A normalised picture of a database's schema."""

    objects: frozenset[tuple[str, str, str, str]]  # type, name, table, sql (normalised)
    columns: dict[str, tuple[tuple[Any, ...], ...]]  # table -> PRAGMA table_xinfo rows

    def tables(self) -> list[str]:
        return sorted(name for kind, name, _t, _s in self.objects if kind == "table")


@dataclass(frozen=True, slots=True)
class Reference:
    """ipterm's own schema at one version: what a file of that version must look like, and how to copy it."""

    version: int
    schema: Schema
    foreign_keys: dict[str, dict[str, str]]  # table -> column -> referenced table
    virtual: frozenset[str]  # virtual tables and their shadow tables

    def column_names(self, table: str) -> list[str]:
        """The stored columns of `table` (no hidden or generated ones; ipterm's schema has none)."""
        return [row[1] for row in self.schema.columns[table] if row[6] == 0]

    def declared_type(self, table: str, column: str) -> str:
        return next(str(row[2]).upper() for row in self.schema.columns[table] if row[1] == column)


_QUOTED_NAME = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"')
_SPACE = re.compile(r"\s+")


def _normalise(sql: str | None) -> str:
    # SQLite keeps CREATE statements as written, except that ALTER TABLE ... RENAME quotes the new name;
    # quotes around a plain name and runs of white space carry no meaning here.
    return _SPACE.sub(" ", _QUOTED_NAME.sub(r"\1", sql or "")).strip()


def schema_of(conn: Connection) -> Schema:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    objects = frozenset((str(t), str(n), str(tb), _normalise(s)) for t, n, tb, s in rows)
    return Schema(objects, {})


def _columns(conn: Connection, tables: Iterable[str]) -> dict[str, tuple[tuple[Any, ...], ...]]:
    return {t: tuple(tuple(r) for r in conn.execute(f"PRAGMA table_xinfo({quote(t)})")) for t in tables}


@functools.cache
def reference(version: int) -> Reference:
    """ipterm's schema at `version`, built by running the migrations in an empty in-memory database."""
    conn = dbapi.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, target=version)
        bare = schema_of(conn)
        schema = Schema(bare.objects, _columns(conn, bare.tables()))
        virtual = {name for kind, name, _t, sql in bare.objects
                   if kind == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")}  # fmt: skip
        virtual |= {t for t in bare.tables() if any(t.startswith(v + "_") for v in virtual)}
        foreign_keys = {
            t: {str(r[3]): str(r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({quote(t)})")}
            for t in bare.tables()
            if t not in virtual
        }
    finally:
        conn.close()
    return Reference(version, schema, foreign_keys, frozenset(virtual))


def require_exact_schema(conn: Connection, version: int, name: str) -> Reference:
    """Refuse the file unless its schema is exactly ipterm's at `version`. Returns that reference.

    Raises:
        SchemaMismatchError
    """
    expected = reference(version)
    found = schema_of(conn)
    extra = found.objects - expected.schema.objects
    missing = expected.schema.objects - found.objects
    if extra or missing:
        # Object names only (they are the file's, not the user's data); never the rows.
        differ = sorted(repr(o[:2])[:80] for o in extra | missing)[:5]
        log.warning("refused %s: schema differs from version %d (%d extra, %d missing: %s)", name, version,
                    len(extra), len(missing), differ)  # fmt: skip
        raise schema_refused(name)
    columns = _columns(conn, expected.schema.tables())
    if columns != expected.schema.columns:
        log.warning("refused %s: columns differ from version %d", name, version)
        raise schema_refused(name)
    return expected


def harden(conn: Connection) -> None:
    """Settings for a connection to a file from outside (before its schema is first read)."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA mmap_size = 0")
    setconfig = getattr(conn, "setconfig", None)
    if setconfig is not None:
        setconfig(getattr(dbapi, "SQLITE_DBCONFIG_DEFENSIVE", _SQLITE_DBCONFIG_DEFENSIVE), True)
    setlimit = getattr(conn, "setlimit", None)
    if setlimit is not None:
        setlimit(getattr(dbapi, "SQLITE_LIMIT_LENGTH", _SQLITE_LIMIT_LENGTH), MAX_VALUE_BYTES)


def allow_reading(conn: Connection, tables: Iterable[str], version: int) -> None:
    """Let `conn` read `sqlite_master` and `tables` (any case) and run the checks, nothing else. The
    full-text index's own tables are read by the integrity check."""
    allowed = {t.lower() for t in tables} | {"sqlite_master", "sqlite_schema"}
    allowed |= {t.lower() for t in reference(version).virtual}

    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _src: str | None) -> int:
        if action == dbapi.SQLITE_SELECT:
            return dbapi.SQLITE_OK
        if action == dbapi.SQLITE_READ and (arg1 or "").lower() in allowed:
            return dbapi.SQLITE_OK
        if action == dbapi.SQLITE_PRAGMA and (arg1 or "").lower() in _PRAGMAS:
            return dbapi.SQLITE_OK
        if action == dbapi.SQLITE_FUNCTION and (arg2 or "").lower() in _FUNCTIONS:
            return dbapi.SQLITE_OK
        log.info("denied to an outside file: action %s on %r %r", action, arg1, arg2)
        return dbapi.SQLITE_DENY

    conn.set_authorizer(authorize)


def open_read_only(path: Path, pragma_key: str) -> Connection:
    """A keyed, hardened connection that cannot change the file (no journal switch, no WAL beside it)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = dbapi.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{pragma_key}"')
        harden(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _size(value: object) -> int:
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    return 8


def capped(rows: Iterable[tuple[Any, ...]], table: str, name: str) -> Iterator[tuple[Any, ...]]:
    """`rows` as they come, refused once the table passes its row or byte cap.

    Raises:
        TooLargeError
    """
    limit = MAX_BYTES_BY_TABLE.get(table, MAX_BYTES_PER_TABLE)
    total = 0
    for count, row in enumerate(rows, start=1):
        sizes = [_size(v) for v in row]
        total += sum(sizes)
        if count > MAX_ROWS_PER_TABLE or total > limit or max(sizes, default=0) > MAX_VALUE_BYTES:
            log.warning("refused %s: table %s over its caps (%d rows, %d bytes so far)", name, table, count, total)
            raise TooLargeError(
                "{name} er avvist: tabellen «{table}» er større enn ipterm tar imot "
                "(høyst {max_rows_per_table} rader og {value} MiB). Ingenting er "
                "importert.",
                name=name,
                table=table,
                max_rows_per_table=MAX_ROWS_PER_TABLE,
                value=limit // 2**20,
            )
        yield row
