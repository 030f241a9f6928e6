"""Python's cyclic garbage collector, kept out of key presses.

A full collection scans every object the collector tracks; with a large caseload loaded that takes 20–200 ms,
and Python starts one whenever enough objects have survived the younger collections, that is, in the middle
of whatever the user is typing. While the app runs, full collections are not started automatically: the
app does them itself when nothing has been typed for a moment, and then freezes what survived, so the
younger collections (which still run on their own, and are short) never rescan it. Each quiet pass
unfreezes first, so objects that died after an earlier freeze are still reclaimed.
"""

from __future__ import annotations

import gc
import time

QUIET_SECONDS = 2.0  # no key for this long counts as a pause
MIN_INTERVAL = 20.0  # at most one pass per this many seconds of use
_NEVER = 1 << 30  # as threshold 2: no full collection starts by itself


def settle() -> None:
    """One full pass now, at a moment the caller knows is quiet (a screen has just been built)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class QuietCollector:
    """Started and stopped with the app; `tick` is called every second with the time since the last key."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._last_pass = time.monotonic()
        self._used_since_pass = False

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], _NEVER)

    def stop(self) -> None:
        """Back to Python's own schedule (tests run many apps in one process)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        gc.unfreeze()

    def activity(self) -> None:
        self._used_since_pass = True

    def tick(self, idle_seconds: float) -> bool:
        """Run a pass if the user has paused after some use; True when one ran."""
        now = time.monotonic()
        if not self._used_since_pass or idle_seconds < QUIET_SECONDS or now - self._last_pass < MIN_INTERVAL:
            return False
        settle()
        self._last_pass = now
        self._used_since_pass = False
        return True
