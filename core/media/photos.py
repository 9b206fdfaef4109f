"""Decode a photo for the model: fast, oriented, dated, and safe against hostile files.

* JPEGs are decoded at reduced scale with ``Image.draft`` (libjpeg's DCT scaling), never
  below the size the model needs, which makes a 12-megapixel photo several times cheaper.
* EXIF orientation is applied, so a portrait taken sideways is embedded upright.
* The capture date comes from EXIF (DateTimeOriginal, then DateTime) when present.
* Pillow's decompression-bomb limit is honoured without changing Pillow's global setting:
  an image whose header promises more pixels than ``Image.MAX_IMAGE_PIXELS`` is refused
  before it is decoded. JPEGs, which draft mode decodes at a fraction of their size, may
  go up to Pillow's own hard limit (twice that), above which ``Image.open`` refuses them.
* HEIC/HEIF and AVIF decode when the optional ``pillow-heif`` plugin is installed.

Every failure is a :class:`PhotoError` whose message is the one-line reason shown to the
user.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..kinds import MediaKind
from ..reasons import Reason, ReasonCode
from ..scan.sniff import HEAD_BYTES, sniff
from .transient import is_transient

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867
_OFFSET_TIME_ORIGINAL = 36881
_DATETIME = 306
_ORIENTATION = 274
# Draft mode decodes a JPEG at up to 1/8 of its size, so a big JPEG costs far less memory
# than Pillow's limit (made for full decodes) assumes; Pillow itself refuses above 2x.
JPEG_PIXEL_ALLOWANCE = 2


class PhotoError(Exception):
    """A photo that cannot be decoded; ``str()`` is the reason.

    ``transient``: the file could not be read (an I/O error), its content may be fine."""

    def __init__(self, reason: Reason, *, transient: bool = False) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.transient = transient


@dataclass(frozen=True)
class DecodedPhoto:
    image: Image.Image
    """RGB, upright, at least ``min_side`` on its shorter side when the original was."""
    width: int
    """Width of the original, upright."""
    height: int
    taken_at: float | None
    format: str


def _register_heif() -> bool:
    try:
        import pillow_heif  # type: ignore[import-not-found]
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    if hasattr(pillow_heif, "register_avif_opener"):
        pillow_heif.register_avif_opener()
    return True


HEIF_AVAILABLE = _register_heif()


def _parse_exif_date(value: object, offset: object = None) -> float | None:
    if not isinstance(value, str):
        return None
    text = value.strip().rstrip("\x00")
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            moment = datetime.strptime(text[:19], pattern)
            break
        except ValueError:
            continue
    else:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    if moment.tzinfo is None and isinstance(offset, str):
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(moment.isoformat() + offset.strip())
    if not 1900 <= moment.year <= 2200:
        return None
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return None


def capture_time(image: Image.Image) -> float | None:
    """The EXIF capture time as a Unix timestamp (local time when EXIF has no offset)."""
    try:
        exif = image.getexif()
        sub = exif.get_ifd(_EXIF_IFD)
    except Exception:
        return None
    original = _parse_exif_date(sub.get(_DATETIME_ORIGINAL), sub.get(_OFFSET_TIME_ORIGINAL))
    return original if original is not None else _parse_exif_date(exif.get(_DATETIME))


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoError(Reason.of(ReasonCode.NO_PIXELS))
    limit = Image.MAX_IMAGE_PIXELS
    if limit is None:
        return
    if image.format == "JPEG":
        limit *= JPEG_PIXEL_ALLOWANCE
    if width * height > limit:
        raise PhotoError(
            Reason.of(
                ReasonCode.TOO_LARGE_SIZE,
                width=width,
                height=height,
                megapixels=f"{width * height / 1e6:.0f}",
            )
        )


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    try:
        orientation = image.getexif().get(_ORIENTATION, 1)
    except Exception:
        orientation = 1
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def decode_photo(source: bytes | Path, *, min_side: int, min_long_side: int = 0) -> DecodedPhoto:
    """Decode ``source`` (file content or a path) for a model that needs ``min_side`` px on
    the shorter side and a thumbnail that needs ``min_long_side`` px on the longer one.

    JPEGs are decoded at the smallest DCT scale that still satisfies both: asking for the
    thumbnail's size on the *longer* side (not the shorter) keeps a 12 MP photo at 1/8
    scale (500x375) for a 384 px thumbnail, where asking 384 on the shorter side would
    double the decoding cost at 1/4 scale.
    """
    if isinstance(source, bytes) and not source:
        raise PhotoError(Reason.of(ReasonCode.EMPTY))
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        image = Image.open(stream)
        _check_size(image)
        width, height = _upright_size(image)
        fmt = image.format or "unknown"
        if fmt == "JPEG":
            shorter, longer = min(image.size), max(image.size)
            scale = max(min_side / shorter, min_long_side / longer)
            if scale < 1:
                wanted = (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale))
                image.draft("RGB", wanted)
        taken_at = capture_time(image)
        image.load()
        image = ImageOps.exif_transpose(image)
        if image.mode != "RGB":
            image = _to_rgb(image)
    except PhotoError:
        raise
    except Image.DecompressionBombError as exc:
        raise PhotoError(Reason.of(ReasonCode.TOO_LARGE, detail=exc)) from exc
    except UnidentifiedImageError as exc:
        raise PhotoError(_unidentified_reason(source)) from exc
    except OSError as exc:
        message = str(exc) or type(exc).__name__
        if is_transient(exc):  # the disk or share failed, not the picture
            why = Reason.of(ReasonCode.CANNOT_READ, detail=exc.strerror or exc)
            raise PhotoError(why, transient=True) from exc
        if "truncated" in message:
            raise PhotoError(Reason.of(ReasonCode.TRUNCATED_IMAGE)) from exc
        raise PhotoError(Reason.of(ReasonCode.CORRUPT_IMAGE, detail=message)) from exc
    except (ValueError, SyntaxError, IndexError, TypeError, EOFError) as exc:
        detail = exc or type(exc).__name__
        raise PhotoError(Reason.of(ReasonCode.CORRUPT_IMAGE, detail=detail)) from exc
    return DecodedPhoto(image, width, height, taken_at, fmt)


def _unidentified_reason(source: bytes | Path) -> Reason:
    """Why Pillow could not even identify the file, told from its first bytes."""
    if isinstance(source, Path):
        with open(source, "rb") as f:
            head = f.read(HEAD_BYTES)
    else:
        head = source[:HEAD_BYTES]
    sniffed = sniff(head)
    if sniffed.format == "HEIF/AVIF" and not HEIF_AVAILABLE:
        return Reason.of(ReasonCode.HEIF_PLUGIN)
    if sniffed.kind == MediaKind.PHOTO:
        return Reason.of(ReasonCode.UNDECODABLE_PHOTO, format=sniffed.format)
    return Reason.of(ReasonCode.NOT_IMAGE, format=sniffed.format)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB with transparency composited on white (a black background hides dark art)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
