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
import functools
from collections.abc import Callable
from typing import Any

_strict = codecs.getincrementaldecoder


def replacing_decoder(encoding: str) -> Callable[..., Any]:
    """Like `codecs.getincrementaldecoder`, with errors="replace" unless told otherwise."""
    factory = _strict(encoding)
    return functools.partial(factory, errors="replace")


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
