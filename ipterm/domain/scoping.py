"""Share the minimum: what a named recipient may see of a case, by their recorded consent."""

from __future__ import annotations

import dataclasses
from datetime import date

from ipterm.domain.errors import IptermError
from ipterm.domain.models import CaseFile, ConsentSection


class NoConsentError(IptermError):
    """The recipient has no valid consent covering them."""


def covered_sections(case_file: CaseFile, recipient_member_id: int, today: date) -> tuple[set[ConsentSection], bool]:
    """The sections valid consents open to the recipient, and whether they see only their own measures."""
    sections: set[ConsentSection] = set()
    own_only = True
    for consent in case_file.consents:
        if recipient_member_id in consent.recipient_member_ids and consent.is_valid_on(today):
            sections |= set(consent.sections) or {ConsentSection.PLAN}
            own_only = own_only and consent.own_measures_only
    return sections, own_only


def scope_case_file(case_file: CaseFile, recipient_member_id: int, today: date) -> CaseFile:
    """A copy of the case holding only what the recipient's consent covers.

    Raises:
        NoConsentError: when no valid consent names the recipient.
    """
    recipient = case_file.member(recipient_member_id)
    if recipient is None:
        raise NoConsentError("Mottakeren er ikke med i ansvarsgruppen.", "The recipient is not in the group.")
    sections, own_only = covered_sections(case_file, recipient_member_id, today)
    if not sections:
        raise NoConsentError(
            f"{recipient.name} har ikke gyldig samtykke. Ingenting er eksportert.",
            f"{recipient.name} has no valid consent. Nothing was exported.",
        )
    measures = case_file.measures if ConsentSection.MEASURES in sections else ()
    if own_only:
        org = recipient.organisation.strip().lower()
        own = {m.id for m in case_file.members if m.organisation.strip().lower() == org and org} | {recipient.id}
        measures = tuple(m for m in measures if m.responsible_member_id in own)
    goal_ids = {g for m in measures for g in m.goal_ids}
    goals = case_file.goals if ConsentSection.GOALS in sections else ()
    if own_only and goals:
        goals = tuple(g for g in goals if g.id in goal_ids or g.parent_id in goal_ids)
    keep_group = ConsentSection.GROUP in sections
    return dataclasses.replace(
        case_file,
        case=dataclasses.replace(case_file.case, national_id=None, resources="", needs="")
        if ConsentSection.GOALS not in sections else dataclasses.replace(case_file.case, national_id=None),
        related=case_file.related if keep_group else (),
        members=case_file.members if keep_group else tuple(m for m in case_file.members if m.id == recipient.id),
        goals=goals,
        measures=measures,
        evaluations=case_file.evaluations if ConsentSection.EVALUATIONS in sections else (),
        consents=tuple(c for c in case_file.consents if recipient_member_id in c.recipient_member_ids),
        meetings=case_file.meetings if ConsentSection.MEETINGS in sections else (),
        decisions=case_file.decisions if ConsentSection.MEETINGS in sections else (),
        action_items=case_file.action_items if ConsentSection.MEETINGS in sections else (),
        notes=case_file.notes if ConsentSection.NOTES in sections else (),
        meeting_lines=case_file.meeting_lines if ConsentSection.MEETINGS in sections else (),
        participants=case_file.participants if ConsentSection.MEETINGS in sections else (),
        assessments=(),
        service_decisions=case_file.service_decisions if ConsentSection.MEASURES in sections else (),
    )  # fmt: skip
