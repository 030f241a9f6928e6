"""Bytes that are not UTF-8, typed or pasted into the real app in a real terminal (a pty)."""

from __future__ import annotations

import inspect
import os
import select
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from ipterm.services import Services
from ipterm.store.database import Store
from ipterm.tui import terminal_input

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")


def test_textual_still_reads_stdin_where_the_patch_applies() -> None:
    """If this fails, Textual changed how its driver decodes input: move `terminal_input.install`."""
    from textual.drivers import linux_driver, linux_inline_driver

    for driver, cls in ((linux_driver, linux_driver.LinuxDriver),
                        (linux_inline_driver, linux_inline_driver.LinuxInlineDriver)):  # fmt: skip
        source = inspect.getsource(cls.run_input_thread)
        assert 'getincrementaldecoder("utf-8")()' in source, driver.__name__
        assert hasattr(driver, "getincrementaldecoder"), driver.__name__
    terminal_input.install()
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"N\xf8rd \x9b \xc3") == "N\ufffdrd \ufffd "  # the cut-off "Ã" waits for its second byte
    assert decode(b"\xb8", final=True) == "ø"  # … and gets it: UTF-8 split across reads still works


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


class Terminal:
    """The app in a pseudo-terminal of 120 x 40, read continuously so it never blocks on output."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, bytes([40, 0, 120, 0, 0, 0, 0, 0]))
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                                        start_new_session=True)  # fmt: skip
        os.close(slave)
        self.output = b""
        # A failed test leaves the app running; without this it outlives the run and eats a core.
        weakref.finalize(self, _stop, self.process)

    def read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the app has gone and the pty with it
                    return

    def wait_for(self, needle: bytes, seconds: float = 20) -> None:
        end = time.monotonic() + seconds
        while needle not in self.output:
            if time.monotonic() > end or self.process.poll() is not None:
                raise AssertionError(f"{needle!r} never shown; exit {self.process.poll()}")
            self.read(0.1)

    def send(self, data: bytes, pause: float = 0.3) -> None:
        os.write(self.master, data)
        self.read(pause)

    def finish(self, seconds: float = 15) -> int:
        end = time.monotonic() + seconds
        while self.process.poll() is None and time.monotonic() < end:
            self.read(0.1)
        if self.process.poll() is None:
            self.process.kill()
        self.read(0.2)
        os.close(self.master)
        return self.process.wait()


def unlocked_app(path: Path, passphrase: str, tmp_path: Path) -> Terminal:
    """The real app on the test database, in its own terminal, unlocked and on the dashboard."""
    env = {**os.environ, "IPTERM_DATA_DIR": str(path.parent), "IPTERM_CONFIG": str(tmp_path / "c" / "config.toml"),
           "IPTERM_LOG_DIR": str(tmp_path / "log"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}  # fmt: skip
    env.pop("IPTERM_PASSPHRASE", None)
    term = Terminal([sys.executable, "-m", "ipterm"], env)
    term.wait_for(b"Passord")
    term.send(passphrase.encode() + b"\r", pause=1.0)
    term.wait_for(b"Ny sak")
    return term


def test_latin1_and_c1_bytes_in_a_form_are_replaced_not_fatal(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    path, passphrase = passphrase_store
    term = unlocked_app(path, passphrase, tmp_path)
    term.send(b"\x0e")  # Ctrl+N: a new case
    term.wait_for("Fødselsnr".encode())
    term.send(b"Ola \x9b N\xf8rdmann")  # a raw C1 CSI and a Latin-1 o-slash, neither of them UTF-8
    term.send("\r\rKari Koordinatør".encode(), pause=0.5)  # past the national id
    term.send(b"\x13", pause=1.5)  # Ctrl+S
    assert term.process.poll() is None, term.output[-2000:]
    term.send(b"\x11")  # Ctrl+Q
    code = term.finish()
    assert b"Traceback" not in term.output and b"UnicodeDecodeError" not in term.output
    assert code == 0
    store = Store.unlock(path, passphrase)
    try:
        cases = Services(store).list_cases()
        assert [(c.person_name, c.coordinator) for c in cases] == [("Ola \ufffd N\ufffdrdmann", "Kari Koordinatør")]
    finally:
        store.close()


def test_a_terminal_that_goes_away_without_a_hangup_closes_the_app_and_keeps_the_form(
    passphrase_store: tuple[Path, str], tmp_path: Path
) -> None:
    # The other end of the pseudo-terminal dropped, no SIGHUP: Textual read nothing, at full speed, forever,
    # with the database open.
    path, passphrase = passphrase_store
    store = Store.unlock(path, passphrase)
    Services(store).create_case("Per Vangen", coordinator="Kari K")
    store.close()
    term = unlocked_app(path, passphrase, tmp_path)
    term.send(b"s\r", pause=1.0)
    term.wait_for(b"Nytt tiltak")
    term.send(b"g", pause=1.0)
    term.wait_for(b"egne ord")
    term.send(b"Halvskrevet", pause=0.5)
    os.close(term.master)
    try:
        code = term.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        term.process.kill()
        raise AssertionError("still running after its terminal went away") from None
    assert code == 128 + 1  # as a hang-up
    store = Store.unlock(path, passphrase)
    try:
        [draft] = Services(store).drafts()
        assert draft.payload["values"]["text"] == "Halvskrevet"
    finally:
        store.close()
