"""Keystroke-to-frame latency of a Textual app, measured inside the app's own event loop.

A key event is sent the way the terminal driver sends it; the time is taken when the compositor hands
the next frame to the display (the frame is rendered to terminal codes, as a real terminal would need).
Pilot's own waiting is not part of the figure.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable, Sequence

import ipterm.tui  # noqa: F401  (the frame rate the app runs at, set before Textual loads)

# isort: split
from textual import events
from textual.app import App
from textual.widgets import Input


def _char(key: str) -> str | None:
    if len(key) == 1:
        return key
    if key == "space":
        return " "
    try:
        return unicodedata.lookup(key.upper().replace("_", " "))
    except KeyError:
        return None


async def measure(
    app: App,
    keys: Sequence[str],
    ready: Callable[[App], bool],
    *,
    size: tuple[int, int] = (80, 24),
    settle: float = 0.01,
) -> list[float]:
    """Milliseconds from each key to the first frame after it."""
    frames: list[float] = []
    original = app._display

    def display(screen, renderable) -> None:
        if renderable is not None:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            frames.append(time.perf_counter())
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    times: list[float] = []
    async with app.run_test(size=size) as pilot:
        for _ in range(400):
            if ready(app):
                break
            await pilot.pause(0.05)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False  # a blinking cursor would paint frames of its own
        await pilot.pause(0.2)
        driver = app._driver
        assert driver is not None
        for key in keys:
            await asyncio.sleep(settle)
            seen = len(frames)
            event = events.Key(key, _char(key))
            event.set_sender(app)
            t0 = time.perf_counter()
            driver.send_message(event)
            while len(frames) == seen and time.perf_counter() - t0 < 2:
                await asyncio.sleep(0)
            if len(frames) > seen:
                times.append((frames[seen] - t0) * 1000)
    return times


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
