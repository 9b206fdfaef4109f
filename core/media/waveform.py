"""A recording's waveform for the app's preview: the loudest sample in each of N equal
slices of the file, 0 to 1.

Decoding an hour of audio takes seconds, so the engine process does it (off the window's
thread, and away from the window's process, which never imports NumPy or PyAV), and
sends the few hundred numbers a drawing needs.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np

from .audio import SAMPLE_RATE, AudioReader

PIECE_S = 30.0


def peaks(path: Path, buckets: int) -> tuple[list[float], float]:
    """``buckets`` peak levels across the whole file (0 to 1), and its duration in
    seconds as decoded. Raises ``MediaError`` when it cannot be read at all."""
    levels: list[np.ndarray] = []
    with AudioReader(path) as reader:
        while not reader.eof:
            piece = reader.read(PIECE_S)
            if not len(piece):
                break
            # Keep one peak per 10 ms: an hour is 360,000 numbers, not 57 million.
            step = SAMPLE_RATE // 100
            usable = len(piece) - len(piece) % step
            blocks = np.abs(piece[:usable]).reshape(-1, step).max(axis=1) if usable else []
            tail = np.abs(piece[usable:]).max(keepdims=True) if usable < len(piece) else []
            levels.append(np.concatenate([np.asarray(blocks), np.asarray(tail)]))
        duration = reader.end_s
    if not levels:
        return [0.0] * buckets, duration
    fine = np.concatenate(levels).astype(np.float32)
    edges = np.linspace(0, len(fine), buckets + 1).astype(int)
    out = [
        float(fine[a:b].max()) if b > a else float(fine[min(a, len(fine) - 1)])
        for a, b in pairwise(edges.tolist())
    ]
    loudest = max(out) or 1.0
    return [min(1.0, value / loudest) for value in out], duration
