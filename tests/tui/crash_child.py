"""The app in a child process (headless) over a real database, with an exception planted in the dashboard
whose message and local variables hold the person's name and national id."""

from __future__ import annotations

import sys
from pathlib import Path

from ipterm.config import Settings
from ipterm.i18n import set_language
from ipterm.logsetup import setup_logging
from ipterm.services import Services
from ipterm.store.database import Store
from ipterm.tui.screens.dashboard_screen import DashboardScreen


def main() -> int:
    db_path, passphrase, language = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    setup_logging()
    set_language(language)
    from ipterm.tui.app import IptermApp

    store = Store.unlock(db_path, passphrase)

    def planted(self: DashboardScreen) -> None:
        case = self.services.list_cases()[0]
        person, national_id = case.person_name, case.national_id  # locals a rich traceback would print
        raise RuntimeError(f"kunne ikke vise {person} ({national_id})")

    DashboardScreen.on_mount = planted  # type: ignore[method-assign]
    app = IptermApp(Services(store), Settings(path=db_path.parent / "config.toml", language=language))
    app.run(headless=True)
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
