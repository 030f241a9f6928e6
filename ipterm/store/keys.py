"""Passphrase -> raw 256-bit SQLCipher key, through Argon2id with parameters kept beside the database.

The sidecar file (`<db>.kdf`) holds no secret: the salt, the Argon2id cost and a short check value
of the derived key. The check value tells a wrong passphrase apart from a damaged database without
touching the database file; guessing against it costs one Argon2id run per guess, the same as
guessing against the database itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from ipterm.domain.errors import IptermError

KEY_BYTES = 32
_FORMAT = "ipterm-kdf"


class KeyFileError(IptermError):
    """The key parameter file beside the database is missing or damaged."""


class WrongPassphraseError(IptermError):
    def __init__(self) -> None:
        super().__init__("Feil passord. Prøv igjen.", "Wrong passphrase. Try again.")


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost and salt. Defaults follow current OWASP guidance with room to raise later."""

    salt: bytes
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    @classmethod
    def new(cls, *, memory_kib: int = 64 * 1024, iterations: int = 3, lanes: int = 4) -> KdfParams:
        return cls(salt=secrets.token_bytes(16), memory_kib=memory_kib, iterations=iterations, lanes=lanes)


# Low-cost parameters for tests and the demo database, whose passphrase is public anyway.
FAST_KDF = {"memory_kib": 8 * 1024, "iterations": 1, "lanes": 1}


def derive_key(passphrase: str, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def key_check(key: bytes) -> str:
    return hmac.new(key, b"ipterm key check v1", hashlib.sha256).hexdigest()[:16]


def sidecar_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".kdf")


def write_sidecar(path: Path, params: KdfParams, key: bytes) -> None:
    """Write the parameter file atomically with mode 0600."""
    body = {"format": _FORMAT, "version": 1, "algorithm": "argon2id", **asdict(params), "check": key_check(key)}
    body["salt"] = params.salt.hex()
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_sidecar(path: Path) -> tuple[KdfParams, str]:
    """The KDF parameters and the key check value.

    Raises:
        KeyFileError: when the file is missing or not ours.
    """
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body.get("format") != _FORMAT or body.get("algorithm") != "argon2id":
            raise ValueError("format")
        params = KdfParams(
            salt=bytes.fromhex(body["salt"]),
            memory_kib=int(body["memory_kib"]),
            iterations=int(body["iterations"]),
            lanes=int(body["lanes"]),
        )
        return params, str(body["check"])
    except FileNotFoundError:
        raise KeyFileError(
            f"Nøkkelfilen {path.name} mangler ved siden av databasen. Uten den kan databasen ikke låses opp.",
            f"The key file {path.name} next to the database is missing. The database cannot be unlocked without it.",
        ) from None
    except (ValueError, KeyError, TypeError, OSError):
        raise KeyFileError(
            f"Nøkkelfilen {path.name} er skadet eller ikke fra ipterm.",
            f"The key file {path.name} is damaged or not from ipterm.",
        ) from None


def unlock_key(db_path: Path, passphrase: str) -> bytes:
    """Derive the database key from a passphrase, checking it against the sidecar.

    Raises:
        WrongPassphraseError, KeyFileError
    """
    params, check = read_sidecar(sidecar_path(db_path))
    key = derive_key(passphrase, params)
    if not hmac.compare_digest(key_check(key), check):
        raise WrongPassphraseError()
    return key


def passphrase_problem(passphrase: str) -> tuple[str, str] | None:
    """Why a new passphrase is too weak, as (nb, en), or None when it is acceptable.

    A long passphrase of words beats a short complex one, so length counts most.
    """
    if len(passphrase) < 12:
        return (
            "Passordet må ha minst 12 tegn. Tips: bruk tre-fire ord, f.eks. «blå sykkel under brua».",
            "The passphrase needs at least 12 characters. Tip: use three or four words.",
        )
    if len(set(passphrase)) < 6:
        return (
            "Passordet har for få ulike tegn. Bruk flere ord eller tegn.",
            "The passphrase has too few different characters. Use more words or characters.",
        )
    if passphrase.lower() in {"passordpassord", "passwordpassword", "123456789012", "qwertyuiopasdf"}:
        return ("Passordet er for vanlig.", "The passphrase is too common.")
    return None
