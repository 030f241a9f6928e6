"""`ipterm passwd` in a child process that dies (os._exit, no clean-up) at the step named in argv[1], or with
"report", prints each step as it is reached."""

from __future__ import annotations

import os
import sys

from ipterm.store import database, keys


def main() -> int:
    step = sys.argv[1]

    def die_at(name: str) -> None:
        if step == "report":  # say where it is, for a parent that kills it from outside
            print(name, flush=True)
        elif name == step:
            os._exit(99)

    database.PASSWD_STEP = die_at
    if step == "half-new-key-file":  # the new key file's temporary half written, not yet renamed
        real = keys.os.replace

        def replace(src: object, dst: object) -> None:
            if str(dst).endswith(".kdf.new"):
                os._exit(99)
            real(src, dst)

        keys.os.replace = replace  # type: ignore[assignment]
    from ipterm.cli import main as cli

    return cli(["passwd", "--kdf-cost", "low"])


if __name__ == "__main__":
    sys.exit(main())
