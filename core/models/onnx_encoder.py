"""The query encoder on ONNX Runtime: a model's exported towers, without torch or open_clip.

Importing torch and open_clip costs seconds and about half a gigabyte before the first
word is encoded; ``import onnxruntime`` costs a fifth of a second. This encoder answers
queries from an export (:mod:`onnx_manifest`, made by :mod:`onnx_export`) with the same
numbers as :class:`~mediasift.core.models.clip.ClipEncoder` (cosine distance within 1e-5,
``tests/core/test_onnx_parity.py``): the tokenizer and the image transform are exact ports
(:mod:`clip_tokenizer`, :mod:`clip_preprocess`), the towers are open_clip's own graphs.
The image tower is loaded on the first example image only: typed queries never pay for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from PIL import Image

from .clip_preprocess import ClipPreprocess, PreprocessConfig
from .clip_tokenizer import load_tokenizer


def make_session(path: Path, threads: int, *, spinning: bool = False) -> ort.InferenceSession:
    """A CPU session on at most ``threads`` threads (the user's setting), one op at a time.

    Its threads sleep between ops instead of spinning: a query comes now and then, and on a
    busy 2-core machine spinning threads fight the other work (ViT-B-32's text tower took
    135 ms a query spinning, 80 ms not, with the second core taken; bench_query_start.py).
    ``spinning=True`` is for measuring batch throughput (bench/bench_instant.py, "image").
    """
    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    options.log_severity_level = 3  # warnings about unused initialisers are not the user's
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class OnnxQueryEncoder:
    """What search needs of a model (``QueryEncoder``), on an export's ONNX files."""

    def __init__(self, folder: Path, manifest: dict[str, Any], *, threads: int) -> None:
        self.folder = folder
        self.model_id: str = manifest["key"]["model_id"]
        self.label: str = manifest.get("label", self.model_id)
        self.dim = int(manifest["embed_dim"])
        self._preprocess = ClipPreprocess(PreprocessConfig.from_dict(manifest["preprocess"]))
        self.image_size = int(min(self._preprocess.config.size))
        self._tokenizer = load_tokenizer(manifest["tokenizer"], folder)
        self._threads = threads
        self._text = make_session(folder / manifest["text"]["file"], threads)
        self._image_path = folder / manifest["image"]["file"]
        self._image: ort.InferenceSession | None = None
        self._image_lock = threading.Lock()

    def preprocess(self, image: Image.Image) -> np.ndarray:
        """Pixels to the model's input array; safe to call from decode threads."""
        return self._preprocess(image)

    def encode_images(self, batch: Sequence[np.ndarray]) -> np.ndarray:
        pixels = np.ascontiguousarray(np.stack(list(batch)), dtype=np.float32)
        return self._run(self._image_session(), pixels)

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(self._text, self._tokenizer(list(texts)))

    def tokenize(self, texts: Sequence[str]) -> np.ndarray:
        return self._tokenizer(list(texts))

    def _image_session(self) -> ort.InferenceSession:
        with self._image_lock:
            if self._image is None:
                self._image = make_session(self._image_path, self._threads)
            return self._image

    @staticmethod
    def _run(session: ort.InferenceSession, array: np.ndarray) -> np.ndarray:
        name = session.get_inputs()[0].name
        (features,) = session.run(None, {name: array})
        return np.ascontiguousarray(features, dtype=np.float32)
