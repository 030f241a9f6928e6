"""Sync rules without I/O: remote names that make retries idempotent, and backoff with jitter."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_BACKOFF_SECONDS = 3600
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # the last attempt failed; retried after the backoff


def remote_name(filename: str, content_hash: str) -> str:
    """Case, kind and date come from the export's file name; the hash makes the name unique per content,
    so sending the same export twice writes the same file (never a duplicate)."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "bin"
    if stem.endswith(".fhir"):
        stem, ext = stem[: -len(".fhir")], "fhir." + ext
    return _UNSAFE.sub("_", f"{stem}-{content_hash[:12]}.{ext}")


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff from 5 s, capped at an hour, with ±50 % jitter so many clients spread out."""
    base = min(MAX_BACKOFF_SECONDS, 5 * 2 ** max(0, attempts - 1))
    return base * (0.5 + (rng or random).random())


@dataclass(frozen=True, slots=True)
class SyncStatus:
    configured: bool
    queued: int = 0
    sending: int = 0
    failed: int = 0
    sent: int = 0
    last_sent_at: datetime | None = None
    last_error: str = ""

    def label(self, language: str = "nb") -> str:
        en = language == "en"
        if not self.configured:
            return "Sync: not set up" if en else "Synk: ikke satt opp"
        waiting = self.queued + self.failed
        if self.sending:
            return f"Sync: sending ({waiting} waiting)" if en else f"Synk: sender ({waiting} venter)"
        if self.failed:
            why = self.last_error or ("offline" if en else "frakoblet")
            return f"Sync: {waiting} queued – {why}" if en else f"Synk: {waiting} i kø – {why}"
        if self.queued:
            return f"Sync: {waiting} queued" if en else f"Synk: {waiting} i kø"
        if self.last_sent_at:
            at = self.last_sent_at.strftime("%H:%M")
            return f"Sync: all sent, last {at}" if en else f"Synk: alt sendt, sist {at}"
        return "Sync: nothing to send" if en else "Synk: ingenting å sende"
