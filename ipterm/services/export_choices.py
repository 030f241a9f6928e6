"""What can be exported from one case, and what each export will hold, in words for the Export dialog.

Built from what the services already know: the § 19 completeness check for the plan, the recipients'
consent scope for an extract, the meetings for minutes. Nothing is rendered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipterm.domain.agenda import first_name, genitive
from ipterm.domain.completeness import missing_items
from ipterm.domain.messages import Message, joined, message
from ipterm.domain.models import CaseFile, ConsentSection, MeetingStatus, MemberKind
from ipterm.domain.own_copy import is_minor
from ipterm.domain.scoping import (
    NoConsentError,
    Recipient,
    kinds_text,
    may_have_whole_plan,
    member_recipient,
    recipient_scope,
    refusal_reason,
    related_recipient,
)
from ipterm.domain.vocabulary import msgid_of


@dataclass(frozen=True, slots=True)
class ExportChoice:
    kind: str
    label: Message
    contents: Message  # what will be in it
    recipient_member_id: int | None = None
    meeting_id: int | None = None
    possible: bool = True  # False: shown, with the reason in `contents`, but cannot be made
    recipient_related_id: int | None = None
    large_type: bool = False


def _words(sections: set[ConsentSection]) -> Message:
    names = [Message(msgid_of(s) or s.value, context="ConsentSection") for s in ConsentSection if s in sections]
    if len(names) <= 1:
        return joined(names)
    return message("{first} og {last}", first=joined(names[:-1]), last=names[-1])


def _extract_choice(case_file: CaseFile, recipient: Recipient, who: str, today: date) -> ExportChoice:
    """One recipient's row, saying what their document will hold, as the document itself says it."""
    ids = {"recipient_member_id": recipient.member_id, "recipient_related_id": recipient.related_id}
    try:
        scope = recipient_scope(case_file, recipient, today)
    except NoConsentError:
        reason, _hint = refusal_reason(case_file, recipient, today)
        return ExportChoice("plan", message("Utdrag til {who}", who=who), message(
            "Ikke gyldig samtykke ({reason}): utdrag kan ikke lages. Registrer eller forny samtykket først (s).",
            reason=reason,
        ), possible=False, **ids)  # fmt: skip
    if scope.whole:
        return ExportChoice("plan", message("Plan til {who}", who=who),
                            message("Hele planen, slik koordinatoren har den."), **ids)  # fmt: skip
    limited = scope.covers(ConsentSection.MEASURES) and scope.own_measures_only
    own = message(" Bare tiltakene mottakerens tjeneste har ansvar for.") if limited else ""
    return ExportChoice("plan", message("Utdrag til {who}", who=who), message(
        "Bare det samtykket dekker: {sections}; av taushetsbelagte opplysninger {kinds}.{own} Resten er utelatt.",
        sections=_words(set(scope.sections)), kinds=kinds_text(scope.kinds), own=own,
    ), **ids)  # fmt: skip


def export_choices(case_file: CaseFile, today: date) -> list[ExportChoice]:
    """Every export of the case in the order a coordinator reaches for them."""
    choices: list[ExportChoice] = []
    missing = missing_items(case_file, today)
    if missing:
        letters = joined(message("{letter}) {title}", letter=i.letter, title=message(i.title)) for i in missing)
        plan = message("Hele planen. Den mangler {letters}: dokumentet sier hva som mangler.", letters=letters)
    else:
        plan = message("Hele planen, med alt forskriften om individuell plan krever (a–i).")
    choices.append(ExportChoice("plan", message("Plan (PDF/A)"), plan))

    # The person's own copy first; the coordinator's is the plan above.
    for member in sorted(case_file.members, key=lambda m: m.kind is not MemberKind.PERSON):
        if not member.active or member.id is None or member.is_coordinator:
            continue
        who = member.name + (f" ({member.organisation or member.role})" if member.organisation or member.role else "")
        choices.append(_extract_choice(case_file, member_recipient(case_file, member.id), who, today))
    members = {m.name.strip().casefold() for m in case_file.members if m.active}
    for person in case_file.related:
        # Someone outside the group gets an extract only by a consent (or as a child's guardian); a related
        # person who is also a member has the member's row already.
        if person.id is None or person.name.strip().casefold() in members:
            continue
        recipient = related_recipient(case_file, person.id)
        named = any(person.id in c.recipient_related_ids for c in case_file.consents)
        if named or may_have_whole_plan(case_file, recipient, today):
            who = person.name + (f" ({person.relation})" if person.relation else "")
            choices.append(_extract_choice(case_file, recipient, who, today))

    planned = [m for m in case_file.meetings if m.status is MeetingStatus.PLANNED]
    for meeting in sorted(planned, key=lambda m: m.starts_at):
        when = f"{meeting.starts_at:%d.%m.%Y %H:%M}"
        place = f", {meeting.place}" if meeting.place else ""
        choices.append(ExportChoice("summons", message("Innkalling {when}", when=when), message(
            "Innkalling til møtet {when}{place}: tid, sted, videolenke, hvem som er innkalt, sakslisten og "
            "«Hva vil du ta opp?» med {whose} egne punkter først.",
            when=when, place=place, whose=genitive(first_name(case_file)),
        ), meeting_id=meeting.id))  # fmt: skip
    choices += _own_copy_choices(case_file, today)

    meetings = [m for m in case_file.meetings if m.status in (MeetingStatus.CLOSED, MeetingStatus.RUNNING)]
    for meeting in sorted(meetings, key=lambda m: m.starts_at, reverse=True):
        when = f"{meeting.starts_at:%d.%m.%Y %H:%M}"
        place = f", {meeting.place}" if meeting.place else ""
        title = (
            message("Referat {when}", when=when)
            if meeting.status is MeetingStatus.CLOSED
            else message("Referat {when} (pågår)", when=when)
        )
        choices.append(ExportChoice("minutes", title, message(
            "Referat fra møtet {when}{place}: oppmøte, saker, beslutninger, oppgaver og neste møte.",
            when=when, place=place,
        ), meeting_id=meeting.id))  # fmt: skip
    choices += [
        ExportChoice("handover", message("Overføringsnotat (PDF/A)"), message(
            "Til ny koordinator: planen, gruppen, samtykker, åpne oppgaver og det som forfaller.")),
        ExportChoice("ics", message("Kalender (.ics)"), message(
            "Møter, evalueringer, revisjon og samtykker som utløper; bare saksnummer og initialer.")),
        ExportChoice("json", message("JSON (maskinlesbar)"), message("Hele saken som JSON.")),
        ExportChoice("fhir", message("FHIR R4B"), message(
            "Planen som HL7 FHIR R4B-bunt (CarePlan, CareTeam, Goal, Consent …).")),
    ]  # fmt: skip
    return choices


def _own_copy_choices(case_file: CaseFile, today: date) -> list[ExportChoice]:
    """ "Min plan" for the person (also in large print), for a child's parents, and the contact sheet."""
    holds = message(
        "Lettlest, til personen selv: målene med egne ord, hva personen gjør, hvem som hjelper (navn og "
        "telefon), neste møte, hva personen kan gjøre hvis noe er galt, og samtykket. Ingenting om andre."
    )
    choices = [
        ExportChoice("easy-read", message("Min plan (lettlest)"), holds),
        ExportChoice("easy-read", message("Min plan med stor skrift"), holds, large_type=True),
    ]
    if is_minor(case_file, today):
        seen: set[str] = set()
        guardians = {r.name.strip().casefold() for r in case_file.related if r.is_guardian}
        for member in case_file.members:
            if not member.active or member.id is None or member.kind is not MemberKind.RELATIVE:
                continue
            if member.name.strip().casefold() in guardians:
                seen.add(member.name.strip().casefold())
                choices.append(ExportChoice("easy-read", message("Min plan til {who}", who=member.name), message(
                    "Lettlest, til foreldrene: om barnet, uten opplysninger om andre enn barnet."
                ), recipient_member_id=member.id))  # fmt: skip
        for person in case_file.related:
            if person.id is None or not person.is_guardian or person.name.strip().casefold() in seen:
                continue
            choices.append(ExportChoice("easy-read", message("Min plan til {who}", who=person.name), message(
                "Lettlest, til foreldrene: om barnet, uten opplysninger om andre enn barnet."
            ), recipient_related_id=person.id))  # fmt: skip
    choices.append(ExportChoice("contacts", message("Hvem ringer jeg? (kontaktark)"), message(
        "Ett ark til personen: hver tjeneste, kontaktpersonen, telefon og hva personen kan ringe om."
    )))  # fmt: skip
    return choices
