"""`ipterm export … -o FOLDER` in a child process that is SIGKILLed after the plaintext has been written to
its temporary file and before the rename (the moment a crash or a pulled plug leaves it behind)."""

from __future__ import annotations

import os
import signal
import sys

from ipterm.store import files


def main() -> int:
    real_fsync = os.fsync

    def fsync_then_die(fd: int) -> None:
        real_fsync(fd)
        if ".tmp" in os.readlink(f"/proc/self/fd/{fd}"):
            os.kill(os.getpid(), signal.SIGKILL)

    files.os.fsync = fsync_then_die  # type: ignore[attr-defined]
    from ipterm.cli import main as cli

    return cli(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
