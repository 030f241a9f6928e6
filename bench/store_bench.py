"""Store benchmark: unlock (KDF and the rest), insert rate, FTS search, due query, on SQLCipher and on the
same SQLite library without a key (the plaintext baseline), in one run.

    uv run python bench/store_bench.py [--cases 2000] [--quick]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlcipher3
from report import Figure, table
from synthetic import WORDS, build

from ipterm.domain.due import DueWindow
from ipterm.store import queries
from ipterm.store.database import Store
from ipterm.store.keys import KdfParams, derive_key
from ipterm.store.schema import migrate

TODAY = date(2026, 11, 22)
KEY = bytes(range(32))


def open_plain(path: Path) -> Store:
    """The same schema and code on the same SQLite library, without encryption."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlcipher3.dbapi2.Row
    for pragma in (
        "journal_mode = WAL",
        "foreign_keys = ON",
        "synchronous = FULL",
        "temp_store = MEMORY",
        "cache_size = -32000",
    ):
        conn.execute(f"PRAGMA {pragma}")
    migrate(conn)
    return Store(conn, path)


def open_encrypted(path: Path, *, create: bool = False) -> Store:
    return Store.open(path, key=KEY, create=create)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def workload(label: str, opener, path: Path, args: argparse.Namespace) -> dict[str, float]:
    store = opener(path, create=True) if opener is open_encrypted else opener(path)
    start = time.perf_counter()
    counts = build(store, cases=args.cases, measures_per_case=args.measures, notes_per_case=args.notes, today=TODAY)
    elapsed = time.perf_counter() - start
    rows = sum(counts.values())
    store.close()

    start = time.perf_counter()
    store = opener(path)
    store.conn.execute("SELECT count(*) FROM cases").fetchone()
    open_s = time.perf_counter() - start

    rng = random.Random(3)
    searches = []
    for _ in range(args.queries):
        text = " ".join(rng.sample(WORDS, rng.choice([1, 1, 2])))
        if rng.random() < 0.3:
            text = text[: max(2, len(text) // 2)]  # a prefix, as while typing
        t0 = time.perf_counter()
        queries.search(store.conn, text, limit=50)
        searches.append((time.perf_counter() - t0) * 1000)
    dues = []
    for _ in range(15):
        t0 = time.perf_counter()
        items = queries.due_items(store.conn, DueWindow(today=TODAY))
        dues.append((time.perf_counter() - t0) * 1000)
    loads = []
    for case_id in rng.sample(range(1, args.cases + 1), min(50, args.cases)):
        t0 = time.perf_counter()
        store.load_case_file(case_id)
        loads.append((time.perf_counter() - t0) * 1000)
    size_mb = path.stat().st_size / 1e6
    store.close()
    print(f"  [{label}] {rows:,} rows in {elapsed:.1f} s; db {size_mb:.0f} MB; due items {len(items)}", flush=True)
    return {
        "insert_rows_per_s": rows / elapsed,
        "open_ms": open_s * 1000,
        "search_p50_ms": statistics.median(searches),
        "search_p95_ms": pct(searches, 95),
        "due_ms": statistics.median(dues),
        "case_file_ms": statistics.median(loads),
    }


def figures(*, cases: int = 2000, measures: int = 10, notes: int = 50, queries: int = 300) -> list[Figure]:
    args = argparse.Namespace(cases=cases, measures=measures, notes=notes, queries=queries)
    params = KdfParams.new()
    kdf_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        derive_key("en passordfrase for måling", params)
        kdf_times.append((time.perf_counter() - t0) * 1000)
    print(f"store: {cases} cases, {cases * measures:,} measures, {cases * notes:,} notes", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        enc = workload("SQLCipher", open_encrypted, Path(tmp) / "enc" / "ipterm.db", args)
        (Path(tmp) / "plain").mkdir()
        plain = workload("plain SQLite", open_plain, Path(tmp) / "plain" / "ipterm.db", args)

    def ms(value: float) -> str:
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"

    overhead = statistics.mean([
        plain["insert_rows_per_s"] / enc["insert_rows_per_s"], enc["search_p50_ms"] / plain["search_p50_ms"],
        enc["due_ms"] / plain["due_ms"], enc["case_file_ms"] / plain["case_file_ms"],
    ])  # fmt: skip
    return [
        Figure("unlock: Argon2id KDF (64 MiB, t=3, p=4)", f"{statistics.median(kdf_times):.0f} ms"),
        Figure("unlock: open + first query (no KDF)", ms(enc["open_ms"]), "", f"plain {ms(plain['open_ms'])}",
               f"{enc['open_ms'] / plain['open_ms']:.2f}x"),
        Figure("insert rate (audited, one txn per case)", f"{enc['insert_rows_per_s']:,.0f}/s", "",
               f"plain {plain['insert_rows_per_s']:,.0f}/s",
               f"{plain['insert_rows_per_s'] / enc['insert_rows_per_s']:.2f}x"),
        Figure("FTS search p50", ms(enc["search_p50_ms"]), "", f"plain {ms(plain['search_p50_ms'])}",
               f"{enc['search_p50_ms'] / plain['search_p50_ms']:.2f}x"),
        Figure("FTS search p95", ms(enc["search_p95_ms"]), "< 30 ms", f"plain {ms(plain['search_p95_ms'])}",
               f"{enc['search_p95_ms'] / plain['search_p95_ms']:.2f}x", enc["search_p95_ms"] < 30),
        Figure("due query, all cases", ms(enc["due_ms"]), "< 50 ms", f"plain {ms(plain['due_ms'])}",
               f"{enc['due_ms'] / plain['due_ms']:.2f}x", enc["due_ms"] < 50),
        Figure("load one whole case", ms(enc["case_file_ms"]), "", f"plain {ms(plain['case_file_ms'])}",
               f"{enc['case_file_ms'] / plain['case_file_ms']:.2f}x"),
        Figure("SQLCipher overhead (mean of ratios)", f"{overhead:.2f}x", "< 1.5x", "plain SQLite", "",
               overhead < 1.5),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--measures", type=int, default=10, help="per case")
    parser.add_argument("--notes", type=int, default=50, help="per case")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="200 cases, for a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.cases, args.queries = 200, 100
    rows = figures(cases=args.cases, measures=args.measures, notes=args.notes, queries=args.queries)
    print(table(rows, "ipterm store benchmark"))


if __name__ == "__main__":
    main()
