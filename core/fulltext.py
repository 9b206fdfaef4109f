"""Words for the full-text index: one normalisation for what is stored and what is asked.

Transcript lines go into SQLite FTS5 so that names, numbers and exact words are found even
when an embedding misses them. FTS5's ``unicode61`` tokenizer splits on spaces and
punctuation, which fails for Chinese and Japanese (no spaces between words), and its
``trigram`` tokenizer cannot match a two-character word such as 预算 ("budget"). So the
text is tokenized here, CJK characters each becoming a token of their own, and stored as
space-separated tokens; a query becomes the same tokens, a CJK run becoming a phrase of
single characters, which matches a word of any length.

Scoring a matched line (see :func:`coverage`): the share of the query's information
(IDF-weighted terms) that the line contains, so "the budget" matching only "the" counts
for little and the whole phrase counts most.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence

_WORD = re.compile(r"\w+", re.UNICODE)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= code <= 0x4DBF  # CJK Extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0xF900 <= code <= 0xFAFF  # CJK Compatibility Ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0x20000 <= code <= 0x2FA1F  # Extensions B and later
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_parts(word: str) -> list[list[str]]:
    """Split one word into its parts: a non-CJK run is one token, CJK runs one token per
    character (a part with several tokens is a CJK run, matched as a phrase)."""
    parts: list[list[str]] = []
    run = ""
    for char in word:
        if is_cjk(char):
            if run:
                parts.append([run])
                run = ""
            if parts and len(parts[-1][0]) == 1 and is_cjk(parts[-1][0]):
                parts[-1].append(char)
            else:
                parts.append([char])
        else:
            run += char
    if run:
        parts.append([run])
    return parts


def tokens(text: str) -> list[str]:
    """Lower-cased, accent-free words; each CJK character is a word of its own."""
    return [t for word in _WORD.findall(_fold(text)) for part in _word_parts(word) for t in part]


def index_body(text: str) -> str:
    """The form of a line stored in the FTS5 table."""
    return " ".join(tokens(text))


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression finding lines with any query word (None if no words).

    Every term is quoted, so no user input is ever parsed as FTS5 syntax; a CJK run
    becomes a phrase of its characters.
    """
    terms = [
        '"' + " ".join(part) + '"'
        for word in _WORD.findall(_fold(query))
        for part in _word_parts(word)
    ]
    return " OR ".join(dict.fromkeys(terms)) if terms else None


def idf(document_frequency: int, documents: int) -> float:
    return math.log(1.0 + max(documents, 1) / max(document_frequency, 0.5))


def coverage(query: Sequence[str], line: Sequence[str], weights: Mapping[str, float]) -> float:
    """Share of the query's weight present in the line, 1.0 for the exact phrase.

    ``weights`` gives each query token its IDF; tokens absent from the library weigh the
    most, so asking for a word nobody said lowers every line's coverage, as it should.
    """
    if not query:
        return 0.0
    if _contains(line, query):
        return 1.0
    present = set(line)
    total = sum(weights.get(t, 1.0) for t in set(query))
    found = sum(weights.get(t, 1.0) for t in set(query) if t in present)
    return found / total if total else 0.0


def _contains(line: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return any(list(line[i : i + size]) == list(phrase) for i in range(len(line) - size + 1))
