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
from ipterm.domain.messages import Message, message

log = logging.getLogger(__name__)

LANGUAGES = ("nb", "nn", "en")  # the same list as ipterm.i18n.LANGUAGES, which config cannot import


class ConfigError(IptermError):
    pass


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = "nb"
    """UI language: "nb" (bokmål), "nn" (nynorsk) or "en" (English)."""
    document_language: str = "nb"
    """The language form of plans, minutes, handovers and calendars: the municipality's ("nb" or "nn";
    "en" for a reader who needs it)."""
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
        hint = _backslash_hint(text, exc) if isinstance(exc, tomllib.TOMLDecodeError) else ""
        raise ConfigError("Kan ikke lese innstillingene i {path}: {exc}{hint}", path=path, exc=exc, hint=hint) from None
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise ConfigError("Ukjent innstilling i {path}: {unknown}", path=path, unknown=", ".join(unknown))
    values = {k: v for k, v in raw.items() if k in _FIELDS}
    settings = Settings(path=path, **values)
    if settings.language not in LANGUAGES:
        raise ConfigError("language i {path} må være nb, nn eller en.", path=path)
    if settings.document_language not in LANGUAGES:
        raise ConfigError("document_language i {path} må være nb, nn eller en.", path=path)
    for name in ("idle_lock_minutes", "due_ahead_days", "stale_after_days", "consent_ahead_days", "erase_after_days"):
        value = getattr(settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError("{name} i {path} må være et heltall ≥ 0.", name=name, path=path)
    if not isinstance(settings.full_name_in_pdf_metadata, bool):
        raise ConfigError("full_name_in_pdf_metadata i {path} må være true eller false.", path=path)
    check_sync_settings(settings.sync, path)
    return settings


_WINDOWS_EXAMPLE = "folder = 'H:\\Felles\\IP'"


def _backslash_hint(text: str, exc: tomllib.TOMLDecodeError) -> Message | str:
    """A Windows path in double quotes (`"H:\\Felles\\IP"`) is the usual cause of a backslash error: say how
    to write it instead."""
    found = re.search(r"at line (\d+)", str(exc))
    lines = text.splitlines()
    line = lines[int(found.group(1)) - 1] if found and 0 < int(found.group(1)) <= len(lines) else ""
    if "\\" not in line or '"' not in line:
        return ""
    return message(
        "\nEn bakoverskråstrek (\\) i doble anførselstegn må dobles. Skriv Windows-stier med enkle "
        "anførselstegn, for eksempel {example}",
        example=_WINDOWS_EXAMPLE,
    )


SYNC_KEYS = {"destination", "folder", "url", "username", "auth", "timeout", "parallel", "ca_file"}


def check_sync_settings(sync: dict[str, Any], path: object) -> None:
    """Validate the [sync] table (also used by the TUI before it saves one).

    Raises:
        ConfigError: naming the file and the bad key.
    """
    if not sync:
        return

    def bad(why: Message) -> ConfigError:
        return ConfigError("[sync] i {path}: {why}", path=path, why=why)

    unknown = sorted(set(sync) - SYNC_KEYS)
    if unknown:
        raise bad(message("ukjent nøkkel {unknown}.", unknown=", ".join(unknown)))
    kind = sync.get("destination")
    if kind not in ("folder", "webdav"):
        raise bad(message("destination må være folder eller webdav."))
    if kind == "folder" and not str(sync.get("folder", "")).strip():
        raise bad(message("folder mangler."))
    if kind == "folder" and any(ch in str(sync["folder"]) for ch in "\n\r\t\b\f"):
        # "H:\nytt" in double quotes is valid TOML: \n became a line break. Say so instead of failing later.
        raise bad(
            message(
                "folder inneholder et linjeskift eller tabulatortegn; skriv "
                "Windows-stier med enkle anførselstegn, for eksempel {windows_example}",
                windows_example=_WINDOWS_EXAMPLE,
            )
        )
    if kind == "webdav":
        from urllib.parse import urlsplit

        url = urlsplit(str(sync.get("url", "")))
        local = url.hostname in ("localhost", "127.0.0.1", "::1")
        if not url.hostname or not (url.scheme == "https" or (url.scheme == "http" and local)):
            raise bad(message("url må starte med https://."))
        if sync.get("auth", "basic") not in ("basic", "token"):
            raise bad(message("auth må være basic eller token."))
        if sync.get("auth", "basic") == "basic" and not str(sync.get("username", "")).strip():
            raise bad(message("username mangler (trengs for auth = basic)."))
    timeout = sync.get("timeout", 20)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        raise bad(message("timeout må være et antall sekunder (1–600)."))
    parallel = sync.get("parallel", 8)
    if not isinstance(parallel, int) or isinstance(parallel, bool) or not 1 <= parallel <= 32:
        raise bad(message("parallel må være et heltall 1–32."))


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
