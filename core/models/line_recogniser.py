"""One line of text in, its characters and confidence out: PP-OCR's recogniser fed and
decoded by MediaSift instead of rapidocr (the last step of :mod:`.text_reader`).

Two things rapidocr's own path spends for nothing on a page of small text, whose reading
is almost all recogniser:

* **The model's last softmax.** The recogniser's output is a row of 18,710 class scores
  (the Chinese and English vocabulary) per eight columns of input; the softmax over them
  was 15-19 % of the int8 model's time (ONNX Runtime's profile). The model is run without
  it (:func:`logits_model`), the best class of a row is the same, and the probability of
  that class is worked out only for the rows that become characters.
* **Columns.** The recogniser's cost grows with the width of its 48 px high input. A line
  is squeezed to :data:`SQUEEZE` of its width at that height: ~15 % fewer columns, and on
  the benchmark's labelled pictures and screenshots one word in 2,934 lost (at 0.8 ten,
  at 0.75 twenty-six: bench/README.md, "Text in pictures").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

HEIGHT = 48
"""The recogniser's input height (its model fixes it)."""

MIN_WIDTH = 48
"""The narrowest input it is given; a shorter line is padded (as rapidocr does)."""

SQUEEZE = 0.85
"""A line's width at :data:`HEIGHT` is multiplied by this before it is read."""

BLANK = 0
"""The class CTC uses for 'no character here' (rapidocr's vocabulary starts with it)."""


def logits_model(path: Path) -> bytes:
    """The model at ``path`` without the softmax over its classes at its end, as bytes for
    ONNX Runtime (a model that has none is returned as it is)."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    output = graph.output[0].name
    producers = [node for node in graph.node if output in node.output]
    if producers and producers[0].op_type == "Softmax":
        softmax = producers[0]
        graph.node.remove(softmax)
        graph.output[0].name = softmax.input[0]
    return model.SerializeToString()


def input_width(height: int, width: int) -> int:
    """The columns a ``height`` x ``width`` line becomes at the recogniser's input: its
    cost."""
    return max(MIN_WIDTH, _scaled_width(height, width))


def _scaled_width(height: int, width: int) -> int:
    return max(1, math.floor(HEIGHT * width / max(height, 1) * SQUEEZE))


class LineRecogniser:
    """The recogniser's ONNX Runtime session (made from :func:`logits_model`) and its
    vocabulary (index 0 the blank). :meth:`read` may be called from several threads at
    once: ONNX Runtime runs one session from many."""

    def __init__(self, session: Any, characters: list[str]) -> None:
        self._session = session
        self._input = session.get_inputs()[0].name
        self._characters = characters

    @property
    def session(self) -> Any:
        return self._session

    @property
    def characters(self) -> list[str]:
        return self._characters

    def read(self, line: np.ndarray) -> tuple[str, float]:
        """The text of ``line`` (BGR, any size; upright, lying flat) and the mean
        probability of its characters (0 when none is read)."""
        return self.decode(self._session.run(None, {self._input: self.prepared(line)})[0][0])

    @staticmethod
    def prepared(line: np.ndarray) -> np.ndarray:
        """``line`` as the recogniser's 1 x 3 x 48 x W input: resized to its height (and
        :data:`SQUEEZE`), scaled to -1..1 as PP-OCR was trained, padded with 0 (mid grey)
        to :data:`MIN_WIDTH`."""
        import cv2
        import numpy as np

        height, width = line.shape[:2]
        scaled = _scaled_width(height, width)
        resized = cv2.resize(line, (scaled, HEIGHT)).astype(np.float32)
        out = np.zeros((1, 3, HEIGHT, max(MIN_WIDTH, scaled)), dtype=np.float32)
        out[0, :, :, :scaled] = resized.transpose(2, 0, 1) / 127.5 - 1.0
        return out

    def decode(self, scores: np.ndarray) -> tuple[str, float]:
        """Greedy CTC over ``scores`` (a row of class scores per step): the best class of
        each step, repeats merged, blanks dropped; the confidence is the mean softmax
        probability of the classes kept."""
        import numpy as np

        best = scores.argmax(axis=1)
        kept = best != BLANK
        kept[1:] &= best[1:] != best[:-1]
        if not kept.any():
            return "", 0.0
        rows = scores[kept]  # a copy: worked on in place
        chosen = best[kept]
        rows -= rows[np.arange(len(rows)), chosen][:, None]
        probability = 1.0 / np.exp(rows, out=rows).sum(axis=1)
        text = "".join(self._characters[i] for i in chosen)
        return text, float(probability.mean())
