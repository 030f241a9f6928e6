"""Start the TUI: load settings, open (or ask to unlock) the database, run the app."""

from __future__ import annotations

from pathlib import Path


def run_tui(*, data_dir: Path | None, config: Path | None, demo: bool, language: str | None) -> int:
    """Run the Textual app until the user quits; returns the process exit code."""
    from ipterm.logsetup import disable_core_dumps
    from ipterm.tui.app import IptermApp

    disable_core_dumps()  # a crash must not write the key and decrypted pages to a core file
    app = IptermApp.from_environment(data_dir=data_dir, config=config, demo=demo, language=language)
    app.run()
    return app.return_code or 0
