"""Forms for the case and the people around it: case details, group members, consents."""

from __future__ import annotations

from typing import Any

from ipterm.domain.dates import NEAREST, format_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.models import ALL_KINDS, Case, ConsentMethod, ConsentSection, InfoKind, MemberKind
from ipterm.domain.scoping import consent_giver, guess_sector
from ipterm.domain.text import clean_for_terminal
from ipterm.domain.validation import check_period
from ipterm.i18n import _, label
from ipterm.services import Services
from ipterm.tui.screens.form_screen import (
    AREA,
    BACKWARD,
    CHECK,
    DATE,
    MULTI,
    NATIONAL_ID,
    NUMBER,
    SELECT,
    TEXT,
    Field,
    FormScreen,
)

DEFAULT_CADENCE_DAYS = Case.__dataclass_fields__["meeting_cadence_days"].default


class CaseForm(FormScreen):
    """A new case, or the details of one (person, plan period, § 19 a and i). Returns the case id."""

    def __init__(self, services: Services, case_id: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.case = services.get_case(case_id) if case_id else None
        self.title_text = _("Endre saken") if self.case else _("Ny sak")

    def draft_args(self) -> dict[str, Any]:
        return {"case_id": self.case.id if self.case else None}

    def fields(self) -> list[Field]:
        c = self.case
        return [
            Field("person_name", _("Navn"), TEXT, c.person_name if c else "", required=True,
                  aliases=("name",), personal=True),
            Field("national_id", _("Fødselsnr."), NATIONAL_ID, c.national_id if c else "",
                  hint=_("11 sifre, eller tomt")),
            Field("coordinator", _("Koordinator"), TEXT, c.coordinator if c else "", personal=True),
            Field("plan_start", _("Plan fra"), DATE, format_date(c.plan_start) if c else "", looks=NEAREST),
            Field("plan_end", _("Plan til"), DATE, format_date(c.plan_end) if c else ""),
            Field("next_revision", _("Revideres"), DATE, format_date(c.next_revision) if c else ""),
            Field("meeting_cadence_days", _("Møte hver (d)"), NUMBER,
                  str(c.meeting_cadence_days if c else DEFAULT_CADENCE_DAYS),
                  hint=_("Dager mellom møter i ansvarsgruppen")),
            Field("resources", _("Ressurser"), AREA, c.resources if c else "",
                  hint=_("Punkt a: personens ressurser, eller «ikke kartlagt ennå»")),
            Field("needs", _("Behov"), AREA, c.needs if c else "",
                  hint=_("Punkt a: behov for tjenester, eller «ikke kartlagt ennå»")),
            Field("collaboration", _("Samarbeid"), AREA, c.collaboration if c else "",
                  hint=_("§ 19 i: samarbeid med andre")),
        ]  # fmt: skip

    def check(self, values: dict[str, Any]) -> None:
        check_period(values["plan_start"], values["plan_end"], field="plan_end")

    def save(self, values: dict[str, Any]) -> int:
        values = dict(values)
        values["meeting_cadence_days"] = values["meeting_cadence_days"] or DEFAULT_CADENCE_DAYS
        if self.case is None:
            name = values.pop("person_name")
            return self.services.create_case(name, **values).id
        return self.services.update_case(self.case.id, expected=self.case, **values).id


class MemberForm(FormScreen):
    """Someone in the responsibility group: who, what role, what they contribute. Returns the member id."""

    def __init__(self, services: Services, case_id: int, member_id: int | None = None) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        cf = services.case_file(case_id)
        self.member = cf.member(member_id) if member_id else None
        self.title_text = _("Endre deltaker") if self.member else _("Ny i ansvarsgruppen")

    def draft_args(self) -> dict[str, Any]:
        return {"member_id": self.member.id if self.member else None}

    def fields(self) -> list[Field]:
        m = self.member
        guess = guess_sector(m.organisation, m.role) if m else None  # what the empty choice means now
        guessed = f" ({label(guess)})" if guess else ""
        return [
            Field("name", _("Navn"), TEXT, m.name if m else "", required=True, personal=True),
            Field("role", _("Rolle"), TEXT, m.role if m else "", required=True,
                  placeholder=_("f.eks. NAV-veileder, fastlege, mor")),
            Field("kind", _("Hvem"), SELECT, (m.kind if m else MemberKind.SERVICE).value, required=True,
                  options=[(label(k), k.value) for k in MemberKind]),
            Field("organisation", _("Tjeneste"), TEXT, m.organisation if m else ""),
            Field("phone", _("Telefon"), TEXT, m.phone if m else "", personal=True),
            Field("email", _("E-post"), TEXT, m.email if m else "", personal=True),
            Field("contributes", _("Bidrar med"), AREA, m.contributes if m else "",
                  hint=_("Punkt d i planen: hva deltakeren bidrar med")),
            Field("has_decision_authority", _("Har beslutningsmyndighet"), CHECK,
                  m.has_decision_authority if m else False),
            Field("is_coordinator", _("Koordinator for planen"), CHECK, m.is_coordinator if m else False),
            Field("sector", _("Opplysningstype"), SELECT,
                  (m.sector.value if m and m.sector else ""),
                  options=[(_("gjettes fra tjenesten") + guessed, ""),
                           *[(label(k), k.value) for k in ALL_KINDS]],
                  hint=_("Hva slags taushetsbelagte opplysninger tjenestens punkter er")),
        ]  # fmt: skip

    def save(self, values: dict[str, Any]) -> int:
        values = dict(values, kind=MemberKind(values["kind"]))
        if values.get("sector"):
            values["sector"] = InfoKind(values["sector"])
        elif values["kind"] is MemberKind.SERVICE:
            values["sector"] = guess_sector(values.get("organisation", ""), values.get("role", ""))
        else:
            values["sector"] = None
        if self.member is None:
            name, role = values.pop("name"), values.pop("role")
            return self.services.add_member(self.case_id, name, role, **values).id
        return self.services.update_member(self.member.id, expected=self.member, **values).id


class ConsentForm(FormScreen):
    """A consent to share information: given when, how, to whom, covering what. Returns the consent id.

    A consent is a record of what the person agreed to, so it is not edited afterwards: a changed consent
    is a new one, and the old one is withdrawn.
    """

    def __init__(self, services: Services, case_id: int) -> None:
        super().__init__()
        self.services = services
        self.case_id = case_id
        self.title_text = _("Nytt samtykke")

    def fields(self) -> list[Field]:
        cf = self.services.case_file(self.case_id)
        numbers, related_numbers = cf.member_numbers(), cf.related_numbers()
        members = [
            (
                clean_for_terminal(f"{numbers[m.id]} {m.name} ({m.role})", single_line=True)[:60],
                m.id,
            )
            for m in cf.members
            if m.active
        ]
        # Related persons outside the group (a sister, a grandparent) can receive too.
        in_group = {m.name.strip().casefold() for m in cf.members}
        outside = _("utenfor gruppen")
        members += [
            (clean_for_terminal(f"p{related_numbers[r.id]} {r.name} "
                                f"({r.relation}, {outside})", single_line=True)[:60],
             f"r{r.id}")
            for r in cf.related
            if r.name.strip().casefold() not in in_group
        ]  # fmt: skip
        services = [
            (clean_for_terminal(f"{m.organisation or m.name}", single_line=True)[:60], m.id)
            for m in cf.members
            if m.active and m.kind is MemberKind.SERVICE and not m.is_coordinator
        ]
        sections = [(label(s), s.value) for s in ConsentSection]
        kinds = [(label(k), k.value) for k in ALL_KINDS]
        today = self.services.today()
        has_plan_consent = any(c.covers_plan and c.is_valid_on(today) for c in cf.consents)
        return [
            Field("given_on", _("Gitt"), DATE, format_date(self.services.today()), required=True,
                  looks=BACKWARD),
            Field("method", _("Hvordan"), SELECT, ConsentMethod.WRITTEN.value, required=True,
                  options=[(label(m), m.value) for m in ConsentMethod]),
            Field("given_by", _("Gitt av"), TEXT, consent_giver(cf, today), personal=True,
                  hint=_("Personen selv, eller verge/foresatt")),
            # Seen without scrolling, so that a consent is never saved "uten utløp" unnoticed.
            Field("expires_on", _("Gyldig til"), DATE, "", hint=_("Tomt: uten utløpsdato")),
            # Ticked only for the case's first such consent: a later one is usually for one recipient, and
            # ticked by default it counted as the consent to the plan itself (§ 19 h).
            Field("covers_plan", _("Samtykke til at planen lages"), CHECK, not has_plan_consent),
            Field("recipients", _("Mottakere"), MULTI, (), options=members, aliases=("recipients",)),
            # Nothing ticked until the coordinator ticks what the person agreed to: a list that starts
            # full is saved full by someone who did not look (share less, never more).
            Field("sections", _("Omfatter"), MULTI, (), options=sections,
                  hint=_("Kryss av (mellomrom) delene av planen mottakerne kan få")),
            Field("kinds", _("Typer opplysninger"), MULTI, (), options=kinds,
                  hint=_("Kryss av (mellomrom) det personen vil dele; helse og behandling bare om personen vil")),
            Field("own_measures_only", _("Bare det mottakerens tjeneste har ansvar for"), CHECK, False),
            Field("services", _("Og fra tjenestene"), MULTI, (), options=services,
                  hint=_("Tomt: fra alle tjenester (med mindre feltet over er krysset av)")),
            Field("scope_text", _("Omfang (tekst)"), AREA, ""),
            Field("original_location", _("Original"), TEXT, "",
                  placeholder=_("Hvor den signerte originalen er arkivert")),
        ]  # fmt: skip

    def check(self, values: dict[str, Any]) -> None:
        # Nothing is ticked by default: a consent to share must say what it shares.
        if values["recipients"] and not values["sections"]:
            raise ValidationError(
                "Kryss av hvilke deler av planen samtykket omfatter (mellomrom krysser av).", field="sections"
            )
        if values["recipients"] and not values["kinds"]:
            raise ValidationError(
                "Kryss av hvilke typer opplysninger mottakerne kan få (mellomrom krysser av).", field="kinds"
            )

    def save(self, values: dict[str, Any]) -> int:
        consent = self.services.add_consent(
            self.case_id, given_on=values["given_on"], method=ConsentMethod(values["method"]),
            recipient_member_ids=[r for r in values["recipients"] if isinstance(r, int)],
            recipient_related_ids=[int(r[1:]) for r in values["recipients"] if isinstance(r, str)],
            sections=[ConsentSection(s) for s in values["sections"]], kinds=[InfoKind(k) for k in values["kinds"]],
            service_member_ids=list(values["services"]),
            given_by=values["given_by"], covers_plan=values["covers_plan"],
            own_measures_only=values["own_measures_only"], scope_text=values["scope_text"],
            expires_on=values["expires_on"], original_location=values["original_location"],
        )  # fmt: skip
        return consent.id
