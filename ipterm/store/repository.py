"""A generic repository over one table: typed rows in and out, link tables, and the audit trail."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ipterm.domain.changes import thing_word
from ipterm.domain.errors import NotFoundError
from ipterm.store.mapping import from_row, row_dict, to_db

if TYPE_CHECKING:
    from ipterm.store.database import Store

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Link:
    """A tuple field kept in a link table: (owner_column -> other_column)."""

    table: str
    owner_column: str
    other_column: str


class Repository(Generic[T]):
    """CRUD for one aggregate table. Every write is audited in the same transaction."""

    def __init__(
        self,
        store: Store,
        cls: type[T],
        table: str,
        *,
        links: dict[str, Link] | None = None,
        order_by: str = "id",
        case_column: str | None = "case_id",
    ) -> None:
        self._store = store
        self.cls = cls
        self.table = table
        self.links = links or {}
        self.order_by = order_by
        self.case_column = case_column
        self.entity = table.rstrip("s") if table != "cases" else "case"

    # -- reading -------------------------------------------------------------------------------
    def _load_links(self, ids: list[int]) -> dict[str, dict[int, tuple[int, ...]]]:
        loaded: dict[str, dict[int, tuple[int, ...]]] = {}
        for field, link in self.links.items():
            by_owner: dict[int, list[int]] = {i: [] for i in ids}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._store.conn.execute(
                    f"SELECT {link.owner_column}, {link.other_column} FROM {link.table} "
                    f"WHERE {link.owner_column} IN ({marks}) ORDER BY {link.other_column}",
                    chunk,
                )
                for owner, other in rows:
                    by_owner[owner].append(other)
            loaded[field] = {k: tuple(v) for k, v in by_owner.items()}
        return loaded

    def _build(self, rows: list[Any]) -> list[T]:
        if not self.links:
            return [from_row(self.cls, row) for row in rows]
        links = self._load_links([row["id"] for row in rows])
        return [from_row(self.cls, row, **{field: links[field][row["id"]] for field in self.links}) for row in rows]

    def where(self, condition: str = "1", params: Iterable[Any] = (), *, limit: int | None = None) -> list[T]:
        sql = f"SELECT * FROM {self.table} WHERE {condition} ORDER BY {self.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._build(self._store.conn.execute(sql, tuple(params)).fetchall())

    def get(self, item_id: int) -> T:
        found = self.where("id = ?", (item_id,))
        if not found:
            # In words: "Fant ikke action_item 9999" named a table.
            raise NotFoundError("{thing} nr. {item_id} finnes ikke.", thing=thing_word(self.entity), item_id=item_id)
        return found[0]

    def find(self, item_id: int | None) -> T | None:
        if item_id is None:
            return None
        found = self.where("id = ?", (item_id,))
        return found[0] if found else None

    def for_case(self, case_id: int) -> list[T]:
        return self.where(f"{self.case_column} = ?", (case_id,))

    def count(self) -> int:
        return int(self._store.conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()[0])

    # -- writing -------------------------------------------------------------------------------
    def _case_id_of(self, obj: Any) -> int | None:
        if self.table == "cases":
            return obj.id
        return getattr(obj, "case_id", None)

    def _write_links(self, item_id: int, obj: Any) -> None:
        for field, link in self.links.items():
            self._store.conn.execute(f"DELETE FROM {link.table} WHERE {link.owner_column} = ?", (item_id,))
            self._store.conn.executemany(
                f"INSERT OR IGNORE INTO {link.table} ({link.owner_column}, {link.other_column}) VALUES (?, ?)",
                [(item_id, other) for other in getattr(obj, field)],
            )

    def add(self, obj: T) -> T:
        values = row_dict(obj, skip=frozenset(self.links) | {"id"})
        if getattr(obj, "id", None) is not None:
            values["id"] = obj.id  # type: ignore[attr-defined]
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        with self._store.transaction():
            cursor = self._store.conn.execute(
                f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", tuple(values.values())
            )
            saved = dataclasses.replace(obj, id=cursor.lastrowid)  # type: ignore[type-var]
            self._write_links(cursor.lastrowid, saved)
            changes = {k: [None, v] for k, v in _audit_values(saved).items() if v not in (None, "", "[]", 0)}
            self._store.audit(self.entity, cursor.lastrowid, self._case_id_of(saved), "create", changes)
        return saved

    def update(self, obj: T) -> T:
        item_id = obj.id  # type: ignore[attr-defined]
        with self._store.transaction():
            before = self.get(item_id)
            old, new = _audit_values(before), _audit_values(obj)
            changes = {k: [old[k], new[k]] for k in new if old.get(k) != new[k]}
            if not changes:
                return obj
            values = row_dict(obj, skip=frozenset(self.links) | {"id"})
            assignments = ", ".join(f"{column} = ?" for column in values)
            self._store.conn.execute(f"UPDATE {self.table} SET {assignments} WHERE id = ?", (*values.values(), item_id))
            self._write_links(item_id, obj)
            self._store.audit(self.entity, item_id, self._case_id_of(obj), "update", changes)
        return obj

    def delete(self, item_id: int) -> None:
        with self._store.transaction():
            before = self.get(item_id)
            self._store.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (item_id,))
            self._store.audit(self.entity, item_id, self._case_id_of(before), "delete", {})

    def change(self, item_id: int, **fields: Any) -> T:
        """Update a few fields of a stored row."""
        return self.update(dataclasses.replace(self.get(item_id), **fields))  # type: ignore[type-var]


def _audit_values(obj: Any) -> dict[str, Any]:
    values = {}
    for field in dataclasses.fields(obj):
        if field.name in {"id", "updated_at"}:
            continue
        value = to_db(getattr(obj, field.name))
        values[field.name] = value
    return values


def audit_json(changes: dict[str, Any]) -> str:
    return json.dumps(changes, ensure_ascii=False, default=str)
