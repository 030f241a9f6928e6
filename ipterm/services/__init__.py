"""Use cases shared by the TUI and the CLI. Screens and commands call these, never the store."""

from __future__ import annotations

from ipterm.services.case_services import Services
from ipterm.services.clock import Clock, FixedClock, SystemClock

__all__ = ["Clock", "FixedClock", "Services", "SystemClock"]
