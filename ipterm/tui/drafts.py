"""Drafts: open forms, the half-typed meeting line and contact note, kept inside the encrypted database when
the terminal closes (SIGTERM, SIGHUP), on Ctrl+Q or when the app locks, and offered back on the next start.

A draft is the form's kind, its case, what reopens it on the same row and the raw values of its fields;
a meeting draft is the meeting and the line being typed; a note draft is the case, the note and its kind.
Nothing of it leaves the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from ipterm.domain.drafts import Draft
from ipterm.services import Services

log = logging.getLogger(__name__)

MEETING_LINE = "meeting_line"
CONTACT_NOTE = "contact_note"


def _forms() -> dict[str, Callable[[Services, int | None, dict[str, Any]], Any]]:
    from ipterm.tui.screens.case_forms import CaseForm, ConsentForm, MemberForm
    from ipterm.tui.screens.plan_forms import EvaluationForm, GoalForm, MeasureForm
    from ipterm.tui.screens.tasks_screen import TaskEditForm

    return {
        "GoalForm": lambda s, c, a: GoalForm(s, c, a.get("goal_id")),
        "MeasureForm": lambda s, c, a: MeasureForm(s, c, a.get("measure_id")),
        "EvaluationForm": lambda s, c, a: EvaluationForm(s, c, goal_id=a.get("goal_id"),
                                                         measure_id=a.get("measure_id")),
        "MemberForm": lambda s, c, a: MemberForm(s, c, a.get("member_id")),
        "ConsentForm": lambda s, c, a: ConsentForm(s, c),
        "CaseForm": lambda s, c, a: CaseForm(s, a.get("case_id")),
        "TaskEditForm": lambda s, c, a: TaskEditForm(s, int(a["task_id"])),
    }  # fmt: skip


def collect(screens: Iterable[object]) -> list[tuple[str, int | None, dict[str, Any]]]:
    """(kind, case id, payload) for every open form with typed values, and a half-typed meeting line."""
    from textual.widgets import Input

    from ipterm.tui.screens.case_screen import CaseScreen
    from ipterm.tui.screens.form_screen import FormScreen
    from ipterm.tui.screens.meeting_screen import MeetingScreen
    from ipterm.tui.widgets.note_box import NoteBox

    kept: list[tuple[str, int | None, dict[str, Any]]] = []
    for screen in screens:
        try:
            if isinstance(screen, FormScreen) and type(screen).__name__ in _forms():
                draft = screen.draft()
                if draft is not None:
                    case_id = getattr(screen, "case_id", None) or draft["args"].get("case_id")
                    kept.append((type(screen).__name__, case_id, draft))
            elif isinstance(screen, CaseScreen):
                box = screen.query_one("#note-input", NoteBox)
                if box.text.strip():
                    kept.append((CONTACT_NOTE, screen.case_id, {"text": box.text, "kind": box.kind.value}))
            elif isinstance(screen, MeetingScreen):
                typed = screen.query_one("#line-input", Input).value
                if typed.strip():
                    kept.append((MEETING_LINE, screen.case_id, {"meeting_id": screen.meeting_id, "line": typed}))
        except Exception:  # one odd screen must not keep the others from being kept
            log.warning("a draft could not be collected", exc_info=True)
    return kept


def reopen(app: Any, services: Services, draft: Draft, done: Callable[[Any], None]) -> bool:
    """Show the draft's form (or meeting) again with its values; False when its row is gone."""
    try:
        if draft.kind == MEETING_LINE:
            from ipterm.tui.screens.meeting_screen import MeetingScreen

            meeting = MeetingScreen(services, int(draft.payload["meeting_id"]))
            meeting.restore_line = str(draft.payload.get("line", ""))
            app.push_screen(meeting, done)
            return True
        if draft.kind == CONTACT_NOTE:
            from ipterm.tui.screens.case_screen import CaseScreen

            if draft.case_id is None:
                return False
            services.get_case(draft.case_id)  # gone: not reopened, and the dialog says so
            case = CaseScreen(services, draft.case_id, tab="notes")
            case.restore_note = (str(draft.payload.get("text", "")), str(draft.payload.get("kind", "")))
            app.push_screen(case, done)
            return True
        factory = _forms().get(draft.kind)
        if factory is None:
            return False
        form = factory(services, draft.case_id, draft.payload.get("args", {}))
        form.restore_values = draft.payload.get("values", {})
        app.push_screen(form, done)
        return True
    except Exception:  # deleted meanwhile, or from an older version of the form
        log.warning("draft %s not reopened", draft.id, exc_info=True)
        return False
