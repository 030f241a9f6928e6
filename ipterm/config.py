"""User settings: defaults in code, overrides from `config.toml` in the config directory.

Nothing secret lives here (WebDAV secrets are kept inside the encrypted database).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipterm.domain.errors import IptermError

log = logging.getLogger(__name__)

LANGUAGES = ("nb", "en")


class ConfigError(IptermError):
    pass


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = "nb"
    """UI language: "nb" (bokmål) or "en"."""
    theme: str = "ipterm-dark"
    """Name of the Textual theme; shipped ones are ipterm-dark, ipterm-light and ipterm-contrast."""
    idle_lock_minutes: int = 10
    """Lock the database after this many minutes without a key press (0 turns auto-lock off)."""
    due_ahead_days: int = 7
    """How many days ahead the dashboard looks for due items."""
    stale_after_days: int = 180
    """A measure or contact not confirmed for this many days is flagged as stale."""
    consent_ahead_days: int = 30
    """Warn this many days before a consent expires."""
    erase_after_days: int = 90
    """Remind that a closed case can be erased this many days after it was closed."""
    sync: dict[str, Any] = field(default_factory=dict)
    """Where exports should go (only a proposal: ipterm sends there once the user confirmed it, and the
    confirmation lives in the encrypted database): {destination = "folder", folder = "/mnt/share/ip"} (a
    Windows path in single quotes, which keep backslashes as written: folder = 'H:\\Felles\\IP') or
    {destination = "webdav", url = "https://…", username = "…", auth = "basic" | "token"}; optional
    timeout (seconds per request, 20), parallel (uploads at once, 8), ca_file (a municipal CA bundle).
    The password or token is kept in the encrypted database (`ipterm sync secret`)."""
    full_name_in_pdf_metadata: bool = False
    """Put the person's full name in a PDF's title and description (its metadata). Off: the case number and
    initials ("Individuell plan – IP 3 (E.L.S.)"), as in file names and calendars; the pages themselves
    always carry the full name."""
    export_dir: str = ""
    """The folder the Export dialog saved to last (it offers it again)."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> key(s), e.g. {"goal.new" = "ctrl+n"}."""
    path: Path | None = None
    """Where these settings were read from and are saved to."""

    def with_changes(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_FIELDS = {f.name for f in dataclasses.fields(Settings)} - {"path"}


def load_settings(path: Path) -> Settings:
    """Read settings from `path`; a missing file gives the defaults.

    Raises:
        ConfigError: naming the file and the bad key or value.
    """
    if not path.exists():
        return Settings(path=path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        hint_nb, hint_en = _backslash_hint(text, exc) if isinstance(exc, tomllib.TOMLDecodeError) else ("", "")
        raise ConfigError(
            f"Kan ikke lese innstillingene i {path}: {exc}{hint_nb}",
            f"Cannot read the settings in {path}: {exc}{hint_en}",
        ) from None
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ConfigError(
            f"Ukjent innstilling i {path}: {', '.join(unknown)}", f"Unknown setting in {path}: {', '.join(unknown)}"
        )
    values = {k: v for k, v in raw.items() if k in _FIELDS}
    settings = Settings(path=path, **values)
    if settings.language not in LANGUAGES:
        raise ConfigError(f"language i {path} må være nb eller en.", f"language in {path} must be nb or en.")
    for name in ("idle_lock_minutes", "due_ahead_days", "stale_after_days", "consent_ahead_days", "erase_after_days"):
        value = getattr(settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{name} i {path} må være et heltall ≥ 0.", f"{name} in {path} must be an integer ≥ 0.")
    if not isinstance(settings.full_name_in_pdf_metadata, bool):
        raise ConfigError(
            f"full_name_in_pdf_metadata i {path} må være true eller false.",
            f"full_name_in_pdf_metadata in {path} must be true or false.",
        )
    check_sync_settings(settings.sync, path)
    return settings


_WINDOWS_EXAMPLE = "folder = 'H:\\Felles\\IP'"


def _backslash_hint(text: str, exc: tomllib.TOMLDecodeError) -> tuple[str, str]:
    """A Windows path in double quotes (`"H:\\Felles\\IP"`) is the usual cause of a backslash error: say how
    to write it instead."""
    found = re.search(r"at line (\d+)", str(exc))
    lines = text.splitlines()
    line = lines[int(found.group(1)) - 1] if found and 0 < int(found.group(1)) <= len(lines) else ""
    if "\\" not in line or '"' not in line:
        return "", ""
    return (
        "\nEn bakoverskråstrek (\\) i doble anførselstegn må dobles. Skriv Windows-stier med enkle "
        f"anførselstegn, for eksempel {_WINDOWS_EXAMPLE}",
        "\nA backslash (\\) inside double quotes must be doubled. Write Windows paths in single quotes, "
        f"for example {_WINDOWS_EXAMPLE}",
    )


SYNC_KEYS = {"destination", "folder", "url", "username", "auth", "timeout", "parallel", "ca_file"}


def check_sync_settings(sync: dict[str, Any], path: object) -> None:
    """Validate the [sync] table (also used by the TUI before it saves one).

    Raises:
        ConfigError: naming the file and the bad key.
    """
    if not sync:
        return

    def bad(nb: str, en: str) -> ConfigError:
        return ConfigError(f"[sync] i {path}: {nb}", f"[sync] in {path}: {en}")

    unknown = sorted(set(sync) - SYNC_KEYS)
    if unknown:
        raise bad(f"ukjent nøkkel {', '.join(unknown)}.", f"unknown key {', '.join(unknown)}.")
    kind = sync.get("destination")
    if kind not in ("folder", "webdav"):
        raise bad("destination må være folder eller webdav.", "destination must be folder or webdav.")
    if kind == "folder" and not str(sync.get("folder", "")).strip():
        raise bad("folder mangler.", "folder is missing.")
    if kind == "folder" and any(ch in str(sync["folder"]) for ch in "\n\r\t\b\f"):
        # "H:\nytt" in double quotes is valid TOML: \n became a line break. Say so instead of failing later.
        raise bad(
            "folder inneholder et linjeskift eller tabulatortegn; skriv Windows-stier med enkle anførselstegn, "
            f"for eksempel {_WINDOWS_EXAMPLE}",
            "folder contains a line break or tab; write Windows paths in single quotes, "
            f"for example {_WINDOWS_EXAMPLE}",
        )
    if kind == "webdav":
        from urllib.parse import urlsplit

        url = urlsplit(str(sync.get("url", "")))
        local = url.hostname in ("localhost", "127.0.0.1", "::1")
        if not url.hostname or not (url.scheme == "https" or (url.scheme == "http" and local)):
            raise bad("url må starte med https://.", "url must start with https://.")
        if sync.get("auth", "basic") not in ("basic", "token"):
            raise bad("auth må være basic eller token.", "auth must be basic or token.")
        if sync.get("auth", "basic") == "basic" and not str(sync.get("username", "")).strip():
            raise bad("username mangler (trengs for auth = basic).", "username is missing (needed for auth = basic).")
    timeout = sync.get("timeout", 20)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        raise bad("timeout må være et antall sekunder (1–600).", "timeout must be a number of seconds (1–600).")
    parallel = sync.get("parallel", 8)
    if not isinstance(parallel, int) or isinstance(parallel, bool) or not 1 <= parallel <= 32:
        raise bad("parallel må være et heltall 1–32.", "parallel must be an integer 1–32.")


def save_settings(settings: Settings) -> None:
    """Write the settings that differ from the defaults, keeping keys this version does not manage."""
    import tomli_w

    from ipterm import fileio

    if settings.path is None:
        return
    defaults = Settings()
    existing: dict[str, Any] = {}
    if settings.path.exists():
        try:
            existing = tomllib.loads(settings.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, OSError):
            log.warning("config file unreadable; rewriting it")
    for name in _FIELDS:
        value = getattr(settings, name)
        if value != getattr(defaults, name):
            existing[name] = value
        else:
            existing.pop(name, None)
    settings.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fileio.write_atomic(settings.path, tomli_w.dumps(existing).encode("utf-8"))
