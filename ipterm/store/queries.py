"""Read-only queries across cases: full-text search and the due list."""

from __future__ import annotations

from datetime import date, timedelta

from ipterm.domain.due import DueItem, DueKind, DueWindow
from ipterm.domain.search import HIT_END, HIT_START, SearchHit, excerpt, fts_query
from ipterm.store.connection import Connection

_OPEN_CASE = "c.status != 'closed'"
_SNIPPET_MAX = 8_000  # characters of one indexed text that snippet() may handle


def search(conn: Connection, text: str, *, limit: int = 50, case_id: int | None = None) -> list[SearchHit]:
    """Name hits first (best match first), then everything else newest first.

    Ranking every match by relevance costs time in proportion to the number of matches (a common word
    hits tens of thousands of notes); walking the index newest-first stops after `limit` rows. Names are
    few, so they alone are ranked.
    """
    query = fts_query(text)
    if query is None:
        return []
    where = "search_index MATCH ?"
    params: list[object] = []
    if case_id is not None:
        where += " AND case_id = ?"
        params.append(case_id)
    # FTS5's snippet() costs time in the square of the matches inside one text: a 1 MB paste of one
    # repeated word takes minutes. Long texts get their snippet from `excerpt`, which stops at the first hit.
    columns = (
        f"rowid, case_id, kind, ref_id, CASE WHEN length(title) + length(body) <= {_SNIPPET_MAX} "
        f"THEN snippet(search_index, -1, '{HIT_START}', '{HIT_END}', '…', 12) END, "
        f"CASE WHEN length(title) + length(body) > {_SNIPPET_MAX} THEN title || ' ' || body END"
    )
    named = conn.execute(
        f"SELECT {columns} FROM search_index WHERE {where} ORDER BY rank LIMIT ?",
        ["{title} : (" + query + ")", *params, limit],
    ).fetchall()
    rest = conn.execute(
        f"SELECT {columns} FROM search_index WHERE {where} ORDER BY rowid DESC LIMIT ?",
        [query, *params, limit],
    ).fetchall()
    seen: set[int] = set()
    rows = []
    for row in [*named, *rest]:
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row)
    rows = rows[:limit]
    case_ids = sorted({row[1] for row in rows})
    names = (
        dict(
            conn.execute(
                f"SELECT id, person_name FROM cases WHERE id IN ({','.join('?' * len(case_ids))})", case_ids
            ).fetchall()
        )
        if case_ids
        else {}
    )
    return [
        SearchHit(row[1], names.get(row[1], ""), row[2], row[3], row[4] if row[5] is None else excerpt(row[5], text))
        for row in rows
    ]


def due_items(conn: Connection, window: DueWindow) -> list[DueItem]:
    """Everything due within the window across open cases, oldest first (`due.by_urgency` sorts it into
    the dashboard's sections)."""
    today = window.today
    until = (today + timedelta(days=window.ahead_days)).isoformat()
    consent_until = (today + timedelta(days=window.consent_ahead_days)).isoformat()
    consent_from = (today - timedelta(days=30)).isoformat()
    stale_before = (today - timedelta(days=window.stale_after_days)).isoformat()
    iso_today = today.isoformat()
    # (sort key, item): the list runs to thousands of items with a large caseload, so dates are parsed once
    # per distinct day and the sort compares plain tuples.
    keyed: list[tuple[date, int, int, int, DueItem]] = []
    days: dict[str, date] = {}
    order = {kind: n for n, kind in enumerate(DueKind)}
    far = date.max

    def day_of(on: str) -> date:
        found = days.get(on)
        if found is None:
            found = days[on] = date.fromisoformat(on[:10])
        return found

    def add(kind: DueKind, sql: str, params: tuple[object, ...], *, overdue_if_before: bool = True) -> None:
        rank = order[kind]
        for case_id, name, text, on, ref, *more in conn.execute(sql, params):
            day = day_of(on) if on else None
            at = on[11:16] if kind is DueKind.MEETING and on and len(on) >= 16 else ""
            owner = more[0] or "" if more else ""
            overdue = overdue_if_before and day is not None and day < today
            item = DueItem(kind, case_id, name, text, day, ref, overdue, at, owner)
            keyed.append((day or far, rank, case_id, len(keyed), item))

    add(
        DueKind.GOAL_EVALUATION,
        f"SELECT g.case_id, c.person_name, g.text, g.evaluate_by, g.id FROM goals g JOIN cases c ON c.id = g.case_id "
        f"WHERE g.status = 'active' AND g.evaluate_by <= ? AND {_OPEN_CASE}",
        (until,),
    )
    add(
        DueKind.MEASURE_EVALUATION,
        f"SELECT m.case_id, c.person_name, m.what, m.evaluate_by, m.id FROM measures m "
        f"JOIN cases c ON c.id = m.case_id "
        f"WHERE m.status IN ('planned', 'active') AND m.evaluate_by <= ? AND {_OPEN_CASE}",
        (until,),
    )
    add(
        DueKind.REVISION,
        f"SELECT c.id, c.person_name, '', c.next_revision, c.id FROM cases c "
        f"WHERE c.next_revision <= ? AND {_OPEN_CASE}",
        (until,),
    )
    add(
        DueKind.ACTION_ITEM,
        f"SELECT a.case_id, c.person_name, a.text, a.due_on, a.id, "
        f"o.name || CASE WHEN o.organisation != '' THEN ' (' || o.organisation || ')' ELSE '' END "
        f"FROM action_items a JOIN cases c ON c.id = a.case_id LEFT JOIN members o ON o.id = a.owner_member_id "
        f"WHERE a.status = 'open' AND a.due_on <= ? AND {_OPEN_CASE}",
        (until,),
    )
    add(
        DueKind.CONSENT_EXPIRY,
        f"SELECT k.case_id, c.person_name, k.scope_text, k.expires_on, k.id FROM consents k "
        f"JOIN cases c ON c.id = k.case_id WHERE k.withdrawn_on IS NULL AND k.expires_on BETWEEN ? AND ? "
        f"AND {_OPEN_CASE}",
        (consent_from, consent_until),
    )
    add(
        DueKind.MEETING,
        f"SELECT m.case_id, c.person_name, m.place, m.starts_at, m.id FROM meetings m "
        f"JOIN cases c ON c.id = m.case_id WHERE m.status IN ('planned', 'running') "
        f"AND m.starts_at >= ? AND m.starts_at < ? AND {_OPEN_CASE}",
        (iso_today, (today + timedelta(days=window.ahead_days + 1)).isoformat()),
        overdue_if_before=False,
    )
    add(
        DueKind.UNCLEAR_RESPONSIBILITY,
        f"SELECT m.case_id, c.person_name, m.what, NULL, m.id FROM measures m JOIN cases c ON c.id = m.case_id "
        f"WHERE m.responsible_member_id IS NULL AND m.status IN ('planned', 'active') AND {_OPEN_CASE}",
        (),
    )
    # Stale items are counted per case: one row saying "7 measures not confirmed" beats seven rows.
    add(
        DueKind.STALE_MEASURE,
        f"SELECT m.case_id, c.person_name, CAST(count(*) AS TEXT), min(coalesce(m.last_confirmed, '')), m.case_id "
        f"FROM measures m JOIN cases c ON c.id = m.case_id WHERE m.status IN ('planned', 'active') "
        f"AND coalesce(m.last_confirmed, '') < ? AND {_OPEN_CASE} GROUP BY m.case_id",
        (stale_before,),
        overdue_if_before=False,
    )
    add(
        DueKind.STALE_MEMBER,
        f"SELECT m.case_id, c.person_name, CAST(count(*) AS TEXT), min(coalesce(m.last_confirmed, '')), m.case_id "
        f"FROM members m JOIN cases c ON c.id = m.case_id WHERE m.active = 1 AND m.kind = 'service' "
        f"AND coalesce(m.last_confirmed, '') < ? AND {_OPEN_CASE} GROUP BY m.case_id",
        (stale_before,),
        overdue_if_before=False,
    )
    # At 16 the person consents in health matters, at 18 in everything: ask for a new consent from a while
    # before the birthday until one given on or after it is recorded.
    for years in ("18", "16"):
        add(
            DueKind.CONSENT_FROM_PERSON,
            f"SELECT c.id, c.person_name, '{years}', b.day, c.id FROM cases c "
            f"JOIN (SELECT id, date(birth_date, '+{years} years') AS day FROM cases WHERE birth_date IS NOT NULL) b "
            f"ON b.id = c.id WHERE b.day BETWEEN ? AND ? AND {_OPEN_CASE} AND NOT EXISTS ("
            " SELECT 1 FROM consents k WHERE k.case_id = c.id AND k.given_on >= b.day AND k.withdrawn_on IS NULL"
            " AND (k.expires_on IS NULL OR k.expires_on >= ?))",
            ((today - timedelta(days=180)).isoformat(), (today + timedelta(days=60)).isoformat(), iso_today),
            overdue_if_before=True,
        )
    for case_id, name, last, cadence in conn.execute(
        "SELECT c.id, c.person_name, "
        "(SELECT max(starts_at) FROM meetings m WHERE m.case_id = c.id AND m.status = 'closed'), "
        "c.meeting_cadence_days FROM cases c WHERE c.status = 'active' AND NOT EXISTS ("
        " SELECT 1 FROM meetings m WHERE m.case_id = c.id AND m.status IN ('planned', 'running') AND m.starts_at >= ?)",
        (iso_today,),
    ):
        last_day = day_of(last) if last else None
        if last_day is None or (today - last_day).days > cadence:
            item = DueItem(DueKind.NO_RECENT_MEETING, case_id, name, "", last_day, case_id, True)
            keyed.append((last_day or far, order[DueKind.NO_RECENT_MEETING], case_id, len(keyed), item))

    # Closed cases kept past the retention time: the text is the command that erases one.
    add(
        DueKind.ERASE,
        "SELECT c.id, c.person_name, 'ipterm erase ' || c.id, date(c.closed_on, ?), c.id FROM cases c "
        "WHERE c.status = 'closed' AND c.closed_on IS NOT NULL AND date(c.closed_on, ?) <= ?",
        (f"+{window.erase_after_days} days", f"+{window.erase_after_days} days", until),
    )

    keyed.sort()
    return [entry[-1] for entry in keyed]
