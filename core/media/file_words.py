"""The searchable words about one file: its name, its folders, and the keywords and
captions people or their apps wrote into it (issue 15, "Words about the file").

A search for "germany" should reach ``Holidays/Germany 2019/IMG_0042.jpg``: the folder
names below the library root and the file name without its extension make one line,
``Holidays / Germany 2019 / IMG_0042 (IMG 0042)``. One line rather than one per folder,
because the full-text score is the share of the query found in a line: "germany
holidays" then matches the file fully, not half in each of two lines. Each part keeps
its spelling; when splitting it at ``_``, ``-``, ``.``, camelCase and letter/digit
boundaries gives the index other words (see :func:`..fulltext.tokens`, for which
``IMG_0042`` is one word), the split form follows in brackets, so both "IMG_0042" and
"0042" find it.

Embedded metadata (see :mod:`.embedded_tags` for the fields) becomes one line of keywords,
``Berlin; Brandenburger Tor; Places; Germany``, and one line per distinct title, caption
or comment. Lines are cleaned (control characters and runs of spaces go, binary garbage
and camera boilerplate are dropped, very long text is cut) and de-duplicated on the
words the index sees, so the same caption written into EXIF, XMP and IPTC counts once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..fulltext import tokens
from ..kinds import MediaKind
from .embedded_tags import EmbeddedTags, read_tags
from .text_decoding import readable_name

MAX_LINE_CHARS = 1000
"""A caption longer than this is cut: enough for any description a person writes, and
it keeps a runaway comment (a pasted document, a log) from bloating the index."""
MAX_KEYWORDS = 200
_GARBAGE_SHARE = 0.1
"""Text with more than this share of control or undecodable characters is binary."""
_KEYWORD_SEPARATOR = "; "


class WordSource(StrEnum):
    NAME = "name"
    """The file name (without extension) and the folder names below the library root."""
    KEYWORDS = "keywords"
    """Embedded metadata people or other apps wrote: keywords, titles, captions, comments."""


@dataclass(frozen=True)
class FileWords:
    source: WordSource
    text: str
    """One readable, searchable line, e.g. "Holidays / Germany 2019 / IMG_0042 (IMG 0042)"
    or "Berlin; Brandenburger Tor"."""


def words_about(path: Path, root: Path, kind: MediaKind) -> list[FileWords]:
    """The name line first, then the metadata lines, none empty and none repeated.

    Never raises for damaged or odd metadata (returns what it could read); raises
    OSError only when the file cannot be read (it carries an errno: missing, permission,
    an I/O error), which is worth trying again later."""
    found: list[FileWords] = []
    if name := name_line(path, root):
        found.append(FileWords(WordSource.NAME, name))
    found.extend(FileWords(WordSource.KEYWORDS, line) for line in tag_lines(read_tags(path, kind)))
    return found


# --- names -----------------------------------------------------------------------------

_WORD_RUN = re.compile(r"[^\W_]+")


def _boundary(word: str, i: int) -> bool:
    """Whether a new word starts at ``word[i]``."""
    before, char = word[i - 1], word[i]
    if before.isdigit() != char.isdigit():
        return True  # IMG0042, 2019Berlin
    if before.islower() and char.isupper():
        return i > 1  # beachSunset, but iPhone and eBay stay whole
    if before.isupper() and char.isupper():
        following = word[i + 1 : i + 3]
        return len(following) == 2 and following.islower()  # HTMLParser, but not PDFs
    return False


def split_words(text: str) -> list[str]:
    """``text`` cut into the words a person sees in it: "beach-sunset_2019" gives
    beach, sunset, 2019; "BeachSunset" gives Beach, Sunset; "IMG0042" gives IMG, 0042."""
    words: list[str] = []
    for run in _WORD_RUN.findall(text):
        start = 0
        for i in range(1, len(run)):
            if _boundary(run, i):
                words.append(run[start:i])
                start = i
        words.append(run[start:])
    return words


def _name_part(part: str) -> str:
    part = " ".join(part.split())
    split = " ".join(split_words(part))
    if split and tokens(split) != tokens(part):
        return f"{part} ({split})"
    return part


def _stem(name: str) -> str:
    head, dot, _extension = name.rpartition(".")
    return head if dot and head.strip(".") else name


def name_line(path: Path, root: Path) -> str:
    """The folders below ``root`` and the file name without extension, as one line.

    Nothing above the root is included (it is the same for every file, and would make a
    search for the user's own name match everything). A file not under ``root`` gives
    its name alone."""
    try:
        parts = list(path.relative_to(root).parts)
    except ValueError:
        parts = [path.name]
    if not parts:
        return ""
    parts = [readable_name(part) for part in parts]
    parts[-1] = _stem(parts[-1])
    return " / ".join(_name_part(part) for part in parts if part.strip())


# --- embedded metadata -----------------------------------------------------------------


def _is_noise(char: str) -> bool:
    return char == "\ufffd" or (unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"))


def clean_line(text: str) -> str | None:
    """One readable line, or None for nothing readable (empty, binary, no letter or
    digit)."""
    text = text.replace("\ufeff", "")
    stripped = "".join(text.replace("\0", " ").split())
    if not stripped:
        return None
    noise = sum(1 for c in stripped if _is_noise(c))
    if noise > _GARBAGE_SHARE * len(stripped):
        return None
    text = " ".join("".join(" " if _is_noise(c) else c for c in text).split())
    if not any(c.isalnum() for c in text):
        return None
    if len(text) > MAX_LINE_CHARS:
        cut = text.rfind(" ", 0, MAX_LINE_CHARS)
        text = text[: cut if cut > MAX_LINE_CHARS // 2 else MAX_LINE_CHARS] + "…"
    return text


def tag_lines(tags: EmbeddedTags) -> list[str]:
    """The keywords as one line (first), then each distinct title, caption or comment."""
    seen: set[tuple[str, ...]] = set()
    keywords: list[str] = []
    length = 0
    for raw in tags.keywords:
        keyword = clean_line(raw)
        if keyword is None:
            continue
        key = tuple(tokens(keyword))
        if not key or key in seen:
            continue
        length += len(keyword) + len(_KEYWORD_SEPARATOR)
        if keywords and (len(keywords) >= MAX_KEYWORDS or length > MAX_LINE_CHARS):
            break
        seen.add(key)
        keywords.append(keyword)
    lines = [_KEYWORD_SEPARATOR.join(keywords)] if keywords else []
    for raw in tags.lines:
        line = clean_line(raw)
        if line is None:
            continue
        key = tuple(tokens(line))
        if key and key not in seen:
            seen.add(key)
            lines.append(line)
    return lines
