"""Where the lines of text are in a picture: a probe on a shrunk copy, then a closer look
at the regions it found text in (the first two steps of :mod:`.text_reader`).

1. **Is there text at all?** The detector runs on the picture shrunk to
   :data:`PROBE_PIXELS` (a rendered picture, whose text is a few pixels high whatever
   its size, at no less than :data:`RENDERED_SCALE`). Most photos hold no text: they
   cost this one small pass.
2. **A closer look.** Around the lines the probe found, regions are detected again at the
   resolution their lines need (:func:`_refined`): the probe outlines lines loosely (a
   sign's KING STREET read as KNGSTREET) and misses small print beside large. Thick probe
   'lines' of a photo are read first and looked at closer only if they read as text: an
   eye or a window frame would otherwise cost a detection at full resolution.

The detector is given at most :data:`DETECT_PIXELS` at once (its memory grows with the
pixels); larger inputs go in overlapping strips.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ocr_engine import OcrModels
from .text_recognition import read_lines

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

PROBE_PIXELS = 640 * 480
"""The size of the copy the detector decides on whether there is text at all."""

RENDERED_SCALE = 0.4
MAX_PROBE_PIXELS = 2048 * 1152
"""The smallest scale a rendered picture (a screenshot: see text_boxes.looks_rendered) is
probed at, so that its 13-14 px text is still 5-6 px, the least the detector finds; but
never on more than MAX_PROBE_PIXELS."""

PROBE_BOX_THRESH = 0.3
"""The probe keeps a line the detector is this sure of on average (rapidocr's 0.5 loses
small signs at the probe's scale, whose outline it draws loosely)."""

MAX_LINE_SHARE = 0.45
"""Probe lines thicker than this share of the picture's shorter side are not text (on
flat or smooth photos the detector sometimes outlines half the frame)."""

RENDERED_SHARP_PX = 16.0
"""In a rendered picture, probe lines at least this thick (px) are taken as outlined:
drawn text is sharp, and the probe outlines it well from a few pixels on."""

CHECK_ABOVE_PX = 24.0
CHECK_CONFIDENCE = 0.3
"""Probe lines of a photo at least CHECK_ABOVE_PX thick are read before they are looked
at closer, and dropped unless that reads two letters or digits at CHECK_CONFIDENCE (low:
the probe outlines loosely, and a far sign's KING STREET read 'MNSSE' at 0.44 through
it; an eye or a window reads one character)."""

REGION_MARGIN = 1.0
REGION_SIDE = 1280
REGION_LINE_PX = 128.0
REGION_MIN_LINE_PX = 20.0
REFINE_PIXELS = 1_500_000
REFINE_GAIN = 1.3
"""Each region around the probe's lines (widened by REGION_MARGIN line thicknesses) is
detected again with its longest side at up to REGION_SIDE px and its lines at most
REGION_LINE_PX thick (never above the picture's own pixels), in one detector call if its
thinnest line is REGION_MIN_LINE_PX thick there, REFINE_PIXELS in all; unless that is
less than REFINE_GAIN times the scale the probe saw it at."""

DET_THRESH = 0.3
DET_BOX_THRESH = 0.5
"""rapidocr's defaults for the closer look: a pixel is text above DET_THRESH, a line is
kept when its pixels average DET_BOX_THRESH."""

DETECT_PIXELS = 350_000
STRIP_OVERLAP = 48
"""The most pixels the detector is given at once (about 105 MB of its memory; the probe's
640 x 480 fits), larger inputs going in strips overlapping by at least STRIP_OVERLAP px
(and by more than the thickest line the probe saw in them)."""


def find_lines(
    models: OcrModels, image: Image.Image, rendered: bool
) -> tuple[np.ndarray, np.ndarray] | None:
    """The picture's pixels (RGB) and the quads of its lines in them (float32, N x 4 x 2),
    or None when the probe finds no text."""
    import numpy as np

    from .text_boxes import line_heights, plausible_lines

    area = image.width * image.height
    probe_scale = min(1.0, (PROBE_PIXELS / area) ** 0.5)
    if rendered and probe_scale < RENDERED_SCALE:
        probe_scale = min(RENDERED_SCALE, (MAX_PROBE_PIXELS / area) ** 0.5)
    probe = _bgr(resized(image, probe_scale))
    quads = _detect(models, probe, PROBE_BOX_THRESH)
    quads = plausible_lines(quads, probe.shape[1], probe.shape[0], MAX_LINE_SHARE)
    if len(quads) == 0:
        return None
    pixels = np.asarray(image)
    thickness = line_heights(quads)
    if rendered:
        closer = thickness < RENDERED_SHARP_PX
    else:
        closer = np.ones(len(quads), dtype=bool)
        thick = np.flatnonzero(thickness >= CHECK_ABOVE_PX)
        if len(thick):
            seen = read_lines(models, pixels, quads[thick] / probe_scale)
            closer[thick] = [_worth_a_closer_look(text, score) for _, text, score in seen]
    kept = quads[~closer] / probe_scale if rendered else quads[:0]
    quads = _refined(models, pixels, quads[closer] / probe_scale, probe_scale, kept)
    return (pixels, quads) if len(quads) else None


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
        # Large enough to outline the region's lines well, no larger: its thickest line
        # at most REGION_LINE_PX (big letters need no more, and print a quarter their
        # size beside them is still found). And within one detector call where its
        # thinnest line stays REGION_MIN_LINE_PX thick: strips cut tall regions of short
        # lines badly (a receipt's column of item names came back as one blob).
        min(
            1.0,
            REGION_SIDE / max(x1 - x0, y1 - y0),
            REGION_LINE_PX / float(thickness[members].max()),
            max(
                (DETECT_PIXELS / ((x1 - x0) * (y1 - y0))) ** 0.5,
                REGION_MIN_LINE_PX / float(thickness[members].min()),
            ),
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


def resized(image: Image.Image, scale: float) -> Image.Image:
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
    :data:`DETECT_PIXELS` is detected in strips across its lines (bands of rows; of
    columns when its lines are ``standing``) overlapping by ``overlap`` px: the
    detector's memory grows with the pixels it is given (330 MB for a megapixel). From
    each strip only the lines it holds whole are taken, each line once."""
    import numpy as np

    from .text_boxes import distinct_lines, strips, whole_lines

    height, width = bgr.shape[:2]
    if height * width <= DETECT_PIXELS:
        return _detect_once(models, bgr, box_thresh)
    axis = 0 if standing else 1
    across = (width, height)[axis]
    along = (height, width)[axis]
    found = []
    for start, end in strips(across, DETECT_PIXELS // along, overlap):
        part = bgr[:, start:end] if standing else bgr[start:end]
        quads = _detect_once(models, np.ascontiguousarray(part), box_thresh)
        quads[:, :, axis] += start
        found.append(quads[whole_lines(quads, axis, start, end, across)])
    quads = np.concatenate(found)
    return quads[distinct_lines(quads)]


def _detect_once(models: OcrModels, bgr: np.ndarray, box_thresh: float) -> np.ndarray:
    import numpy as np

    detector = models.detector
    detector.postprocess_op.box_thresh = box_thresh
    detector.postprocess_op.thresh = DET_THRESH
    detector.limit_type = "max"
    detector.limit_side_len = max(bgr.shape[:2])  # only rounded to multiples of 32
    found = detector(bgr)
    if found.boxes is None or len(found.boxes) == 0:
        return np.zeros((0, 4, 2), dtype=np.float32)
    return np.asarray(found.boxes, dtype=np.float32)
