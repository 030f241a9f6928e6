"""Themes from TOML files: the shipped ones in themes/, the user's in the config dir's themes/."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from textual.theme import Theme

log = logging.getLogger(__name__)

REQUIRED = ("name", "primary")
OPTIONAL = ("secondary", "accent", "foreground", "background", "surface", "panel", "warning", "error", "success",
            "boost", "dark")  # fmt: skip


class ThemeFileError(ValueError):
    pass


def load_theme(path: Path) -> Theme:
    """A Theme from one TOML file.

    Raises:
        ThemeFileError: naming the file and what is wrong with it.
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeFileError(f"{path.name}: {exc}") from None
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise ThemeFileError(f"{path.name}: mangler {', '.join(missing)}")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ThemeFileError(f"{path.name}: ukjente nøkler {', '.join(unknown)}")
    try:
        return Theme(**{k: v for k, v in raw.items() if k in REQUIRED or k in OPTIONAL})
    except Exception as exc:  # Textual validates colours; any failure is the file's fault
        raise ThemeFileError(f"{path.name}: {exc}") from None


def load_themes(*directories: Path) -> tuple[list[Theme], list[str]]:
    """All themes found, and one problem line per file that could not be used."""
    themes, problems = [], []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                themes.append(load_theme(path))
            except ThemeFileError as exc:
                log.warning("theme skipped: %s", exc)
                problems.append(str(exc))
    return themes, problems
