"""Tell what a file is from its first bytes; the suffix is only a hint.

The scanner uses suffixes to decide which files are worth a look (opening every document
in a home folder on every scan would be slow), and the indexer then trusts the content:
a PNG called ``.jpg`` is a photo, a text file called ``.jpg`` is reported, a JPEG with no
suffix at all is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..kinds import MediaKind

HEAD_BYTES = 512

# fmt: off
PHOTO_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff",
    ".heic", ".heif", ".avif",
})
VIDEO_SUFFIXES = frozenset({
    ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".3gp", ".wmv",
    ".flv", ".mts", ".m2ts", ".ogv",
})
AUDIO_SUFFIXES = frozenset({
    ".mp3", ".m4a", ".m4b", ".aac", ".flac", ".wav", ".ogg", ".oga", ".opus", ".wma",
    ".aiff", ".aif", ".amr",
})
# Common non-media files: never opened by the scanner (a media file hiding behind one of
# these suffixes is not worth opening every document of a home folder for).
IGNORED_SUFFIXES = frozenset({
    ".txt", ".md", ".rst", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx",
    ".ods", ".csv", ".ppt", ".pptx", ".odp", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z",
    ".rar", ".tar", ".iso", ".dmg", ".exe", ".dll", ".so", ".dylib", ".bin", ".o", ".a",
    ".py", ".pyc", ".js", ".tsx", ".c", ".h", ".cpp", ".rs", ".go", ".java", ".sh",
    ".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".xml", ".html", ".htm",
    ".css", ".log", ".db", ".sqlite", ".lock", ".xmp", ".aae", ".thm", ".lrv", ".pto",
    ".svg", ".eps", ".ai", ".psd", ".xcf", ".kra", ".srt", ".vtt", ".ass", ".sub", ".lnk",
    ".url", ".desktop", ".ds_store",
})
# fmt: on

_ISO_PHOTO_BRANDS = {
    b"heic",
    b"heix",
    b"hevc",
    b"hevx",
    b"heim",
    b"heis",
    b"mif1",
    b"msf1",
    b"avif",
    b"avis",
}
_ISO_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A "}


@dataclass(frozen=True)
class Sniffed:
    """The verdict on a file's first bytes: a kind, or ``None`` with what it looks like."""

    kind: MediaKind | None
    format: str


def kind_from_suffix(path: str | PurePath) -> MediaKind | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in PHOTO_SUFFIXES:
        return MediaKind.PHOTO
    if suffix in VIDEO_SUFFIXES:
        return MediaKind.VIDEO
    if suffix in AUDIO_SUFFIXES:
        return MediaKind.AUDIO
    return None


def is_ignored_suffix(path: str | PurePath) -> bool:
    return PurePath(path).suffix.lower() in IGNORED_SUFFIXES


def sniff(head: bytes) -> Sniffed:
    """Classify a file from (at least) its first :data:`HEAD_BYTES` bytes."""
    if not head:
        return Sniffed(None, "empty file")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(MediaKind.PHOTO, "JPEG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(MediaKind.PHOTO, "PNG")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed(MediaKind.PHOTO, "GIF")
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return Sniffed(MediaKind.PHOTO, "TIFF")
    if head[:4] == b"RIFF":
        form = head[8:12]
        if form == b"WEBP":
            return Sniffed(MediaKind.PHOTO, "WebP")
        if form == b"WAVE":
            return Sniffed(MediaKind.AUDIO, "WAV")
        if form.startswith(b"AVI"):
            return Sniffed(MediaKind.VIDEO, "AVI")
    if head[:2] == b"BM" and len(head) >= 18 and head[14] in (12, 40, 52, 56, 64, 108, 124):
        return Sniffed(MediaKind.PHOTO, "BMP")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _ISO_PHOTO_BRANDS:
            return Sniffed(MediaKind.PHOTO, "HEIF/AVIF")
        if brand in _ISO_AUDIO_BRANDS:
            return Sniffed(MediaKind.AUDIO, "MPEG-4 audio")
        return Sniffed(MediaKind.VIDEO, "MPEG-4/QuickTime")
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return Sniffed(MediaKind.VIDEO, "QuickTime")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return Sniffed(MediaKind.VIDEO, "Matroska/WebM")
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return Sniffed(MediaKind.VIDEO, "ASF/WMV")
    if head.startswith(b"\x00\x00\x01\xba"):
        return Sniffed(MediaKind.VIDEO, "MPEG program stream")
    if head[0] == 0x47 and len(head) > 188 and head[188] == 0x47:
        return Sniffed(MediaKind.VIDEO, "MPEG transport stream")
    if head.startswith(b"fLaC"):
        return Sniffed(MediaKind.AUDIO, "FLAC")
    if head.startswith(b"OggS"):
        return Sniffed(MediaKind.AUDIO, "Ogg")
    if head.startswith(b"ID3"):
        return Sniffed(MediaKind.AUDIO, "MP3")
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return Sniffed(MediaKind.AUDIO, "AIFF")
    if head.startswith(b"#!AMR"):
        return Sniffed(MediaKind.AUDIO, "AMR")
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        return Sniffed(MediaKind.AUDIO, "MPEG audio")
    return Sniffed(None, _describe_unknown(head))


def _describe_unknown(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive"
    if head.lstrip().startswith((b"<?xml", b"<svg", b"<!DOCTYPE", b"<html")):
        return "XML/HTML text"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut at the end of the sample is still text.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "unrecognised binary data"
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if text and printable / len(text) > 0.95:
        return "text"
    return "unrecognised binary data"
