"""Every directory ipterm uses, in one place. Nothing else joins paths to the home directory.

The data directory can be moved with `--data-dir` or `IPTERM_DATA_DIR`; the config file with
`--config` or `IPTERM_CONFIG`. Private directories are created 0700.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ipterm"
DB_FILENAME = "ipterm.db"
_PACKAGE_DIR = Path(__file__).resolve().parent


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make the leaf readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def data_dir(override: Path | str | None = None) -> Path:
    chosen = override or os.environ.get("IPTERM_DATA_DIR")
    return Path(chosen) if chosen else platformdirs.user_data_path(APP_NAME)


def database_path(override: Path | str | None = None) -> Path:
    return data_dir(override) / DB_FILENAME


def demo_database_path(override: Path | str | None = None) -> Path:
    return data_dir(override) / "demo" / "ipterm-demo.db"


def config_path(override: Path | str | None = None) -> Path:
    chosen = override or os.environ.get("IPTERM_CONFIG")
    return Path(chosen) if chosen else platformdirs.user_config_path(APP_NAME) / "config.toml"


def log_dir() -> Path:
    chosen = os.environ.get("IPTERM_LOG_DIR")
    return Path(chosen) if chosen else platformdirs.user_log_path(APP_NAME)


def user_themes_dir(config_file: Path | None = None) -> Path:
    return (config_file or config_path()).parent / "themes"


def shipped_dir(name: str) -> Path:
    """A directory shipped with ipterm (`data` or `themes`).

    In a wheel they sit under `ipterm/_shipped/`; in a source checkout at the repository root.
    """
    inside = _PACKAGE_DIR / "_shipped" / name
    return inside if inside.is_dir() else _PACKAGE_DIR.parent / name


def templates_dir() -> Path:
    return shipped_dir("data") / "templates"


def demo_data_file() -> Path:
    return shipped_dir("data") / "demo" / "cases.toml"


def meeting_templates_file() -> Path:
    """The meeting templates shipped for the situations (oppstartsmøte, utskriving, overgang …)."""
    return shipped_dir("data") / "meetings" / "templates.toml"


def locales_dir() -> Path:
    return shipped_dir("data") / "locales"


def themes_dir() -> Path:
    return shipped_dir("themes")
