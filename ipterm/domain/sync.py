"""Sync rules without I/O: remote and temporary names, backoff with jitter, error kinds, the status line."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ipterm.domain.messages import N_, Message, joined, message

MAX_BACKOFF_SECONDS = 3600
FIRST_BACKOFF_SECONDS = 5
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
# Not ".part": Nextcloud and ownCloud refuse uploads whose name ends in .part (they use it themselves),
# see nextcloud/server#4526 and owncloud/core#29011.
TEMP_SUFFIX = ".ipterm-upload"


class OutboxState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # the last attempt failed; retried after the backoff


class ErrorKind(StrEnum):
    """Why a delivery failed. Decides whether the item is charged an attempt and whether the pass stops."""

    OFFLINE = "offline"  # no connection, or the folder (share) is not there: nothing is the item's fault
    TIMEOUT = "timeout"
    DROPPED = "dropped"  # the connection broke in the middle of a transfer
    SERVER = "server"  # 5xx
    FULL = "full"  # 507, or no space in the folder
    AUTH = "auth"  # 401/403, or no password stored
    READ_ONLY = "read_only"
    REFUSED = "refused"  # any other answer we cannot use (4xx, redirects)
    LOCAL = "local"  # reading the payload or another local problem


# A failure of these kinds says something about the destination, not about one file: stop the pass.
_STOPS_PASS = frozenset(ErrorKind) - {ErrorKind.REFUSED, ErrorKind.LOCAL}


def stops_pass(kind: ErrorKind) -> bool:
    return kind in _STOPS_PASS


def charges_attempt(kind: ErrorKind) -> bool:
    """Being offline is not a failed attempt: the item waits without backing off, so it goes out as soon as
    the destination answers again."""
    return kind is not ErrorKind.OFFLINE


def remote_name(filename: str, content_hash: str) -> str:
    """Case, kind and date come from the export's file name; the hash makes the name unique per content,
    so sending the same export twice writes the same file (never a duplicate)."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, "bin"
    if stem.endswith(".fhir"):
        stem, ext = stem[: -len(".fhir")], "fhir." + ext
    return _UNSAFE.sub("_", f"{stem}-{content_hash[:12]}.{ext}")


def backup_remote_name(created_at: datetime, content_hash: str) -> str:
    """ipterm-sikkerhetskopi-2026-11-22-0930-<hash>.db: sorts by time, unique per content."""
    return f"ipterm-sikkerhetskopi-{created_at:%Y-%m-%d-%H%M}-{content_hash[:12]}.db"


def temp_name(final: str, token: str) -> str:
    """A hidden name beside the final one, unique per attempt: two uploaders never write the same file,
    and a reader that ignores dot files never sees it."""
    return f".{final}.{token}{TEMP_SUFFIX}"


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


# One path segment that means the same on every filesystem and server: no separators, no leading dot
# (hidden, `.`/`..`), no `..` anywhere, nothing that needs quoting. Names come from the outbox, and the
# outbox may come from a restored backup: they are checked where they are used, not where they were made.
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,199}")
_TEMP = re.compile(
    r"\.(?P<final>[A-Za-z0-9_][A-Za-z0-9._-]{0,199})\.(?P<token>[0-9a-f]{8,32})" + re.escape(TEMP_SUFFIX)
)


def is_safe_name(name: object) -> bool:
    """Whether `name` may be written as a final file name at a destination."""
    return (
        isinstance(name, str)
        and _SAFE_NAME.fullmatch(name) is not None
        and ".." not in name
        and not name.endswith(".")
        and not is_temp_name(name)
    )


def is_own_temp_name(name: object, final: str | None = None) -> bool:
    """Whether `name` is a temporary name ipterm makes (of `final`, when given): only such names are ever
    removed from a destination."""
    if not isinstance(name, str) or ".." in name[1:]:
        return False
    m = _TEMP.fullmatch(name)
    if m is None or not is_safe_name(m["final"]):
        return False
    return final is None or m["final"] == final


def backoff_seconds(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff from 5 s, capped at an hour, with ±50 % jitter so many clients spread out."""
    base = min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(0, min(attempts, 30) - 1))
    return base * (0.5 + (rng or random).random())


# What the user can choose to send by itself. PDFs and calendars carry no national id; JSON and FHIR do,
# and a backup holds everything: those stay on the laptop unless chosen.
SEND_KINDS = ("pdf", "ics", "json", "fhir", "backup")
DEFAULT_SEND_KINDS = frozenset({"pdf", "ics"})
# The status report for the coordinating unit goes with the PDFs, its CSV too: neither holds a name.
_PDF_KINDS = frozenset({"plan", "minutes", "summons", "handover", "status", "status_csv",
                        "easy-read", "contacts"})  # fmt: skip


SEND_KIND_LABELS = {
    "pdf": N_("PDF"), "ics": N_("kalender (ics)"), "json": N_("JSON"),
    "fhir": N_("FHIR"), "backup": N_("sikkerhetskopier"),
}  # fmt: skip


def kinds_label(kinds: frozenset[str] | set[str]) -> Message:
    names = [message(SEND_KIND_LABELS[k]) if k in SEND_KIND_LABELS else k for k in SEND_KINDS if k in kinds]
    return joined(names) if names else message("ingenting")


def send_kind(export_kind: str) -> str:
    """The choice an export kind falls under (plan, minutes and handover are all "pdf")."""
    return "pdf" if export_kind in _PDF_KINDS else export_kind


@dataclass(frozen=True, slots=True)
class DestinationBinding:
    """The destination the user confirmed, as kept in the encrypted database."""

    identity: str
    destination: str
    kinds: frozenset[str]
    since_export_id: int
    confirmed_at: datetime


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the footer and `ipterm sync status` show."""

    configured: bool
    queued: int = 0
    sending: int = 0
    failed: int = 0
    sent: int = 0
    last_sent_at: datetime | None = None
    last_error: Message | None = None
    offline: bool = False
    """The newest problem is that the destination could not be reached."""
    confirm_needed: bool = False
    """config.toml names a destination the user has not confirmed: nothing is sent until they do."""

    @property
    def waiting(self) -> int:
        """Not sent yet: queued, being sent, or failed and waiting for the retry."""
        return self.queued + self.sending + self.failed

    def error(self) -> Message | str:
        return self.last_error or ""

    def label(self) -> Message:
        """One short line: offline / n queued / sending / failed: why / all sent, last at …"""
        waiting = self.waiting
        if not self.configured:
            return message("Synk: ikke satt opp")
        if self.confirm_needed:
            return message("Synk: ny mottaker – bekreft den i synk-innstillingene")
        if self.sending:
            return message("Synk: sender … ({waiting} igjen)", waiting=waiting)
        if waiting and self.offline:
            return message("Synk: frakoblet – {waiting} i kø", waiting=waiting)
        if waiting and self.failed and self.last_error:
            return message("Synk: {waiting} i kø – feilet: {why}", waiting=waiting, why=self.last_error)
        if waiting:
            return message("Synk: {waiting} i kø", waiting=waiting)
        if self.last_sent_at:
            return message("Synk: alt sendt, sist {at}", at=self.last_sent_at.strftime("%d.%m. %H:%M"))
        return message("Synk: ingenting å sende")
