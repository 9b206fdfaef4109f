"""What indexing and search need of a CLIP model, without importing torch.

:class:`~mediasift.core.models.clip.ClipEncoder` (torch and open_clip) and the ONNX Runtime
encoder both satisfy it; the indexer, its phases and the searcher are written against
this protocol only, so neither they nor the window have to import torch to type-check or
to run on another runtime.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image


class Encoder(Protocol):
    """Images and texts to unit vectors in one shared space."""

    model_id: str
    """Which model made a vector (see :class:`~mediasift.core.models.clip_source.ClipSource`):
    vectors of different models are never compared."""
    dim: int
    image_size: int
    """The side the model's input is cropped to (photos are decoded no smaller)."""

    def preprocess(self, image: Image.Image) -> Any:
        """Pixels to the model's input; safe to call from decode threads."""
        ...

    def encode_images(self, batch: Sequence[Any]) -> np.ndarray:
        """Preprocessed images to L2-normalised float32 rows."""
        ...

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        """Texts to L2-normalised float32 rows."""
        ...
