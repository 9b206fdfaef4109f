"""The one line that refuses a file or folder as a model, wherever the check runs.

``models import``, the app's Models page and a ``--clip-weights`` file passed directly
all say it the same way: the path, the model it was given as, and what it holds instead.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelLoadError
from ..paths import display
from ..reasons import Reason, ReasonCode


class ModelRefused(ModelLoadError):
    """``path`` is not usable as ``what``; ``str()`` is one line that says why."""

    def __init__(self, path: Path, what: str, reason: str | Reason) -> None:
        shown = display(path)
        why = (
            Reason.of(ReasonCode.MODEL_REFUSED_BECAUSE, reason, path=shown, what=what)
            if isinstance(reason, Reason)
            else Reason.of(ReasonCode.MODEL_REFUSED, path=shown, what=what, detail=reason)
        )
        super().__init__(str(why), why=why)
