"""The built-in demo database: fictional cases from data/demo/cases.toml, dated relative to today.

The demo lives in its own encrypted file with a public passphrase and never touches the real database.
"""

from __future__ import annotations

import logging
import re
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ipterm import paths
from ipterm.domain.models import (
    ALL_KINDS,
    ActionItem,
    Assessment,
    Case,
    Consent,
    CoordinatorAssignment,
    Decision,
    Evaluation,
    Goal,
    Measure,
    Meeting,
    MeetingParticipant,
    Member,
    Note,
    RelatedPerson,
    ServiceDecisionRef,
)
from ipterm.domain.scoping import guess_sector
from ipterm.services.clock import Clock, SystemClock
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "demo-ipterm"
_OFFSET = re.compile(r"^([+-]?\d+)d(?:\s+(\d{1,2}):(\d{2}))?$")


def _day(value: str | None, today: date) -> date | None:
    if value is None:
        return None
    if m := _OFFSET.match(value.strip()):
        return today + timedelta(days=int(m.group(1)))
    return date.fromisoformat(value)


def _moment(value: str, today: date) -> datetime:
    m = _OFFSET.match(value.strip())
    if not m:
        return datetime.fromisoformat(value)
    at = time(int(m.group(2) or 9), int(m.group(3) or 0))
    return datetime.combine(today + timedelta(days=int(m.group(1))), at)


def _point_text(point: str | dict[str, str]) -> str:
    """An agenda point: a plain string, or {text, kind} for a point with a kind of information."""
    return point["text"] if isinstance(point, dict) else point


def load_demo(store: Store, today: date, source: Path | None = None) -> int:
    """Fill an empty store with the demo cases. Returns the number of cases."""
    data = tomllib.loads((source or paths.demo_data_file()).read_text(encoding="utf-8"))
    with store.transaction():
        for spec in data["case"]:
            _load_case(store, spec, today)
    return len(data["case"])


def _load_case(store: Store, spec: dict[str, Any], today: date) -> None:
    d = lambda key, src=spec: _day(src.get(key), today)  # noqa: E731
    created = datetime.combine(d("plan_start") or today, time(9, 0))
    case = store.cases.add(
        Case(
            person_name=spec["person_name"],
            national_id=spec.get("national_id"),
            birth_date=date.fromisoformat(spec["birth_date"]) if spec.get("birth_date") else None,
            status=spec.get("status", "active"),
            coordinator=spec.get("coordinator", ""),
            plan_start=d("plan_start"),
            plan_end=d("plan_end"),
            next_revision=d("next_revision"),
            resources=spec.get("resources", ""),
            needs=spec.get("needs", ""),
            collaboration=spec.get("collaboration", ""),
            meeting_cadence_days=spec.get("meeting_cadence_days", 120),
            created_at=created,
            updated_at=created,
            closed_on=d("closed_on"),
        )
    )
    cid = case.id
    related: dict[str, int] = {}
    for n, r in enumerate(spec.get("related", [])):
        saved_related = store.related.add(
            RelatedPerson(
                case_id=cid,
                name=r["name"],
                relation=r.get("relation", ""),
                contact=r.get("contact", ""),
                is_guardian=r.get("is_guardian", False),
                note=r.get("note", ""),
            )
        )
        related[r.get("key", f"r{n}")] = saved_related.id
    members: dict[str, int] = {}
    for m in spec.get("member", []):
        saved = store.members.add(
            Member(
                case_id=cid,
                name=m["name"],
                role=m.get("role", ""),
                kind=m.get("kind", "service"),
                organisation=m.get("organisation", ""),
                phone=m.get("phone", ""),
                email=m.get("email", ""),
                contributes=m.get("contributes", ""),
                has_decision_authority=m.get("has_decision_authority", False),
                is_coordinator=m.get("is_coordinator", False),
                last_confirmed=d("last_confirmed", m),
                sector=m.get("sector")
                or (
                    guess_sector(m.get("organisation", ""), m.get("role", ""))
                    if m.get("kind", "service") == "service"
                    else None
                ),
            )
        )
        members[m["key"]] = saved.id
    goals: dict[str, int] = {}
    for n, g in enumerate(spec.get("goal", [])):
        saved = store.goals.add(
            Goal(
                case_id=cid,
                text=g["text"],
                parent_id=goals.get(g["parent"]) if g.get("parent") else None,
                is_own_words=g.get("is_own_words", True),
                status=g.get("status", "active"),
                evaluate_by=d("evaluate_by", g),
                position=n,
                created_on=d("plan_start"),
                info_kind=g.get("kind"),
            )
        )
        goals[g["key"]] = saved.id
    measures: dict[str, int] = {}
    for n, m in enumerate(spec.get("measure", [])):
        saved = store.measures.add(
            Measure(
                case_id=cid,
                what=m["what"],
                goal_ids=tuple(goals[k] for k in m.get("goals", [])),
                scope=m.get("scope", ""),
                how=m.get("how", ""),
                responsible_member_id=members.get(m["responsible"]) if m.get("responsible") else None,
                from_date=d("from", m),
                to_date=d("to", m),
                status=m.get("status", "active"),
                last_confirmed=d("last_confirmed", m),
                evaluate_by=d("evaluate_by", m),
                service_decision=m.get("service_decision", ""),
                info_kind=m.get("kind"),
            )
        )
        measures[m.get("key", f"m{n}")] = saved.id
    meetings: dict[str, int] = {}
    for n, mt in enumerate(spec.get("meeting", [])):
        saved = store.meetings.add(
            Meeting(
                case_id=cid,
                starts_at=_moment(mt["starts_at"], today),
                place=mt.get("place", ""),
                status=mt.get("status", "planned"),
                agenda=tuple(_point_text(p) for p in mt.get("agenda", [])),
                agenda_kinds={
                    p["text"]: p["kind"] for p in mt.get("agenda", []) if isinstance(p, dict) and p.get("kind")
                },
                minutes_writer=mt.get("minutes_writer", ""),
                next_meeting_on=d("next_meeting_on", mt),
                summary=mt.get("summary", ""),
                closed_at=_moment(mt["starts_at"], today) + timedelta(hours=1)
                if mt.get("status") == "closed"
                else None,
                video_link=mt.get("video_link", ""),
                person_points=tuple(mt.get("person_points", [])),
                decisions_needed=tuple(mt.get("decisions_needed", [])),
            )
        )
        meetings[mt.get("key", f"mt{n}")] = saved.id
        for p in mt.get("participants", []):
            store.set_participant(
                MeetingParticipant(
                    meeting_id=saved.id,
                    member_id=members[p["member"]],
                    attendance=p.get("attendance", "invited"),
                    why_invited=p.get("why_invited", ""),
                    written_input=p.get("written_input", ""),
                )
            )
    for e in spec.get("evaluation", []):
        store.evaluations.add(
            Evaluation(
                case_id=cid,
                evaluated_on=d("evaluated_on", e),
                outcome=e["outcome"],
                goal_id=goals.get(e["goal"]) if e.get("goal") else None,
                measure_id=measures.get(e["measure"]) if e.get("measure") else None,
                comment=e.get("comment", ""),
            )
        )
    for c in spec.get("consent", []):
        store.consents.add(
            Consent(
                case_id=cid,
                given_on=d("given_on", c),
                method=c.get("method", "written"),
                covers_plan=c.get("covers_plan", True),
                recipient_member_ids=tuple(members[k] for k in c.get("recipients", [])),
                recipient_related_ids=tuple(related[k] for k in c.get("related_recipients", [])),
                kinds=tuple(c.get("kinds", ALL_KINDS)),
                service_member_ids=tuple(members[k] for k in c.get("services", [])),
                sections=tuple(c.get("sections", [])),
                own_measures_only=c.get("own_measures_only", False),
                scope_text=c.get("scope_text", ""),
                expires_on=d("expires_on", c),
                original_location=c.get("original_location", ""),
                given_by=c.get("given_by", ""),
                withdrawn_on=d("withdrawn_on", c),
            )
        )
    for x in spec.get("decision", []):
        store.decisions.add(
            Decision(
                case_id=cid,
                text=x["text"],
                decided_on=d("decided_on", x),
                meeting_id=meetings.get(x.get("meeting", "")),
                alternatives=x.get("alternatives", ""),
                person_view=x.get("person_view", ""),
                person_present=x.get("person_present", False),
                service_member_id=members.get(x.get("service", "")),
                info_kind=x.get("kind"),
            )
        )
    for a in spec.get("action_item", []):
        store.action_items.add(
            ActionItem(
                case_id=cid,
                text=a["text"],
                owner_member_id=members.get(a.get("owner", "")),
                due_on=d("due_on", a),
                status=a.get("status", "open"),
                meeting_id=meetings.get(a.get("meeting", "")),
                done_on=d("due_on", a) if a.get("status") == "done" else None,
                info_kind=a.get("kind"),
            )
        )
    for note in spec.get("note", []):
        store.notes.add(
            Note(
                case_id=cid,
                text=note["text"],
                written_at=_moment(note["written_at"], today),
                kind=note.get("kind", "other"),
                info_kind=note.get("info_kind"),
            )
        )
    for h in spec.get("coordinator_history", []):
        store.coordinators.add(
            CoordinatorAssignment(
                case_id=cid,
                coordinator=h["coordinator"],
                from_date=d("from_date", h),
                to_date=d("to_date", h),
                reason=h.get("reason", ""),
            )
        )
    if case.coordinator and not any(not h.get("to_date") for h in spec.get("coordinator_history", [])):
        store.coordinators.add(
            CoordinatorAssignment(case_id=cid, coordinator=case.coordinator, from_date=case.plan_start or today)
        )
    for a in spec.get("assessment", []):
        store.assessments.add(
            Assessment(
                case_id=cid,
                assessed_on=d("assessed_on", a),
                area=a["area"],
                summary=a.get("summary", ""),
                reference=a.get("reference", ""),
            )
        )
    for s in spec.get("service_decision", []):
        store.service_decisions.add(
            ServiceDecisionRef(
                case_id=cid,
                system=s["system"],
                reference=s["reference"],
                decided_on=d("decided_on", s),
                description=s.get("description", ""),
            )
        )


def open_demo(data_dir: Path | None = None, *, clock: Clock | None = None, reset: bool = False) -> Store:
    """Open the demo database, building it anew when missing, asked to, or built on another day
    (its dates are relative to the day it was built, so yesterday's demo has drifted)."""
    clock = clock or SystemClock()
    path = paths.demo_database_path(data_dir)
    if path.exists() and not reset:
        try:
            store = Store.unlock(path, DEMO_PASSPHRASE, now=clock.now)
            built = store.conn.execute("SELECT min(at) FROM audit_log").fetchone()[0]
            if built and built[:10] == clock.today().isoformat():
                return store
            store.close()
        except Exception:  # a broken demo is simply rebuilt
            log.warning("demo database unusable; rebuilding", exc_info=True)
    for suffix in ("", "-wal", "-shm", ".kdf"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    store = Store.create(path, DEMO_PASSPHRASE, kdf=FAST_KDF, public_passphrase=True, now=clock.now)
    load_demo(store, clock.today())
    return store
