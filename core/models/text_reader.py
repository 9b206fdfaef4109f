"""Text in pictures: the lines a photo, screenshot or video frame holds, with where and how
sure (issue 15).

:class:`TextReader` runs RapidOCR's PP-OCR models (:mod:`.ocr_engine`: offline, quiet)
in a pipeline of its own, shaped by what bench/bench_ocr.py measured on a labelled set:

1. **Where is the text?** (:mod:`.text_detection`) A probe on a shrunk copy decides
   whether there is text at all, which is all a photo without text costs; the regions it
   found text in are detected again at the resolution their lines need.
2. **What does it say?** (:mod:`.text_recognition`) Each line is cut out of the picture
   as given (a photo above :data:`READ_PIXELS` is shrunk to it first), straightened,
   laid flat when it stands (text turned by 90 degrees), turned by 180 degrees when the
   line classifier's vote over the picture says so, and recognised.
3. **Is it worth keeping?** Lines below :data:`MIN_CONFIDENCE` and lines of only
   punctuation are dropped; the rest come in reading order.

Importing this module is cheap: NumPy, OpenCV and rapidocr load with the first read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ocr_engine import OcrModels, Precision, TextReaderUnavailable, load_models

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from PIL import Image

__all__ = ["ReadLine", "TextReader", "TextReaderUnavailable"]

READ_PIXELS = 2000 * 1500
RENDERED_READ_PIXELS = 16_000_000
"""A photo of more pixels is read shrunk to READ_PIXELS (measured: the labelled signs
read as well from 2000 x 1500 as from 4000 x 3000, in half the time); a rendered picture
(a screenshot) keeps up to RENDERED_READ_PIXELS, its text being a few pixels high
whatever its size."""

DECODE_MIN_SIDE = 1500
"""What a caller decoding a JPEG for the reader need ask for on its shorter side (a
draft scale: a 12 MP photo decodes at 2000 x 1500, four times faster than in full)."""

MIN_CONFIDENCE = 0.7
"""Lines the recogniser is less sure of are dropped. bench/bench_ocr.py's confidence
sweep: every line of its labelled pictures that holds a labelled word reads at 0.86 or
more; the garbage lines seen while tuning (a texture read as '2.1', 'O', 'T') at 0.18-0.68,
but a lone '8' at 0.89."""


@dataclass(frozen=True)
class ReadLine:
    """One line of text read in a picture."""

    text: str
    """The line as read, stripped, never empty."""
    box: tuple[float, float, float, float]
    """x, y, width, height, normalised 0..1 in the (upright) picture that was read."""
    confidence: float
    """0..1, the recogniser's mean certainty over the line's characters."""


class TextReader:
    """Reads the lines of text in upright RGB pictures. Cheap to make: the models load on
    the first :meth:`read` (about half a second); one reader serves one thread at a time
    (reads from several threads take turns)."""

    def __init__(
        self,
        *,
        threads: int | None = None,
        models: Path | None = None,
        precision: Precision = "auto",
    ) -> None:
        self._threads = threads
        self._model_dir = models
        self._precision: Precision = precision
        self._models: OcrModels | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the models now (otherwise the first read does); raises
        :class:`TextReaderUnavailable` when they cannot be."""
        with self._lock:
            self._loaded()

    def read(self, image: Image.Image) -> list[ReadLine]:
        """The lines of text in ``image`` (upright, any size, RGB or convertible), in
        reading order (top to bottom, left to right)."""
        with self._lock:
            models = self._loaded()
            return _read(models, image)

    def _loaded(self) -> OcrModels:
        if self._models is None:
            self._models = load_models(self._threads, self._model_dir, self._precision)
        return self._models


# -- the pipeline -----------------------------------------------------------------------------


def _read(models: OcrModels, image: Image.Image) -> list[ReadLine]:
    from .text_boxes import looks_rendered, reading_order
    from .text_detection import find_lines, resized
    from .text_recognition import read_lines

    if image.mode != "RGB":
        image = image.convert("RGB")
    if min(image.size) < 8:
        return []
    rendered = looks_rendered(image)
    most = RENDERED_READ_PIXELS if rendered else READ_PIXELS
    if image.width * image.height > most:
        image = resized(image, (most / (image.width * image.height)) ** 0.5)
    found = find_lines(models, image, rendered)
    if found is None:
        return []
    pixels, quads = found
    read = read_lines(models, pixels, quads[reading_order(quads)])
    return _kept(read, pixels.shape[1], pixels.shape[0])


def _kept(read: list[tuple[np.ndarray, str, float]], width: int, height: int) -> list[ReadLine]:
    """The lines that can help a search: sure enough, and more than punctuation."""
    from .text_boxes import has_letters, normalised_box

    lines = []
    for quad, text, score in read:
        text = " ".join(text.split())
        if score >= MIN_CONFIDENCE and has_letters(text):
            lines.append(ReadLine(text, normalised_box(quad, width, height), float(score)))
    return lines
