"""Bytes from the terminal that are not UTF-8 become U+FFFD instead of ending the app.

Textual's Linux drivers read stdin through `codecs.getincrementaldecoder("utf-8")()`, which is strict: a
pasted 0x9b (a C1 CSI from an old terminal) or a Latin-1 `ø` raised UnicodeDecodeError in the input
thread, and the app died with a traceback, taking the open form with it. Textual offers no setting for
this, so the drivers' module-level name is pointed at a factory that makes replacing decoders.
`tests/tui/test_terminal_bytes.py` checks that the drivers still read stdin this way; when Textual
changes it, that test fails and this patch must move with it.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any

_strict = codecs.getincrementaldecoder


class _WatchingDecoder:
    """A replacing decoder that also notices the terminal going away.

    The input thread reads only after select() says stdin is readable, so an empty read is end of file:
    the terminal closed without a SIGHUP (a pseudo-terminal whose other end was dropped). Textual then
    loops on the empty reads at full speed forever, with the database open. Here the first one is treated
    as the hang-up it is: SIGHUP to ourselves, whose handler keeps the open forms as drafts and closes.
    """

    def __init__(self, inner: codecs.IncrementalDecoder) -> None:
        self._inner = inner
        self._gone = False

    def decode(self, data: bytes, final: bool = False) -> str:
        if not data and not final and not self._gone:
            self._gone = True
            _terminal_gone()
        return self._inner.decode(data, final)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _terminal_gone() -> None:
    import os
    import signal

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is not None:
        os.kill(os.getpid(), hangup)


def replacing_decoder(encoding: str) -> Callable[..., Any]:
    """Like `codecs.getincrementaldecoder`, with errors="replace" unless told otherwise, and watching for
    the end of the terminal's input."""
    factory = _strict(encoding)

    def make(errors: str = "replace") -> _WatchingDecoder:
        return _WatchingDecoder(factory(errors=errors))

    return make


def install() -> None:
    """Point Textual's terminal drivers at replacing decoders (idempotent, safe where they are absent)."""
    import importlib

    for name in ("textual.drivers.linux_driver", "textual.drivers.linux_inline_driver"):
        try:
            module = importlib.import_module(name)
        except ImportError:  # not on this platform (Windows has its own driver, which reads text)
            continue
        if hasattr(module, "getincrementaldecoder"):
            module.getincrementaldecoder = replacing_decoder
