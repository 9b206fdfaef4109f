"""RapidOCR's three PP-OCR models on ONNX Runtime, built offline and quietly.

The rapidocr wheel carries its models (PP-OCRv6 small detection and recognition, Chinese
and English in one vocabulary, and a 0/180 degree line classifier) in ``rapidocr/models/``.
Asked for a model by *name*, rapidocr checks the file's SHA-256 and downloads it when it is
missing or differs; given a *path* it only opens the file. So every model is named here by
its path in the wheel: a missing file is a one-line :class:`TextReaderUnavailable`, never a
download, and nothing is hashed on start.

rapidocr logs through its own ``RapidOCR`` logger with a console handler of its own (info
lines on every model load); it is set to CRITICAL so the CLI's output stays ours.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MediaSiftError

DETECTOR_FILE = "PP-OCRv6_det_small.onnx"
RECOGNISER_FILE = "PP-OCRv6_rec_small.onnx"
CLASSIFIER_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
REINSTALL = "reinstall it with: pip install --force-reinstall rapidocr"


class TextReaderUnavailable(MediaSiftError):
    """Text cannot be read: rapidocr, its models or ONNX Runtime are missing or broken."""


@dataclass(frozen=True)
class OcrModels:
    """rapidocr's detector, line classifier and recogniser (each wraps one ONNX session)."""

    detector: Any
    classifier: Any
    recogniser: Any


def model_dir() -> Path:
    """The folder of models inside the installed rapidocr package (found without importing
    it, so that a broken rapidocr is still named)."""
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.submodule_search_locations:
        raise TextReaderUnavailable(f"reading text needs the rapidocr package; {REINSTALL}")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


_LOADING = threading.Lock()
"""rapidocr builds its OmegaConf settings at import and at construction, and OmegaConf is
not thread-safe: two threads loading at once (``watch``: the index and a live change)
failed with "'NoneType' object has no attribute '_invalidate_flags_cache'"."""


def load_models(threads: int | None, models: Path | None = None) -> OcrModels:
    """The three models from ``models`` (default: the wheel's), each session on ``threads``
    CPU threads (None: ONNX Runtime's choice, one per core); one load at a time."""
    with _LOADING:
        return _load_models(threads, models)


def _load_models(threads: int | None, models: Path | None) -> OcrModels:
    folder = models if models is not None else model_dir()
    paths = [folder / name for name in (DETECTOR_FILE, CLASSIFIER_FILE, RECOGNISER_FILE)]
    for path in paths:
        if not path.is_file():
            raise TextReaderUnavailable(f"rapidocr's model file {path} is missing; {REINSTALL}")
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    try:
        import onnxruntime
        from omegaconf import flag_override
        from rapidocr import RapidOCR
    except Exception as exc:  # ImportError, or any library of its failing to load
        raise TextReaderUnavailable(
            f"rapidocr cannot be imported ({_one_line(exc)}); {REINSTALL}"
        ) from exc
    try:
        sessions = [_session(onnxruntime, path, threads) for path in paths]
        engine = RapidOCR(params={"Global.log_level": "critical"})
        # rapidocr takes a ready ONNX Runtime session per model (its "session" setting):
        # then it neither resolves a model by name (which may download) nor makes a
        # session with its own options.
        with flag_override(engine.cfg, "allow_objects", True):
            for section, session in zip(("Det", "Cls", "Rec"), sessions, strict=True):
                engine.cfg[section].session = session
        built = OcrModels(
            detector=engine._load_det_model(),
            classifier=engine._load_cls_model(),
            recogniser=engine._load_rec_model(),
        )
    except Exception as exc:  # onnxruntime refusing a damaged file, a config error
        raise TextReaderUnavailable(
            f"rapidocr's models cannot be loaded ({_one_line(exc)}); {REINSTALL}"
        ) from exc
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return built


def _session(onnxruntime: Any, path: Path, threads: int | None) -> Any:
    """A CPU session for one model. Every picture and every line has its own shape, so
    ONNX Runtime's per-shape memory plans (mem_pattern) are off: they kept each shape's
    buffers and the process grew by hundreds of MB over a few screenshots. Its arena is
    off too (rapidocr's choice), so a large picture's buffers go back when it is done.

    Idle threads sleep rather than spin: spinning keeps a core busy between the many small
    calls a picture makes (one per line), and on a machine with other work (the CLIP phase
    of another library, any other program) that cost the reader half its speed
    (bench/README.md, text in pictures: a 48 x 1600 line 492 ms spinning, 223 ms not, with
    four other processes busy)."""
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 4  # fatal only: nothing of ONNX Runtime on the console
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    options.enable_mem_pattern = False
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads is not None:
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(
        str(path), sess_options=options, providers=["CPUExecutionProvider"]
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
