"""Conversion between domain dataclasses and SQLite rows (ISO dates, 0/1 booleans, JSON lists)."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _field_types(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def to_db(value: Any) -> Any:
    if value is None or (isinstance(value, str | int | float | bytes) and not isinstance(value, Enum | bool)):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return json.dumps([to_db(v) for v in value], ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    raise TypeError(f"cannot store {type(value).__name__}")


def from_db(value: Any, tp: Any) -> Any:
    tp = _strip_optional(tp)
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin is tuple:
        (inner, *_rest) = typing.get_args(tp)
        items = json.loads(value) if isinstance(value, str) else value
        return tuple(from_db(v, inner) for v in items)
    if origin is dict:
        return json.loads(value)
    if tp is bool:
        return bool(value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    return value


def row_dict(obj: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Column values for a dataclass instance, leaving out `skip` (link-table fields)."""
    return {f.name: to_db(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in skip}


def from_row(cls: type[T], row: Any, **extra: Any) -> T:
    """Build a dataclass from a sqlite Row; `extra` supplies fields that are not columns."""
    types_ = _field_types(cls)
    keys = row.keys()
    values = {name: from_db(row[name], tp) for name, tp in types_.items() if name in keys and name not in extra}
    return cls(**values, **extra)
