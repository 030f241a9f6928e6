"""The line syntax of meeting minutes: what a typed line means for the plan.

A fast typist never leaves the line. A prefix at the start says what the line is; tokens anywhere
add detail:

    b: Prøver halv stilling i tre måneder alt: full sykmelding; uendret syn: Ola vil helst jobbe
    o: Sende søknad om arbeidstrening @nav innen 1.12
    t: Arbeidstrening hos Coop 3 dager/uke #1 @nav fra 1.12 til +3m
    e: #1 fortsett Går bedre enn ventet
    s: Ola sier han trives på lageret
    p: Jeg vil snakke om ferien i sommer
    n: 12.2.2027
    (anything else)  a plain note line

Prefixes: b beslutning, o oppgave, t tiltak, e evaluering, s personens syn, n neste møte, p what the
person wants to bring up (punkt, ønske; nynorsk ønskje); the long words work too. Tokens: `@navn` a
group member (name, role or organisation, start of a word is enough), `#2` goal number 2, `#t3`
measure number 3, `innen`/`frist` + date, `fra`/`til` + date.
Dates are typed the Norwegian way (see dates.py). Parsing never fails: a line that doesn't fit is
kept verbatim as a note, and problems are listed for the inline preview.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

from ipterm.domain.dates import WEEKDAY_INDEX, WEEKDAY_NAMES, format_date, is_past, parse_clock, parse_date
from ipterm.domain.errors import ValidationError
from ipterm.domain.messages import Message, message
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
    FOLLOW_UP = "follow_up"  # of an earlier action item: done, cancelled, new due date or owner
    PERSON_POINT = "person_point"  # what the person wants to bring up ("Hva vil du ta opp?")


PREFIXES: dict[str, LineKind] = {
    "b": LineKind.DECISION, "beslutning": LineKind.DECISION, "vedtatt": LineKind.DECISION,
    "o": LineKind.ACTION, "oppgave": LineKind.ACTION,
    "t": LineKind.MEASURE, "tiltak": LineKind.MEASURE,
    "e": LineKind.EVALUATION, "evaluering": LineKind.EVALUATION,
    "s": LineKind.VIEW, "syn": LineKind.VIEW, "stemme": LineKind.VIEW,
    "n": LineKind.NEXT_MEETING, "neste": LineKind.NEXT_MEETING,
    "f": LineKind.FOLLOW_UP, "oppfølging": LineKind.FOLLOW_UP, "følg": LineKind.FOLLOW_UP,
    "p": LineKind.PERSON_POINT, "punkt": LineKind.PERSON_POINT,
    "ønske": LineKind.PERSON_POINT,
    # nynorsk
    "avgjerd": LineKind.DECISION, "vedteke": LineKind.DECISION, "oppgåve": LineKind.ACTION,
    "ønskje": LineKind.PERSON_POINT,
}  # fmt: skip

PREFIX_FOR: dict[LineKind, str] = {
    LineKind.DECISION: "b: ",
    LineKind.ACTION: "o: ",
    LineKind.MEASURE: "t: ",
    LineKind.EVALUATION: "e: ",
    LineKind.VIEW: "s: ",
    LineKind.NEXT_MEETING: "n: ",
    LineKind.FOLLOW_UP: "f: ",
    LineKind.PERSON_POINT: "p: ",
    LineKind.NOTE: "",
}

TASK_DONE, TASK_CANCELLED = "done", "cancelled"
TASK_WORDS = {
    "ferdig": TASK_DONE, "gjort": TASK_DONE, "utført": TASK_DONE, "fullført": TASK_DONE, "levert": TASK_DONE,
    "sendt": TASK_DONE, "done": TASK_DONE,
    "avlyst": TASK_CANCELLED, "kansellert": TASK_CANCELLED, "utgår": TASK_CANCELLED, "droppes": TASK_CANCELLED,
    "droppet": TASK_CANCELLED, "avbrutt": TASK_CANCELLED, "cancelled": TASK_CANCELLED,
    # nynorsk
    "avbrote": TASK_CANCELLED, "ferdig gjort": TASK_DONE,
}  # fmt: skip

OUTCOME_WORDS: dict[str, EvaluationOutcome] = {
    "nådd": EvaluationOutcome.ACHIEVED, "oppnådd": EvaluationOutcome.ACHIEVED, "nådde": EvaluationOutcome.ACHIEVED,
    "oppnådde": EvaluationOutcome.ACHIEVED, "nås": EvaluationOutcome.ACHIEVED, "achieved": EvaluationOutcome.ACHIEVED,
    "fortsett": EvaluationOutcome.CONTINUE, "fortsetter": EvaluationOutcome.CONTINUE,
    "fortsettes": EvaluationOutcome.CONTINUE, "fortsette": EvaluationOutcome.CONTINUE,
    "videreføres": EvaluationOutcome.CONTINUE, "videreført": EvaluationOutcome.CONTINUE,
    "continue": EvaluationOutcome.CONTINUE,
    "endre": EvaluationOutcome.CHANGE, "endres": EvaluationOutcome.CHANGE, "endret": EvaluationOutcome.CHANGE,
    "endring": EvaluationOutcome.CHANGE, "justeres": EvaluationOutcome.CHANGE, "change": EvaluationOutcome.CHANGE,
    "stopp": EvaluationOutcome.STOP, "stoppe": EvaluationOutcome.STOP, "stoppes": EvaluationOutcome.STOP,
    "stoppet": EvaluationOutcome.STOP, "avslutt": EvaluationOutcome.STOP, "avslutte": EvaluationOutcome.STOP,
    "avsluttes": EvaluationOutcome.STOP, "avsluttet": EvaluationOutcome.STOP, "stop": EvaluationOutcome.STOP,
    # nynorsk: "held fram" is read in _take_outcome
    "vidare": EvaluationOutcome.CONTINUE, "vidareførast": EvaluationOutcome.CONTINUE,
    "vidareført": EvaluationOutcome.CONTINUE, "endrast": EvaluationOutcome.CHANGE,
    "endra": EvaluationOutcome.CHANGE, "avsluttast": EvaluationOutcome.STOP, "avslutta": EvaluationOutcome.STOP,
    "stoppa": EvaluationOutcome.STOP,
}  # fmt: skip
PARTLY_WORDS = frozenset({"delvis", "partly", "partially"})

_PREFIX = re.compile(r"^\s*([A-Za-zæøåÆØÅ]+)\s*:\s?(.*)$", re.DOTALL)
_MENTION = re.compile(r"(?<![\w@])@([\wæøåÆØÅ.\-]+)")
_GOAL_REF = re.compile(r"(?<![\w#])#(t?)(\d{1,3})\b", re.IGNORECASE)
_TASK_REF = re.compile(r"(?<![\w#])#o(\d{1,4})\b", re.IGNORECASE)
_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag)"
_DAY = (
    r"(?:i\s+dag|i\s+morg[eo]n|(?:på\s+|neste\s+)?" + _WEEKDAY + r"(?!\s+\d)|[+-]\d{1,4}\s?[dumåayw]?"
    r"|(?:" + _WEEKDAY + r"\s+)?(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\.?))"
)
_TIME = r"(?:kl\.?\s*\d{1,2}(?:[:.]\d{2})?|\d{1,2}[:.]\d{2})"
# One clause at the very end of the line: a date after its word, a bare offset, a time, a mention, a #ref.
_TAIL_DATE = re.compile(
    r"(?:^|\s)(?P<word>innen|innan|ny\s+frist|frist|fra|frå|til|den|neste\s+evaluering|ny\s+evaluering|evalueres|flyttes\s+til)\s+(?P<day>"
    + _DAY + r")(?:\s+(?P<time>" + _TIME + r"))?[.,;]?\s*$", re.IGNORECASE)  # fmt: skip
_TAIL_BARE_DAY = re.compile(r"(?:^|\s)(?P<day>" + _DAY + r")(?:\s+(?P<time>" + _TIME + r"))?[.,;]?\s*$", re.IGNORECASE)
_TAIL_OFFSET = re.compile(r"(?:^|\s)(?P<day>\+\d{1,4}[dumå])[.,;]?\s*$", re.IGNORECASE)
_HEAD_DAY = re.compile(r"^\s*(?P<day>" + _DAY + r")(?:\s+(?P<time>" + _TIME + r"))?(?=\s|$)[.,;]?", re.IGNORECASE)
_TAIL_TIME = re.compile(r"(?:^|\s)(?P<time>" + _TIME + r")[.,;]?\s*$", re.IGNORECASE)
_TAIL_TOKEN = re.compile(r"(?:^|\s)(?P<token>@[\wæøåÆØÅ.\-]+|#[to]?\d{1,4})[.,;]?\s*$", re.IGNORECASE)
_TAIL_REACH = 80  # characters: longer than any clause ("neste evaluering tirsdag 12.12.2026 kl. 10:00")
_DECISION_SEGMENT = re.compile(r"\s(alt|alternativ|alternativer|alternativt|syn)\s*:\s*", re.IGNORECASE)
_MEASURE_SEGMENT = re.compile(r"\s(omfang|hvordan|syn)\s*:\s*", re.IGNORECASE)
_DATE_WORD_KEY = {"innen": "due", "innan": "due", "frist": "due", "fra": "from", "frå": "from", "til": "to",
                  "den": "due"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """What a line means.

    `text` is what goes into the plan: the line's own words with the prefix and the recognised tokens taken
    out (a decision keeps every word as typed). Each token taken out is in `clauses` as (role, typed text),
    and the preview shows it with its meaning, so no typed word is ever lost from sight.
    """

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
    at: time | None = None
    outcome: EvaluationOutcome | None = None
    task_numbers: tuple[int, ...] = ()
    task_status: str = ""  # TASK_DONE or TASK_CANCELLED for a follow-up line
    alternatives: str = ""
    person_view: str = ""
    scope: str = ""
    how: str = ""
    clauses: tuple[tuple[str, str], ...] = ()
    problems: tuple[Message, ...] = field(default=())  # for the inline preview

    @property
    def owner_id(self) -> int | None:
        return self.member_ids[0] if self.member_ids else None


def fold(text: str) -> str:
    """Lower case without accents, for forgiving @mention matching (ø/æ/å are kept)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _member_words(member: Member) -> list[str]:
    text = f"{member.name} {member.role} {member.organisation}"
    # Both "kari" and "kari-anne" find Kari-Anne; "veileder" finds a NAV-veileder.
    words = text.replace("-", " ").split() + [w for w in text.split() if "-" in w]
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


def complete_mention(prefix: str, members: tuple[Member, ...] | list[Member], *, nameless: bool = False) -> list[str]:
    """Completion candidates for `@prefix`, first-name matches first.

    A candidate is the member's first name, or first.last when the first name is shared, so that the
    completed mention always resolves to exactly one member. `nameless` (privacy mode, the screen is
    shared): a word of the member's role or organisation that names only them (`@kontaktlærer`), so the
    line being typed does not spell out a name the rest of the screen hides; the name only when no such
    word exists.
    """
    found = resolve_mention(prefix, members) if prefix else list(members)
    needle = fold(prefix)
    found.sort(key=lambda m: not fold(m.name).startswith(needle))
    first_names = [fold(m.name.split()[0]) for m in members if m.name.split()]
    name_words = {fold(w) for m in members for w in m.name.replace("-", " ").split()}

    def by_name(member: Member) -> str:
        words = member.name.split()
        if not words:
            return member.name
        if first_names.count(fold(words[0])) > 1:
            return ".".join(words)
        return words[0]

    def by_role(member: Member) -> str | None:
        for word in f"{member.role} {member.organisation}".replace("-", " ").split():
            token = fold(word).strip(".,()")
            if len(token) >= 2 and token not in name_words and resolve_mention(token, members) == [member]:
                return token
        return None

    return [(by_role(m) if nameless else None) or by_name(m) for m in found]


def _problem(problems: list[Message], exc: ValidationError) -> None:
    problems.append(exc.msg)


def _weekday_mismatch(day_text: str, found: date) -> Message | None:
    words = day_text.lower().split()
    if len(words) == 2 and words[0] in WEEKDAY_INDEX and WEEKDAY_INDEX[words[0]] != found.weekday():
        real = message(WEEKDAY_NAMES[found.weekday()])
        return message("{day} er en {real}, ikke {typed}", day=f"{found:%d.%m.%Y}", real=real, typed=words[0])
    return None


def _parse_day(day_text: str, today: date) -> date:
    """A date clause's day; a weekday before a dotted date (`tirsdag 2.3`) only confirms it."""
    words = day_text.split()
    if len(words) == 2 and words[0].lower() in WEEKDAY_INDEX and any(c.isdigit() for c in words[1]):
        return parse_date(words[1], today)
    return parse_date(day_text, today)


def _peel_tail(body: str, kind: LineKind, today: date, problems: list[Message]):
    """Take date, time, @mention and #ref clauses off the END of the line only, last first.

    A date in the middle of a line is part of what was said and stays in the text.
    Returns the remaining body, the dates found by role, the time and the clauses as typed.
    """
    dates: dict[str, date] = {}
    texts: dict[str, str] = {}
    at: time | None = None
    clauses: list[tuple[str, str]] = []
    tokens: list[str] = []
    while body.strip():
        # Only the last few words can hold a clause: searching just them keeps a long line cheap
        # (an end-anchored search would otherwise be tried from every position of the line).
        cut = body.rfind(" ", 0, len(body) - _TAIL_REACH) + 1 if len(body) > _TAIL_REACH else 0
        tail = body[cut:]
        m = _TAIL_TOKEN.search(tail)
        if m:
            tokens.insert(0, m.group("token"))
            clauses.insert(0, ("token", m.group("token")))
            body = body[: cut + m.start()]
            continue
        m = _TAIL_DATE.search(tail)
        role = None
        if m:
            word = " ".join(m.group("word").lower().split())
            role = _DATE_WORD_KEY.get(word, "due")
            if kind is LineKind.NEXT_MEETING:
                role = "due"
        elif (m := _TAIL_OFFSET.search(tail)) or (
            kind in (LineKind.NEXT_MEETING, LineKind.ACTION) and (m := _TAIL_BARE_DAY.search(tail))
        ):
            role = "due"
        if m and role is not None:
            if role in dates:
                break  # a second deadline: the earlier one is part of the text
            day_text = " ".join(m.group("day").split())
            try:
                found = _parse_day(day_text, today)
            except ValidationError as exc:
                _problem(problems, exc)
                break
            if (mismatch := _weekday_mismatch(day_text, found)) is not None:
                problems.append(mismatch)
            time_text = m.groupdict().get("time")
            if time_text:
                try:
                    at = parse_clock(time_text)
                except ValidationError as exc:
                    _problem(problems, exc)
                    break
            dates[role] = found
            texts[role] = day_text
            clauses.insert(0, (role, m.group(0).strip()))
            body = body[: cut + m.start()]
            continue
        if at is None and kind is LineKind.NEXT_MEETING and (m := _TAIL_TIME.search(tail)):
            try:
                at = parse_clock(m.group("time"))
            except ValidationError as exc:
                _problem(problems, exc)
                break
            clauses.insert(0, ("time", m.group(0).strip()))
            body = body[: cut + m.start()]
            continue
        break
    # `til` typed without a year belongs after `fra`: "fra 1.1 til 30.6" in June is next year's half.
    if "from" in dates and "to" in dates and dates["to"] < dates["from"]:
        with contextlib.suppress(ValidationError):
            dates["to"] = _parse_day(texts["to"], dates["from"])
    if clauses:  # "fortsett med logoped, innen 1.3": the comma went with the clause, not with the text
        body = body.rstrip().rstrip(",;")
    return body, dates, at, clauses, tokens


def _segments(body: str, pattern: re.Pattern[str]) -> tuple[str, dict[str, list[str]]]:
    parts = pattern.split(" " + body)
    found: dict[str, list[str]] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        key = label.lower()
        key = "alt" if key.startswith("alt") else key
        if value.strip():
            found.setdefault(key, []).append(value.strip())
    return parts[0].strip(), found


def _take_outcome(body: str) -> tuple[str, EvaluationOutcome | None, str]:
    """The first outcome word (or `delvis nådd`) anywhere in an evaluation; returns the rest and the words."""
    words = body.split()
    for n, w in enumerate(words):
        bare = w.lower().strip(".,:;!")
        if bare in PARTLY_WORDS:
            end = n + 1
            following = words[n + 1].lower().strip(".,:;!") if n + 1 < len(words) else ""
            if OUTCOME_WORDS.get(following) is EvaluationOutcome.ACHIEVED:
                end = n + 2
            typed = " ".join(words[n:end])
            return " ".join(words[:n] + words[end:]), EvaluationOutcome.PARTLY_ACHIEVED, typed
        if bare == "held" and n + 1 < len(words) and words[n + 1].lower().strip(".,:;!") == "fram":
            return " ".join(words[:n] + words[n + 2 :]), EvaluationOutcome.CONTINUE, " ".join(words[n : n + 2])
        if bare in OUTCOME_WORDS:
            return " ".join(words[:n] + words[n + 1 :]), OUTCOME_WORDS[bare], w
    return body, None, ""


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

    problems: list[Message] = []
    clauses: list[tuple[str, str]] = []
    segments: dict[str, list[str]] = {}
    dates: dict[str, date] = {}
    at: time | None = None
    verbatim = kind in (LineKind.DECISION, LineKind.VIEW, LineKind.PERSON_POINT)
    if kind is LineKind.DECISION:
        body, segments = _segments(body, _DECISION_SEGMENT)
    elif kind in (LineKind.ACTION, LineKind.MEASURE, LineKind.NEXT_MEETING, LineKind.EVALUATION, LineKind.FOLLOW_UP):
        body, dates, at, clauses, _ = _peel_tail(body, kind, today, problems)
        if kind is LineKind.NEXT_MEETING and "due" not in dates and (m := _HEAD_DAY.match(body)):
            # `n: 2.3 kl. 10 på Rådhuset`: the date first, the rest (the place) stays as the text
            try:
                dates["due"] = _parse_day(" ".join(m.group("day").split()), today)
                at = parse_clock(m.group("time")) if m.group("time") else at
            except ValidationError as exc:
                _problem(problems, exc)
            else:
                clauses.insert(0, ("due", m.group(0).strip()))
                body = body[m.end() :]
        if kind is LineKind.MEASURE:
            # `fra 1.12 til +3m` may close the measure's own words, before `omfang:` and `hvordan:`.
            body, segments = _segments(body, _MEASURE_SEGMENT)
            body, more, _, more_clauses, _ = _peel_tail(body, kind, today, problems)
            for role, day in more.items():
                dates.setdefault(role, day)
            clauses = more_clauses + clauses

    if kind is LineKind.ACTION and ("from" in dates or "to" in dates):
        # A task has a deadline, not a period: `fra 1.1` stays in its words instead of vanishing.
        kept = [typed for role, typed in clauses if role in ("from", "to")]
        clauses = [(role, typed) for role, typed in clauses if role not in ("from", "to")]
        dates.pop("from", None)
        dates.pop("to", None)
        body = " ".join([body.strip(), *kept])

    member_ids: list[int] = []
    unresolved: list[str] = []
    for token in _MENTION.findall(body) + [t[1:] for role, t in clauses if role == "token" and t.startswith("@")]:
        matches = resolve_mention(token, members)
        if len(matches) == 1 and matches[0].id is not None:
            if matches[0].id not in member_ids:
                member_ids.append(matches[0].id)
        elif token not in unresolved:
            unresolved.append(token)
            if matches:
                names = ", ".join(quoted(x.name) for x in matches[:3])
                problems.append(message("@{token} passer på flere: {names}", token=token, names=names))
            else:
                problems.append(message("Fant ingen i gruppen som heter @{token}", token=token))
    tasks = [int(n) for n in _TASK_REF.findall(body)]
    tasks += [int(t[2:]) for role, t in clauses if role == "token" and t[:2].lower() == "#o"]
    if not verbatim:
        for n in _TASK_REF.findall(body):
            clauses.append(("token", f"#o{n}"))
        body = _TASK_REF.sub("", body)
    refs = _GOAL_REF.findall(body) + [
        (t[1:2] if t[1:2].lower() == "t" else "", t.lstrip("#tT"))
        for role, t in clauses
        if role == "token" and t.startswith("#") and t[:2].lower() != "#o"
    ]
    goals = list(dict.fromkeys(int(n) for t, n in refs if not t))
    measures = list(dict.fromkeys(int(n) for t, n in refs if t))
    if not verbatim:
        for typed in _MENTION.findall(body):
            clauses.append(("token", "@" + typed))
        for t, n in _GOAL_REF.findall(body):
            clauses.append(("token", f"#{t}{n}"))
        body = _GOAL_REF.sub("", _MENTION.sub("", body))

    outcome = None
    if kind is LineKind.EVALUATION:
        body, outcome, typed = _take_outcome(body)
        if outcome is None:
            problems.append(message("Skriv nådd, delvis nådd, fortsett, endre eller stopp"))
        else:
            clauses.append(("outcome", typed))
        if not goals and not measures:
            problems.append(message("Hvilket mål? Skriv #1 (mål) eller #t1 (tiltak)"))
    task_status = ""
    if kind is LineKind.FOLLOW_UP:
        words = body.split()
        for n, w in enumerate(words):
            if (bare := w.lower().strip(".,:;!")) in TASK_WORDS:
                task_status = TASK_WORDS[bare]
                clauses.append(("task", w))
                body = " ".join(words[:n] + words[n + 1 :])
                break
        if not tasks:
            problems.append(message("Hvilken oppgave? Skriv #o1 (se agendaen)"))
        elif not (task_status or dates.get("due") or member_ids or unresolved):
            problems.append(message("Skriv ferdig, avlyst, ny frist +2u eller @ny ansvarlig"))
    if kind is LineKind.NEXT_MEETING and "due" not in dates and not problems:
        problems.append(message("Skriv datoen for neste møte, f.eks. 2.3 kl. 10"))
    if kind is LineKind.ACTION:
        if not member_ids and not unresolved:
            problems.append(message("Hvem gjør det? Skriv @navn"))
        if "due" not in dates:
            problems.append(message("Når? Skriv innen 15.1, fredag eller +2u"))
    for role in ("due", "from", "to"):
        if role in dates and is_past(dates[role], today) and role != "from":
            problems.append(message("{day} er allerede passert", day=format_date(dates[role])))

    text = " ".join(body.split()) if not verbatim else body.strip()
    if not text and kind not in (LineKind.NEXT_MEETING, LineKind.EVALUATION, LineKind.FOLLOW_UP):
        problems.append(message("Teksten mangler"))
    return ParsedLine(
        kind=kind,
        raw=raw,
        text=text,
        member_ids=tuple(member_ids),
        unresolved_mentions=tuple(unresolved),
        goal_numbers=tuple(goals),
        measure_numbers=tuple(measures),
        due=dates.get("due"),
        from_date=dates.get("from"),
        to_date=dates.get("to"),
        at=at,
        outcome=outcome,
        task_numbers=tuple(dict.fromkeys(tasks)),
        task_status=task_status,
        alternatives="; ".join(segments.get("alt", [])),
        person_view="; ".join(segments.get("syn", [])),
        scope="; ".join(segments.get("omfang", [])),
        how="; ".join(segments.get("hvordan", [])),
        clauses=tuple(clauses),
        problems=tuple(problems),
    )


def convert_line(raw: str, kind: LineKind) -> str:
    """The same line with the prefix for `kind` (used to turn a plain line into a decision afterwards)."""
    body = raw
    if (m := _PREFIX.match(raw)) and m.group(1).lower() in PREFIXES:
        body = m.group(2)
    return PREFIX_FOR[kind] + body.lstrip()
