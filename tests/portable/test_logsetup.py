"""One log file shared by the TUI and CLI commands running at once: rotation refused by Windows, rotation
done by the other process, and never a word about it on the terminal."""

from __future__ import annotations

import logging
import os
import stat
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from ipterm import logsetup

from .windows import windows_error

LINE = "x" * 200


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("IPTERM_LOG_DIR", str(tmp_path / "log"))
    path = logsetup.setup_logging()
    file_handler(path).maxBytes = 20_000
    yield path
    handler = file_handler(path)
    handler.close()
    logging.getLogger().removeHandler(handler)


def file_handler(path: Path) -> RotatingFileHandler:
    (found,) = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert Path(found.baseFilename) == path
    return found


def test_rotation_refused_by_windows_loses_no_line_and_prints_nothing(log_file: Path, monkeypatch, capfd) -> None:
    real_rename = os.rename

    def held_by_the_tui(src, dst):
        if Path(src) == log_file:
            raise windows_error(32)  # the other process has ipterm.log open
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", held_by_the_tui)
    log = logging.getLogger("ipterm.test")
    for n in range(300):  # three times the size limit
        log.info("line %d %s", n, LINE)
    text = log_file.read_text(encoding="utf-8")
    assert all(f"line {n} " in text for n in range(300))
    out, err = capfd.readouterr()
    assert "Logging error" not in err and "Traceback" not in err and out == ""


def test_rotation_goes_ahead_once_the_file_is_free(log_file: Path) -> None:
    log = logging.getLogger("ipterm.test")
    for n in range(300):
        log.info("line %d %s", n, LINE)
    rotated = log_file.with_name("ipterm.log.1")
    assert rotated.exists() and log_file.stat().st_size < 25_000
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600 and stat.S_IMODE(rotated.stat().st_mode) == 0o600


def test_after_the_other_process_rotates_lines_go_to_the_new_file(log_file: Path) -> None:
    """Two handlers on one path stand for the TUI and a CLI command, each with its own open file."""
    other = type(file_handler(log_file))(log_file, maxBytes=20_000, backupCount=3, encoding="utf-8")
    other.setFormatter(logging.Formatter("%(message)s"))

    def cli(text: str) -> None:
        other.emit(logging.LogRecord("ipterm.cli", logging.INFO, __file__, 1, text, (), None))

    try:
        cli("cli line before rotation")
        log = logging.getLogger("ipterm.test")
        for n in range(100):
            log.info("tui %d %s", n, LINE)  # the TUI's handler rotates once
        cli("cli line after rotation")
        rotated = log_file.with_name("ipterm.log.1").read_text(encoding="utf-8")
        assert "cli line before rotation" in rotated and "tui 0 " in rotated
        assert "cli line after rotation" in log_file.read_text(encoding="utf-8")
        assert not log_file.with_name("ipterm.log.2").exists()  # and no second rotation by the CLI
    finally:
        other.close()
