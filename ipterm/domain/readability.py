"""LIX (läsbarhetsindex), the plain reading-level measure used for Scandinavian text.

    LIX = words / sentences + 100 * long words / words

A long word has more than six letters. Under 25 is very easy (children's books), 25-35 easy, 35-45
average, over 55 very hard (official documents). Used to keep "Min plan" easy to read.

Counted as here: a word is a run of letters (a phone number is no word); a sentence ends at `.`, `!`,
`?` or `:`, and at the end of a line, since easy-read text puts one idea on each line (a heading, a
name, a list item is a sentence of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:]+|\n")


@dataclass(frozen=True, slots=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def value(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(1, self.sentences) + 100 * self.long_words / self.words


def lix(text: str) -> Lix:
    words = sentences = long_words = 0
    for sentence in _SENTENCE_END.split(text):
        found = _WORD.findall(sentence)
        if not found:
            continue
        sentences += 1
        words += len(found)
        long_words += sum(1 for w in found if len(w) > 6)
    return Lix(words, sentences, long_words)
