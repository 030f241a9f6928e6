"""What every ipterm screen shares: translated key descriptions, error display, privacy mode."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual.binding import BindingType
from textual.reactive import Reactive
from textual.screen import ActiveBinding, ModalScreen, Screen
from textual.widget import Widget

from ipterm.domain.errors import IptermError
from ipterm.i18n import N_, _, error_text
from ipterm.tui.keymap import bind, translated

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])


def report_error(node: Any, error: BaseException, where: str) -> None:
    """Show an error as a notice: the plain message of an IptermError, a short line (and a log entry with
    the traceback) for anything unexpected. Never a traceback on screen."""
    if isinstance(error, IptermError):
        node.app.notify(error_text(error), severity="error")
        return
    log.error("unexpected error in %s", where, exc_info=error)
    node.app.notify(
        _("Noe gikk galt. Ingenting lagret er tapt; detaljer står i loggfilen."),
        severity="error",
        timeout=8,
    )


def guarded(method: F) -> F:
    """Run a handler or action; errors become notices instead of ending the app."""
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def run_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:
                report_error(self, exc, method.__qualname__)
                return None

        return run_async  # type: ignore[return-value]

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            report_error(self, exc, method.__qualname__)
            return None

    return run  # type: ignore[return-value]


class ScreenBasics:
    """Mixed into every ipterm screen (before Screen/ModalScreen in the bases)."""

    # Textual repaints the whole screen when focus moves. The widgets that gain and lose focus repaint
    # themselves for their new look; redrawing all the rest as well made a focus change cost a frame.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        # Descriptions are looked up by binding id when the footer draws, so a language switch relabels them.
        bindings = super().active_bindings  # type: ignore[misc]
        return {
            key: ActiveBinding(active.node, translated(active.binding), active.enabled, active.tooltip)
            for key, active in bindings.items()
        }

    @property
    def privacy(self) -> bool:
        return bool(getattr(self.app, "privacy", False))  # type: ignore[attr-defined]

    def after_typing(self, callback: Callable[[], Any]) -> None:
        """Run `callback` once the focused field has taken every key typed before the one that asked for it.

        Ctrl+S is a priority binding and runs as soon as it arrives, while the keys typed just before it
        still wait in the field's queue: `Ctrl+U 1.6.2028 Ctrl+S` in one burst saved the emptied field. A
        callback queued behind them on the field runs after them."""
        focused = self.focused  # type: ignore[attr-defined]
        if focused is None:
            callback()
            return

        def when_typed() -> None:
            if self.is_attached:  # type: ignore[attr-defined]
                callback()

        focused.call_later(when_typed)

    def show_error(self, error: BaseException) -> None:
        report_error(self, error, type(self).__name__)

    def on_screen_resume(self) -> None:
        self.show_privacy_marker()

    def show_privacy_marker(self) -> None:
        """A bar on top of every screen while privacy mode is on: a toast alone is gone in seconds, and
        whoever shares the screen must be able to see at a glance that names are hidden."""
        from textual.css.query import NoMatches
        from textual.widgets import Static

        on = self.privacy
        try:
            marker = self.query_one("#privacy-marker", Static)  # type: ignore[attr-defined]
        except NoMatches:
            if not on:
                return
            marker = Static(id="privacy-marker", markup=False)
            self.mount(marker)  # type: ignore[attr-defined]
        marker.update(_("PERSONVERN PÅ – navn skjult (F12 slår av)"))
        marker.display = on


class IptermScreen(ScreenBasics, Screen[Any]):
    """A full screen."""


class IptermModal(ScreenBasics, ModalScreen[Any]):
    """A dialog over the screen below."""

    # Tab as a priority binding moves focus before the next key is read. As Textual's own (app-level)
    # binding it ran only after the key had travelled up from the field, and text typed right behind it
    # ("i dag⇥13:00⇥Rådhuset" in one burst) all landed in the first field.
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("tab", "app.focus_next", "dialog.tab", N_("Neste felt"), show=False, priority=True),
        bind("shift+tab", "app.focus_previous", "dialog.backtab", N_("Forrige felt"), show=False, priority=True),
    ]
