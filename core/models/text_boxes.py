"""The geometry of text lines found in a picture: sizes, crops, boxes, orientation windows.

A detected line is a quadrilateral (four x, y corners, clockwise from the top-left of the
text as the detector saw it) in the pixels of the picture it was found in. Everything here
is plain NumPy/OpenCV on those quads, with no model, so it is cheap and testable alone.
"""

from __future__ import annotations

import cv2
import numpy as np

TALL_RATIO = 1.5
"""A crop at least this much taller than wide holds text turned by 90 degrees (the same
rule rapidocr's cropping uses): it is turned to lie flat before it is read."""


def line_heights(quads: np.ndarray) -> np.ndarray:
    """The thickness of each line (the shorter side of its quad), in pixels."""
    if len(quads) == 0:
        return np.zeros(0, dtype=np.float32)
    across = np.linalg.norm(quads[:, 0] - quads[:, 1], axis=1)
    down = np.linalg.norm(quads[:, 0] - quads[:, 3], axis=1)
    return np.minimum(across, down)


def crop_line(image: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, bool]:
    """The line under ``quad`` straightened into an upright rectangle, and whether it was
    tall (turned by 90 degrees anticlockwise to lie flat; a 180 degree turn may remain)."""
    quad = quad.astype(np.float32)
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    width, height = max(width, 1), max(height, 1)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    crop = cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    if height >= TALL_RATIO * width:
        return np.ascontiguousarray(np.rot90(crop)), True
    return crop, False


def orientation_window(crop: np.ndarray, ratio: float = 4.0) -> np.ndarray:
    """The middle of a long line, at most ``ratio`` times as wide as high: the line
    classifier squeezes its input into 4:1, where a whole sentence would be illegible."""
    height, width = crop.shape[:2]
    keep = int(height * ratio)
    if width <= keep:
        return crop
    start = (width - keep) // 2
    return crop[:, start : start + keep]


def normalised_box(quad: np.ndarray, width: int, height: int) -> tuple[float, float, float, float]:
    """The upright bounding box of ``quad`` as x, y, width, height in 0..1 of the picture."""
    xs = np.clip(quad[:, 0], 0, width)
    ys = np.clip(quad[:, 1], 0, height)
    x0, x1, y0, y1 = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    return (x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height)


def has_letters(text: str) -> bool:
    """Whether ``text`` holds a letter or digit of any script (not only punctuation,
    symbols and spaces, which no search would ever match)."""
    return any(ch.isalnum() for ch in text)


def plausible_lines(quads: np.ndarray, width: int, height: int, most: float) -> np.ndarray:
    """``quads`` without the 'lines' thicker than ``most`` of the picture's shorter side:
    on flat or smooth pictures the detector sometimes outlines half the frame, and no line
    of text is that thick in a photo of it."""
    if len(quads) == 0:
        return quads
    return quads[line_heights(quads) <= most * min(width, height)]


def text_regions(
    quads: np.ndarray, width: int, height: int, margin: float
) -> list[tuple[tuple[int, int, int, int], list[int]]]:
    """Rectangles (x0, y0, x1, y1 in pixels) around the lines ``quads``, each widened by
    ``margin`` times its line's thickness (smaller print often sits beside larger: a sign's
    second line, a caption), overlapping ones merged; with the indices of the lines each
    holds."""
    thickness = line_heights(quads)
    rects: list[list[float]] = []
    members: list[list[int]] = []
    for i, quad in enumerate(quads):
        pad = margin * float(thickness[i])
        x0, y0 = quad.min(axis=0) - pad
        x1, y1 = quad.max(axis=0) + pad
        rects.append([max(0.0, x0), max(0.0, y0), min(float(width), x1), min(float(height), y1)])
        members.append([i])
    merged = True
    while merged:
        merged = False
        for a in range(len(rects)):
            for b in range(a + 1, len(rects)):
                ra, rb = rects[a], rects[b]
                if ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]:
                    rects[a] = [
                        min(ra[0], rb[0]),
                        min(ra[1], rb[1]),
                        max(ra[2], rb[2]),
                        max(ra[3], rb[3]),
                    ]
                    members[a] += members.pop(b)
                    rects.pop(b)
                    merged = True
                    break
            if merged:
                break
    return [
        ((int(r[0]), int(r[1]), int(np.ceil(r[2])), int(np.ceil(r[3]))), sorted(m))
        for r, m in zip(rects, members, strict=True)
    ]


def looks_rendered(image, rows: int = 64) -> bool:
    """Whether ``image`` (a PIL image) was drawn by a computer (a screenshot, a scan cleaned
    to white, a slide) rather than photographed: in most of it, neighbouring pixels are
    exactly equal, which sensor noise never leaves. Such pictures keep their text at a
    few pixels whatever their size (a 2560 px screenshot's 15 px menus), so they must be
    probed at a larger scale than photos. Looks at ``rows`` rows spread over the picture."""
    width, height = image.size
    if width < 2:
        return False
    step = max(1, height // rows)
    sampled = np.stack(
        [np.asarray(image.crop((0, y, width, y + 1)))[0] for y in range(0, height, step)]
    )
    same = (sampled[:, 1:] == sampled[:, :-1]).all(axis=-1)
    return float(same.mean()) >= RENDERED_SHARE


RENDERED_SHARE = 0.5
"""Screenshots measured 0.67-0.90 (PNG, and JPEG down to quality 50), camera-like photos
0.00-0.44 (bench/bench_ocr.py's sets)."""


def strips(length: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """Windows (start, end) of at most ``size`` px covering ``length`` px, each overlapping
    the next by ``overlap`` px, so that any line thinner than ``overlap`` lies whole in
    at least one of them."""
    if length <= size:
        return [(0, length)]
    size = max(size, 2 * overlap + 1)
    windows = []
    start = 0
    while True:
        end = min(length, start + size)
        windows.append((start, end))
        if end == length:
            return windows
        start = end - overlap


def whole_lines(quads: np.ndarray, axis: int, start: int, end: int, length: int) -> np.ndarray:
    """Which of ``quads``, found in the window [start, end) of ``length`` px along
    ``axis`` (0: x, 1: y), do not touch a side where the window cuts the picture: a line
    cut there is a fragment (or merged with its neighbour into one blob) and the next
    window holds it whole."""
    low = quads[:, :, axis].min(axis=1)
    high = quads[:, :, axis].max(axis=1)
    return ((start == 0) | (low > start + 2)) & ((end == length) | (high < end - 2))


def distinct_lines(quads: np.ndarray, most: float = 0.5) -> np.ndarray:
    """Which of ``quads`` to keep so that no two overlap by more than ``most`` of the
    smaller one's upright bounds (the same line found in two overlapping windows)."""
    lows, highs = quads.min(axis=1), quads.max(axis=1)
    areas = np.prod(highs - lows, axis=1)
    keep = np.ones(len(quads), dtype=bool)
    for i in range(len(quads)):
        if not keep[i]:
            continue
        inter = np.prod(
            np.clip(
                np.minimum(highs[i], highs[i + 1 :]) - np.maximum(lows[i], lows[i + 1 :]), 0, None
            ),
            axis=1,
        )
        smaller = np.minimum(areas[i], areas[i + 1 :])
        keep[i + 1 :] &= ~(inter > most * np.maximum(smaller, 1e-6))
    return keep


def split_line(crop: np.ndarray, max_ratio: float) -> list[tuple[np.ndarray, str]]:
    """A line longer than ``max_ratio`` times its height, in pieces to be read one by one
    (the recogniser's memory grows with a line's length: 230 MB for one 4,000 px line),
    each with what joins its text to the next: a space when it was cut in a gap between
    words, nothing when it had to be cut elsewhere (at the column with the least ink)."""
    height, width = crop.shape[:2]
    longest = int(max_ratio * height)
    if width <= longest:
        return [(crop, "")]
    grey = crop.astype(np.float32).mean(axis=2)
    ink = np.abs(grey - np.median(grey)).max(axis=0)
    blank = ink < max(12.0, 0.25 * float(ink.max()))
    word_gap = max(2, height // 5)
    pieces = []
    start = 0
    while width - start > longest:
        low, high = start + longest // 2, start + longest
        cut, joiner = _widest_gap(blank, low, high, word_gap)
        if cut is None:
            cut, joiner = low + int(np.argmin(ink[low:high])), ""
        pieces.append((crop[:, start:cut], joiner))
        start = cut
    pieces.append((crop[:, start:], ""))
    return pieces


def _widest_gap(blank: np.ndarray, low: int, high: int, least: int) -> tuple[int | None, str]:
    """The middle of the widest run of blank columns in [low, high), if at least ``least``
    wide (a gap between words rather than between letters)."""
    best, best_at = 0, None
    run = 0
    for x in range(low, high):
        run = run + 1 if blank[x] else 0
        if run > best:
            best, best_at = run, x - run // 2
    if best >= least:
        return best_at, " "
    return None, ""


def reading_order(quads: np.ndarray) -> np.ndarray:
    """The order to read ``quads`` in: rows top to bottom (lines whose middles are closer
    than half a line apart share a row), each row left to right."""
    if len(quads) == 0:
        return np.zeros(0, dtype=int)
    middles = quads.mean(axis=1)
    tolerance = 0.5 * float(np.median(line_heights(quads)))
    order = np.argsort(middles[:, 1], kind="stable")
    rows: list[list[int]] = []
    for i in order:
        if rows and middles[i, 1] - middles[rows[-1][0], 1] < tolerance:
            rows[-1].append(int(i))
        else:
            rows.append([int(i)])
    return np.array([i for row in rows for i in sorted(row, key=lambda j: middles[j, 0])])
