"""Words for the values the domain stores in English, as they are printed in documents.

Every enum the documents show has one table here, keyed by the enum member, so a new member without a
label fails the label tests instead of printing an English code in a document. The tables look their
words up in the one vocabulary (`ipterm.domain.vocabulary`, through `ipterm.i18n.label`) each time they
are read, and the fixed texts below are translated each time they are read too: everything follows the
language in effect, which inside an export is the document's (`ipterm.i18n.document_language`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from enum import Enum
from typing import Generic, TypeVar, overload

from ipterm.domain.dates import WEEKDAY_NAMES
from ipterm.domain.messages import N_
from ipterm.domain.models import (
    ActionStatus,
    Attendance,
    CaseStatus,
    ConsentMethod,
    ConsentSection,
    EvaluationOutcome,
    GoalStatus,
    MeasureStatus,
    MeetingStatus,
    MemberKind,
)
from ipterm.i18n import _, label

E = TypeVar("E", bound=Enum)


class EnumLabels(Mapping[E, str], Generic[E]):
    """Every member of one enum -> its label in the current language (read when looked up)."""

    def __init__(self, enum: type[E]) -> None:
        self._enum = enum

    def __getitem__(self, key: E) -> str:
        try:
            member = self._enum(key)  # a StrEnum member or its value
        except ValueError:
            raise KeyError(key) from None
        return label(member)

    def __iter__(self) -> Iterator[E]:
        return iter(self._enum)

    def __len__(self) -> int:
        return len(self._enum)

    def __repr__(self) -> str:
        return f"EnumLabels({self._enum.__name__})"


class TranslatedTexts(Mapping[str, str]):
    """Fixed keys -> message ids, translated when looked up."""

    def __init__(self, msgids: Mapping[str, str]) -> None:
        self._msgids = dict(msgids)

    def __getitem__(self, key: str) -> str:
        return _(self._msgids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._msgids)

    def __len__(self) -> int:
        return len(self._msgids)


class TranslatedSequence(Sequence[str]):
    """A fixed sequence of message ids, translated when read."""

    def __init__(self, msgids: Sequence[str]) -> None:
        self._msgids = tuple(msgids)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return tuple(_(m) for m in self._msgids[index])
        return _(self._msgids[index])

    def __len__(self) -> int:
        return len(self._msgids)


CASE_STATUS = EnumLabels(CaseStatus)
GOAL_STATUS = EnumLabels(GoalStatus)
MEASURE_STATUS = EnumLabels(MeasureStatus)
ACTION_STATUS = EnumLabels(ActionStatus)
MEETING_STATUS = EnumLabels(MeetingStatus)
ATTENDANCE = EnumLabels(Attendance)
OUTCOME = EnumLabels(EvaluationOutcome)
METHOD = EnumLabels(ConsentMethod)
SECTION = EnumLabels(ConsentSection)
MEMBER_KIND = EnumLabels(MemberKind)
DOCUMENT_TITLE = TranslatedTexts(
    {
        "plan": N_("Individuell plan"),
        "minutes": N_("Referat fra ansvarsgruppemøte"),
        "summons": N_("Innkalling til ansvarsgruppemøte"),
        "handover": N_("Overføringsnotat ved bytte av koordinator"),
        "easy-read": N_("Min plan"),
        "contacts": N_("Hvem ringer jeg?"),
    }
)
WEEKDAYS = TranslatedSequence(WEEKDAY_NAMES)

# Fixed texts, read as `labels.CONFIDENTIAL` and translated on each read (the module's `__getattr__`).
_TEXTS = {
    "CONFIDENTIAL": N_("Taushetsbelagt. Unntatt offentlighet, jf. offl. § 13 jf. fvl. § 13"),
    "UNCLEAR": N_("Ansvar uavklart"),
    "OVERDUE": N_("forfalt"),
    "OVERDUE_LEGEND": N_("«Forfalt»: fristen for evalueringen er passert."),
    "NOT_SHARED": N_("Ikke med i dette utdraget: samtykket omfatter ikke denne delen."),
    "COLLABORATION_NOT_SHARED": N_("Samarbeid med andre tjenester (ikke med i dette utdraget)."),
}

CONFIDENTIAL: str
UNCLEAR: str
OVERDUE: str
OVERDUE_LEGEND: str
NOT_SHARED: str
COLLABORATION_NOT_SHARED: str


def __getattr__(name: str) -> str:
    if name in _TEXTS:
        return _(_TEXTS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def sections_text(sections: Collection[ConsentSection]) -> str:
    """The sections in words and in enum order: "mål, tiltak og møter og referater"."""
    names = [SECTION[s] for s in ConsentSection if s in sections]
    if len(names) <= 1:
        return "".join(names)
    return _("{items} og {last}", items=", ".join(names[:-1]), last=names[-1])
