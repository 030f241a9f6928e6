"""Delivery errors with a short message for the status line, in bokmål and English."""

from __future__ import annotations

import errno

from ipterm.domain.errors import IptermError
from ipterm.domain.sync import ErrorKind


class SyncError(IptermError):
    """One delivery (or the check of the destination) failed. `kind` decides what happens next: see
    `ipterm.domain.sync.stops_pass` and `charges_attempt`."""

    def __init__(self, nb: str, en: str | None = None, *, kind: ErrorKind = ErrorKind.REFUSED) -> None:
        super().__init__(nb, en)
        self.kind = kind

    @property
    def offline(self) -> bool:
        return self.kind is ErrorKind.OFFLINE


def no_connection() -> SyncError:
    return SyncError("Ingen forbindelse til serveren.", "No connection to the server.", kind=ErrorKind.OFFLINE)


def timed_out() -> SyncError:
    return SyncError("Serveren svarte ikke i tide.", "The server did not answer in time.", kind=ErrorKind.TIMEOUT)


def dropped() -> SyncError:
    return SyncError(
        "Forbindelsen ble brutt under overføringen.",
        "The connection broke during the transfer.",
        kind=ErrorKind.DROPPED,
    )


def tls_failed() -> SyncError:
    return SyncError(
        "Sikker forbindelse feilet: serverens sertifikat kunne ikke bekreftes.",
        "Secure connection failed: the server's certificate could not be verified.",
        kind=ErrorKind.SERVER,
    )


def missing_secret() -> SyncError:
    return SyncError(
        "Passord eller token mangler. Lagre det med «ipterm sync secret».",
        "Password or token missing. Store it with “ipterm sync secret”.",
        kind=ErrorKind.AUTH,
    )


def insecure_url(url: str) -> SyncError:
    return SyncError(
        f"{url} er ikke kryptert (http). Bruk https:// – persondata sendes ikke ukryptert.",
        f"{url} is not encrypted (http). Use https:// – personal data is not sent unencrypted.",
        kind=ErrorKind.REFUSED,
    )


def from_status(code: int) -> SyncError:
    """A WebDAV answer we cannot use, as a message the coordinator can act on."""
    if code == 401:
        return SyncError("Feil brukernavn eller passord.", "Wrong user name or password.", kind=ErrorKind.AUTH)
    if code == 403:
        return SyncError(
            "Serveren svarte 403: ingen tilgang til mappen.",
            "The server answered 403: no access to the folder.",
            kind=ErrorKind.AUTH,
        )
    if code == 507:
        return SyncError(
            "Serveren svarte 507: ikke plass på serveren.", "The server answered 507: no space on the server.",
            kind=ErrorKind.FULL,
        )  # fmt: skip
    if code in (404, 409):
        return SyncError(
            f"Serveren svarte {code}: mappen finnes ikke på serveren. Sjekk adressen.",
            f"The server answered {code}: the folder does not exist on the server. Check the address.",
            kind=ErrorKind.REFUSED,
        )
    if 300 <= code < 400:
        return SyncError(
            f"Serveren svarte {code} (viderekobling). Sjekk adressen, den skal peke rett på mappen.",
            f"The server answered {code} (redirect). Check the address; it must point straight at the folder.",
            kind=ErrorKind.REFUSED,
        )
    if code == 413:
        return SyncError(
            "Serveren svarte 413: filen er for stor for serveren.", "The server answered 413: the file is too large.",
            kind=ErrorKind.REFUSED,
        )  # fmt: skip
    if code >= 500:
        return SyncError(
            f"Serveren svarte {code}: feil på serveren.", f"The server answered {code}: server error.",
            kind=ErrorKind.SERVER,
        )  # fmt: skip
    return SyncError(f"Serveren svarte {code}.", f"The server answered {code}.", kind=ErrorKind.REFUSED)


def bad_name() -> SyncError:
    return SyncError(
        "Filnavnet i køen er ikke et trygt filnavn (kommer ikke fra ipterm); ingenting er sendt eller slettet.",
        "The file name in the queue is not a safe file name (not made by ipterm); nothing was sent or removed.",
        kind=ErrorKind.LOCAL,
    )


def folder_missing(folder: object) -> SyncError:
    return SyncError(
        f"Mappen {folder} finnes ikke (er disken eller nettverksmappen koblet til?).",
        f"The folder {folder} does not exist (is the drive or network share connected?).",
        kind=ErrorKind.OFFLINE,
    )


def from_os_error(exc: OSError) -> SyncError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SyncError("Mappen er skrivebeskyttet.", "The folder is read-only.", kind=ErrorKind.READ_ONLY)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return SyncError("Ikke plass i mappen.", "No space in the folder.", kind=ErrorKind.FULL)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ESTALE, errno.EHOSTDOWN, errno.ENOTCONN):
        return SyncError(
            "Mappen er ikke tilgjengelig (er nettverksmappen koblet til?).",
            "The folder is not available (is the network share connected?).",
            kind=ErrorKind.OFFLINE,
        )
    return SyncError(
        f"Kunne ikke skrive til mappen ({exc.strerror}).", f"Could not write to the folder ({exc.strerror}).",
        kind=ErrorKind.LOCAL,
    )  # fmt: skip
