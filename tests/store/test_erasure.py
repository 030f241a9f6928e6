"""Erasing a case leaves nothing of it in the file: markers planted in every text field of every table of
one case are gone from the decrypted pages (free pages and the -wal included), while a second case's
markers are all still there and the second case reads back whole."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from ipterm.domain.errors import NotFoundError
from ipterm.domain.models import (
    Assessment,
    ConsentMethod,
    ConsentSection,
    EvaluationOutcome,
    MeetingLine,
    MeetingParticipant,
    MeetingTemplate,
    MemberKind,
    NoteKind,
    ServiceDecisionRef,
)
from ipterm.services import Services
from ipterm.services.erasure_services import ActiveCaseError, ErasureServices
from ipterm.store import outbox
from ipterm.store.database import Store
from ipterm.store.handover import case_tables
from ipterm.store.untrusted import quote
from tests.conftest import TEST_KEY
from tests.store.raw_pages import plaintext_of

# Columns that hold dates, enum values or JSON ids rather than free text (no personal content, and a
# marker there would make the row unreadable).
_NOT_FREE_TEXT = re.compile(
    r"(_on|_at|_date|^plan_start|^plan_end|^next_revision|^evaluate_by|^last_confirmed|^status|^kind|^method"
    r"|^outcome|^attendance|^action|^entity|^media_type|^content_hash|^sections|^invitee_member_ids)$"
)


def _plant(services: Services, tag: str, fnr: str) -> None:
    """One case with a row in every case table, free text carrying `tag` everywhere."""
    s, store = services, services.store
    case = s.create_case(
        f"{tag} Person", national_id=fnr, birth_date=date(2010, 5, 3), coordinator=f"{tag} Koord",
        resources=f"{tag} ressurser", needs=f"{tag} behov", collaboration=f"{tag} samarbeid",
        plan_start=date(2026, 1, 1), plan_end=date(2026, 12, 31), next_revision=date(2026, 12, 1),
    )  # fmt: skip
    cid = case.id
    s.change_coordinator(cid, f"{tag} Ny Koord", reason=f"{tag} grunn")
    mother = s.add_related(cid, f"{tag} Mor", f"{tag} mor", contact=f"{tag} tlf", note=f"{tag} notat")
    person = s.add_member(cid, f"{tag} Person", "Planeier", kind=MemberKind.PERSON)
    member = s.add_member(cid, f"{tag} Lærer", f"{tag} Kontaktlærer", organisation=f"{tag} skole",
                          phone=f"{tag} 999", email=f"{tag}@skole.example", contributes=f"{tag} bidrag")  # fmt: skip
    goal = s.add_goal(cid, f"{tag} mål")
    s.add_goal(cid, f"{tag} delmål", parent_id=goal.id)
    measure = s.add_measure(cid, f"{tag} tiltak", goal_ids=[goal.id], scope=f"{tag} omfang", how=f"{tag} hvordan",
                            responsible_member_id=member.id, service_decision=f"{tag} vedtak")  # fmt: skip
    s.add_evaluation(outcome=EvaluationOutcome.CONTINUE, goal_id=goal.id, comment=f"{tag} evaluering")
    s.add_consent(cid, given_on=date(2026, 1, 2), method=ConsentMethod.WRITTEN, recipient_member_ids=[member.id],
                  recipient_related_ids=(mother.id,), sections=[ConsentSection.GOALS],
                  scope_text=f"{tag} omfang samtykke", original_location=f"{tag} arkiv",
                  given_by=f"{tag} giver")  # fmt: skip
    meeting = s.meetings.plan_meeting(cid, datetime(2026, 11, 1, 10), place=f"{tag} rom",
                                      minutes_writer=f"{tag} skriver", agenda=[f"{tag} sak"],
                                      video_link=f"https://{tag}.example", person_points=[f"{tag} eget punkt"],
                                      decisions_needed=[f"{tag} skal besluttes"])  # fmt: skip
    store.set_participant(MeetingParticipant(meeting.id, person.id, why_invited=f"{tag} hvorfor",
                                             written_input=f"{tag} innspill"))  # fmt: skip
    store.meeting_lines.add(MeetingLine(meeting.id, 1, datetime(2026, 11, 1, 10, 5), f"{tag} referatlinje"))
    s.add_decision(cid, f"{tag} beslutning", meeting_id=meeting.id, alternatives=f"{tag} alternativ",
                   person_view=f"{tag} syn")  # fmt: skip
    s.add_action_item(cid, f"{tag} oppgave", owner_member_id=member.id, measure_id=measure.id)
    s.add_note(cid, f"{tag} notat om samtale", kind=NoteKind.PHONE)
    store.assessments.add(Assessment(cid, date(2026, 2, 1), f"{tag} område", summary=f"{tag} sammendrag",
                                     reference=f"{tag} ref"))  # fmt: skip
    store.service_decisions.add(ServiceDecisionRef(cid, f"{tag} system", f"{tag} referanse",
                                                   description=f"{tag} beskrivelse"))  # fmt: skip
    store.meeting_templates.add(MeetingTemplate(f"{tag} mal", case_id=cid, minutes_writer=f"{tag} malskriver",
                                                place=f"{tag} malsted", invitee_roles=(f"{tag} rolle",),
                                                agenda_sections=(f"{tag} punkt",)))  # fmt: skip
    exported = s.exports.export(cid, "json")
    with store.transaction():
        outbox.enqueue(store.conn, exported.id, "folder:x", f"{tag}-remote.json", "h", s.clock.now(), kind="json")
        store.conn.execute("UPDATE outbox SET last_error = ? WHERE export_id = ?", (f"{tag} feil", exported.id))
    # Whatever free-text column the calls above left without the tag gets it directly.
    for scope in case_tables():
        if scope.name == "audit_log":
            continue
        for column in scope.columns:
            if _NOT_FREE_TEXT.search(column) or column in ("id", "national_id"):
                continue
            kind = store.conn.execute(
                f"SELECT typeof({quote(column)}), {quote(column)} FROM {quote(scope.name)} WHERE {scope.where} LIMIT 1",
                {"case": cid},
            ).fetchone()
            if kind is None or kind[0] != "text" or kind[1][:1] in ("[", "{"):  # JSON: tagged through the API
                continue
            _append(store, scope, column, f" {tag}-{scope.name}-{column}", cid)


def _append(store: Store, scope: object, column: str, text: str, case_id: int) -> None:
    where = scope.where.replace(":case", ":c")  # type: ignore[attr-defined]
    store.conn.execute(
        f"UPDATE {quote(scope.name)} SET {quote(column)} = {quote(column)} || :t WHERE {where}",  # type: ignore[attr-defined]
        {"t": text, "c": case_id},
    )


def _markers(store: Store, case_id: int, tag: str) -> set[str]:
    """Every distinct tagged value of the case's rows (the whole value, so a test finds each one)."""
    found: set[str] = set()
    for scope in case_tables():
        for column in scope.columns:
            for (value,) in store.conn.execute(
                f"SELECT {quote(column)} FROM {quote(scope.name)} WHERE {scope.where}", {"case": case_id}
            ):
                if isinstance(value, str):
                    found.update(re.findall(rf"{tag}[\w@.-]*", value))
    return found


@pytest.fixture
def two_cases(services: Services) -> tuple[int, int]:
    _plant(services, "MRKAERASE", "03851090036")
    _plant(services, "MRKBKEEP", "03851090117")
    a, b = (c.id for c in services.list_cases())
    return (a, b) if services.get_case(a).person_name.startswith("MRKA") else (b, a)


def test_every_case_table_has_rows_with_markers(services: Services, two_cases: tuple[int, int]) -> None:
    a, _b = two_cases
    for scope in case_tables():
        count = services.store.conn.execute(
            f"SELECT count(*) FROM {quote(scope.name)} WHERE {scope.where}", {"case": a}
        ).fetchone()[0]
        assert count, f"the test plants nothing in {scope.name}"


def test_erasure_leaves_no_marker_in_the_decrypted_pages(services: Services, db_path: Path,
                                                          two_cases: tuple[int, int]) -> None:  # fmt: skip
    a, b = two_cases
    store = services.store
    markers_a, markers_b = _markers(store, a, "MRKAERASE"), _markers(store, b, "MRKBKEEP")
    assert len(markers_a) > 40 and len(markers_b) > 40
    before_b = store.load_case_file(b)
    services.close_case(a)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = plaintext_of(db_path, TEST_KEY)
    assert all(m.encode() in raw for m in markers_a), "the page reader must see the markers before"

    receipt = ErasureServices(services).erase(a)

    raw = plaintext_of(db_path, TEST_KEY)
    left = sorted(m for m in markers_a if m.encode() in raw)
    assert left == []
    # The full-text index keeps words in lower case.
    assert b"MRKAERASE" not in raw.upper() and b"03851090036" not in raw
    assert all(m.encode() in raw for m in markers_b)
    assert b"03851090117" in raw
    assert store.load_case_file(b) == before_b
    with pytest.raises(NotFoundError):
        services.get_case(a)
    # What remains of A: one tombstone, numbers and a hash only.
    rows = store.conn.execute("SELECT entity, action, changes FROM audit_log WHERE case_id = ?", (a,)).fetchall()
    assert len(rows) == 1 and rows[0][0] == "case" and rows[0][1] == "delete"
    assert receipt.digest in rows[0][2] and '"erased": true' in rows[0][2]
    assert receipt.rows["cases"] == 1 and receipt.exports_removed == 1 and receipt.compacted
    (tombstone,) = ErasureServices(services).tombstones()
    assert tombstone["case_id"] == a and tombstone["sha256"] == receipt.digest and tombstone["closed_on"]
    assert store.conn.execute("SELECT count(*) FROM search_index WHERE case_id = ?", (a,)).fetchone()[0] == 0
    assert services.search("MRKBKEEP")


def test_audit_log_is_still_append_only_after_an_erasure(services: Services, two_cases: tuple[int, int]) -> None:
    a, _b = two_cases
    services.close_case(a)
    ErasureServices(services).erase(a)
    with pytest.raises(Exception, match="append-only"):
        services.store.conn.execute("DELETE FROM audit_log")
    with pytest.raises(Exception, match="append-only"):
        services.store.conn.execute("UPDATE audit_log SET changes = '{}'")


def test_a_failed_erasure_changes_nothing(services: Services, two_cases: tuple[int, int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from ipterm.store import erasure

    a, _b = two_cases
    services.close_case(a)
    before = services.store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(erasure, "_remote_copies", boom)
    with pytest.raises(RuntimeError):
        ErasureServices(services).erase(a)
    assert services.get_case(a).person_name.startswith("MRKAERASE")
    assert services.store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    triggers = {r[0] for r in services.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"audit_log_no_update", "audit_log_no_delete"} <= triggers


def test_an_open_case_is_refused_unless_forced(services: Services, two_cases: tuple[int, int]) -> None:
    a, _b = two_cases
    with pytest.raises(ActiveCaseError):
        ErasureServices(services).erase(a)
    assert services.get_case(a)
    ErasureServices(services).erase(a, force=True)
    with pytest.raises(NotFoundError):
        services.get_case(a)


def test_sent_copies_and_backups_are_listed(services: Services, two_cases: tuple[int, int]) -> None:
    a, _b = two_cases
    store = services.store
    now = services.clock.now()
    with store.transaction():
        store.conn.execute("UPDATE outbox SET state = 'sent', sent_at = ? WHERE export_id IN "
                           "(SELECT id FROM exports WHERE case_id = ?)", (now.isoformat(), a))  # fmt: skip
        outbox.enqueue_payload(store.conn, "backup", b"MRKAERASE backup", "folder:x", "backup-1.db", "d", now)
        store.conn.execute("INSERT INTO outbox (kind, destination, remote_name, content_hash, state, "
                           "next_attempt_at, created_at, updated_at, sent_at) VALUES ('backup', 'folder:x', "
                           "'backup-0.db', 'e', 'sent', ?, ?, ?, ?)", (now.isoformat(),) * 4)  # fmt: skip
    services.close_case(a)
    receipt = ErasureServices(services).erase(a)
    assert [c.remote_name for c in receipt.sent_copies] == ["MRKAERASE-remote.json"]
    assert [c.remote_name for c in receipt.backups] == ["backup-0.db"]
    assert receipt.queued_backups_dropped == 1
    assert store.conn.execute("SELECT count(*) FROM outbox WHERE payload IS NOT NULL").fetchone()[0] == 0


def test_stored_status_reports_that_list_the_case_go_with_it(services: Services, two_cases: tuple[int, int]) -> None:
    from ipterm.services.status_services import StatusServices

    a, _b = two_cases
    StatusServices(services).export()
    services.close_case(a)
    receipt = ErasureServices(services).erase(a)
    assert receipt.status_reports_removed == 2
    kinds = [r[0] for r in services.store.conn.execute("SELECT kind FROM exports")]
    assert "status" not in kinds and "status_csv" not in kinds and kinds == ["json"]  # B's own export stays


def test_a_reader_elsewhere_delays_compaction_but_closing_clears_the_file(
    services: Services, db_path: Path, two_cases: tuple[int, int]
) -> None:
    a, _b = two_cases
    store = services.store
    markers_a = _markers(store, a, "MRKAERASE")
    services.close_case(a)
    reader = store.clone()  # another window on the same database, in the middle of reading
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT count(*) FROM notes").fetchone()
    receipt = ErasureServices(services).erase(a)
    assert not receipt.compacted
    reader.conn.execute("COMMIT")
    reader.close()
    store.close()  # closing checkpoints the write-ahead log into the file and empties it
    raw = plaintext_of(db_path, TEST_KEY)
    assert sorted(m for m in markers_a if m.encode() in raw) == []
    assert b"MRKAERASE" not in raw.upper()
