"""Words people and their apps wrote into a file: keywords, titles, captions, comments.

Only headers are read, never the pixels or the samples: Pillow's ``Image.open`` stops at
the start of the image data (and PNG text after the image data is not looked for, since
reaching it means decoding), and PyAV reads the container header. Read per format:

* EXIF: ImageDescription; UserComment (its 8-byte charset prefix: ASCII, UNICODE in
  either byte order, JIS, undefined); Windows' XPTitle, XPSubject, XPComment, XPKeywords
  (UTF-16LE).
* XMP (Pillow's ``getxmp``, parsed by defusedxml): dc:title, dc:description, dc:subject,
  photoshop:Headline/City/State/Country, Iptc4xmpCore:Location, Iptc4xmpExt:PersonInImage,
  names of face regions (mwg-rs:Name, Microsoft's PersonDisplayName), exif:UserComment,
  tiff:ImageDescription, and the hierarchical keywords of Lightroom (lr:hierarchicalSubject,
  "Places|Germany|Berlin"), digiKam (digiKam:TagsList, "Places/Germany/Berlin"), Windows
  (MicrosoftPhoto:LastKeywordXMP) and Media Pro (mediapro:CatalogSets), every level a
  keyword of its own.
* IPTC (Pillow's ``getiptcinfo``, JPEG and TIFF): Keywords, ObjectName, Headline,
  Caption-Abstract, Sub-location, City, Province-State, Country, in UTF-8 when the
  record says so (1:90) and as guessed by :mod:`.text_decoding` otherwise.
* PNG text chunks before the image data: Title, Description, Comment, Subject, Keywords.
* HEIC/AVIF: EXIF and XMP as above, when the optional pillow-heif plugin is installed.
* Video and audio: the container's (or, for Ogg, the stream's) title, subtitle, comment,
  description, synopsis, subject and keywords tags, Apple's com.apple.quicktime.* ones
  included.

A photo above Pillow's decompression-bomb limit is refused by ``Image.open`` itself, before
its metadata can be read: it keeps its name only.

What cameras write on their own ("OLYMPUS DIGITAL CAMERA", "SONY DSC", a DCIM path, the
camera's make or model) is dropped: it says nothing about the picture and would make every
photo of that camera match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import defusedxml  # noqa: F401 (Pillow's getxmp imports it lazily, and without it reads no XMP)
from PIL import Image, ImageFile, IptcImagePlugin

from ..kinds import MediaKind
from .photos import HEIF_AVAILABLE  # noqa: F401 (importing it registers the HEIF opener)
from .text_decoding import decode_bytes, repair_latin1
from .transient import is_transient


@dataclass
class EmbeddedTags:
    """What was read, decoded but not yet cleaned (see :mod:`.file_words`)."""

    keywords: list[str] = field(default_factory=list)
    """Short tags, one word or phrase each; a hierarchy is already split into levels."""
    lines: list[str] = field(default_factory=list)
    """Free text: titles, captions, descriptions, comments."""


# --- EXIF ------------------------------------------------------------------------------

_EXIF_IFD = 0x8769
_IMAGE_DESCRIPTION = 0x010E
_MAKE = 0x010F
_MODEL = 0x0110
_USER_COMMENT = 0x9286
_XP_TITLE = 0x9C9B
_XP_COMMENT = 0x9C9C
_XP_KEYWORDS = 0x9C9E
_XP_SUBJECT = 0x9C9F


def _raw_bytes(value: object) -> bytes | None:
    if isinstance(value, bytes):
        return value
    if isinstance(value, tuple) and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        return bytes(value)
    return None


def _exif_text(value: object) -> str | None:
    """An EXIF ASCII field: Pillow reads it as Latin-1, writers often put UTF-8 in it."""
    if isinstance(value, str):
        return repair_latin1(value)
    raw = _raw_bytes(value)
    return decode_bytes(raw) if raw is not None else None


def _xp_text(value: object) -> str | None:
    """Windows' XP* tags: UTF-16LE whatever the EXIF byte order, NUL-terminated."""
    raw = _raw_bytes(value)
    if raw is None:
        return value if isinstance(value, str) else None
    return raw[: len(raw) // 2 * 2].decode("utf-16-le", "replace")


def _utf16(raw: bytes, exif_endian: str | None) -> str:
    """UNICODE user comments: the EXIF byte order by the standard, yet some writers use
    little-endian in big-endian EXIF; ASCII letters betray the order by their zero byte."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", "replace")
    raw = raw[: len(raw) // 2 * 2]
    zeros_even = raw[0::2].count(0)
    zeros_odd = raw[1::2].count(0)
    little = zeros_odd > zeros_even if zeros_even != zeros_odd else exif_endian != ">"
    return raw.decode("utf-16-le" if little else "utf-16-be", "replace")


def _user_comment(value: object, exif_endian: str | None) -> str | None:
    if isinstance(value, str):
        return repair_latin1(value)
    raw = _raw_bytes(value)
    if raw is None:
        return None
    prefix, body = raw[:8], raw[8:]
    if prefix.startswith(b"ASCII") or prefix == b"\0" * 8:
        return decode_bytes(body)
    if prefix.startswith(b"UNICODE"):
        return _utf16(body, exif_endian)
    if prefix.startswith(b"JIS"):
        for codec in ("iso2022_jp", "shift_jis", "euc_jp"):
            try:
                return body.decode(codec)
            except UnicodeDecodeError:
                continue
        return decode_bytes(body)
    return decode_bytes(raw)  # no prefix at all: some writers leave it out


def _read_exif(image: Image.Image, tags: EmbeddedTags, devices: list[str]) -> None:
    if image.format == "PNG" and "exif" not in image.info:
        return  # Pillow would decode the whole image to look for EXIF after the pixels
    exif = image.getexif()
    for key in (_MAKE, _MODEL):
        if isinstance(text := _exif_text(exif.get(key)), str):
            devices.append(text)
    for key in (_XP_TITLE, _IMAGE_DESCRIPTION, _XP_SUBJECT):
        reader = _xp_text if key != _IMAGE_DESCRIPTION else _exif_text
        if text := reader(exif.get(key)):
            tags.lines.append(text)
    if keywords := _xp_text(exif.get(_XP_KEYWORDS)):
        tags.keywords.extend(keywords.split(";"))
    comment = _user_comment(exif.get_ifd(_EXIF_IFD).get(_USER_COMMENT), exif.endian)
    if comment:
        tags.lines.append(comment)
    if comment := _xp_text(exif.get(_XP_COMMENT)):
        tags.lines.append(comment)


# --- XMP -------------------------------------------------------------------------------

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_CONTAINERS = tuple(_RDF + name for name in ("Bag", "Seq", "Alt", "li", "value"))
_DC = "{http://purl.org/dc/elements/1.1/}"
_PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
_IPTC_CORE = "{http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/}"

_XMP_LINES = {
    _DC + "title",
    _PHOTOSHOP + "Headline",
    _DC + "description",
    "{http://ns.adobe.com/tiff/1.0/}ImageDescription",
    "{http://ns.adobe.com/exif/1.0/}UserComment",
}
_XMP_KEYWORDS = {
    _DC + "subject",
    "{http://iptc.org/std/Iptc4xmpExt/2008-02-29/}PersonInImage",
    "{http://www.metadataworkinggroup.com/schemas/regions/}Name",
    "{http://ns.microsoft.com/photo/1.2/t/Region#}PersonDisplayName",
    _IPTC_CORE + "Location",
    _PHOTOSHOP + "City",
    _PHOTOSHOP + "State",
    _PHOTOSHOP + "Country",
}
_XMP_HIERARCHIES = {
    "{http://ns.adobe.com/lightroom/1.0/}hierarchicalSubject": "|",
    "{http://www.digikam.org/ns/1.0/}TagsList": "/",
    "{http://ns.microsoft.com/photo/1.0/}LastKeywordXMP": "/",
    "{http://ns.iview-multimedia.com/mediapro/1.0/}CatalogSets": "|",
}


def _xmp_strings(value: object) -> list[str]:
    """The texts of one XMP property as Pillow's ``getxmp`` shapes it: a plain value, an
    element with attributes (its text under "text"), or an rdf:Bag/Seq/Alt of rdf:li."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _xmp_strings(item)]
    if isinstance(value, dict):
        texts = [value["text"]] if isinstance(value.get("text"), str) else []
        for key in _CONTAINERS:
            if key in value:
                texts.extend(_xmp_strings(value[key]))
        return texts
    return []


def _walk_xmp(node: object, tags: EmbeddedTags) -> None:
    """Collects the properties wherever they sit: in any rdf:Description, as an element or
    an attribute, and inside structures (face regions nest their names deep)."""
    if isinstance(node, list):
        for item in node:
            _walk_xmp(item, tags)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in _XMP_LINES:
            tags.lines.extend(_xmp_strings(value))
        elif key in _XMP_KEYWORDS:
            tags.keywords.extend(_xmp_strings(value))
        elif key in _XMP_HIERARCHIES:
            separator = _XMP_HIERARCHIES[key]
            for path in _xmp_strings(value):
                tags.keywords.extend(path.split(separator))
        else:
            _walk_xmp(value, tags)


def _read_xmp(image: Image.Image, tags: EmbeddedTags) -> None:
    if not image.info.get("xmp"):
        return
    _walk_xmp(image.getxmp(strip_namespaces=False), tags)


# --- IPTC ------------------------------------------------------------------------------

_IPTC_CHARSET = (1, 90)
_IPTC_UTF8 = b"\x1b%G"
_IPTC_LINES = ((2, 5), (2, 105), (2, 120))  # ObjectName, Headline, Caption-Abstract
# Keywords, Sub-location, City, Province-State, Country
_IPTC_KEYWORDS = ((2, 25), (2, 92), (2, 90), (2, 95), (2, 101))


def _iptc_values(record: dict[tuple[int, int], Any], key: tuple[int, int]) -> list[bytes]:
    value = record.get(key)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, bytes)]


def _read_iptc(image: Image.Image, tags: EmbeddedTags) -> None:
    if not isinstance(image, ImageFile.ImageFile):
        return
    record = IptcImagePlugin.getiptcinfo(image)
    if not record:
        return
    utf8 = _IPTC_UTF8 in b"".join(_iptc_values(record, _IPTC_CHARSET))

    def text(raw: bytes) -> str:
        return raw.decode("utf-8", "replace") if utf8 else decode_bytes(raw)

    for key in _IPTC_LINES:
        tags.lines.extend(text(raw) for raw in _iptc_values(record, key))
    for key in _IPTC_KEYWORDS:
        tags.keywords.extend(text(raw) for raw in _iptc_values(record, key))


# --- PNG text --------------------------------------------------------------------------

_PNG_LINES = {"title", "description", "comment", "subject"}


def _read_png_text(image: Image.Image, tags: EmbeddedTags) -> None:
    if image.format != "PNG":
        return
    for key, value in image.info.items():
        if not (isinstance(key, str) and isinstance(value, str)):
            continue
        name = key.strip().casefold()
        if name in _PNG_LINES:
            tags.lines.append(repair_latin1(value))
        elif name == "keywords":
            tags.keywords.extend(re.split(r"[,;]", repair_latin1(value)))


# --- camera boilerplate ----------------------------------------------------------------

_BOILERPLATE = {
    "binary comment",
    "created with gimp",
    "default",
    "description",
    "exif_jpeg_picture",
    "image",
    "image description",
    "jpeg",
    "lead technologies inc. v1.01",
    "picture",
    "sony dsc",
    "title",
    "untitled",
    "user comment",
}
_BOILERPLATE_PATTERNS = (
    re.compile(r"^(\w+ ){1,2}digital camera$"),  # OLYMPUS / KONICA MINOLTA DIGITAL CAMERA
    re.compile(r"^dcim[\\/]"),  # GoPro: DCIM\108GOPRO\GOPR2137.JPG
    re.compile(r"^<.*>$"),  # Samsung: <Digimax S500 / Kenox S500>
)


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def is_boilerplate(text: str, devices: Iterable[str] = ()) -> bool:
    """True for what a camera or a program writes by itself into a description field."""
    folded = _folded(text.replace("\0", " "))
    if folded in _BOILERPLATE or any(p.match(folded) for p in _BOILERPLATE_PATTERNS):
        return True
    return any(folded == _folded(device) for device in devices if device.strip())


# --- readers ---------------------------------------------------------------------------


def _guarded(read: Any, *args: Any) -> None:
    """Runs one reader; damaged metadata loses only that reader's part.

    An operating-system error (it carries an errno: the disk, a share, a permission) is
    not the metadata's fault and is raised, so the caller can try again later."""
    try:
        read(*args)
    except Exception as exc:
        if is_transient(exc):
            raise


def read_photo_tags(path: Path) -> EmbeddedTags:
    tags = EmbeddedTags()
    devices: list[str] = []
    try:
        image = Image.open(path)
    except Exception as exc:
        if is_transient(exc):
            raise
        return tags  # not an image Pillow knows, or a header too damaged to open
    with image:
        _guarded(_read_exif, image, tags, devices)
        _guarded(_read_xmp, image, tags)
        _guarded(_read_iptc, image, tags)
        _guarded(_read_png_text, image, tags)
    tags.keywords = [k for k in tags.keywords if not is_boilerplate(k, devices)]
    tags.lines = [line for line in tags.lines if not is_boilerplate(line, devices)]
    return tags


_AV_LINES = {"title", "subtitle", "comment", "description", "synopsis", "subject"}
_AV_KEYWORDS = {"keywords"}
_APPLE_PREFIX = "com.apple.quicktime."


def _av_key(key: str) -> str:
    """ "TITLE-eng" (Matroska, with a language), "comment-xyz" (ID3 with a description)
    and "com.apple.quicktime.title" all mean the plain tag."""
    key = key.casefold()
    key = key.removeprefix(_APPLE_PREFIX)
    return key.split("-", 1)[0]


def _read_av_metadata(metadata: dict[str, str], tags: EmbeddedTags) -> bool:
    found = False
    for key, value in metadata.items():
        if not isinstance(value, str):
            continue
        name = _av_key(key)
        if name in _AV_LINES:
            tags.lines.append(repair_latin1(value))
            found = True
        elif name in _AV_KEYWORDS:
            tags.keywords.extend(re.split(r"[,;]", repair_latin1(value)))
            found = True
    return found


def read_av_tags(path: Path) -> EmbeddedTags:
    # PyAV here, not at the top: the window process imports this module's callers for
    # their types and must not load FFmpeg (tests/core/test_boundaries.py).
    import av

    from .probe import media_error

    tags = EmbeddedTags()
    try:
        with av.open(str(path), metadata_errors="replace") as container:
            if not _read_av_metadata(dict(container.metadata), tags):
                # Ogg keeps its tags on the stream; other containers' stream tags are
                # track names ("Stereo", "SoundHandler"), so they are read only then.
                for stream in container.streams:
                    if stream.type == "audio" and _read_av_metadata(dict(stream.metadata), tags):
                        break
    except Exception as exc:
        if isinstance(exc, OSError) and is_transient(exc):
            raise
        if media_error(exc).transient:  # FFmpeg's own I/O errors
            raise OSError(getattr(exc, "errno", None), str(exc), str(path)) from exc
        return tags
    tags.keywords = [k for k in tags.keywords if not is_boilerplate(k)]
    tags.lines = [line for line in tags.lines if not is_boilerplate(line)]
    return tags


def read_tags(path: Path, kind: MediaKind) -> EmbeddedTags:
    """Never raises for damaged metadata; raises OSError when the file cannot be read."""
    return read_photo_tags(path) if kind == MediaKind.PHOTO else read_av_tags(path)
