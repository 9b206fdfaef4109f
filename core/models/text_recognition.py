"""Reading the lines found in a picture: each cut out of the full picture, straightened,
turned upright, recognised (the third step of :mod:`.text_reader`).

A line standing upright (text turned by 90 degrees) is turned to lie flat when it is cut
out; whether the lines of a picture are upside down (text turned by 180, or 270 once laid
flat) is the line classifier's vote over all of them. Lines are recognised one at a
time (:mod:`.line_recogniser`), long ones in pieces, which measured both faster and
lighter than rapidocr's batches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .ocr_engine import OcrModels

if TYPE_CHECKING:
    import numpy as np

FLIP_MARGIN = 0.0
"""The line classifier's vote (mean of P(180) - P(0), weighted by line length) must exceed
this for a picture's lines to be turned by 180 degrees."""

REC_MAX_RATIO = 32.0
"""Lines longer than this times their height are read in pieces (90 MB of the
recogniser's memory at most)."""


def read_lines(
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


def _recognise_crops(models: OcrModels, crops: list) -> tuple[list[str], list[float]]:
    """The text and confidence of each crop, one crop at a time: a batch is padded to its
    widest line and the recogniser's cost grows with the width it is given, so batches
    measured slower than single lines (rapidocr's batches of 6 took 1.5-2x the time on
    screenshots). Nor is a short word padded to 320 px, as rapidocr does. A long line is
    read in pieces (text_boxes.split_line), its confidence their mean weighted by length;
    the pieces are shared out by width between ``models.lines_at_once`` threads."""
    from .text_boxes import split_line

    pieces, owner, joiners = [], [], []
    for i, crop in enumerate(crops):
        for piece, joiner in split_line(crop, REC_MAX_RATIO):
            pieces.append(piece)
            owner.append(i)
            joiners.append(joiner)
    found = _recognise_pieces(models, pieces)
    texts = [""] * len(crops)
    weights = [0.0] * len(crops)
    sums = [0.0] * len(crops)
    for i, piece, joiner, (text, score) in zip(owner, pieces, joiners, found, strict=True):
        texts[i] += text + joiner
        weights[i] += piece.shape[1]
        sums[i] += float(score) * piece.shape[1]
    return texts, [total / max(weight, 1.0) for total, weight in zip(sums, weights, strict=True)]


def _recognise_pieces(models: OcrModels, pieces: list) -> list[tuple[str, float]]:
    """(text, confidence) of each piece, read by up to ``models.lines_at_once`` threads,
    each given pieces of about the same total width (widest first, to the least loaded)."""
    from concurrent.futures import ThreadPoolExecutor

    from .line_recogniser import input_width

    widths = [input_width(*piece.shape[:2]) for piece in pieces]
    shares = [[] for _ in range(min(models.lines_at_once, len(pieces)))]
    loads = [0] * len(shares)
    for index in sorted(range(len(pieces)), key=lambda i: -widths[i]):
        least = loads.index(min(loads))
        shares[least].append(index)
        loads[least] += widths[index]

    def read(share: list[int]) -> list[tuple[str, float]]:
        return [models.recogniser.read(pieces[i]) for i in share]

    out: list[tuple[str, float]] = [("", 0.0)] * len(pieces)
    if len(shares) <= 1:
        results = [read(share) for share in shares]
    else:
        with ThreadPoolExecutor(len(shares), thread_name_prefix="text-lines") as pool:
            results = list(pool.map(read, shares))
    for share, found in zip(shares, results, strict=True):
        for index, text_score in zip(share, found, strict=True):
            out[index] = text_score
    return out


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
