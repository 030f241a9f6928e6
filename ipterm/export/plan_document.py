"""The plan summary (individuell plan): every § 19 item a-i as its own section.

What the plan still lacks is stated twice: in a box on the first page and in the section concerned,
with the hint the completeness check gives.
"""

from __future__ import annotations

from typing import Any

from ipterm.domain.completeness import SECTION_19, PlanItem, missing_items, what_is_missing, why_missing
from ipterm.domain.consent_checks import consent_warnings
from ipterm.domain.models import OPEN_MEASURE_STATUSES, ConsentSection, Measure, MeetingStatus, MemberKind
from ipterm.export import labels
from ipterm.export.documents import (
    DATE_COLUMN,
    Block,
    DocumentContext,
    cell,
    confirmed_cell,
    consent_entries,
    contact,
    day,
    facts,
    finish,
    fixed,
    goal_items,
    goals_withheld_note,
    heading,
    joined,
    lines_cell,
    measure_goals,
    meta,
    national_id_text,
    none_unless_extract,
    notice,
    omitted_note,
    para,
    para_or,
    period,
    scope_notice,
    stale_legend,
    table,
    text,
)
from ipterm.i18n import _

# Which consent section each § 19 item belongs to, to say "not in this extract" rather than "missing".
SECTION_OF = {
    "a": ConsentSection.GOALS,
    "b": ConsentSection.GROUP,
    "d": ConsentSection.GROUP,
    "e": ConsentSection.MEASURES,
    "f": ConsentSection.MEASURES,
    "g": ConsentSection.PLAN,
    "i": ConsentSection.PLAN,
}


def plan_payload(ctx: DocumentContext) -> dict[str, Any]:
    """The plan document: title facts, what is missing, who it is for, then sections a-i."""
    case = ctx.case_file.case
    missing = missing_items(ctx.whole, ctx.today)
    born = _("Født {date}", date=day(case.birth_date)) if case.birth_date else ""
    nid = _("Fødselsnummer {number}", number=national_id_text(case.national_id)) if case.national_id else ""
    id_line = " · ".join(p for p in (born, nid) if p)
    blocks: list[Block] = [_summary(ctx)]
    if missing and ctx.scope is None:  # what the plan still lacks is the coordinator's to-do, not the reader's
        blocks.append(
            notice(
                _("Planen mangler noe av det forskriften om individuell plan krever:"),
                _("Disse punktene mangler ennå:"),
                [(f"{i.letter})", f"{_(i.title)}. {why_missing(ctx.whole, i, ctx.today).render()}") for i in missing],
                warning=True,
            )
        )
    blocks += scope_notice(ctx)
    sections = {"a": _a, "b": _b, "c": _c, "d": _d, "e": _e, "f": _f, "g": _g, "h": _h, "i": _i}
    gaps = {i.letter for i in missing}
    for item in SECTION_19:
        blocks.append(heading(_(item.title), letter=item.letter))
        section = SECTION_OF.get(item.letter)
        if section is not None and not ctx.shows(section):
            blocks.append(para(labels.NOT_SHARED, "muted"))
            continue
        if item.letter in gaps and ctx.scope is None:
            blocks += [para(line, "warning") for line in _gap(ctx, item)]
        blocks += sections[item.letter](ctx)
    return finish(meta(ctx, "plan", id_line=id_line), blocks)


def _gap(ctx: DocumentContext, item: PlanItem) -> list[str]:
    """What the item lacks, line by line, naming members and measures: the coordinator's own copy only."""
    found = what_is_missing(ctx.whole, item, ctx.today) or (why_missing(ctx.whole, item, ctx.today),)
    return [_("Mangler: {hint}", hint=text(line.render())) for line in found]


def _coordinator(ctx: DocumentContext) -> str:
    member = next((m for m in ctx.case_file.members if m.is_coordinator and m.active), None)
    name = text(ctx.case_file.case.coordinator) or (text(member.name) if member else "")
    if member is None or not name:
        return name
    # The coordinator's service once: the case often names it already ("Marit Sandvik (Psykisk helse og rus)").
    service = text(member.organisation)
    if service and service.casefold() in name.casefold():
        service = ""
    return joined((name, service, contact(member)), ", ")


def _summary(ctx: DocumentContext) -> Block:
    case = ctx.case_file.case
    valid = [c for c in ctx.whole.consents if c.covers_plan and c.is_valid_on(ctx.today)]
    consent: object = "" if ctx.scope is not None else cell(_("ikke registrert"), flag=True)
    if valid and ctx.scope is None:
        ends = [c.expires_on for c in valid if c.expires_on]
        given = day(min(c.given_on for c in valid))
        consent = (
            _("gitt {given}, gyldig til {expires}", given=given, expires=day(max(ends)))
            if ends
            else _("gitt {given}", given=given)
        )
    return facts(
        [
            (_("Koordinator"), _coordinator(ctx) or cell(_("ikke oppnevnt"), flag=True)),
            (_("Planperiode"), period(case.plan_start, case.plan_end)),
            (_("Neste revisjon"), day(case.next_revision)),
            (_("Status"), labels.CASE_STATUS[case.status]),
            (_("Samtykke"), consent),
            (_("Utdrag for"), ctx.recipient_label),
        ]
    )


def _a(ctx: DocumentContext) -> list[Block]:
    case = ctx.case_file.case
    blocks = [heading(_("Mål"), 2), goal_items(ctx), *goals_withheld_note(ctx)]
    if ctx.scope is None or ctx.scope.opens_all(ConsentSection.GOALS):
        blocks += [
            heading(_("Ressurser"), 2),
            para_or(text(case.resources)),
            heading(_("Behov for tjenester"), 2),
            para_or(text(case.needs)),
        ]
    if ctx.case_file.assessments:
        rows = [
            [day(a.assessed_on), text(a.area), text(a.summary), text(a.reference)] for a in ctx.case_file.assessments
        ]
        blocks += [
            heading(_("Kartlegging"), 2),
            table([_("Dato"), _("Område"), _("Oppsummering"), _("Referanse")], [DATE_COLUMN, 1, 2, 1], rows),
        ]
    return blocks


def _b(ctx: DocumentContext) -> list[Block]:
    rows = [
        [
            cell(text(m.name), sub=labels.MEMBER_KIND[m.kind] if m.kind is not MemberKind.SERVICE else ""),
            joined((text(m.role), text(m.organisation)), "\n"),
            contact(m, "\n"),
            confirmed_cell(ctx, m.last_confirmed),
        ]
        for m in ctx.case_file.members
        if m.active
    ]
    legend = (
        stale_legend(ctx.stale_after_days)
        if any(ctx.is_stale(m.last_confirmed) for m in ctx.case_file.members if m.active)
        else ""
    )
    blocks = [
        table(
            [_("Navn"), _("Rolle og tjeneste"), _("Kontakt"), _("Bekreftet")],
            [1.3, 1.6, 1.6, DATE_COLUMN],
            rows,
            empty=_("Ingen deltakere registrert."),
            legend=legend,
        )
    ]
    if ctx.case_file.related:
        related = [
            [
                text(r.name),
                text(r.relation),
                text(r.contact),
                joined((_("foresatt/verge") if r.is_guardian else "", text(r.note)), "; "),
            ]
            for r in ctx.case_file.related
        ]
        blocks += [
            heading(_("Pårørende, foresatte og verge"), 2),
            table([_("Navn"), _("Relasjon"), _("Kontakt"), _("Merknad")], [1.2, 0.8, 1.3, 1.7], related),
        ]
    return blocks


def _c(ctx: DocumentContext) -> list[Block]:
    blocks = [para_or(_coordinator(ctx), _("Ingen koordinator er oppnevnt."))]
    history = sorted(ctx.case_file.coordinators, key=lambda h: h.from_date)
    current = [h for h in history if h.to_date is None or h.to_date >= ctx.today]
    if current:
        blocks.append(para(_("Koordinator siden {date}.", date=day(current[-1].from_date)), "muted"))
    earlier = [h for h in history if h.to_date is not None and h.to_date < ctx.today]
    if earlier:
        rows = [[text(h.coordinator), period(h.from_date, h.to_date), text(h.reason)] for h in earlier]
        blocks += [
            heading(_("Tidligere koordinatorer"), 2),
            table([_("Navn"), _("Periode"), _("Årsak til bytte")], [1, 1.2, 1.5], rows),
        ]
    return blocks


def _d(ctx: DocumentContext) -> list[Block]:
    rows = [
        [
            cell(text(m.name), sub=joined((text(m.role), text(m.organisation)), ", ")),
            cell(text(m.contributes)) if m.contributes.strip() else cell(_("ikke beskrevet"), muted=True),
            _("ja") if m.has_decision_authority else "",
        ]
        for m in ctx.case_file.members
        if m.active
    ]
    return [
        table(
            [_("Deltaker"), _("Bidrar med"), _("Beslutter")],
            [1.2, 2.4, fixed(1.6)],
            rows,
            empty=_("Ingen deltakere registrert."),
            legend=_("«Beslutter»: kan fatte beslutninger på vegne av tjenesten eller personen."),
        )
    ]


# The measures table: what and how, scope and who is responsible, period and status, one cell each, so
# items e) and f) are read together and a large plan stays a few columns wide.
def measure_head() -> list[str]:
    return [_("Nr"), _("Tiltak og gjennomføring"), _("Omfang og ansvarlig"), _("Periode og status")]


MEASURE_WIDTHS = [fixed(1.0), 2.3, 1.3, 1.4]


def _measure_row(ctx: DocumentContext, m: Measure, *, is_open: bool) -> list[object]:
    how = text(m.how)
    decision = _("vedtak {reference}", reference=text(m.service_decision)) if m.service_decision else ""
    goals = joined((measure_goals(ctx, m), decision))
    what = lines_cell(
        (text(m.what), "strong"),
        (how, "") if how or not is_open else (_("gjennomføring ikke beskrevet"), "flag"),
        (goals, "small"),
    )
    owner = ctx.case_file.member(m.responsible_member_id)
    scope = text(m.scope)
    responsible = lines_cell(
        (scope, "") if scope else (_("omfang ikke angitt"), "flag"),
        (text(owner.name), "") if owner else (labels.UNCLEAR, "flag"),
        (text(owner.organisation) or text(owner.role) if owner else "", "small"),
    )
    confirmed: tuple[str, str] = ("", "")
    if is_open:
        if ctx.is_stale(m.last_confirmed):
            said = _("bekreftet {date}", date=day(m.last_confirmed)) if m.last_confirmed else _("aldri bekreftet")
            confirmed = (said + " *", "flag")
        else:
            confirmed = (_("bekreftet {date}", date=day(m.last_confirmed)), "small")
    when = lines_cell((period(m.from_date, m.to_date), ""), (labels.MEASURE_STATUS[m.status], ""), confirmed)
    return [ctx.measure_number(m.id), what, responsible, when]


def _e(ctx: DocumentContext) -> list[Block]:
    measures = ctx.case_file.measures
    open_ = [_measure_row(ctx, m, is_open=True) for m in measures if m.status in OPEN_MEASURE_STATUSES]
    omitted = omitted_note(ctx, _("Tiltak som samtykket ikke omfatter, er ikke med i dette utdraget."))
    closed = [_measure_row(ctx, m, is_open=False) for m in measures if m.status not in OPEN_MEASURE_STATUSES]
    stale = any(ctx.is_stale(m.last_confirmed) for m in measures if m.status in OPEN_MEASURE_STATUSES)
    blocks = [
        table(
            measure_head(),
            MEASURE_WIDTHS,
            open_,
            empty=none_unless_extract(ctx, _("Ingen aktive eller planlagte tiltak.")),
            legend=stale_legend(ctx.stale_after_days) if stale else "",
        ),
        *omitted,
    ]
    if closed:
        blocks += [heading(_("Avsluttede tiltak"), 2), table(measure_head(), MEASURE_WIDTHS, closed)]
    return blocks


def _f(ctx: DocumentContext) -> list[Block]:
    if not any(m.status in OPEN_MEASURE_STATUSES for m in ctx.case_file.measures):
        return [para(_("Ingen aktive eller planlagte tiltak."), "muted")]
    return [para(_("Se tabellen under e): gjennomføringen står under hvert tiltak."))]


def _g(ctx: DocumentContext) -> list[Block]:
    cf = ctx.case_file
    case = cf.case
    held = [m for m in cf.meetings if m.status is MeetingStatus.CLOSED]
    planned = [m for m in cf.meetings if m.status is MeetingStatus.PLANNED and m.starts_at.date() >= ctx.today]
    agreed = max((m.next_meeting_on for m in held if m.next_meeting_on), default=None)
    next_meeting = min(planned, key=lambda m: m.starts_at).starts_at.date() if planned else agreed
    blocks: list[Block] = [
        facts(
            [
                (_("Planperiode"), period(case.plan_start, case.plan_end)),
                (_("Neste revisjon"), day(case.next_revision)),
                (_("Møter"), _("ansvarsgruppen møtes omtrent hver {days}. dag", days=case.meeting_cadence_days)),
                (_("Siste møte"), day(max(m.starts_at for m in held)) if held else ""),
                (_("Neste møte"), day(next_meeting)),
            ]
        )
    ]
    due = [(g.evaluate_by, ctx.goal_label(g.id), text(g.text)) for g in cf.goals if g.evaluate_by]
    due += [
        (m.evaluate_by, _("Tiltak {number}", number=ctx.measure_number(m.id)), text(m.what))
        for m in cf.measures
        if m.evaluate_by and m.status in OPEN_MEASURE_STATUSES
    ]
    if due:
        # Overdue is said in words too, so it survives a black-and-white print.
        rows = [
            [cell(day(when), flag=True, sub=labels.OVERDUE) if when < ctx.today else day(when), label, what]
            for when, label, what in sorted(due)
        ]
        overdue = any(when < ctx.today for when, _label, _what in due)
        blocks += [
            heading(_("Evalueringsdatoer"), 2),
            table(
                [_("Evalueres innen"), _("Gjelder"), _("Hva")],
                [DATE_COLUMN, fixed(1.9), 1],
                rows,
                legend=labels.OVERDUE_LEGEND if overdue else "",
            ),
        ]
    if cf.evaluations:
        goals = {g.id: g for g in cf.goals}
        measures = {m.id: m for m in cf.measures}
        rows = []
        for e in sorted(cf.evaluations, key=lambda e: e.evaluated_on, reverse=True):
            if e.goal_id in goals:
                subject = cell(ctx.goal_label(e.goal_id), sub=text(goals[e.goal_id].text))
            elif e.measure_id in measures:
                subject = cell(
                    _("Tiltak {number}", number=ctx.measure_number(e.measure_id)), sub=text(measures[e.measure_id].what)
                )
            else:
                subject = cell("–")
            rows.append([day(e.evaluated_on), subject, labels.OUTCOME[e.outcome], text(e.comment)])
        blocks += [
            heading(_("Evalueringer"), 2),
            table([_("Dato"), _("Gjelder"), _("Vurdering"), _("Kommentar")], [DATE_COLUMN, 1.4, fixed(1.8), 2], rows),
        ]
    return blocks


def _h(ctx: DocumentContext) -> list[Block]:
    blocks = [consent_entries(ctx, ctx.case_file.consents)]
    if ctx.scope is None:  # the coordinator's own copy: who gets information without a valid consent
        warnings = consent_warnings(ctx.whole, ctx.today, include_gaps=False)  # h) names them above
        if warnings:
            blocks.append(
                notice(
                    _("Samtykke mangler eller endres"),
                    "",
                    [("", text(w.message.render())) for w in warnings],
                    warning=True,
                )
            )
    return blocks


def _i(ctx: DocumentContext) -> list[Block]:
    cf = ctx.case_file
    if ctx.scope is not None and not ctx.scope.opens_all(ConsentSection.PLAN):
        blocks = [para(labels.COLLABORATION_NOT_SHARED)]
    else:
        blocks = [para_or(text(cf.case.collaboration), _("Samarbeidet er ikke beskrevet."))]
    organisations = sorted({text(m.organisation) for m in cf.members if m.active and m.organisation.strip()})
    # Who is in the group is the group section's to tell: an extract without it names no services here.
    if organisations and ctx.shows(ConsentSection.GROUP):
        blocks.append(para(_("Tjenester og etater i ansvarsgruppen: {services}.", services=", ".join(organisations))))
    if cf.service_decisions:
        rows = [
            [text(s.system), text(s.reference), day(s.decided_on), text(s.description)] for s in cf.service_decisions
        ]
        blocks += [
            heading(_("Vedtak (henvisninger)"), 2),
            table([_("System"), _("Referanse"), _("Vedtatt"), _("Gjelder")], [1, 1, DATE_COLUMN, 2], rows),
        ]
    return blocks
