"""ipterm: individual plans (individuell plan) from the keyboard, encrypted and offline-first."""

from __future__ import annotations

__version__ = "0.1.0"
