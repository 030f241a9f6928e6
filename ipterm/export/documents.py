"""The data each PDF template receives, built from a CaseFile. Pure: no I/O, no Typst.

A document is `{"meta": {...}, "blocks": [...]}`. Blocks are small typed dicts (heading, para, facts,
table, items, entries, notice) that `data/templates/common.typ` lays out; every value in them is a plain
string, number, bool, list or dict, so the template prints text exactly as typed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from ipterm.domain.agenda import STALE_AFTER_DAYS
from ipterm.domain.messages import N_
from ipterm.domain.models import AuditEntry, CaseFile, Consent, ConsentSection, Goal, Measure, Member
from ipterm.domain.scoping import RecipientScope, kinds_text
from ipterm.domain.text import clean_for_terminal, initials
from ipterm.export import labels
from ipterm.i18n import _, language

Block = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What a document is built from.

    `case_file` is what may be printed (already scoped for a recipient), and what is numbered: an extract
    numbers its goals and measures 1, 2, 3 … so a gap never tells that something was left out. `full` is
    the whole case, used only for the § 19 check.
    """

    case_file: CaseFile
    today: date
    full: CaseFile | None = None
    scope: RecipientScope | None = None
    recipient_label: str = ""
    stale_after_days: int = STALE_AFTER_DAYS
    history: tuple[AuditEntry, ...] = ()
    """The audit trail of the case's meetings and tasks, for minutes that print tasks as they stood then."""
    full_name_in_metadata: bool = False
    """The PDF's title and description (what file managers, search indexes and mail previews show) name
    the case by number and initials unless the user has chosen the full name (`full_name_in_pdf_metadata`)."""

    def metadata_name(self) -> str:
        case = self.case_file.case
        if self.full_name_in_metadata:
            return text(case.person_name)
        return case_tag(case.id, case.person_name)

    @property
    def whole(self) -> CaseFile:
        return self.full or self.case_file

    def shows(self, section: ConsentSection) -> bool:
        """Whether the audience may see a consent section (always, without a recipient)."""
        return self.scope is None or section in self.scope.sections

    def goal_label(self, goal_id: int | None) -> str:
        number = outline_numbers(self.case_file).get(goal_id) if goal_id is not None else None
        return _("Mål {number}", number=number) if number else _("Mål")

    def measure_number(self, measure_id: int | None) -> str:
        number = self.case_file.measure_numbers().get(measure_id) if measure_id is not None else None
        return f"t{number}" if number else ""

    def is_stale(self, confirmed: date | None) -> bool:
        return confirmed is None or (self.today - confirmed).days > self.stale_after_days


def case_tag(case_id: int | None, person_name: str) -> str:
    """The case by number and initials, as metadata and calendars name it: "IP 7 (J.B.H.)"."""
    return _("IP {number} ({initials})", number=case_id, initials=initials(person_name))


def outline_numbers(case_file: CaseFile) -> dict[int, str]:
    """Goal id -> its number in documents: main goals 1, 2, 3; sub-goals 1.1, 1.2 under their main goal,
    so a reader does not count sub-goals as more goals. (Shared between calls: do not change it.)"""
    return _outline(tuple((g.id, g.parent_id) for g in case_file.goals if g.id is not None))


@lru_cache(maxsize=32)
def _outline(goals: tuple[tuple[int, int | None], ...]) -> dict[int, str]:
    ids = {goal for goal, _parent in goals}
    children: dict[int | None, list[int]] = {}
    for goal, parent in goals:
        children.setdefault(parent if parent in ids else None, []).append(goal)
    out: dict[int, str] = {}

    def number(parent: int | None, prefix: str) -> None:
        for n, goal in enumerate(children.get(parent, ()), start=1):
            if goal not in out:
                out[goal] = f"{prefix}{n}"
                number(goal, f"{prefix}{n}.")

    number(None, "")
    return out


# --- text -------------------------------------------------------------------------------------------


def text(value: object) -> str:
    """Text for print: control characters out (no font has glyphs for them), everything else verbatim."""
    return clean_for_terminal("" if value is None else str(value)).strip()


NBSP = "\u00a0"

# A whole date per month, so a language can put day, month and year in its own order ("4 July 2026").
MONTH_DATES = (
    N_("{day}. januar {year}"), N_("{day}. februar {year}"), N_("{day}. mars {year}"), N_("{day}. april {year}"),
    N_("{day}. mai {year}"), N_("{day}. juni {year}"), N_("{day}. juli {year}"), N_("{day}. august {year}"),
    N_("{day}. september {year}"), N_("{day}. oktober {year}"), N_("{day}. november {year}"),
    N_("{day}. desember {year}"),
)  # fmt: skip


def day(value: date | datetime | None) -> str:
    """A date as "4. juli 2026", with no-break spaces, so it is never split across lines."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return _(MONTH_DATES[value.month - 1], day=value.day, year=value.year).replace(" ", NBSP)


def national_id_text(value: str) -> str:
    """Fødselsnummer as it is read aloud and checked: birth date, then the personal number (150186 12345)."""
    digits = text(value)
    return f"{digits[:6]}{NBSP}{digits[6:]}" if len(digits) == 11 and digits.isdigit() else digits


def period(start: date | None, end: date | None) -> str:
    if start and end:
        return _("{start} – {end}", start=day(start), end=day(end))
    if start:
        return _("fra {start}", start=day(start))
    if end:
        return _("til {end}", end=day(end))
    return ""


def clock(moment: datetime) -> str:
    """Clock time as the language writes it: 09.30 in Norwegian."""
    # Translators: a clock time, hours and minutes with two digits each (09.30).
    return _("{hours}.{minutes}", hours=f"{moment:%H}", minutes=f"{moment:%M}")


def weekday_date(moment: datetime | date) -> str:
    """ "mandag 4. juli 2026"."""
    return _("{weekday} {date}", weekday=labels.WEEKDAYS[moment.weekday()], date=day(moment))


def joined(parts: Iterable[str], sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def member_label(member: Member | None) -> str:
    """'Silje Berg (Kontaktlærer, Fjellvik skole)'."""
    if member is None:
        return ""
    detail = joined((text(member.role), text(member.organisation)), ", ")
    return f"{text(member.name)} ({detail})" if detail else text(member.name)


def contact(member: Member, sep: str = " · ") -> str:
    """Phone and e-mail; in table cells one per line (`sep="\\n"`), so an address never breaks mid-way."""
    return joined((text(member.phone), text(member.email)), sep)


# --- blocks -----------------------------------------------------------------------------------------


def heading(title: str, level: int = 1, letter: str = "") -> Block:
    return {"type": "heading", "level": level, "text": title, "letter": letter}


def para(value: str, style: str = "") -> Block:
    return {"type": "para", "text": value, "style": style}


def para_or(value: str, missing: str | None = None) -> Block:
    return para(value) if value else para(_("Ikke fylt ut.") if missing is None else missing, "missing")


def facts(rows: Iterable[tuple[str, object]]) -> Block:
    return {"type": "facts", "rows": [[k, v] for k, v in rows if v not in ("", None)]}


def fixed(cm: float) -> dict[str, float]:
    """A table column of a fixed width, for content of a known form (dates, numbers, short labels)."""
    return {"cm": cm}


DATE_COLUMN = fixed(2.9)  # "30. september 2027" in semibold, with the cell's padding


def table(
    head: list[str],
    widths: list[float | dict[str, float]],
    rows: list[list[object]],
    *,
    empty: str | None = None,
    legend: str = "",
) -> Block:
    """A table with a header row. `widths`: `fixed(cm)`, or a share of the width the fixed columns leave.

    Rows with more text than a page holds are listed in `long_rows`: the template lets only those break
    across pages (the others are laid out as unbreakable cells, which Typst does faster)."""
    assert len(head) == len(widths) and all(len(r) == len(head) for r in rows)
    long_rows = [n for n, row in enumerate(rows) if sum(_cell_length(c) for c in row) > LONG_ROW_CHARS]
    return {"type": "table", "head": head, "widths": widths, "rows": rows, "long_rows": long_rows,
            "empty": _none_registered() if empty is None else empty, "legend": legend}  # fmt: skip


def _none_registered() -> str:
    return _("Ingen registrert.")


LONG_ROW_CHARS = 2500  # well under what a row of narrow columns can show on one A4 page


def _cell_length(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    assert isinstance(value, dict)
    if "lines" in value:
        return sum(len(line[0]) for line in value["lines"])
    return len(value.get("text", "")) + len(value.get("sub", ""))


def cell(
    value: str, *, sub: str = "", strong: bool = False, flag: bool = False, quote: bool = False, muted: bool = False
) -> dict:
    """A table cell with an optional second line (`sub`); `flag` marks what needs attention."""
    return {"text": value, "sub": sub, "strong": strong, "flag": flag, "quote": quote, "muted": muted}


def lines_cell(*lines: tuple[str, str]) -> dict:
    """A table cell of several lines, each (text, style): "" plain, "strong", "small", "flag" (needs attention)
    or "muted". Empty lines are left out. Several facts in one cell keep a wide table to a few columns,
    which reads better on A4 and is much quicker to lay out than one cell per fact."""
    return {"lines": [[value, style] for value, style in lines if value]}


def notice(title: str, body: str = "", items: Iterable[tuple[str, str]] = (), *, warning: bool = False) -> Block:
    return {
        "type": "notice",
        "kind": "warning" if warning else "info",
        "title": title,
        "text": body,
        "items": [[a, b] for a, b in items],
    }


def entry(title: str, lines: Iterable[tuple[str, str]] = (), *, meta: str = "", flag: str = "") -> dict[str, Any]:
    """One titled entry; each line is (label, text), printed "label: text" (no label: just the text)."""
    return {"title": title, "meta": meta, "flag": flag, "lines": [[a, b] for a, b in lines if b]}


def entries(items: list[dict[str, Any]], *, empty: str | None = None) -> Block:
    return {"type": "entries", "items": items, "empty": _none_registered() if empty is None else empty}


def numbered(items: list[str], *, empty: str | None = None) -> Block:
    return {"type": "enum", "items": items, "empty": _none_registered() if empty is None else empty}


def log_lines(rows: list[tuple[str, str]]) -> Block:
    return {"type": "log", "rows": [[a, b] for a, b in rows]}


# --- shared sections --------------------------------------------------------------------------------


def goal_items(ctx: DocumentContext) -> Block:
    """Main goals with their sub-goals, numbered 1, 1.1, 2 (`outline_numbers`); own words in «quotes»."""
    cf = ctx.case_file
    visible = {g.id for g in cf.goals}
    numbers = outline_numbers(ctx.case_file)

    def item(goal: Goal, label: str) -> dict[str, Any]:
        evaluate = ""
        overdue = ""
        if goal.evaluate_by:
            evaluate = _("evalueres innen {date}", date=day(goal.evaluate_by))
            if goal.evaluate_by < ctx.today and goal.status.value == "active":
                overdue = _("Evalueringen er forfalt.")
        subs = [item(s, sub_goal_label(numbers.get(s.id, ""))) for s in cf.sub_goals(goal.id)]
        return {
            "label": label,
            "text": text(goal.text),
            "quote": goal.is_own_words,
            "meta": joined((labels.GOAL_STATUS[goal.status], evaluate)),
            "flag": overdue,
            "children": subs,
        }

    roots = [g for g in cf.goals if g.parent_id is None or g.parent_id not in visible]
    own = any(g.is_own_words for g in cf.goals)
    # "No goals" is not said of an extract that left its goals out (`goals_withheld` says that).
    return {
        "type": "items",
        "items": [item(g, ctx.goal_label(g.id)) for g in roots],
        "empty": "" if goals_withheld(ctx) else _("Ingen mål registrert."),
        "legend": _("Mål i «anførselstegn» er skrevet med personens egne ord.") if own else "",
    }


def goals_withheld(ctx: DocumentContext) -> bool:
    """Whether an extract left out goals the whole plan has."""
    shown = {g.id for g in ctx.case_file.goals}
    return is_extract(ctx) and any(g.id not in shown for g in ctx.whole.goals)


def goals_withheld_note(ctx: DocumentContext) -> list[Block]:
    return withheld_note(ctx, _("Mål som samtykket ikke omfatter, er ikke med i dette utdraget."), goals_withheld(ctx))


def sub_goal_label(number: str) -> str:
    return _("Delmål {number}", number=number) if number else _("Delmål")


def responsible_cell(ctx: DocumentContext, measure: Measure) -> dict:
    owner = ctx.case_file.member(measure.responsible_member_id)
    if owner is None:
        return cell(labels.UNCLEAR, flag=True)
    return cell(text(owner.name), sub=text(owner.organisation) or text(owner.role))


def confirmed_cell(ctx: DocumentContext, confirmed: date | None) -> dict:
    if ctx.is_stale(confirmed):
        return cell(f"{day(confirmed)} *" if confirmed else _("aldri") + " *", flag=True)
    return cell(day(confirmed))


def stale_legend(days: int) -> str:
    """The legend under a table with a column of "Bekreftet" dates, some of them marked *."""
    return _("* Ikke bekreftet på over {days} dager: sjekk at opplysningen fortsatt stemmer.", days=days)


def measure_goals(ctx: DocumentContext, measure: Measure) -> str:
    numbers = outline_numbers(ctx.case_file)
    served = [numbers[g] for g in measure.goal_ids if g in numbers and ctx.case_file.goal(g)]
    return _("Mål {numbers}", numbers=", ".join(served)) if served else ""


def consent_entries(ctx: DocumentContext, consents: Iterable[Consent]) -> Block:
    """Each consent with who gave it, how, what it covers, to whom, how long, and where the original is."""
    items = []
    for c in sorted(consents, key=lambda c: c.given_on, reverse=True):
        flag = ""
        if c.withdrawn_on is not None and c.withdrawn_on <= ctx.today:
            flag = _("trukket {date}", date=day(c.withdrawn_on))
        elif not c.is_valid_on(ctx.today):
            flag = _("utløpt {date}", date=day(c.expires_on))
        given = day(c.given_on)
        if flag:
            title = _("Samtykke gitt {given}", given=given)
        elif c.expires_on:
            title = _("Samtykke gitt {given}, gyldig til {expires}", given=given, expires=day(c.expires_on))
        else:
            title = _("Samtykke gitt {given}, gyldig uten utløpsdato", given=given)
        covers = [labels.sections_text(c.sections or (ConsentSection.PLAN,))]
        covers.append(str(kinds_text(c.kinds)))
        if c.own_measures_only:
            covers.append(_("bare det mottakerens tjeneste har ansvar for"))
        others_services = [
            member_label(ctx.case_file.member(s)) for s in c.service_member_ids if ctx.case_file.member(s)
        ]
        if others_services:
            covers.append(_("og det disse tjenestene har ansvar for: {services}", services=", ".join(others_services)))
        # An extract names only the recipients its reader may see; the others are counted.
        shown = [member_label(ctx.case_file.member(r)) for r in c.recipient_member_ids if ctx.case_file.member(r)]
        related = {r.id: r for r in ctx.case_file.related}
        shown += [
            f"{text(related[r].name)} ({text(related[r].relation)})" for r in c.recipient_related_ids if r in related
        ]
        others = len(c.recipient_member_ids) + len(c.recipient_related_ids) - len(shown)
        counted = _("{count} andre", count=others) if shown else _("{count} deltakere", count=others)
        recipients = [*shown, counted] if others else shown
        items.append(
            entry(
                title,
                [
                    (_("Omfang"), text(c.scope_text)),
                    (_("Samtykke til planen"), _("ja") if c.covers_plan else ""),
                    (_("Gir tilgang til"), "; ".join(covers)),
                    (_("Mottakere"), "; ".join(r for r in recipients if r)),
                    (_("Gitt av"), joined((text(c.given_by), labels.METHOD[c.method]), ", ")),
                    (_("Signert original"), text(c.original_location)),
                ],
                flag=flag,
            )
        )
    return entries(items, empty=_("Ingen samtykker registrert."))


def scope_notice(ctx: DocumentContext) -> list[Block]:
    """Who an extract is for and what it holds, so the document itself records it."""
    if ctx.scope is None:
        return []
    if ctx.scope.whole:
        return [
            notice(_("Til {recipient}", recipient=ctx.recipient_label), _("Hele planen, slik koordinatoren har den."))
        ]
    covered = labels.sections_text(ctx.scope.sections)
    kinds = str(kinds_text(ctx.scope.kinds))
    services = (
        _("Av tjenestenes opplysninger er bare de fra tjenestene samtykket nevner, tatt med.")
        if any(g.services is not None for g in ctx.scope.grants)
        else ""
    )
    body = joined(
        (
            _(
                "Utdraget inneholder bare det gyldig samtykke gir mottakeren tilgang til: {sections}; "
                "av taushetsbelagte opplysninger {kinds}.",
                sections=covered,
                kinds=kinds,
            ),
            services,
            _("Andre opplysninger i planen er ikke med, og utdraget sier ikke hva de gjelder."),
        ),
        " ",
    )
    return [notice(_("Utdrag for {recipient}", recipient=ctx.recipient_label), body)]


def none_unless_extract(ctx: DocumentContext, sentence: str) -> str:
    """What an empty list says ("Ingen saksliste registrert."), or nothing in an extract: there the list may
    be empty because everything was left out, and the omission note under it says all that may be said."""
    return sentence if ctx.scope is None or ctx.scope.whole else ""


def is_extract(ctx: DocumentContext) -> bool:
    """Whether the document leaves something out: for a recipient who does not get the whole plan."""
    return ctx.scope is not None and not ctx.scope.whole


def withheld_note(ctx: DocumentContext, sentence: str, withheld: bool) -> list[Block]:
    """The neutral omission sentence, printed only where something was in fact left out (`withheld`)."""
    return [para(sentence, "muted")] if withheld and is_extract(ctx) else []


def omitted_note(ctx: DocumentContext, sentence: str) -> list[Block]:
    """The same neutral sentence in every extract, whether or not anything was left out here: what the
    consent does not cover "er ikke med i dette utdraget" (`sentence`, already in the document's language)."""
    if ctx.scope is None or ctx.scope.whole:
        return []
    return [para(sentence, "muted")]


# --- the whole document -----------------------------------------------------------------------------


def language_fields() -> dict[str, Any]:
    """The language the template sets its text in (hyphenation, quotes, the PDF's /Lang): the one in effect."""
    lang = language()
    return {"lang": lang, "region": "NO" if lang in ("nb", "nn") else None}


def meta(
    ctx: DocumentContext,
    kind: str,
    *,
    id_line: str = "",
    extra_keywords: Iterable[str] = (),
    closing: str = "",
) -> dict[str, Any]:
    """The document's metadata, header and footer texts; `closing` is a small-print paragraph at the end."""
    case = ctx.case_file.case
    title = labels.DOCUMENT_TITLE[kind]
    author = text(case.coordinator)
    # The last change to the plan's content (audit log); the case row only for a file not read from a store.
    changed_at = ctx.whole.plan_changed_at or case.updated_at
    changed = _("sist endret {date}", date=day(changed_at)) if changed_at else ""
    return {
        "kind": title,
        "person": text(case.person_name),
        "title": f"{title} – {ctx.metadata_name()}",
        "author": _("{name} (koordinator)", name=author) if author else "ipterm",
        "subject": joined((title, _extract_for(ctx)), ", "),
        "keywords": list(dict.fromkeys([_("individuell plan"), title.lower(), *extra_keywords])),
        "date": {"year": ctx.today.year, "month": ctx.today.month, "day": ctx.today.day},
        "printed": day(ctx.today),
        "changed": changed,
        "confidential": labels.CONFIDENTIAL,
        "recipient": ctx.recipient_label,
        "id_line": id_line,
        # The template fills in {page} and {pages} (it alone knows them).
        "page_of": _("Side {page} av {pages}"),
        "closing": closing,
        **language_fields(),
        "version": "",
        "stamp": "",
    }


def _extract_for(ctx: DocumentContext) -> str:
    if not ctx.recipient_label:
        return ""
    return _("utdrag for {recipient}", recipient=ctx.recipient_label) if ctx.full_name_in_metadata else _("utdrag")


def finish(meta_: dict[str, Any], blocks: list[Block]) -> dict[str, Any]:
    """Stamp the version: a short hash of the content, so two prints of the same plan say the same version."""
    content = json.dumps(
        {"meta": {k: v for k, v in meta_.items() if k not in ("printed", "date")}, "blocks": blocks},
        ensure_ascii=False,
        sort_keys=True,
    )
    version = hashlib.sha256(content.encode()).hexdigest()[:8]
    stamp = joined(
        (_("Versjon {version}", version=version), meta_["changed"], _("skrevet ut {date}", date=meta_["printed"]))
    )
    return {"meta": {**meta_, "version": version, "stamp": stamp}, "blocks": blocks}
