"""What can be exported from one case, and what each export will hold, in words for the Export dialog.

Built from what the services already know: the § 19 completeness check for the plan, the recipients'
consent scope for an extract, the meetings for minutes. Nothing is rendered here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ipterm.domain.completeness import missing_items
from ipterm.domain.models import CaseFile, ConsentSection, MeetingStatus, MemberKind
from ipterm.domain.scoping import covered_sections

SECTION_WORDS: dict[ConsentSection, tuple[str, str]] = {
    ConsentSection.PLAN: ("planen (koordinator og periode)", "the plan (coordinator and period)"),
    ConsentSection.GOALS: ("mål", "goals"),
    ConsentSection.MEASURES: ("tiltak", "measures"),
    ConsentSection.GROUP: ("ansvarsgruppen", "the group"),
    ConsentSection.MEETINGS: ("møter og referater", "meetings and minutes"),
    ConsentSection.EVALUATIONS: ("evalueringer", "evaluations"),
    ConsentSection.NOTES: ("notater", "notes"),
}


@dataclass(frozen=True, slots=True)
class ExportChoice:
    kind: str
    label: tuple[str, str]  # (bokmål, English)
    contents: tuple[str, str]  # what will be in it
    recipient_member_id: int | None = None
    meeting_id: int | None = None
    possible: bool = True  # False: shown, with the reason in `contents`, but cannot be made


def _words(sections: set[ConsentSection], en: bool) -> str:
    names = [SECTION_WORDS[s][1 if en else 0] for s in ConsentSection if s in sections]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + (" and " if en else " og ") + names[-1]


def export_choices(case_file: CaseFile, today: date) -> list[ExportChoice]:
    """Every export of the case in the order a coordinator reaches for them."""
    choices: list[ExportChoice] = []
    missing = missing_items(case_file, today)
    if missing:
        letters = ", ".join(f"{i.letter}) {i.title_nb}" for i in missing)
        letters_en = ", ".join(f"{i.letter}) {i.title_en}" for i in missing)
        plan = (f"Hele planen. § 19 mangler {letters}: dokumentet sier hva som mangler.",
                f"The whole plan. § 19 lacks {letters_en}: the document says what is missing.")  # fmt: skip
    else:
        plan = ("Hele planen, alle punktene i § 19 a–i er med.", "The whole plan, every § 19 item a–i is there.")
    choices.append(ExportChoice("plan", ("Plan (PDF/A)", "Plan (PDF/A)"), plan))

    for member in case_file.members:
        if not member.active or member.kind is MemberKind.PERSON or member.id is None:
            continue
        who = member.name + (f" ({member.organisation or member.role})" if member.organisation or member.role else "")
        sections, own_only = covered_sections(case_file, member.id, today)
        label = (f"Utdrag til {who}", f"Extract for {who}")
        if not sections:
            choices.append(ExportChoice("plan", label, (
                "Ingen gyldig samtykke nevner mottakeren: utdrag kan ikke lages. Registrer samtykket først (s).",
                "No valid consent names this recipient: no extract can be made. Record the consent first (s).",
            ), member.id, possible=False))  # fmt: skip
            continue
        own_nb = " Bare tiltakene mottakerens tjeneste har ansvar for." if own_only else ""
        own_en = " Only the measures the recipient's service is responsible for." if own_only else ""
        choices.append(ExportChoice("plan", label, (
            f"Bare det samtykket dekker: {_words(sections, False)}.{own_nb} Resten er utelatt.",
            f"Only what the consent covers: {_words(sections, True)}.{own_en} The rest is left out.",
        ), member.id))  # fmt: skip

    meetings = [m for m in case_file.meetings if m.status in (MeetingStatus.CLOSED, MeetingStatus.RUNNING)]
    for meeting in sorted(meetings, key=lambda m: m.starts_at, reverse=True):
        when = f"{meeting.starts_at:%d.%m.%Y %H:%M}"
        place = f", {meeting.place}" if meeting.place else ""
        state = ("", "") if meeting.status is MeetingStatus.CLOSED else (" (pågår)", " (running)")
        choices.append(ExportChoice("minutes", (f"Referat {when}{state[0]}", f"Minutes {when}{state[1]}"), (
            f"Referat fra møtet {when}{place}: oppmøte, saker, vedtak, oppgaver og neste møte.",
            f"Minutes of the meeting {when}{place}: attendance, points, decisions, action items and next meeting.",
        ), meeting_id=meeting.id))  # fmt: skip
    choices += [
        ExportChoice("handover", ("Overføringsnotat (PDF/A)", "Handover summary (PDF/A)"), (
            "Til ny koordinator: planen, gruppen, samtykker, åpne oppgaver og det som forfaller.",
            "For a new coordinator: the plan, group, consents, open action items and what is due.")),
        ExportChoice("ics", ("Kalender (.ics)", "Calendar (.ics)"), (
            "Møter, evalueringer, revisjon og samtykker som utløper; bare saksnummer og initialer.",
            "Meetings, evaluations, revision and expiring consents; case number and initials only.")),
        ExportChoice("json", ("JSON (maskinlesbar)", "JSON (machine-readable)"), (
            "Hele saken som JSON.", "The whole case as JSON.")),
        ExportChoice("fhir", ("FHIR R4B", "FHIR R4B"), (
            "Planen som HL7 FHIR R4B-bunt (CarePlan, CareTeam, Goal, Consent …).",
            "The plan as an HL7 FHIR R4B bundle (CarePlan, CareTeam, Goal, Consent …).")),
    ]  # fmt: skip
    return choices
