"""Opening a saved file in the system's own viewer (`xdg-open`, `open`, `start`).

A seam: the app looks up `file_opener` on itself first, so a test (or a locked-down desktop) can put
another opener in its place.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def system_open(path: Path) -> None:
    """Hand `path` to the desktop's viewer and return at once.

    Raises:
        OSError: no viewer program (FileNotFoundError), or it could not be started.
    """
    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]
        return
    command = ["open" if sys.platform == "darwin" else "xdg-open", str(path)]
    # Its own session, no terminal: the viewer's chatter must never reach the TUI's screen.
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)  # fmt: skip
