"""Delivery errors with a short message for the status line."""

from __future__ import annotations

import errno
from typing import Any

from ipterm.domain.errors import IptermError
from ipterm.domain.messages import Message
from ipterm.domain.sync import ErrorKind


class SyncError(IptermError):
    """One delivery (or the check of the destination) failed. `kind` decides what happens next: see
    `ipterm.domain.sync.stops_pass` and `charges_attempt`."""

    def __init__(self, msgid: str | Message, /, *, kind: ErrorKind = ErrorKind.REFUSED, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.kind = kind

    @property
    def offline(self) -> bool:
        return self.kind is ErrorKind.OFFLINE


def no_connection() -> SyncError:
    return SyncError("Ingen forbindelse til serveren.", kind=ErrorKind.OFFLINE)


def timed_out() -> SyncError:
    return SyncError("Serveren svarte ikke i tide.", kind=ErrorKind.TIMEOUT)


def dropped() -> SyncError:
    return SyncError("Forbindelsen ble brutt under overføringen.", kind=ErrorKind.DROPPED)


def tls_failed() -> SyncError:
    return SyncError("Sikker forbindelse feilet: serverens sertifikat kunne ikke bekreftes.", kind=ErrorKind.SERVER)


def missing_secret() -> SyncError:
    return SyncError("Passord eller token mangler. Lagre det med «ipterm sync secret».", kind=ErrorKind.AUTH)


def insecure_url(url: str) -> SyncError:
    return SyncError(
        "{url} er ikke kryptert (http). Bruk https:// – persondata sendes ikke ukryptert.",
        url=url,
        kind=ErrorKind.REFUSED,
    )


def from_status(code: int) -> SyncError:
    """A WebDAV answer we cannot use, as a message the coordinator can act on."""
    if code == 401:
        return SyncError("Feil brukernavn eller passord.", kind=ErrorKind.AUTH)
    if code == 403:
        return SyncError("Serveren svarte 403: ingen tilgang til mappen.", kind=ErrorKind.AUTH)
    if code == 507:
        return SyncError("Serveren svarte 507: ikke plass på serveren.", kind=ErrorKind.FULL)  # fmt: skip
    if code in (404, 409):
        return SyncError(
            "Serveren svarte {code}: mappen finnes ikke på serveren. Sjekk adressen.", code=code, kind=ErrorKind.REFUSED
        )
    if 300 <= code < 400:
        return SyncError(
            "Serveren svarte {code} (viderekobling). Sjekk adressen, den skal peke rett på mappen.",
            code=code,
            kind=ErrorKind.REFUSED,
        )
    if code == 413:
        return SyncError("Serveren svarte 413: filen er for stor for serveren.", kind=ErrorKind.REFUSED)  # fmt: skip
    if code >= 500:
        return SyncError("Serveren svarte {code}: feil på serveren.", code=code, kind=ErrorKind.SERVER)  # fmt: skip
    return SyncError("Serveren svarte {code}.", code=code, kind=ErrorKind.REFUSED)


def bad_name() -> SyncError:
    return SyncError(
        "Filnavnet i køen er ikke et trygt filnavn (kommer ikke fra ipterm); ingenting er sendt eller slettet.",
        kind=ErrorKind.LOCAL,
    )


def folder_missing(folder: object) -> SyncError:
    return SyncError(
        "Mappen {folder} finnes ikke (er disken eller nettverksmappen koblet til?).",
        folder=folder,
        kind=ErrorKind.OFFLINE,
    )


def from_os_error(exc: OSError) -> SyncError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return SyncError("Mappen er skrivebeskyttet.", kind=ErrorKind.READ_ONLY)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return SyncError("Ikke plass i mappen.", kind=ErrorKind.FULL)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ESTALE, errno.EHOSTDOWN, errno.ENOTCONN):
        return SyncError("Mappen er ikke tilgjengelig (er nettverksmappen koblet til?).", kind=ErrorKind.OFFLINE)
    return SyncError("Kunne ikke skrive til mappen ({strerror}).", strerror=exc.strerror, kind=ErrorKind.LOCAL)
