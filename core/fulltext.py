"""Words for the full-text index: one normalisation for what is stored and what is asked.

Transcript lines go into SQLite FTS5 so that names, numbers and exact words are found even
when an embedding misses them. FTS5's ``unicode61`` tokenizer splits on spaces and
punctuation, which fails for Chinese and Japanese (no spaces between words), and its
``trigram`` tokenizer cannot match a two-character word such as 预算 ("budget"). So the
text is tokenized here, CJK characters each becoming a token of their own, and stored as
space-separated tokens; a query becomes the same tokens, a CJK run becoming a phrase of
single characters, which matches a word of any length.

Traditional Chinese characters are folded to simplified ones on both sides (OpenCC's
``t2s`` conversion, phrase-aware), so 预算 finds 預算 and back.

Codes and numbers: a stored word mixing letters and digits ("inv4471") also stores its
letter and digit runs ("inv", "4471") after the line's words, and a query word holding a
digit matches as a prefix, so "4471" finds "INV-4471" and "INV4471", and "RE1" "RE16".

Scoring a matched line (see :func:`coverage`): the share of the query's information
(IDF-weighted terms) that the line contains, so "the budget" matching only "the" counts
for little and the whole phrase counts most.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTERS_OR_DIGITS = re.compile(r"[^\W\d]+|\d+", re.UNICODE)


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


@cache
def _to_simplified() -> Any:  # opencc ships no type information
    import opencc  # imported on first use: a query without Chinese never pays for it

    return opencc.OpenCC("t2s")


def _has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def _fold(text: str) -> str:
    if _has_cjk(text):
        text = _to_simplified().convert(text)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _has_digit(token: str) -> bool:
    return any(c.isdigit() for c in token)


def _code_parts(token: str) -> list[str]:
    """The letter and digit runs of a word mixing both ("inv4471" -> inv, 4471)."""
    if not _has_digit(token) or token.isdigit():
        return []
    parts = _LETTERS_OR_DIGITS.findall(token)
    return parts if len(parts) > 1 else []


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
    """The form of a line stored in the FTS5 table: its words, then the letter and digit
    runs of its codes (after the words, so the words stay a contiguous phrase)."""
    words = tokens(text)
    extra = [part for word in words for part in _code_parts(word)]
    return " ".join(words + extra)


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression finding lines with any query word (None if no words).

    Every term is quoted, so no user input is ever parsed as FTS5 syntax; a CJK run
    becomes a phrase of its characters.
    """
    terms = [
        '"' + " ".join(part) + '"' + ("*" if len(part) == 1 and _has_digit(part[0]) else "")
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
    found = sum(weights.get(t, 1.0) for t in set(query) if _present(t, present))
    return found / total if total else 0.0


def _present(term: str, line: set[str]) -> bool:
    """A word is in the line; a word with a digit may begin one (see match_expression)."""
    if term in line:
        return True
    return _has_digit(term) and any(word.startswith(term) for word in line)


def _contains(line: Sequence[str], phrase: Sequence[str]) -> bool:
    size = len(phrase)
    return any(list(line[i : i + size]) == list(phrase) for i in range(len(line) - size + 1))
