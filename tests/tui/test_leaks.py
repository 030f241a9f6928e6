"""What must not leave the screen: no "Screenshot" in the palette (nor any other way to write the screen to a
file), a crash prints one line without personal data, and the TUI process writes no core file."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandPalette

from ipterm.config import Settings
from ipterm.domain.national_id import synthetic_id
from ipterm.services import Services
from ipterm.store.database import Store
from ipterm.store.keys import FAST_KDF
from ipterm.tui.app import IptermApp

from .test_app_flows import fill, screen_text, wait_for

PASS = "korrekt hest batteri stift"
NAME = "Åse Fjellheim"
ROOT = Path(__file__).resolve().parents[2]


async def test_palette_has_no_screenshot_command(services: Services, tmp_path: Path) -> None:
    fill(services)
    app = IptermApp(services, Settings(path=tmp_path / "config.toml"))
    downloads = tmp_path / "Downloads"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Tema" in titles and "Lås nå" in titles
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Screensh")
        await pilot.pause(0.3)
        assert "Save an SVG" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # Other ways in (a key binding, the TEXTUAL_SCREENSHOT variable) write nothing either.
        app.action_screenshot(path=str(downloads))
        assert app.save_screenshot(path=str(downloads)) == ""
        await pilot.pause(0.3)
    assert not downloads.exists()


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "words"), [("nb", "uventet feil"), ("en", "unexpected error")])
def test_a_crash_prints_one_line_without_personal_data(db_path: Path, tmp_path: Path, lang: str, words: str) -> None:
    national_id = synthetic_id(date(1984, 7, 12))
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    Services(store).create_case(NAME, national_id=national_id)
    store.close()
    log_dir = tmp_path / "log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "IPTERM_LOG_DIR": str(log_dir)}
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("crash_child.py")), str(db_path), PASS, lang],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    output = done.stdout + done.stderr
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert words in lines[0].lower() and str(log_dir) in lines[0].replace("\n", "")
    for secret in (NAME, "Fjellheim", national_id, "Traceback", "national_id ="):
        assert secret not in output
    log_text = (log_dir / "ipterm.log").read_text()
    assert "RuntimeError" in log_text and "crash_child.py" in log_text  # where it happened
    assert "Fjellheim" not in log_text and national_id not in log_text


def test_the_tui_process_writes_no_core_file(tmp_path: Path) -> None:
    probe = (
        "import resource, sys\n"
        "from ipterm.tui import app as app_module\n"
        "from ipterm.tui.launch import run_tui\n"
        "app_module.IptermApp.run = lambda self, *a, **k: print(resource.getrlimit(resource.RLIMIT_CORE))\n"
        "run_tui(data_dir=None, config=None, demo=False, language=None)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(0, 0)"


async def test_the_app_removes_what_a_killed_export_left_at_start(db_path: Path, tmp_path: Path) -> None:
    from ipterm.store import exports

    folder = tmp_path / "eksport"
    folder.mkdir()
    left = folder / ".ip-1-plan-2026-11-22-abc.pdf.0a1b2c3d.tmp"
    left.write_bytes(NAME.encode())
    left.chmod(0o600)
    store = Store.create(db_path, PASS, kdf=FAST_KDF)
    fill(Services(store))
    with store.transaction():
        exports.remember_export_folder(store.conn, str(folder))
    app = IptermApp(Services(store), Settings(path=tmp_path / "config.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not left.exists(), "leftover removed")
    store.close()


def test_an_unexpected_cli_error_logs_no_personal_data(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import ipterm.cli as cli

    def planted(args: object, prompter: object) -> int:
        person = NAME
        raise KeyError(f"{person} mangler")

    monkeypatch.setattr(cli, "cmd_cases", planted)
    assert cli.main(["cases"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Uventet feil" in err and NAME not in err
    log_text = (tmp_path / "log" / "ipterm.log").read_text()
    assert "KeyError" in log_text and "test_leaks.py" in log_text and "Fjellheim" not in log_text
