"""The encoders on ONNX Runtime: a model's exported towers, without torch or open_clip.

Importing torch and open_clip costs seconds and about half a gigabyte before the first
word is encoded; ``import onnxruntime`` costs a fifth of a second. These encoders answer
queries, and index, from an export (:mod:`onnx_manifest`, made by :mod:`onnx_export`) with the same
numbers as :class:`~mediasift.core.models.clip.ClipEncoder` (cosine distance within 1e-5,
``tests/core/test_onnx_parity.py``): the tokenizer and the image transform are exact ports
(:mod:`clip_tokenizer`, :mod:`clip_preprocess`), the towers are open_clip's own graphs.
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
    """What search needs of a model (``QueryEncoder``), on an export's ONNX files.

    The text tower is opened at once (a typed query should not wait for it); the image
    tower on the first example image only: typed queries never pay for it.
    """

    OPEN_TEXT_AT_ONCE = True

    def __init__(self, folder: Path, manifest: dict[str, Any], *, threads: int) -> None:
        self.folder = folder
        self.model_id: str = manifest["key"]["model_id"]
        self.label: str = manifest.get("label", self.model_id)
        self.dim = int(manifest["embed_dim"])
        self._preprocess = ClipPreprocess(PreprocessConfig.from_dict(manifest["preprocess"]))
        self.image_size = int(min(self._preprocess.config.size))
        self._tokenizer = load_tokenizer(manifest["tokenizer"], folder)
        self._threads = threads
        self._paths = {
            "text": folder / manifest["text"]["file"],
            "image": folder / manifest["image"]["file"],
        }
        self._sessions: dict[str, ort.InferenceSession] = {}
        self._lock = threading.Lock()
        if self.OPEN_TEXT_AT_ONCE:
            self._session("text")

    def preprocess(self, image: Image.Image) -> np.ndarray:
        """Pixels to the model's input array; safe to call from decode threads."""
        return self._preprocess(image)

    def encode_images(self, batch: Sequence[np.ndarray]) -> np.ndarray:
        pixels = np.ascontiguousarray(np.stack(list(batch)), dtype=np.float32)
        return self._run(self._session("image"), pixels)

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self._run(self._session("text"), self._tokenizer(list(texts)))

    def tokenize(self, texts: Sequence[str]) -> np.ndarray:
        return self._tokenizer(list(texts))

    def _session(self, tower: str) -> ort.InferenceSession:
        with self._lock:
            if tower not in self._sessions:
                self._sessions[tower] = make_session(self._paths[tower], self._threads)
            return self._sessions[tower]

    @staticmethod
    def _run(session: ort.InferenceSession, array: np.ndarray) -> np.ndarray:
        name = session.get_inputs()[0].name
        (features,) = session.run(None, {name: array})
        return np.ascontiguousarray(features, dtype=np.float32)


class OnnxIndexEncoder(OnnxQueryEncoder):
    """The same towers for indexing (the ``Encoder`` protocol), used instead of torch once
    the model's export is there: on this project's 2-core machine ONNX Runtime encoded
    ViT-B-32 photos about twice as fast as torch with another program busy, and faster
    in every sample taken (bench/bench_instant.py, "image"), at a cosine distance of 5e-13,
    in half the memory, and without torch's seconds of import. Both towers are opened on
    first use (photos need only the image tower). A class of its own so that what indexing
    encodes can be told from what queries encode."""

    OPEN_TEXT_AT_ONCE = False
