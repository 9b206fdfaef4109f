"""RapidOCR's three PP-OCR models on ONNX Runtime, built offline and quietly.

The rapidocr wheel carries its models (PP-OCRv6 small detection and recognition, Chinese
and English in one vocabulary, and a 0/180 degree line classifier) in ``rapidocr/models/``.
Asked for a model by *name*, rapidocr checks the file's SHA-256 and downloads it when it is
missing or differs; given a *path* it only opens the file. So every model is named here by
its path in the wheel: a missing file is a one-line :class:`TextReaderUnavailable`, never a
download.

The recogniser is MediaSift's int8 copy of the wheel's (``resources/models/``, made by
packaging/quantize_text_recogniser.py without the softmax at its end, its GELUs and output
layer fused after quantisation: less than half the CPU for the same words), used only
while the wheel still ships the very model it was made from (its SHA-256, checked once a
process); otherwise, or asked for ``fp32``, the wheel's own, its softmax cut when it is
loaded. MediaSift feeds and decodes it (:mod:`.line_recogniser`).

rapidocr logs through its own ``RapidOCR`` logger with a console handler of its own (info
lines on every model load); it is set to CRITICAL so the CLI's output stays ours.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import MediaSiftError, interrupt_behind
from ..resources import resources_dir
from .download import file_sha256
from .line_recogniser import LineRecogniser, logits_model

DETECTOR_FILE = "PP-OCRv6_det_small.onnx"
RECOGNISER_FILE = "PP-OCRv6_rec_small.onnx"
CLASSIFIER_FILE = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
INT8_RECOGNISER_FILE = "PP-OCRv6_rec_small.int8.onnx"
INT8_MANIFEST_FILE = "PP-OCRv6_rec_small.int8.json"
REINSTALL = "reinstall it with: pip install --force-reinstall rapidocr"

Precision = Literal["auto", "fp32"]
"""``auto``: the int8 recogniser where it matches the installed model, ``fp32``: never."""

log = logging.getLogger(__name__)


class TextReaderUnavailable(MediaSiftError):
    """Text cannot be read: rapidocr, its models or ONNX Runtime are missing or broken."""


@dataclass(frozen=True)
class OcrModels:
    """rapidocr's detector and line classifier (each wraps one ONNX session) and the
    recogniser, which MediaSift feeds and decodes itself (:mod:`.line_recogniser`)."""

    detector: Any
    classifier: Any
    recogniser: LineRecogniser
    recogniser_file: Path
    """The recogniser's model file: the wheel's, or MediaSift's int8 copy of it."""
    lines_at_once: int
    """How many lines the recogniser reads at the same time, each on one thread of its
    session: a line is too small a job to share between threads (one thread per line
    measured 12 % less CPU than two threads on each line), and ONNX Runtime runs one
    session from several threads."""


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


def load_models(
    threads: int | None, models: Path | None = None, precision: Precision = "auto"
) -> OcrModels:
    """The three models from ``models`` (default: the wheel's), each session on ``threads``
    CPU threads (None: ONNX Runtime's choice, one per core); one load at a time."""
    with _LOADING:
        return _load_models(threads, models, precision)


def int8_recogniser(fp32_file: Path) -> Path | None:
    """MediaSift's int8 recogniser if it was made from ``fp32_file`` as it is now, else
    None (another rapidocr, whose model it was not calibrated for, or no int8 file)."""
    try:
        folder = resources_dir() / "models"
        manifest = json.loads((folder / INT8_MANIFEST_FILE).read_text(encoding="utf-8"))
        int8_file = folder / manifest["model"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.info("the int8 text recogniser is not available (%s)", exc)
        return None
    if not int8_file.is_file() or _made_from(fp32_file) != manifest.get("made_from_sha256"):
        log.info("the int8 text recogniser was not made from %s; reading with that one", fp32_file)
        return None
    return int8_file


@functools.cache
def _made_from(fp32_file: Path) -> str:
    """The recogniser's SHA-256, once a process (about 30 ms for its 21 MB)."""
    return file_sha256(fp32_file)


def _load_models(threads: int | None, models: Path | None, precision: Precision) -> OcrModels:
    folder = models if models is not None else model_dir()
    paths = [folder / name for name in (DETECTOR_FILE, CLASSIFIER_FILE, RECOGNISER_FILE)]
    for path in paths:
        if not path.is_file():
            raise TextReaderUnavailable(f"rapidocr's model file {path} is missing; {REINSTALL}")
    int8 = int8_recogniser(paths[2]) if precision == "auto" else None
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    try:
        import onnxruntime
        from omegaconf import flag_override

        # Not `from rapidocr import RapidOCR`: that goes through rapidocr's lazy
        # __getattr__, and Python turns any AttributeError there into "cannot import name",
        # dropping what it hid (a Ctrl+C, see _raise_interrupt_behind).
        RapidOCR = importlib.import_module("rapidocr.main").RapidOCR
    except Exception as exc:  # ImportError, or any library of its failing to load
        _raise_interrupt_behind(exc)
        raise TextReaderUnavailable(
            f"rapidocr cannot be imported ({_one_line(exc)}); {REINSTALL}"
        ) from exc
    try:
        lines_at_once = threads if threads is not None else (os.cpu_count() or 1)
        sessions = [
            _session(onnxruntime, paths[0], threads),
            _session(onnxruntime, paths[1], threads),
            # lines are read side by side, each on one thread (text_recognition.py)
            # the int8 model is made without the softmax the reader leaves out
            # (line_recogniser.py): opened as it is, it costs neither the onnx library nor
            # a copy of the model in memory
            _session(onnxruntime, int8 or logits_model(paths[2]), 1),
        ]
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
            # rapidocr's recogniser is built only for its vocabulary (read from the model)
            recogniser=LineRecogniser(
                sessions[2], engine._load_rec_model().postprocess_op.character
            ),
            recogniser_file=int8 or paths[2],
            lines_at_once=max(1, lines_at_once),
        )
    except Exception as exc:  # onnxruntime refusing a damaged file, a config error
        _raise_interrupt_behind(exc)
        raise TextReaderUnavailable(
            f"rapidocr's models cannot be loaded ({_one_line(exc)}); {REINSTALL}"
        ) from exc
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return built


def _session(onnxruntime: Any, model: Path | bytes, threads: int | None) -> Any:
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
        model if isinstance(model, bytes) else str(model),
        sess_options=options,
        providers=["CPUExecutionProvider"],
    )


def _raise_interrupt_behind(exc: Exception) -> None:
    """A Ctrl+C that ``exc`` hides (OmegaConf's clean-up failing under it) stops the
    command, rather than reading as "rapidocr cannot be imported"."""
    interrupt = interrupt_behind(exc)
    if interrupt is not None:
        raise interrupt from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
