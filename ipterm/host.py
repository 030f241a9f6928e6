"""What differs between Windows, macOS and Linux, in one place that tests can monkeypatch.

Code elsewhere asks `host.is_windows()` instead of reading `sys.platform` or `os.name`, so the Windows
branches run in the tests on Linux too (with the platform calls they make replaced by fakes that behave
as Windows does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ipterm.domain.messages import Message, message


def is_windows() -> bool:
    return os.name == "nt"


def is_macos() -> bool:
    return sys.platform == "darwin"


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running on this machine, whoever owns it.

    Never sends a signal: `os.kill(pid, 0)` is a Ctrl+C to a process group on Windows, and a stale id there
    raises a plain OSError (WinError 87). psutil asks the operating system's process table instead.
    A zombie (ended, not yet reaped) counts as ended.
    """
    import psutil

    if pid <= 0:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # it exists; it belongs to someone else
    except OSError:
        return False


# -- is a directory private? ----------------------------------------------------------------------
# Well-known Windows security identifiers that may hold rights on a private folder.
SYSTEM_SID = "S-1-5-18"
ADMINISTRATORS_SID = "S-1-5-32-544"
CREATOR_OWNER_SID = "S-1-3-0"
_TRUSTED_SIDS = {SYSTEM_SID, ADMINISTRATORS_SID, CREATOR_OWNER_SID}
# Rights that let someone read a file's content or list the folder (FileSystemRights names, not localised).
_READ_RIGHTS = ("FullControl", "Modify", "Read", "ReadAndExecute", "ReadData", "ListDirectory", "GenericRead")

_ACL_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
$me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User.Value
$acl = Get-Acl -LiteralPath $env:IPTERM_ACL_PATH
$entries = @($acl.Access | ForEach-Object {
  @{ sid = $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value;
     rights = $_.FileSystemRights.ToString(); type = $_.AccessControlType.ToString() }
})
@{ user = $me; entries = $entries } | ConvertTo-Json -Depth 3 -Compress
"""


@dataclass(frozen=True, slots=True)
class AclEntry:
    sid: str
    rights: str
    type: str = "Allow"


@dataclass(frozen=True, slots=True)
class Acl:
    user: str
    entries: tuple[AclEntry, ...]


def read_windows_acl(path: Path) -> Acl:
    """The folder's access list as Windows reports it (PowerShell's Get-Acl, with SIDs, so the answer does
    not depend on the language of the Windows installation).

    Raises:
        OSError: PowerShell missing, or the list could not be read.
    """
    env = dict(os.environ, IPTERM_ACL_PATH=str(path))
    try:
        done = subprocess.run(
            ["powershell", "-NoProfile", "-NonInteractive", "-Command", _ACL_SCRIPT],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise OSError(str(exc)) from None
    if done.returncode != 0:
        raise OSError(done.stderr.strip()[:200] or f"powershell exit {done.returncode}")
    return parse_acl_json(done.stdout)


def parse_acl_json(text: str) -> Acl:
    """Raises: OSError when the answer is not what the script prints."""
    try:
        raw = json.loads(text)
        entries = raw.get("entries") or []
        if isinstance(entries, dict):  # ConvertTo-Json writes a one-element array as an object
            entries = [entries]
        return Acl(
            str(raw["user"]),
            tuple(AclEntry(str(e["sid"]), str(e["rights"]), str(e.get("type", "Allow"))) for e in entries),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OSError(f"unexpected access list: {exc}") from None


# Generic rights appear as a bare number (often negative: a signed 32-bit mask) on inherited entries.
_GENERIC_READ, _GENERIC_ALL, _FILE_READ_DATA = 0x80000000, 0x10000000, 0x1


def _grants_read(rights: str) -> bool:
    try:
        mask = int(rights.strip()) & 0xFFFFFFFF
    except ValueError:
        return any(right in rights for right in _READ_RIGHTS)
    return bool(mask & (_GENERIC_READ | _GENERIC_ALL | _FILE_READ_DATA))


def others_who_can_read(acl: Acl) -> list[str]:
    """The SIDs other than the user, SYSTEM and Administrators that are allowed to read. Entries that only
    pass on to new files count too: those files would be readable."""
    found = []
    for entry in acl.entries:
        if entry.type != "Allow" or entry.sid == acl.user or entry.sid in _TRUSTED_SIDS:
            continue
        if _grants_read(entry.rights):
            found.append(entry.sid)
    return sorted(set(found))


@dataclass(frozen=True, slots=True)
class PrivacyCheck:
    ok: bool
    message: Message


def check_private_dir(
    directory: Path, *, read_acl: Callable[[Path], Acl] | None = None, home: Path | None = None
) -> list[PrivacyCheck]:
    """Whether only the user can read `directory`, checked the way the platform decides it.

    POSIX: the permission bits (no group or other bits). Windows: permission bits mean nothing there, so
    the folder must lie under the user's own profile and its access list must let nobody but the user,
    SYSTEM and Administrators read it.
    """
    if not is_windows():
        mode = directory.stat().st_mode & 0o777
        return [
            PrivacyCheck(
                mode & 0o077 == 0,
                message("Datamappe {directory} har rettigheter {mode}", directory=directory, mode=oct(mode)),
            )
        ]
    results = []
    profile = home or Path(os.environ.get("USERPROFILE") or Path.home())
    inside = _is_within(directory, profile)
    where = (
        message("Datamappe {directory} ligger i brukerprofilen ({profile})", directory=directory, profile=profile)
        if inside
        else message(
            "Datamappe {directory} ligger utenfor brukerprofilen ({profile})", directory=directory, profile=profile
        )
    )
    results.append(PrivacyCheck(inside, where))
    try:
        acl = (read_acl or read_windows_acl)(directory)
    except OSError as exc:
        results.append(
            PrivacyCheck(
                False, message("Fikk ikke lest tilgangslisten til {directory}: {exc}", directory=directory, exc=exc)
            )
        )
        return results
    others = others_who_can_read(acl)
    results.append(
        PrivacyCheck(
            not others,
            message("Datamappe {directory}: bare du kan lese den", directory=directory)
            if not others
            else message(
                "Datamappe {directory} kan leses av andre: {others}", directory=directory, others=", ".join(others)
            ),
        )
    )
    return results


def _is_within(path: Path, parent: Path) -> bool:
    # Windows paths compare without regard to case (normcase does that there, and nothing elsewhere).
    inner = os.path.normcase(os.path.abspath(path))
    outer = os.path.normcase(os.path.abspath(parent)).rstrip("\\/")
    return inner == outer or inner.startswith(outer + os.sep)


def utf8_output() -> None:
    """Make the CLI's output UTF-8 whatever the console's code page says.

    Redirected output (`ipterm case show 3 > f.txt`, `--json > f.json`) is always UTF-8: with cp1252 it
    crashed on `→` and wrote JSON that was not UTF-8. A console keeps its own encoding (Windows consoles
    already take Unicode), but a character it cannot show becomes `?` instead of an error.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue  # a closed or exotic stream: leave it as it is
