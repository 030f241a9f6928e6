"""At start: work that was open when ipterm closed (terminal closed, power gone, locked and quit).

Opening it again is the default (Enter); Esc keeps the drafts for the next start; only `f` (or its button)
throws them away. A stray key never loses what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from ipterm.domain.drafts import Draft
from ipterm.i18n import N_, _
from ipterm.services import Services
from ipterm.tui.display import safe, shown_name
from ipterm.tui.keymap import bind
from ipterm.tui.screens.base import IptermModal

OPEN, LATER, DISCARD = "open", "later", "discard"

_WHAT = {
    "GoalForm": N_("Mål"), "MeasureForm": N_("Tiltak"), "EvaluationForm": N_("Evaluering"),
    "MemberForm": N_("Deltaker i gruppen"), "ConsentForm": N_("Samtykke"), "CaseForm": N_("Saken"),
    "meeting_line": N_("Linje i møtereferatet"), "TaskEditForm": N_("Oppgave"),
    "contact_note": N_("Kontaktnotat"),
}  # fmt: skip


class DraftsDialog(IptermModal):
    """Returns OPEN, LATER or DISCARD."""

    DEFAULT_CSS = """
    DraftsDialog { align: center middle; }
    #drafts-box { width: 72; max-width: 95%; height: auto; border: thick $warning; background: $panel;
                  padding: 1 2; }
    #drafts-list { margin: 1 0; }
    #drafts-buttons { height: auto; align-horizontal: right; }
    #drafts-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("escape,n", "answer('later')", "drafts.later", N_("Senere")),
        bind("f", "answer('discard')", "drafts.discard", N_("Forkast")),
        bind("right", "app.focus_next", "drafts.right", N_("Neste knapp"), show=False),
        bind("left", "app.focus_previous", "drafts.left", N_("Forrige knapp"), show=False),
    ]

    def __init__(self, services: Services, drafts: list[Draft]) -> None:
        super().__init__()
        self.services = services
        self.drafts = drafts

    def _line(self, draft: Draft) -> Text:
        what = _(_WHAT[draft.kind]) if draft.kind in _WHAT else draft.kind
        line = Text(f"• {what}")
        if draft.case_id is not None:
            try:
                name = self.services.get_case(draft.case_id).person_name
            except Exception:  # the case is gone: the draft says so when it cannot be opened
                name = ""
            if name:
                line.append(" – ")
                line.append(safe(shown_name(name, self.privacy)))
        line.append(f"  ({draft.saved_at:%d.%m.%Y %H:%M})", style="dim")
        return line

    def compose(self) -> ComposeResult:
        with Vertical(id="drafts-box"):
            yield Static(_("Ulagret arbeid ble tatt vare på da ipterm sist ble lukket:"), markup=False)
            yield Static(Text("\n").join(self._line(d) for d in self.drafts), id="drafts-list")
            yield Static(_("Åpne det igjen? Senere spør neste gang også; bare Forkast sletter det."), markup=False)
            with Horizontal(id="drafts-buttons"):
                yield Button(_("Forkast (F)"), id=DISCARD, variant="error")
                yield Button(_("Senere (Esc)"), id=LATER)
                yield Button(_("Åpne igjen (Enter)"), id=OPEN, variant="primary")

    def on_mount(self) -> None:
        self.query_one(f"#{OPEN}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        if answer != DISCARD:
            self.dismiss(answer)
            return
        from ipterm.tui.screens.confirm_dialog import ConfirmDialog

        def sure(yes: bool | None) -> None:  # one stray `f` typed after the passphrase must not lose the work
            if yes:
                self.dismiss(DISCARD)

        self.app.push_screen(ConfirmDialog(_("Slette det ulagrede arbeidet? Det kan ikke hentes tilbake."),
                                           yes=_("Slett")), sure)  # fmt: skip
