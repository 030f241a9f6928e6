"""How stored text is shown: cleaned of escape sequences, never read as markup, masked in privacy mode.

Every piece of stored text that reaches a widget goes through `safe()` (or `person()`), which returns a
`rich.text.Text`: Textual does not parse a Text for markup, so `[bold]` typed in a note shows literally,
and `clean_for_terminal` has already removed control characters and escape sequences.

Textual reads a plain `str` as markup in more places than one expects: Select and SelectionList options,
command palette hits (and their fuzzy highlighting), Static and Label by default. `label()` is the one
door for those: whatever goes into an option or a palette hit passes through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from ipterm import i18n
from ipterm.domain.dates import WEEKDAY_NAMES, format_date
from ipterm.domain.messages import N_
from ipterm.domain.models import CaseFile, MemberKind
from ipterm.domain.national_id import mask_national_id
from ipterm.domain.search import HIT_END, HIT_START
from ipterm.domain.text import clean_for_terminal, initials
from ipterm.i18n import _


def safe(text: str | None, *, style: str = "") -> Text:
    """A Text that shows `text` literally on one line (no markup, no control sequences)."""
    return Text(clean_for_terminal(text or "", single_line=True), style=style)


_BIDI_NAMES = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}  # fmt: skip
_BIDI = re.compile("[" + "".join(_BIDI_NAMES) + "]")


def field_text(text: str | None) -> str:
    """Text as an Input or a TextArea holds it for editing.

    Those widgets write their value to the terminal as it is, so escape sequences and control characters
    are taken out first (a stored `ESC]0;…BEL` renamed the terminal on every repaint). Bidi overrides and
    isolates become visible marks (`⟨RLO⟩`): in a field the order shown must be the order stored, and the
    person editing should see that something is there. Line breaks and tabs stay."""
    if text is None:
        return ""
    if text.isprintable():  # the common case, and every single typed key: nothing to do
        return text
    marked = _BIDI.sub(lambda m: f"⟨{_BIDI_NAMES[m.group()]}⟩", text)
    return clean_for_terminal(marked)


def label(value: str | Text) -> Text:
    """An option, list entry or palette prompt: always a Text, so brackets and `$` show as typed.

    A Text built here already (by `safe()`, `person()`) is kept with its styles; a str is cleaned."""
    if isinstance(value, Text):
        return value
    return safe(value)


def choices(pairs: Iterable[tuple[str | Text, object]]) -> list[tuple[Text, object]]:
    """(shown, value) pairs for a Select or a SelectionList, every shown part a literal Text."""
    return [(label(shown), value) for shown, value in pairs]


def palette_prompt(text: str, matcher: Matcher | None = None) -> Content:
    """A command palette prompt shown literally, with the letters the query matched highlighted.

    `Matcher.highlight` parses its candidate as markup (a case named `Test [/b] Person` raised a
    MarkupError inside the palette); this builds the same highlighting on plain content."""
    plain = clean_for_terminal(text, single_line=True)
    content = Content(plain)
    if matcher is None:
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, plain)
    if score:
        for offset in offsets:
            if not plain[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def person(name: str, *, privacy: bool, style: str = "") -> Text:
    """A person's name, or initials only in privacy mode."""
    if not privacy or not name:
        return safe(name, style=style)
    return Text(initials(name), style=f"{style} italic".strip())


def shown_name(name: str, privacy: bool) -> str:
    """A name as plain text for building a longer label: initials in privacy mode."""
    return initials(name) if privacy and name else name


def national_id(value: str | None, *, privacy: bool) -> str:
    """The number with the personal part hidden; all of it hidden in privacy mode."""
    if not value:
        return ""
    return "••••••••••• " if privacy else mask_national_id(value)


class Masker:
    """Replaces known names inside free text (notes, goals, search snippets) with initials.

    Used in privacy mode only: the names come from the case (the person, group members, relatives), so a
    note saying "Ringte Nora Nilsen" shows "Ringte N.N.". Single name parts of three letters or more are
    masked too ("Nora sier …"), matched as whole words.
    """

    def __init__(self, names: Iterable[str], hidden: Iterable[str] = ()) -> None:
        replacements: dict[str, str] = {}
        for value in hidden:  # phone numbers, e-mail addresses: nothing of them is shown
            clean = " ".join(clean_for_terminal(value).split())
            if len(clean) >= 3:
                replacements[clean.lower()] = "•••"
        for name in names:
            clean = " ".join(clean_for_terminal(name).split())
            if not clean:
                continue
            replacements[clean.lower()] = initials(clean)
            # Parts of the person's name only: a coordinator field "Siri Tangen (Psykisk helse og rus)" must
            # not mask "helse" in every text as "h.".
            person = clean.split("(")[0]
            if person.strip() and person.strip() != clean:
                replacements[person.strip().lower()] = initials(clean)
            # The letters' words of the name, whatever sits between them: a name stored with an escape
            # sequence or a bidi mark inside ("Ola ␛]0;…⟨RLO⟩Nordmann") still has its surname masked.
            for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", person):
                for part in (word, *word.split("-")):  # "Kari-Anne", and "Anne" said alone
                    if len(part) >= 3:
                        replacements.setdefault(part.lower(), part[0] + ".")
        self._replacements = replacements
        words = sorted(replacements, key=len, reverse=True)
        self._pattern = (
            # A trailing s is the genitive ("Sigrids egne saker"): the name goes, the s stays.
            re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(s?)(?!\w)", re.IGNORECASE)
            if words
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._replacements[m.group(1).lower()] + m.group(2), text)


def case_masker(cf: CaseFile) -> Masker:
    """Every name and contact known on a case: the person, the coordinator, members, relatives."""
    names = [cf.case.person_name, cf.case.coordinator, *(m.name for m in cf.members), *(r.name for r in cf.related)]
    hidden = [x for m in cf.members for x in (m.phone, m.email) if x] + [r.contact for r in cf.related if r.contact]
    return Masker([n for n in names if n], hidden)


def contact(value: str | None, *, privacy: bool) -> Text:
    """A phone number or an e-mail address; dots in privacy mode."""
    if privacy and value:
        return Text("•••", style="italic")
    return safe(value)


def masked(text: str | None, masker: Masker | None, *, style: str = "") -> Text:
    """`safe()`, with known names replaced when a masker is given (privacy mode)."""
    cleaned = clean_for_terminal(text or "", single_line=True)
    return Text(masker(cleaned) if masker else cleaned, style=style)


def masked_text(text: Text, masker: Masker | None) -> Text:
    """A styled Text with known names replaced piece by piece, each piece keeping its style."""
    if masker is None:
        return text
    cuts = sorted(({s.start for s in text.spans} | {s.end for s in text.spans}) - {0, len(text.plain)})
    out = Text(style=text.style)
    for part in text.divide(cuts):
        out.append(masker(part.plain), style=part.spans[0].style if part.spans else "")
    return out


def highlight(snippet: str, masker: Masker | None = None) -> Text:
    """A search snippet with the matched words in reverse video, everything else literal."""
    text = Text()
    marked = snippet.replace(HIT_START, "\x00s").replace(HIT_END, "\x00e")
    for n, part in enumerate(marked.split("\x00")):
        style = ""
        if n:  # every part after the first starts with its marker: s(tart) or e(nd)
            style = "bold reverse" if part[:1] == "s" else ""
            part = part[1:]
        cleaned = clean_for_terminal(part, single_line=False).replace("\n", " ")
        text.append(masker(cleaned) if masker else cleaned, style=style)
    return text


def day(value: date | None) -> str:
    return format_date(value)


def weekday_date(value: date | None) -> str:
    """ "tirsdag 1.12.2026" (or "Tuesday 1.12.2026"): what a date field shows it understood."""
    if value is None:
        return ""
    return f"{_(WEEKDAY_NAMES[value.weekday()])} {value.day}.{value.month}.{value.year}"


def relative_day(value: date | None, today: date) -> str:
    """ "3 d over", "i dag", "i morgen", "om 4 d": how far a date is from today, in a few letters."""
    if value is None:
        return ""
    delta = (value - today).days
    if delta == 0:
        return _("i dag")
    if delta == 1:
        return _("i morgen")
    if delta < 0:
        return _("{value} d over", value=-delta)
    return _("om {delta} d", delta=delta)


_ENTITIES = {
    "case": N_("sak"), "related_person": N_("pårørende"), "member": N_("deltaker"),
    "goal": N_("mål"), "measure": N_("tiltak"), "evaluation": N_("evaluering"),
    "consent": N_("samtykke"), "meeting": N_("møte"), "decision": N_("beslutning"),
    "action_item": N_("oppgave"), "note": N_("notat"),
    "coordinator_history": N_("koordinator"), "assessment": N_("kartlegging"),
    "service_decision": N_("vedtak"), "meeting_template": N_("møtemal"),
    "meeting_line": N_("referatlinje"), "meeting_participant": N_("oppmøte"), "export": N_("eksport"),
}  # fmt: skip
_ACTIONS = {"create": N_("ny"), "update": N_("endret"), "delete": N_("slettet")}


def change_label(entity: str, action: str) -> str:
    """An audit entry's subject in words: "tiltak endret", "measure changed"."""
    thing = _(_ENTITIES[entity]) if entity in _ENTITIES else entity
    done = _(_ACTIONS[action]) if action in _ACTIONS else action
    return f"{thing} {done}"


def member_label(name: str, role: str, kind: str) -> str:
    """ "Randi Aas – Datter (pårørende)"; the kind is left out when the role already says it."""
    kind_text = i18n.label(MemberKind(kind)) if kind in set(MemberKind) else kind
    suffix = "" if kind_text.lower() in role.lower() else f" ({kind_text})"
    return f"{name} – {role}{suffix}"
