"""Where consent is missing or about to change: warnings for h) and for the dashboard. Pure, no I/O.

- Each member of the group who gets information from the plan (minutes go to every participant)
  without a valid consent naming them is named. The person, a child's guardians and the coordinator
  need none.
- A consent that runs out soon, or has been withdrawn, says who loses access with it, and whether h)
  then lacks a consent to the plan.

(The 16th and 18th birthdays, when the person starts to consent themselves, are in the due list:
`DueKind.CONSENT_FROM_PERSON`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ipterm.domain.dates import format_date
from ipterm.domain.messages import Message, joined, message
from ipterm.domain.models import CaseFile, Consent, ConsentSection
from ipterm.domain.scoping import consent_gaps, may_have_whole_plan, member_recipient, related_recipient
from ipterm.domain.vocabulary import msgid_of

SOON_DAYS = 30  # how far ahead an expiring consent is mentioned


@dataclass(frozen=True, slots=True)
class ConsentWarning:
    message: Message


def losing_access(case_file: CaseFile, consent: Consent, day: date) -> list[str]:
    """Who gets less from the plan from `day` when `consent` no longer holds: its recipients, but not the
    person, a child's guardians or the coordinator (they have the plan without a consent), nor anyone
    another consent valid on `day` names."""
    others = [c for c in case_file.consents if c.id != consent.id and c.is_valid_on(day)]
    out = []
    for m in case_file.members:
        if m.id not in consent.recipient_member_ids or m.is_coordinator:
            continue
        if may_have_whole_plan(case_file, member_recipient(case_file, m.id), day):
            continue
        if not any(m.id in c.recipient_member_ids for c in others):
            out.append(m.name)
    for r in case_file.related:
        if r.id not in consent.recipient_related_ids:
            continue
        if may_have_whole_plan(case_file, related_recipient(case_file, r.id), day):
            continue
        if not any(r.id in c.recipient_related_ids for c in others):
            out.append(r.name)
    return out


def consent_name(consent: Consent) -> Message:
    """A consent as a warning names it at the start of a sentence: by its scope text, or, without one, by its
    date and parts ("samtykke" alone does not say which)."""
    if consent.scope_text.strip():
        return message("Samtykket «{label}»", label=consent.scope_text.strip())
    parts = joined(Message(msgid_of(s) or s.value, context="ConsentSection") for s in consent.sections)
    return message(
        "Samtykket fra {given_on} om {parts}",
        given_on=format_date(consent.given_on),
        parts=parts if consent.sections else Message(msgid_of(ConsentSection.PLAN) or "", context="ConsentSection"),
    )


def _plan_consent_after(case_file: CaseFile, lost: Consent, day: date) -> bool:
    return any(c.covers_plan and c.is_valid_on(day) for c in case_file.consents if c.id != lost.id)


def consent_warnings(case_file: CaseFile, today: date, *, include_gaps: bool = True) -> list[ConsentWarning]:
    """What the h) check says beyond "is there a consent to the plan". Members without a valid consent are
    named by the h) check itself (`completeness.gaps`) too; `include_gaps=False` leaves them out here, for
    a view that shows that check beside these warnings."""
    out: list[ConsentWarning] = []
    for m in consent_gaps(case_file, today) if include_gaps else ():
        who = f"{m.name} ({m.organisation or m.role})" if (m.organisation or m.role) else m.name
        out.append(
            ConsentWarning(
                message("{who} er med i ansvarsgruppen og får opplysninger fra planen uten gyldig samtykke.", who=who)
            )
        )
    for c in case_file.consents:
        if c.withdrawn_on is not None and c.withdrawn_on <= today:
            if today - c.withdrawn_on > timedelta(days=SOON_DAYS):
                continue
            verb, day = message("ble trukket"), c.withdrawn_on
        elif c.expires_on is not None and today - timedelta(days=SOON_DAYS) <= c.expires_on < today + timedelta(
            days=SOON_DAYS
        ):
            past = c.expires_on < today
            verb = message("gikk ut") if past else message("går ut")
            day = c.expires_on
        else:
            continue
        after = day + timedelta(days=1) if c.withdrawn_on is None else day
        hint: Message | str = ""
        if c.covers_plan and not _plan_consent_after(case_file, c, after):
            hint = message(" Da mangler h): ingen gyldig samtykke til planen.")
        lost = losing_access(case_file, c, after)
        who = message("{names} mister tilgangen", names=", ".join(lost)) if lost else message("ingen mister tilgangen")
        out.append(
            ConsentWarning(
                message(
                    "{consent} {verb} {day}: {who}.{hint}",
                    consent=consent_name(c),
                    verb=verb,
                    day=format_date(day),
                    who=who,
                    hint=hint,
                )
            )
        )
    return out
