"""Run sync passes in a separate process, so a test can SIGKILL it in the middle of an upload.

    python tests/sync/child_worker.py DB_PATH SETTINGS_JSON [PASSES]

Prints "start" before the first pass and "done" after the last.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ipterm.config import Settings
from ipterm.services import Services
from ipterm.store.database import Store


def main() -> None:
    db, sync_table = Path(sys.argv[1]), json.loads(sys.argv[2])
    passes = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    services = Services(Store.open(db, key=bytes(range(32))))
    sync = services.sync(Settings(sync=sync_table))
    print("start", flush=True)
    for _ in range(passes):
        sync.run_once(force=True)
    print("done", flush=True)
    services.store.close()


if __name__ == "__main__":
    main()
