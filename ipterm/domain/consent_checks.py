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
from ipterm.domain.messages import Message, message
from ipterm.domain.models import CaseFile, Consent
from ipterm.domain.scoping import consent_gaps

SOON_DAYS = 30  # how far ahead an expiring consent is mentioned


@dataclass(frozen=True, slots=True)
class ConsentWarning:
    message: Message


def _names(case_file: CaseFile, consent: Consent) -> list[str]:
    names = [m.name for m in case_file.members if m.id in consent.recipient_member_ids]
    names += [r.name for r in case_file.related if r.id in consent.recipient_related_ids]
    return names


def _plan_consent_after(case_file: CaseFile, lost: Consent, day: date) -> bool:
    return any(c.covers_plan and c.is_valid_on(day) for c in case_file.consents if c.id != lost.id)


def consent_warnings(case_file: CaseFile, today: date) -> list[ConsentWarning]:
    """What the h) check says beyond "is there a consent to the plan"."""
    out: list[ConsentWarning] = []
    for m in consent_gaps(case_file, today):
        who = f"{m.name} ({m.organisation or m.role})" if (m.organisation or m.role) else m.name
        out.append(
            ConsentWarning(
                message("{who} er med i ansvarsgruppen og får opplysninger fra planen uten gyldig samtykke.", who=who)
            )
        )
    for c in case_file.consents:
        names: Message | str = ", ".join(_names(case_file, c)) or message("ingen mottakere")
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
        label: Message | str = c.scope_text.strip() or message("samtykke")
        out.append(
            ConsentWarning(
                message(
                    "Samtykket «{label}» {verb} {day}: {names} mister tilgangen.{hint}",
                    label=label,
                    verb=verb,
                    day=format_date(day),
                    names=names,
                    hint=hint,
                )
            )
        )
    return out
