"""How well a result matches, in words and as a strength from 0 to 1, never a raw score.

Search scores are calibrated z-scores (core/search/calibration.py): about 0 is a typical
item of the library, 4 and more stands well out, and a full-text line holding the whole
query scores 6. A negative number means nothing to a person, so the app shows a cue.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

STRONG = 4.0
GOOD = 2.0
FULL = 6.0


def strength(score: float) -> float:
    """0 (no better than a typical item) to 1 (as strong as a whole-query line)."""
    return min(1.0, max(0.0, score / FULL))


def label(score: float) -> str:
    if score >= STRONG:
        return QCoreApplication.translate("Relevance", "Strong match")
    if score >= GOOD:
        return QCoreApplication.translate("Relevance", "Good match")
    return QCoreApplication.translate("Relevance", "Weak match")
