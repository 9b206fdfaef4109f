"""Speech to text with faster-whisper on the CPU (int8), with voice-activity filtering.

The model is a Whisper *size name* (``tiny``, ``base``, ``small``...), downloaded once into
``<data dir>/models/whisper/<name>/`` with progress, or the path of a local CTranslate2
model folder (as produced by faster-whisper's converter, or copied from another machine).

Default ``tiny`` (multilingual): on a 2-core laptop it transcribes well over 10x faster
than real time; ``base`` is more accurate at about half that speed (see README).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ModelLoadError, ModelUnavailableError, reasoned
from ..reasons import Reason, ReasonCode
from .download import (
    DownloadError,
    DownloadNotFoundError,
    DownloadProgress,
    download,
    remote_sha256,
    unreachable_reason,
)

if TYPE_CHECKING:  # the window reads this module's sources and names, never NumPy
    import numpy as np

log = logging.getLogger(__name__)

REQUIRED_FILES = ("config.json", "model.bin", "tokenizer.json")
OPTIONAL_FILES = ("vocabulary.txt", "vocabulary.json", "preprocessor_config.json")
COMPLETE_MARKER = ".complete"


@dataclass(frozen=True)
class WhisperSource:
    name: str
    directory: Path
    repo: str | None
    """The Hugging Face repository a size name is downloaded from; None for a local folder."""

    @property
    def label(self) -> str:
        return f"Whisper {self.name}" if self.repo else f"Whisper model in {self.directory}"

    @property
    def present(self) -> bool:
        if not all((self.directory / f).is_file() for f in REQUIRED_FILES):
            return False
        return self.repo is None or (self.directory / COMPLETE_MARKER).is_file()


def resolve_whisper_source(choice: str, models_dir: Path) -> WhisperSource:
    """A size name or a model folder; raises a one-line error for anything else."""
    from faster_whisper.utils import _MODELS  # the size -> repository table

    if choice in _MODELS:
        return WhisperSource(choice, models_dir / "whisper" / choice, _MODELS[choice])
    folder = Path(choice).expanduser().absolute()
    if folder.is_dir():
        if not (folder / "model.bin").is_file():
            raise reasoned(ModelUnavailableError, ReasonCode.WHISPER_NO_MODEL_BIN, folder=folder)
        return WhisperSource(folder.name, folder, None)
    raise reasoned(
        ModelUnavailableError,
        ReasonCode.WHISPER_UNKNOWN,
        name=choice,
        sizes=", ".join(sorted(_MODELS)),
    )


@dataclass(frozen=True)
class SpokenLine:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class Transcript:
    lines: list[SpokenLine]
    language: str


class SpeechModel:
    """A loaded Whisper model; :meth:`transcribe` takes 16 kHz mono float32 samples."""

    def __init__(self, model: Any, source: WhisperSource) -> None:
        self._model = model
        self.source = source
        self.multilingual = bool(getattr(model, "model", None) and model.model.is_multilingual)

    def check_language(self, language: str | None) -> None:
        """Refuse, in one line, a fixed language this model cannot transcribe."""
        if language is None:
            return
        known = self._model.supported_languages
        if language not in known:
            if not self.multilingual:
                why = Reason.of(
                    ReasonCode.SPEECH_ENGLISH_ONLY, model=self.source.label, language=language
                )
            else:
                why = Reason.of(ReasonCode.SPEECH_LANGUAGE_UNKNOWN, language=language)
            raise ModelUnavailableError(str(why), why=why)

    def transcribe(self, samples: np.ndarray, *, language: str | None) -> Transcript:
        lines, found = self.stream(samples, language=language)
        return Transcript(list(lines), found)

    def stream(
        self, samples: np.ndarray, *, language: str | None
    ) -> tuple[Iterator[SpokenLine], str]:
        """The lines as Whisper decodes them (a window of up to 30 s of speech at a time),
        and the language: a caller can stop between two lines instead of after the whole
        buffer (how indexing stops within a second or two)."""
        segments, info = self._model.transcribe(
            samples,
            language=language if self.multilingual else "en",
            vad_filter=True,
            beam_size=1,  # greedy: about twice as fast as beam 5, barely worse on tiny
            condition_on_previous_text=False,  # no runaway repetitions across windows
        )
        lines = (
            SpokenLine(float(s.start), float(s.end), s.text.strip())
            for s in segments
            if s.text.strip()
        )
        return lines, info.language or language or "en"


def load_speech_model(
    source: WhisperSource,
    *,
    offline: bool,
    threads: int,
    on_download: Callable[[DownloadProgress], None] | None = None,
) -> SpeechModel:
    if not source.present:
        fetch_whisper(source, offline=offline, on_download=on_download)
    from faster_whisper import WhisperModel

    try:
        model = WhisperModel(
            str(source.directory), device="cpu", compute_type="int8", cpu_threads=threads
        )
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise reasoned(
            ModelLoadError,
            ReasonCode.WHISPER_LOAD_FAILED,
            model=source.label,
            folder=source.directory,
            detail=reason,
        ) from exc
    return SpeechModel(model, source)


def fetch_whisper(
    source: WhisperSource,
    *,
    offline: bool,
    on_download: Callable[[DownloadProgress], None] | None,
) -> None:
    if source.repo is None:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.WHISPER_LACKS_FILES,
            model=source.label,
            folder=source.directory,
        )
    page = f"https://huggingface.co/{source.repo}"
    base = f"{page}/resolve/main"
    how_to = Reason.of(
        ReasonCode.WHISPER_HOW_TO, page=page, files=", ".join(REQUIRED_FILES), name=source.name
    )
    if offline:
        why = Reason.of(
            ReasonCode.WHISPER_OFFLINE, how_to, model=source.label, folder=source.directory
        )
        raise ModelUnavailableError(str(why), why=why)
    reason = unreachable_reason(base)
    if reason is not None:
        why = Reason.of(
            ReasonCode.WHISPER_UNREACHABLE,
            how_to,
            model=source.label,
            folder=source.directory,
            detail=reason,
        )
        raise ModelUnavailableError(str(why), why=why)
    try:
        for name in REQUIRED_FILES + OPTIONAL_FILES:
            target = source.directory / name
            if target.is_file():
                continue
            try:
                url = f"{base}/{name}"
                download(
                    url,
                    target,
                    label=f"{source.label} {name}",
                    on_progress=on_download,
                    sha256=remote_sha256(url) if name == "model.bin" else None,
                )
            except DownloadNotFoundError:
                if name in REQUIRED_FILES:
                    raise
    except DownloadError as exc:
        raise reasoned(
            ModelUnavailableError, ReasonCode.DOWNLOAD_HOW_TO, exc.why, how_to=how_to
        ) from exc
    (source.directory / COMPLETE_MARKER).write_text("ok\n")
