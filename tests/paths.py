"""Where the test data lives: the real photos and recordings that the tests and the
benchmarks start from.

A module of its own so that a benchmark worker can name these files without importing the
media kit (PyAV, NumPy), whose import would count in the peak RSS it measures.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
PHOTOS = DATA / "photos"
SPEECH = DATA / "speech"
