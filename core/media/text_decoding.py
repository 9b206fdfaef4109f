"""Bytes of unknown encoding to readable text: file names and metadata written by anyone.

Names and tags come from cameras, phones, Windows, old zip tools and Chinese software, and
many do not say which encoding they used. UTF-8 is tried first (a non-ASCII byte string
that is valid UTF-8 is almost never anything else); then GBK, which Chinese Windows and
zip tools write, but only when the result reads as Chinese: every non-ASCII character a
CJK one, none of them ending in an ASCII byte (GBK allows it, but it is how "Caf\\xe9s"
in Windows-1252 reads as "Caf閟") and none wedged between two Latin letters (an accented
letter misread); then Windows-1252, the usual legacy Western encoding; then Latin-1,
which never fails. Big5 and Shift-JIS names are not told apart from GBK: they come out as
the wrong ideographs or as Latin-1, still searchable by their Latin parts.
"""

from __future__ import annotations

import os

from ..fulltext import is_cjk


def _cjk_punctuation(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _reads_as_chinese(text: str) -> bool:
    non_ascii = [i for i, c in enumerate(text) if ord(c) >= 0x80]
    if not non_ascii:
        return False
    for i in non_ascii:
        char = text[i]
        if not (is_cjk(char) or _cjk_punctuation(char)):
            return False
        if char.encode("gbk")[-1] < 0x80:
            return False  # its second byte is an ASCII letter or sign: "Caf\xe9s" as "Caf閟"
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
            return False
    return True


def decode_bytes(raw: bytes) -> str:
    """The most likely text for ``raw`` (see the module docstring); never raises."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A field cut mid-character: UTF-8 up to there (and some of it beyond ASCII, or
        # "Caf\xe9" in cp1252 would lose its last letter instead).
        head = raw[: exc.start]
        if exc.reason == "unexpected end of data" and not head.isascii():
            return head.decode("utf-8")
    try:
        chinese = raw.decode("gbk")
    except UnicodeDecodeError:
        chinese = ""
    if _reads_as_chinese(chinese):
        return chinese
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def repair_latin1(text: str) -> str:
    """Undo a library's Latin-1 reading of bytes that were really UTF-8, GBK or cp1252.

    Pillow reads EXIF ASCII fields and PNG tEXt chunks as Latin-1, and FFmpeg reads an
    ID3 Latin-1 frame as such, so "北京" written as UTF-8 arrives as "åäº¬". Text with
    any character above U+00FF was decoded properly and is returned unchanged; so is
    text that Latin-1 already reads right (cp1252 agrees with it above 0x9F).
    """
    if text.isascii() or any(ord(c) > 0xFF for c in text):
        return text
    return decode_bytes(text.encode("latin-1"))


def readable_name(part: str) -> str:
    """A file or folder name as the user would read it.

    A name that was not valid UTF-8 reaches Python with its bad bytes as lone surrogates
    (``os.fsdecode``'s surrogateescape); the original bytes are recovered and decoded
    as above, so a GBK folder name from an old zip reads as Chinese again.
    """
    if not any(0xDC80 <= ord(c) <= 0xDCFF for c in part):
        return part
    try:
        raw = os.fsencode(part)
    except UnicodeError:
        return part.encode("utf-8", "replace").decode("utf-8")
    return decode_bytes(raw)
