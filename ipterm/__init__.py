"""ipterm: individual plans (individuell plan) from the keyboard, encrypted and offline-first."""

from __future__ import annotations

__version__ = "0.1.0"

# Messages render through the catalogues from the first import on, whichever module a program starts with.
from ipterm import i18n as _i18n  # noqa: F401
