"""One row format for every benchmark, so `bench/run` can print them all in one table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: str
    target: str = ""
    peer: str = ""  # the peer or baseline figure, with its name where it is not obvious
    ratio: str = ""
    ok: bool | None = None  # against the target; None when there is no target


def table(figures: Sequence[Figure], title: str = "") -> str:
    widths = [max(len(f.name) for f in figures), 12, 10, 22, 8]
    head = ("figure", "value", "target", "peer / baseline", "ratio")
    lines = [title] if title else []
    lines.append("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  met")
    lines.append("  ".join("-" * w for w in widths) + "  ---")
    for f in figures:
        met = "" if f.ok is None else ("yes" if f.ok else "NO")
        cells = (f.name, f.value, f.target, f.peer, f.ratio)
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + f"  {met}")
    return "\n".join(lines)
