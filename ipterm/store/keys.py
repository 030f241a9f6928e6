"""Passphrase -> raw 256-bit SQLCipher key, through Argon2id with parameters kept beside the database.

The sidecar file (`<db>.kdf`) holds no secret: the salt, the Argon2id cost, a MAC over them and a digest.
It comes from disk, so it is read as untrusted input, the way KeePassXC reads a KDBX 4 header:

- every value is checked against fixed bounds *before* Argon2id runs, so an edited file can neither hang
  the unlock (`iterations = 3000`) nor crash it (`memory_kib = 2**31`, `lanes = 0`);
- a SHA-256 digest over the whole body catches a damaged or hand-edited file before Argon2id runs;
- the MAC (HMAC-SHA-256 under a key derived from the Argon2id output with HKDF and its own label) binds
  the parameters to the key, so only a file written by someone who knew the passphrase verifies.

What no file format can do is tell a wrong passphrase from parameters changed by someone who also
recomputed the digest: both give a key that does not verify. The database itself settles that case where
it can (see `unlock_key`): a key that opens the database while the file's MAC disagrees means the file was
altered, not that the passphrase is wrong.

Lowering the cost in the file gains an attacker nothing: the cost is an input to the key, so a file with
other parameters derives another key, which fails the MAC and does not open the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ipterm import fileio
from ipterm.domain.errors import IptermError
from ipterm.domain.messages import N_

log = logging.getLogger(__name__)

KEY_BYTES = 32
_FORMAT = "ipterm-kdf"
_VERSION = 2
_MAC_LABEL = b"ipterm kdf parameters mac v2"

# Bounds for parameters read from a file. The floor is the cheapest cost ipterm itself ever writes (the demo
# and tests); the ceilings are far above anything sensible on a laptop and keep one unlock under a minute.
MEMORY_KIB = (8 * 1024, 1024 * 1024)
ITERATIONS = (1, 20)
LANES = (1, 16)
SALT_BYTES = (16, 64)
# A database restored from a single-file backup keeps the backup's salt: 10 random bytes and four format
# bytes that start with "iP" (see `ipterm.store.files`). That exact shape is accepted as well.
_HEADER_SALT_BYTES, _HEADER_MAGIC = 14, b"iP"

FULL_KDF: dict[str, int] = {"memory_kib": 64 * 1024, "iterations": 3, "lanes": 4}
# Low-cost parameters for tests and the demo database, whose passphrase is public anyway.
FAST_KDF = {"memory_kib": 8 * 1024, "iterations": 1, "lanes": 1}
# Tests set this so that thousands of keys cost milliseconds; a normal run never does.
LOW_COST_ENV = "IPTERM_LOW_KDF_FOR_TESTS"


class KeyFileError(IptermError):
    """The key parameter file beside the database is missing or damaged."""


class KeyFileTamperedError(KeyFileError):
    def __init__(self, name: str) -> None:
        super().__init__(
            "Nøkkelfilen {name} er endret eller skadet, så databasen låses ikke "
            "opp. Ingenting er endret. Legg tilbake nøkkelfilen fra samme "
            "sikkerhetskopi som databasen, eller gjenopprett en sikkerhetskopi.",
            name=name,
        )


class WrongPassphraseError(IptermError):
    def __init__(self) -> None:
        super().__init__("Feil passord. Prøv igjen.")


class PassphraseChangedError(IptermError):
    def __init__(self) -> None:
        super().__init__(
            "Et passordbytte (ipterm passwd) ble avbrutt etter at databasen var "
            "kryptert med det nye passordet. Lås opp med det nye passordet."
        )


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost and salt. Defaults follow current OWASP guidance with room to raise later."""

    salt: bytes
    memory_kib: int = FULL_KDF["memory_kib"]
    iterations: int = FULL_KDF["iterations"]
    lanes: int = FULL_KDF["lanes"]

    @classmethod
    def new(cls, *, memory_kib: int = 64 * 1024, iterations: int = 3, lanes: int = 4) -> KdfParams:
        params = cls(salt=secrets.token_bytes(16), memory_kib=memory_kib, iterations=iterations, lanes=lanes)
        if not params.in_bounds():
            raise ValueError("KDF parameters out of bounds")
        return params

    def in_bounds(self) -> bool:
        salt_ok = SALT_BYTES[0] <= len(self.salt) <= SALT_BYTES[1] or (
            len(self.salt) == _HEADER_SALT_BYTES and self.salt[10:12] == _HEADER_MAGIC
        )
        return (
            salt_ok
            and MEMORY_KIB[0] <= self.memory_kib <= MEMORY_KIB[1]
            and ITERATIONS[0] <= self.iterations <= ITERATIONS[1]
            and LANES[0] <= self.lanes <= LANES[1]
            # Argon2 needs at least 8 KiB per lane; the bounds above already guarantee it.
        )

    def below_full_cost(self) -> bool:
        return (self.memory_kib, self.iterations) < (FULL_KDF["memory_kib"], FULL_KDF["iterations"])


def low_cost_allowed() -> bool:
    return os.environ.get(LOW_COST_ENV) == "1"


def cost_for_new_key(kdf: dict[str, int] | None, *, public_passphrase: bool = False) -> dict[str, int]:
    """The Argon2id cost for a key made now. A cost below the full one is used only for a public passphrase
    (the demo) or in the test suite; anywhere else the request is ignored, so no flag, config value or file
    can make ipterm protect a real database with a cheap key."""
    if not kdf:
        return dict(FULL_KDF)
    wanted = {**FULL_KDF, **kdf}
    cheap = (wanted["memory_kib"], wanted["iterations"]) < (FULL_KDF["memory_kib"], FULL_KDF["iterations"])
    if cheap and not (public_passphrase or low_cost_allowed()):
        log.warning("low key derivation cost requested outside tests; the full cost is used")
        return dict(FULL_KDF)
    return wanted


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    if not params.in_bounds():  # never run Argon2id on values nobody checked
        raise ValueError("KDF parameters out of bounds")
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def _mac_key(key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_MAC_LABEL).derive(bytes(key))


def _fields(params: KdfParams) -> dict[str, object]:
    """What the parameter file says about the derivation; the MAC and the digest are over exactly this."""
    return {
        "format": _FORMAT,
        "version": _VERSION,
        "algorithm": "argon2id",
        "salt": params.salt.hex(),
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
    }


def _canonical(params: KdfParams) -> bytes:
    return json.dumps(_fields(params), sort_keys=True, separators=(",", ":")).encode("ascii")


def parameters_mac(params: KdfParams, key: bytes) -> str:
    return hmac.new(_mac_key(key), _canonical(params), hashlib.sha256).hexdigest()


def _digest(params: KdfParams, mac: str) -> str:
    return hashlib.sha256(_canonical(params) + b"\n" + mac.encode("ascii")).hexdigest()


def _legacy_check(key: bytes) -> str:
    return hmac.new(bytes(key), b"ipterm key check v1", hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Sidecar:
    """A parameter file as read: its parameters and what verifies a key derived with them."""

    params: KdfParams
    mac: str
    legacy: bool = False  # version 1: a short check of the key only, no MAC over the parameters

    def verifies(self, key: bytes) -> bool:
        expected = _legacy_check(key) if self.legacy else parameters_mac(self.params, key)
        return hmac.compare_digest(expected, self.mac)


def sidecar_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".kdf")


def pending_path(db_path: Path) -> Path:
    """The parameter file of a passphrase change in progress (see `Store.change_passphrase`)."""
    return db_path.with_name(db_path.name + ".kdf.new")


def write_sidecar(path: Path, params: KdfParams, key: bytes) -> None:
    """Write the parameter file atomically with mode 0600."""
    mac = parameters_mac(params, key)
    body = {**_fields(params), "mac": mac, "digest": _digest(params, mac)}
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | fileio.binary_flag(), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(json.dumps(body).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    fileio.replace(tmp, path)
    fileio.fsync_dir(path.parent)  # the rename itself must survive a power cut


def _damaged(path: Path) -> KeyFileError:
    return KeyFileError("Nøkkelfilen {name} er skadet eller ikke fra ipterm.", name=path.name)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def load_sidecar(path: Path) -> Sidecar:
    """The parameter file, checked as far as it can be without the passphrase.

    Raises:
        KeyFileError: missing or not ours; KeyFileTamperedError: out of bounds or not matching its digest.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(
            "Nøkkelfilen {name} mangler ved siden av databasen. Uten den kan databasen ikke låses opp.", name=path.name
        ) from None
    except OSError:
        raise _damaged(path) from None
    if len(raw) > 4096:  # ours are about 400 bytes; do not parse whatever was put there
        raise _damaged(path)
    try:
        body = json.loads(raw.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != _FORMAT or body.get("algorithm") != "argon2id":
            raise ValueError("format")
        version = _int(body.get("version"))
        salt = bytes.fromhex(str(body["salt"]))
        params = KdfParams(
            salt=salt,
            memory_kib=_int(body["memory_kib"]),
            iterations=_int(body["iterations"]),
            lanes=_int(body["lanes"]),
        )
        mac = str(body["mac"] if version >= 2 else body["check"])
        digest = str(body.get("digest", ""))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _damaged(path) from None
    if version > _VERSION:
        raise KeyFileError("Nøkkelfilen {name} er laget av en nyere ipterm. Oppdater ipterm.", name=path.name)
    if not params.in_bounds():
        log.warning("key file %s: parameters out of bounds", path.name)
        raise KeyFileTamperedError(path.name)
    if version >= 2 and not hmac.compare_digest(_digest(params, mac), digest):
        log.warning("key file %s: digest does not match", path.name)
        raise KeyFileTamperedError(path.name)
    return Sidecar(params, mac, legacy=version < 2)


def read_sidecar(path: Path) -> tuple[KdfParams, Sidecar]:
    """The KDF parameters (and the whole checked file). Raises as `load_sidecar`."""
    sidecar = load_sidecar(path)
    return sidecar.params, sidecar


def file_key_from_sidecar(path: Path, passphrase: str) -> bytes:
    """The key of a stand-alone file of the first format, whose parameters sit in `<file>.kdf`.

    Raises:
        WrongPassphraseError, KeyFileError
    """
    sidecar = load_sidecar(sidecar_path(path))
    key = derive_key(passphrase, sidecar.params)
    if not sidecar.verifies(key):
        raise WrongPassphraseError()
    return key


def unlock_key(db_path: Path, passphrase: str, opens: Callable[[bytes], bool]) -> tuple[bytes, KdfParams]:
    """Derive the database key from a passphrase, checking it against the sidecar. Returns the key and the
    parameters it was derived with.

    `opens(key)` tells whether a key opens the database (without changing it). With it, unlock finishes an
    interrupted `ipterm passwd` whichever step it stopped at: before the re-encryption the old passphrase
    works (and the unused new parameter file is removed); after it the new one does (and its parameter file
    takes the place of the old one). A file of the first format (no MAC) is accepted once and rewritten in
    the current format as soon as the key has opened the database.

    Raises:
        WrongPassphraseError, PassphraseChangedError, KeyFileError, KeyFileTamperedError
    """
    current_path, pending = sidecar_path(db_path), pending_path(db_path)
    unusable: KeyFileError | None = None
    try:
        current: Sidecar | None = load_sidecar(current_path)
    except KeyFileError as exc:
        if not pending.exists():
            raise
        current, unusable = None, exc  # an interrupted change may have left a working new one
    key = derive_key(passphrase, current.params) if current else b""
    matches_current = current is not None and current.verifies(key)
    if current is not None and matches_current and opens(key):
        pending.unlink(missing_ok=True)  # a change that never reached the database
        pending.with_name(pending.name + ".tmp").unlink(missing_ok=True)  # ... or did not finish writing it
        if current.legacy:
            write_sidecar(current_path, current.params, key)
            log.info("key file rewritten in format %d", _VERSION)
        return key, current.params
    new = _pending(pending, passphrase)
    if new is not None and opens(new[0]):
        fileio.replace(pending, current_path)
        log.info("interrupted passphrase change completed")
        return new
    if matches_current:
        if pending.exists():
            raise PassphraseChangedError()
        assert current is not None
        return key, current.params  # the database itself is damaged; opening it says so
    if unusable is not None:
        raise unusable
    if opens(key):  # the passphrase is right; the file's MAC was changed
        log.warning("key file %s: MAC does not match a key that opens the database", current_path.name)
        raise KeyFileTamperedError(current_path.name)
    raise WrongPassphraseError()


def _pending(pending: Path, passphrase: str) -> tuple[bytes, KdfParams] | None:
    """The key (and parameters) the pending parameter file gives for `passphrase`; None when there is no
    usable file or the passphrase does not verify against it."""
    if not pending.exists():
        return None
    try:
        sidecar = load_sidecar(pending)
    except KeyFileError:
        return None
    key = derive_key(passphrase, sidecar.params)
    return (key, sidecar.params) if sidecar.verifies(key) else None


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is too weak (a message id), or None when it is acceptable.

    A long passphrase of words beats a short complex one, so length counts most.
    """
    if len(passphrase) < 12:
        return N_("Passordet må ha minst 12 tegn. Tips: bruk tre-fire ord, f.eks. «blå sykkel under brua».")
    if len(set(passphrase)) < 6:
        return N_("Passordet har for få ulike tegn. Bruk flere ord eller tegn.")
    if passphrase.lower() in {"passordpassord", "passwordpassword", "123456789012", "qwertyuiopasdf"}:
        return N_("Passordet er for vanlig.")
    return None
