"""Text in pictures: the lines a photo, screenshot or video frame holds, with where and how
sure (issue 15).

:class:`TextReader` runs RapidOCR's PP-OCR models (see :mod:`.ocr_engine`) in a pipeline
of its own, shaped by what was measured on bench/bench_ocr.py's labelled set:

1. **Is there text at all?** The detector runs on the picture shrunk to
   :data:`PROBE_SIDE` px. Most photos hold no text; they cost this one small pass.
2. **Enough resolution to separate the lines.** Where the probe's lines are thin, the
   detector runs again at the size that makes them :data:`DETAIL_LINE_PX` thick (never
   above :data:`MAX_DETECT_SIDE`, never above the picture's own size).
3. **Read each line from the full picture.** Each line is cut out of the picture as given
   (not the shrunk copy), straightened, turned flat when it stands upright, and turned by
   180 degrees when the line classifier's vote over the picture's lines says so (text
   turned 90, 180 or 270 degrees); then recognised.
4. **Keep what helps a search.** Lines below :data:`MIN_CONFIDENCE` and lines of only
   punctuation are dropped.

Importing this module is cheap: NumPy, OpenCV and rapidocr load with the first read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ocr_engine import OcrModels, TextReaderUnavailable, load_models

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    from PIL import Image

__all__ = ["ReadLine", "TextReader", "TextReaderUnavailable"]

PROBE_SIDE = 640
"""The longest side of the copy the detector decides on whether there is text at all."""

RENDERED_SCALE = 0.4
"""The smallest scale a rendered picture (a screenshot: see text_boxes.looks_rendered) is
probed at, so that its 14 px text is still 5-6 px, the least the detector finds."""

MAX_DETECT_SIDE = 2048
"""The detector never works on more than this many pixels on the longest side."""

PROBE_BOX_THRESH = 0.3
"""The probe keeps a line the detector is this sure of on average (rapidocr's 0.5 loses
small signs at the probe's scale, whose outline it draws loosely)."""

READ_SIDE = 2000
"""A photo larger than this on its longest side is read at this size (measured: the
labelled signs read as well from 2000 px as from 4000 px, in half the time). A caller
decoding JPEGs can ask for no more (a draft scale). Rendered pictures keep their pixels."""

RENDERED_SHARP_PX = 16.0
"""In a rendered picture, probe lines at least this thick (px) are read as outlined."""

CHECK_ABOVE_PX = 24.0
CHECK_CONFIDENCE = 0.5
"""Probe lines at least CHECK_ABOVE_PX thick are read before they are looked at closer,
and dropped unless that reads two letters or digits at CHECK_CONFIDENCE."""

MAX_LINE_SHARE = 0.45
"""Probe lines thicker than this share of the picture's shorter side are not text."""

REGION_MARGIN = 1.0
REGION_SIDE = 1280
REGION_LINE_PX = 128.0
REFINE_PIXELS = 1_500_000
REFINE_GAIN = 1.3
"""Each region around the probe's lines (widened by REGION_MARGIN line thicknesses) is
detected again with its longest side at up to REGION_SIDE px and its lines at most
REGION_LINE_PX thick (never above the picture's own pixels), REFINE_PIXELS in all; unless
that is less than REFINE_GAIN times the scale the probe saw it at."""

DET_THRESH = 0.3
DET_BOX_THRESH = 0.5
DET_SCORE_MODE = "fast"

MIN_CONFIDENCE = 0.6
"""Lines the recogniser is less sure of are dropped (chosen on the labelled set)."""

FLIP_MARGIN = 0.0
"""The line classifier's vote (mean of P(180) - P(0), weighted by line length) must exceed
this for a picture's lines to be turned by 180 degrees."""


REC_MIN_WIDTH = 48
REC_MAX_RATIO = 32.0
"""The narrowest input the recogniser is given, in px at its height of 48; lines longer
than REC_MAX_RATIO times their height are read in pieces (90 MB at most)."""

DETECT_PIXELS = 350_000
STRIP_OVERLAP = 48
"""The most pixels the detector is given at once (about 105 MB of its memory; the probe's
640 x 480 fits), larger pictures going in strips overlapping by at least STRIP_OVERLAP px."""


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

    def __init__(self, *, threads: int | None = None, models: Path | None = None) -> None:
        self._threads = threads
        self._model_dir = models
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
            self._models = load_models(self._threads, self._model_dir)
        return self._models


# -- the pipeline -----------------------------------------------------------------------------


def _read(models: OcrModels, image: Image.Image) -> list[ReadLine]:
    import numpy as np

    from .text_boxes import line_heights, looks_rendered, plausible_lines

    if image.mode != "RGB":
        image = image.convert("RGB")
    if min(image.size) < 8:
        return []
    rendered = looks_rendered(image)
    if not rendered and max(image.size) > READ_SIDE:
        image = _resized(image, READ_SIDE / max(image.size))
    longest = max(image.size)
    probe_scale = min(1.0, PROBE_SIDE / longest)
    if rendered and probe_scale < RENDERED_SCALE:
        probe_scale = min(RENDERED_SCALE, MAX_DETECT_SIDE / longest)
    probe = _bgr(_resized(image, probe_scale))
    quads = _detect(models, probe, PROBE_BOX_THRESH)
    quads = plausible_lines(quads, probe.shape[1], probe.shape[0], MAX_LINE_SHARE)
    if len(quads) == 0:
        return []
    pixels = np.asarray(image)
    thickness = line_heights(quads)
    if rendered:
        # Drawn text is sharp: the probe outlines a line well once it is a few pixels
        # thick, and only thinner ones are looked at closer.
        closer = thickness < RENDERED_SHARP_PX
    else:
        # In a photo even large text is outlined loosely at the probe's scale (a sign's
        # KING STREET read as KNGSTREET), so every line is looked at closer; but a thick
        # 'line' may be a face, an eye, a window: read it as outlined first, and look
        # closer only where that read letters (or one eye would cost a full detection).
        closer = np.ones(len(quads), dtype=bool)
        thick = np.flatnonzero(thickness >= CHECK_ABOVE_PX)
        if len(thick):
            seen = _read_quads(models, pixels, quads[thick] / probe_scale)
            closer[thick] = [_worth_a_closer_look(text, score) for _, text, score in seen]
    kept = quads[~closer] / probe_scale if rendered else quads[:0]
    quads = _refined(models, pixels, quads[closer] / probe_scale, probe_scale, kept)
    return _lines(_read_quads(models, pixels, quads), pixels.shape[1], pixels.shape[0])


def _worth_a_closer_look(text: str, score: float) -> bool:
    return score >= CHECK_CONFIDENCE and sum(ch.isalnum() for ch in text) >= 2


def _refined(
    models: OcrModels, pixels: np.ndarray, quads: np.ndarray, probe_scale: float, kept: np.ndarray
) -> np.ndarray:
    """The lines of each region around ``quads`` detected again at the resolution that
    region deserves (up to :data:`REGION_SIDE` px, :data:`REFINE_PIXELS` in all), with
    ``kept`` (lines taken as the probe outlined them) but for those a region found again;
    a region the probe already saw at that resolution keeps the probe's lines."""
    import numpy as np

    from .text_boxes import line_heights, text_regions

    height, width = pixels.shape[:2]
    regions = text_regions(quads, width, height, REGION_MARGIN)
    thickness = line_heights(quads)
    scales = [
        # large enough to outline the region's lines well, no larger: its thickest line
        # at most REGION_LINE_PX (big letters need no more, and print a quarter their
        # size beside them is still found)
        min(
            1.0,
            REGION_SIDE / max(x1 - x0, y1 - y0),
            REGION_LINE_PX / float(thickness[members].max()),
        )
        for (x0, y0, x1, y1), members in regions
    ]
    area = sum(
        (x1 - x0) * (y1 - y0) * scale**2
        for ((x0, y0, x1, y1), _), scale in zip(regions, scales, strict=True)
    )
    if area > REFINE_PIXELS:
        shrink = (REFINE_PIXELS / area) ** 0.5
        scales = [scale * shrink for scale in scales]
    found = []
    centres = kept.mean(axis=1)
    for ((x0, y0, x1, y1), members), scale in zip(regions, scales, strict=True):
        if scale < probe_scale * REFINE_GAIN:
            found.append(quads[members])
            continue
        crop = _shrunk_array(pixels[y0:y1, x0:x1], scale)
        standing = bool(np.median(_aspect(quads[members])) > 1.0)
        overlap = max(STRIP_OVERLAP, int(scale * float(thickness[members].max())) + 16)
        lines = _detect(models, crop, DET_BOX_THRESH, standing=standing, overlap=overlap)
        found.append(lines / scale + np.float32([x0, y0]))
        inside = (centres >= [x0, y0]).all(axis=1) & (centres < [x1, y1]).all(axis=1)
        kept, centres = kept[~inside], centres[~inside]
    return np.concatenate([kept, *found])


def _aspect(quads: np.ndarray) -> np.ndarray:
    """Height over width of each quad's upright bounds (> 1: a standing line)."""
    extent = quads.max(axis=1) - quads.min(axis=1)
    return extent[:, 1] / (extent[:, 0] + 1e-6)


def _resized(image: Image.Image, scale: float) -> Image.Image:
    """``image`` scaled by ``scale`` (<= 1; bilinear after a box reduction, so cheap)."""
    from PIL import Image as PILImage

    if scale >= 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, PILImage.Resampling.BILINEAR, reducing_gap=2.0)


def _bgr(image: Image.Image) -> np.ndarray:
    """An RGB picture as the BGR array the models were trained on."""
    import numpy as np

    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def _shrunk_array(pixels: np.ndarray, scale: float) -> np.ndarray:
    import cv2
    import numpy as np

    if scale < 1.0:
        pixels = cv2.resize(pixels, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(pixels[:, :, ::-1])


def _detect(
    models: OcrModels,
    bgr: np.ndarray,
    box_thresh: float,
    *,
    standing: bool = False,
    overlap: int = STRIP_OVERLAP,
) -> np.ndarray:
    """Line quads in ``bgr``'s pixels (float32, N x 4 x 2). A picture of more than
    :data:`DETECT_PIXELS` is detected in overlapping strips across its lines (bands of
    rows; of columns when its lines are ``standing``): the detector's memory grows with
    the pixels it is given (330 MB for 1 megapixel)."""
    import numpy as np

    from .text_boxes import strips

    height, width = bgr.shape[:2]
    if height * width <= DETECT_PIXELS:
        return _detect_once(models, bgr, box_thresh)
    across = width if standing else height
    along = height if standing else width
    found = []
    for start, end, keep_from, keep_to in strips(across, DETECT_PIXELS // along, overlap):
        part = bgr[:, start:end] if standing else bgr[start:end]
        quads = _detect_once(models, np.ascontiguousarray(part), box_thresh)
        axis = 0 if standing else 1
        quads[:, :, axis] += start
        centres = quads[:, :, axis].mean(axis=1)
        found.append(quads[(centres >= keep_from) & (centres < keep_to)])
    return np.concatenate(found)


def _detect_once(models: OcrModels, bgr: np.ndarray, box_thresh: float) -> np.ndarray:
    import numpy as np

    detector = models.detector
    detector.postprocess_op.box_thresh = box_thresh
    detector.postprocess_op.thresh = DET_THRESH
    detector.postprocess_op.score_mode = DET_SCORE_MODE
    detector.limit_type = "max"
    detector.limit_side_len = max(bgr.shape[:2])  # only rounded to multiples of 32
    found = detector(bgr)
    if found.boxes is None or len(found.boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    return np.asarray(found.boxes, dtype=np.float32)


def _read_quads(
    models: OcrModels, pixels: np.ndarray, quads: np.ndarray
) -> list[tuple[np.ndarray, str, float]]:
    """Each line under ``quads`` cut out of ``pixels`` (RGB), turned upright and read."""
    import numpy as np

    from .text_boxes import crop_line

    if len(quads) == 0:
        return []
    crops, tall = [], []
    for quad in quads:
        crop, turned = crop_line(pixels, quad)
        crops.append(np.ascontiguousarray(crop[:, :, ::-1]))  # the models' BGR
        tall.append(turned)
    crops = _upright(models, crops, tall)
    texts, scores = _recognise_crops(models, crops)
    return list(zip(quads, texts, scores, strict=True))


def _lines(read: list[tuple[np.ndarray, str, float]], width: int, height: int) -> list[ReadLine]:
    """The lines worth keeping, in the detector's reading order."""
    from .text_boxes import has_letters, normalised_box

    lines = []
    for quad, text, score in read:
        text = " ".join(text.split())
        if score >= MIN_CONFIDENCE and has_letters(text):
            lines.append(ReadLine(text, normalised_box(quad, width, height), float(score)))
    return lines


def _recognise_crops(models: OcrModels, crops: list) -> tuple[list[str], list[float]]:
    """The text and confidence of each crop, one crop at a time: a batch is padded to its
    widest line and the recogniser's cost grows with the width it is given, so batches
    measured slower than single lines (rapidocr's batches of 6 took 1.5-2x the time on
    screenshots). Nor is a short word padded to 320 px, as rapidocr does. A long line is
    read in pieces (text_boxes.split_line), its confidence their mean weighted by length."""
    from rapidocr.ch_ppocr_rec import TextRecInput

    from .text_boxes import split_line

    recogniser = models.recogniser
    recogniser.rec_batch_num = 1
    recogniser.rec_image_shape = [3, 48, REC_MIN_WIDTH]
    pieces, owner, joiners = [], [], []
    for i, crop in enumerate(crops):
        for piece, joiner in split_line(crop, REC_MAX_RATIO):
            pieces.append(piece)
            owner.append(i)
            joiners.append(joiner)
    found = recogniser(TextRecInput(img=pieces, return_word_box=False))
    texts = [""] * len(crops)
    weights = [0.0] * len(crops)
    sums = [0.0] * len(crops)
    for i, piece, joiner, text, score in zip(
        owner, pieces, joiners, found.txts, found.scores, strict=True
    ):
        texts[i] += text + joiner
        weights[i] += piece.shape[1]
        sums[i] += float(score) * piece.shape[1]
    return texts, [total / max(weight, 1.0) for total, weight in zip(sums, weights, strict=True)]


def _upright(models: OcrModels, crops: list, tall: list[bool]) -> list:
    """``crops`` with each group (lines that lay flat, lines that stood upright) turned by
    180 degrees when the classifier's vote over the group says it is upside down: the lines
    of a picture share one orientation, and one long line squeezed into the classifier's
    4:1 input is too often misjudged on its own."""
    import numpy as np

    from .text_boxes import orientation_window

    classifier = models.classifier
    windows = [np.ascontiguousarray(orientation_window(crop)) for crop in crops]
    verdicts = classifier(windows).cls_res
    out = list(crops)
    for group in (True, False):
        members = [i for i, t in enumerate(tall) if t is group]
        if not members:
            continue
        weights = np.array([crops[i].shape[1] / max(crops[i].shape[0], 1) for i in members])
        votes = np.array(
            [
                float(verdicts[i][1]) if verdicts[i][0] == "180" else -float(verdicts[i][1])
                for i in members
            ]
        )
        if float(np.average(votes, weights=np.minimum(weights, 8.0))) > FLIP_MARGIN:
            for i in members:
                out[i] = np.ascontiguousarray(np.rot90(crops[i], 2))
    return out
