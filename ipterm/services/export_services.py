"""Exports: render once, keep the bytes in the encrypted database, write a file only when asked."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ipterm.domain.errors import IptermError
from ipterm.domain.tasks_then import MEETING_ENTITY, TASK_ENTITY
from ipterm.store import exports as export_log
from ipterm.store import files

if TYPE_CHECKING:
    from ipterm.export import RenderedExport
    from ipterm.services.case_services import Services


@dataclass(frozen=True, slots=True)
class StoredExport:
    id: int
    rendered: RenderedExport


class ExportServices:
    """Reached as `services.exports`."""

    def __init__(self, services: Services) -> None:
        self._s = services

    def export(
        self,
        case_id: int,
        kind: str,
        *,
        recipient_member_id: int | None = None,
        recipient_related_id: int | None = None,
        meeting_id: int | None = None,
        allow_incomplete: bool = False,
        large_type: bool = False,
    ) -> StoredExport:
        """Render and log an export (kind, case, recipient, hash, when); the bytes stay in the database.

        Raises:
            IncompletePlanError, NoConsentError, ValidationError, IptermError (rendering).
        """
        from ipterm.export import render

        self._s.require_case(case_id)
        rendered = render(
            kind,
            self._s.case_file(case_id),
            self._s.today(),
            meeting_id=meeting_id,
            recipient_member_id=recipient_member_id,
            recipient_related_id=recipient_related_id,
            allow_incomplete=allow_incomplete,
            full_name_in_metadata=self._s.full_name_in_pdf_metadata,
            language=self._s.document_language,
            history=self._s.store.audit_of(case_id, (MEETING_ENTITY, TASK_ENTITY)) if kind == "minutes" else (),
            large_type=large_type,
        )
        store = self._s.store
        with store.transaction():
            export_id = export_log.add_export(
                store.conn, case_id=case_id, kind=rendered.kind.value, recipient_member_id=recipient_member_id,
                recipient_label=rendered.recipient_label, meeting_id=rendered.meeting_id, filename=rendered.filename,
                media_type=rendered.media_type, content_hash=rendered.content_hash, content=rendered.content,
                created_at=self._s.clock.now(), missing_items=",".join(rendered.missing_items),
            )  # fmt: skip
            store.audit("export", export_id, case_id, "create",
                        {"kind": [None, rendered.kind.value], "recipient_member_id": [None, recipient_member_id],
                         "recipient_related_id": [None, recipient_related_id],
                         "content_hash": [None, rendered.content_hash]})  # fmt: skip
        queue = getattr(self._s, "on_export_stored", None)
        if queue is not None:
            queue(export_id)
        return StoredExport(export_id, rendered)

    def choices(self, case_id: int) -> list:
        """What can be exported from the case and what each will hold (see `export_choices`)."""
        from ipterm.services.export_choices import export_choices

        return export_choices(self._s.case_file(case_id), self._s.today())

    def history(self, case_id: int | None = None) -> list[export_log.ExportRecord]:
        return export_log.list_exports(self._s.store.conn, case_id)

    def sync_states(self, case_id: int | None = None) -> dict[int, str]:
        return export_log.sync_states(self._s.store.conn, case_id)

    def record(self, export_id: int) -> export_log.ExportRecord:
        found = export_log.get_export(self._s.store.conn, export_id)
        if found is None:
            raise IptermError("Fant ikke eksport {export_id}.", export_id=export_id)
        return found

    def save_to(self, export_id: int, path: str | Path, *, force: bool = False, into_folder: bool = False) -> Path:
        """Write an export to a file the user chose (the only plaintext ipterm puts on disk).

        `path` names a file, or a folder that gets the export's own file name: a folder that exists, or one
        written with a trailing slash (`ut/`), which is then created. Without the slash a missing folder is
        never guessed: `ut` is a file named ut. An existing file is replaced only with `force`. The file
        is built under a temporary name and renamed when complete, so a full disk or a crash never leaves half
        a file under the final name.

        Raises:
            IptermError (with the reason: file exists, disk full, read-only, no such folder)
        """
        record = self.record(export_id)
        target, make_folder = export_target(path, record.filename, into_folder=into_folder)
        if make_folder and not target.parent.is_dir():
            try:
                target.parent.mkdir(parents=True, mode=0o700)
            except FileExistsError:
                raise IptermError("{parent} finnes allerede og er ikke en mappe.", parent=target.parent) from None
            except OSError as exc:
                raise _write_error(exc, target.parent) from None
        if target.is_dir():
            raise IptermError("{target} er en mappe. Eksporten er ikke skrevet.", target=target)
        if not force and (target.exists() or target.is_symlink()):
            raise FileExistsIptermError(target)
        content = export_log.export_content(self._s.store.conn, export_id)
        try:
            files.write_private_file(target, content, overwrite=force)
        except FileExistsError:
            raise FileExistsIptermError(target) from None
        except OSError as exc:
            raise _write_error(exc, target) from None
        with self._s.store.transaction():
            export_log.remember_export_folder(self._s.store.conn, str(target.parent.resolve()))
        return target

    def remove_leftovers(self) -> int:
        """Remove what killed exports left in the folders exports were written to (plaintext temporary
        files); run at start. Returns how many files were removed."""
        removed = 0
        for folder in export_log.export_folders(self._s.store.conn):
            removed += len(files.remove_leftovers(Path(folder)))
        return removed


class FileExistsIptermError(IptermError):
    """The chosen file is already there; nothing was written (the caller may ask and pass `force`)."""

    def __init__(self, target: Path) -> None:
        super().__init__(
            "{target} finnes allerede og er ikke skrevet over. Velg et annet navn, eller bruk --force.", target=target
        )
        self.target = target


def export_target(path: str | Path, filename: str, *, into_folder: bool = False) -> tuple[Path, bool]:
    """Where `-o path` puts an export named `filename`, and whether its folder is to be created.

    A trailing slash (or `into_folder`) means a folder, made if missing; an existing folder takes the
    export's own name; anything else is the file's own name.
    """
    raw = os.fspath(path)
    slash = raw.endswith(("/", os.sep)) or (os.altsep is not None and raw.endswith(os.altsep))
    folder = Path(raw).expanduser()
    if slash or into_folder:
        return folder / filename, True
    if folder.is_dir():
        return folder / filename, False
    return folder, False


def _write_error(exc: OSError, target: Path) -> IptermError:
    """What went wrong writing an export file, in words; the export itself stays stored in the database."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return IptermError(
            "Disken er full: {target} ble ikke skrevet. Eksporten er lagret "
            "kryptert i ipterm; frigjør plass og prøv igjen.",
            target=target,
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return IptermError(
            "Kan ikke skrive {target}: mappen eller filen er skrivebeskyttet. Eksporten er lagret kryptert i ipterm.",
            target=target,
        )
    if exc.errno == errno.ENOENT:
        return IptermError(
            "Mappen {parent} finnes ikke. Eksporten er lagret kryptert i ipterm; "
            "skriv mappen med skråstrek til slutt ({parent}/) for å lage den.",
            parent=target.parent,
        )
    return IptermError(
        "Kunne ikke skrive {target} ({strerror}). Eksporten er lagret kryptert i ipterm.",
        target=target,
        strerror=exc.strerror,
    )
