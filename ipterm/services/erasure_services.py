"""Retention and erasure: when a closed case may go, and erasing it everywhere ipterm keeps it.

ErasureServices(services).check(case_id, force=False) -> Case     refuses an active case unless forced
ErasureServices(services).erase(case_id, force=False) -> ErasureReceipt
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ipterm.domain.errors import IptermError
from ipterm.domain.messages import N_
from ipterm.domain.models import Case, CaseStatus
from ipterm.store import erasure

if TYPE_CHECKING:
    from ipterm.services.case_services import Services

DEFAULT_ERASE_AFTER_DAYS = 90

# What ipterm cannot see: files written outside its database leave no record in it.
UNKNOWN_COPIES = N_(
    "Sikkerhetskopier lagret til fil (ipterm backup), overføringspakker og eksporter du har lagret til en fil "
    "eller som mottakerne har fått, registreres ikke av ipterm. Slett dem der de ligger."
)


class ActiveCaseError(IptermError):
    pass


class ErasureServices:
    def __init__(self, services: Services) -> None:
        self._s = services

    def check(self, case_id: int, *, force: bool = False) -> Case:
        """The case, if it may be erased: closed (a handed-over case is closed here), or any with `force`.

        Raises:
            NotFoundError: no such case. ActiveCaseError: the case is not closed and `force` is not given.
        """
        case = self._s.require_case(case_id)
        if case.status is not CaseStatus.CLOSED and not force:
            raise ActiveCaseError(
                "Sak {case_id} er ikke avsluttet. Avslutt saken først, eller bruk "
                "--force hvis den virkelig skal slettes mens den er i gang.",
                case_id=case_id,
            )
        return case

    def erase(self, case_id: int, *, force: bool = False) -> erasure.ErasureReceipt:
        """Erase the case and everything of it in this database; returns what went and which copies
        outside may still hold it. Cannot be undone."""
        self.check(case_id, force=force)
        return erasure.erase_case(self._s.store, case_id)

    def tombstones(self) -> list[dict[str, object]]:
        return erasure.tombstones(self._s.store.conn)
