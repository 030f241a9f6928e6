"""The line syntax of meeting minutes: what a typed line means for the plan.

A fast typist never leaves the line. A prefix at the start says what the line is; tokens anywhere
add detail:

    b: Prøver halv stilling i tre måneder alt: full sykmelding; uendret syn: Ola vil helst jobbe
    o: Sende søknad om arbeidstrening @nav innen 1.12
    t: Arbeidstrening hos Coop 3 dager/uke #1 @nav fra 1.12 til +3m
    e: #1 fortsett Går bedre enn ventet
    s: Ola sier han trives på lageret
    n: 12.2.2027
    (anything else)  a plain note line

Prefixes: b beslutning, o oppgave, t tiltak, e evaluering, s personens syn, n neste møte (the long
words work too). Tokens: `@navn` a group member (name, role or organisation, start of a word is
enough), `#2` goal number 2, `#t3` measure number 3, `innen`/`frist` + date, `fra`/`til` + date.
Dates are typed the Norwegian way (see dates.py). Parsing never fails: a line that doesn't fit is
kept verbatim as a note, and problems are listed for the inline preview.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ipterm.domain.dates import parse_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.models import EvaluationOutcome, Member
from ipterm.domain.text import quoted


class LineKind(StrEnum):
    NOTE = "note"
    DECISION = "decision"
    ACTION = "action"
    MEASURE = "measure"
    EVALUATION = "evaluation"
    VIEW = "view"  # the person's own view
    NEXT_MEETING = "next_meeting"


PREFIXES: dict[str, LineKind] = {
    "b": LineKind.DECISION, "beslutning": LineKind.DECISION, "vedtatt": LineKind.DECISION,
    "o": LineKind.ACTION, "oppgave": LineKind.ACTION,
    "t": LineKind.MEASURE, "tiltak": LineKind.MEASURE,
    "e": LineKind.EVALUATION, "evaluering": LineKind.EVALUATION,
    "s": LineKind.VIEW, "syn": LineKind.VIEW, "stemme": LineKind.VIEW,
    "n": LineKind.NEXT_MEETING, "neste": LineKind.NEXT_MEETING,
}  # fmt: skip

PREFIX_FOR: dict[LineKind, str] = {
    LineKind.DECISION: "b: ",
    LineKind.ACTION: "o: ",
    LineKind.MEASURE: "t: ",
    LineKind.EVALUATION: "e: ",
    LineKind.VIEW: "s: ",
    LineKind.NEXT_MEETING: "n: ",
    LineKind.NOTE: "",
}

KIND_LABELS: dict[LineKind, tuple[str, str]] = {
    LineKind.NOTE: ("Notat", "Note"),
    LineKind.DECISION: ("Beslutning", "Decision"),
    LineKind.ACTION: ("Oppgave", "Action item"),
    LineKind.MEASURE: ("Tiltak", "Measure"),
    LineKind.EVALUATION: ("Evaluering", "Evaluation"),
    LineKind.VIEW: ("Personens syn", "The person's view"),
    LineKind.NEXT_MEETING: ("Neste møte", "Next meeting"),
}

OUTCOME_WORDS: dict[str, EvaluationOutcome] = {
    "nådd": EvaluationOutcome.ACHIEVED, "oppnådd": EvaluationOutcome.ACHIEVED, "achieved": EvaluationOutcome.ACHIEVED,
    "fortsett": EvaluationOutcome.CONTINUE, "fortsetter": EvaluationOutcome.CONTINUE,
    "continue": EvaluationOutcome.CONTINUE,
    "endre": EvaluationOutcome.CHANGE, "endres": EvaluationOutcome.CHANGE, "change": EvaluationOutcome.CHANGE,
    "stopp": EvaluationOutcome.STOP, "avslutt": EvaluationOutcome.STOP, "stop": EvaluationOutcome.STOP,
}  # fmt: skip

_PREFIX = re.compile(r"^\s*([A-Za-zæøåÆØÅ]+)\s*:\s?(.*)$", re.DOTALL)
_MENTION = re.compile(r"(?<![\w@])@([\wæøåÆØÅ.\-]+)")
_GOAL_REF = re.compile(r"(?<![\w#])#(t?)(\d{1,3})\b", re.IGNORECASE)
_DATE_WORD = re.compile(
    r"\b(innen|frist|fra|til)\s+(i\s+dag|i\s+morgen|(?:på\s+)?(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)|[+-]\d{1,4}\s?[dumåayw]?|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\.?)",
    re.IGNORECASE,
)
_BARE_OFFSET = re.compile(r"(?<!\S)\+\d{1,4}[dumå](?!\S)", re.IGNORECASE)
_SEGMENT = re.compile(r"\s(alt|alternativer|syn)\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """What a line means. `text` is the line's own words with prefix and tokens taken out."""

    kind: LineKind
    raw: str
    text: str
    member_ids: tuple[int, ...] = ()
    unresolved_mentions: tuple[str, ...] = ()
    goal_numbers: tuple[int, ...] = ()
    measure_numbers: tuple[int, ...] = ()
    due: date | None = None
    from_date: date | None = None
    to_date: date | None = None
    outcome: EvaluationOutcome | None = None
    alternatives: str = ""
    person_view: str = ""
    problems: tuple[tuple[str, str], ...] = field(default=())  # (nb, en) for the inline preview

    @property
    def owner_id(self) -> int | None:
        return self.member_ids[0] if self.member_ids else None


def fold(text: str) -> str:
    """Lower case without accents, for forgiving @mention matching (ø/æ/å are kept)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _member_words(member: Member) -> list[str]:
    words = f"{member.name} {member.role} {member.organisation}".replace("-", " ").split()
    return [fold(w) for w in words if w]


def resolve_mention(token: str, members: tuple[Member, ...] | list[Member]) -> list[Member]:
    """Members whose name, role or organisation has a word starting with `token` (or all of it)."""
    needle = fold(token.strip(".-"))
    if not needle:
        return []
    exact = [m for m in members if fold(m.name.replace(" ", "")) == needle.replace(".", "")]
    if exact:
        return exact
    return [m for m in members if any(w.startswith(needle) for w in _member_words(m))]


def complete_mention(prefix: str, members: tuple[Member, ...] | list[Member]) -> list[str]:
    """Completion candidates for `@prefix`, first-name matches first.

    A candidate is the member's first name, or first.last when the first name is shared, so that the
    completed mention always resolves to exactly one member.
    """
    found = resolve_mention(prefix, members) if prefix else list(members)
    needle = fold(prefix)
    found.sort(key=lambda m: not fold(m.name).startswith(needle))
    first_names = [fold(m.name.split()[0]) for m in members if m.name.split()]

    def token(member: Member) -> str:
        words = member.name.split()
        if not words:
            return member.name
        if first_names.count(fold(words[0])) > 1:
            return ".".join(words)
        return words[0]

    return [token(m) for m in found]


def _take_dates(body: str, today: date, problems: list[tuple[str, str]]) -> tuple[str, dict[str, date]]:
    found: dict[str, date] = {}

    def replace(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        key = {"innen": "due", "frist": "due", "fra": "from", "til": "to"}[word]
        try:
            found[key] = parse_date(match.group(2), today)
        except ValidationError as exc:
            problems.append((exc.message("nb"), exc.message("en")))
            return match.group(0)
        return ""

    body = _DATE_WORD.sub(replace, body)
    if "due" not in found and (m := _BARE_OFFSET.search(body)):
        try:
            found["due"] = parse_date(m.group(0), today)
            body = body[: m.start()] + body[m.end() :]
        except ValidationError:
            pass
    return body, found


def parse_line(raw: str, members: tuple[Member, ...] | list[Member], today: date) -> ParsedLine:
    """Interpret one typed line. Never raises; see the module docstring for the syntax."""
    kind = LineKind.NOTE
    body = raw
    if m := _PREFIX.match(raw):
        word = m.group(1).lower()
        if word in PREFIXES:
            kind, body = PREFIXES[word], m.group(2)
    if kind is LineKind.NOTE:
        return ParsedLine(kind=kind, raw=raw, text=raw.strip())

    problems: list[tuple[str, str]] = []
    alternatives = person_view = ""
    if kind is LineKind.DECISION:
        parts = _SEGMENT.split(" " + body)
        body = parts[0]
        for label, value in zip(parts[1::2], parts[2::2], strict=False):
            if label.lower().startswith("alt"):
                alternatives = value.strip()
            else:
                person_view = value.strip()

    member_ids: list[int] = []
    unresolved: list[str] = []
    for token in _MENTION.findall(body):
        matches = resolve_mention(token, members)
        if len(matches) == 1 and matches[0].id is not None:
            if matches[0].id not in member_ids:
                member_ids.append(matches[0].id)
        else:
            unresolved.append(token)
            if matches:
                names = ", ".join(quoted(x.name) for x in matches[:3])
                problems.append((f"@{token} passer på flere: {names}", f"@{token} matches several: {names}"))
            else:
                problems.append((f"Fant ingen i gruppen som heter @{token}", f"Nobody in the group called @{token}"))
    body = _MENTION.sub("", body)

    goals = [int(n) for t, n in _GOAL_REF.findall(body) if not t]
    measures = [int(n) for t, n in _GOAL_REF.findall(body) if t]
    body = _GOAL_REF.sub("", body)

    body, dates = _take_dates(body, today, problems)
    outcome = None
    next_date = None
    if kind is LineKind.EVALUATION:
        words = body.split()
        for n, w in enumerate(words):
            if w.lower().strip(".,:;") in OUTCOME_WORDS:
                outcome = OUTCOME_WORDS[w.lower().strip(".,:;")]
                body = " ".join(words[:n] + words[n + 1 :])
                break
        if outcome is None:
            problems.append(("Skriv nådd, fortsett, endre eller stopp", "Write nådd, fortsett, endre or stopp"))
        if not goals and not measures:
            problems.append(("Hvilket mål? Skriv #1 (mål) eller #t1 (tiltak)", "Which goal? Write #1 or #t1"))
    if kind is LineKind.NEXT_MEETING:
        text_date = body.strip()
        try:
            next_date = parse_date(text_date, today) if text_date else dates.get("due")
        except ValidationError as exc:
            problems.append((exc.message("nb"), exc.message("en")))
        body = ""
        if next_date is None and not problems:
            problems.append(("Skriv datoen for neste møte", "Type the date of the next meeting"))
    if kind is LineKind.ACTION:
        if not member_ids and not unresolved:
            problems.append(("Hvem gjør det? Skriv @navn", "Who does it? Type @name"))
        if "due" not in dates:
            problems.append(("Når? Skriv innen 1.12 eller +2u", "By when? Type innen 1.12 or +2u"))

    text = " ".join(body.split())
    if not text and kind not in (LineKind.NEXT_MEETING, LineKind.EVALUATION):
        problems.append(("Teksten mangler", "The text is missing"))
    return ParsedLine(
        kind=kind,
        raw=raw,
        text=text,
        member_ids=tuple(member_ids),
        unresolved_mentions=tuple(unresolved),
        goal_numbers=tuple(goals),
        measure_numbers=tuple(measures),
        due=next_date if kind is LineKind.NEXT_MEETING else dates.get("due"),
        from_date=dates.get("from"),
        to_date=dates.get("to"),
        outcome=outcome,
        alternatives=alternatives,
        person_view=person_view,
        problems=tuple(problems),
    )


def convert_line(raw: str, kind: LineKind) -> str:
    """The same line with the prefix for `kind` (used to turn a plain line into a decision afterwards)."""
    body = raw
    if (m := _PREFIX.match(raw)) and m.group(1).lower() in PREFIXES:
        body = m.group(2)
    return PREFIX_FOR[kind] + body.lstrip()
