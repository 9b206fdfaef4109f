"""Settings: one frozen value built once by a composition root and passed down explicitly.

Nothing in ``core`` reads environment variables or global state on its own; the CLI and
the desktop app call :func:`resolve_settings` with what the user typed and the process
environment, and hand the result to :class:`~mediasift.core.library.Library`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

DEFAULT_CLIP_MODEL = "ViT-B-32"
DEFAULT_CLIP_WEIGHTS = "laion2b_s34b_b79k"
DEFAULT_WHISPER_MODEL = "tiny"

ENV_DATA_DIR = "MEDIASIFT_DATA_DIR"
ENV_CLIP_MODEL = "MEDIASIFT_CLIP_MODEL"
ENV_CLIP_WEIGHTS = "MEDIASIFT_CLIP_WEIGHTS"
ENV_WHISPER_MODEL = "MEDIASIFT_WHISPER_MODEL"
ENV_OFFLINE = "MEDIASIFT_OFFLINE"
ENV_THREADS = "MEDIASIFT_THREADS"
ENV_READ_TEXT = "MEDIASIFT_READ_TEXT"
ENV_SPEECH_LANGUAGE = "MEDIASIFT_SPEECH_LANGUAGE"


@dataclass(frozen=True)
class ClipChoice:
    """Which CLIP model to use.

    ``model`` is an open_clip architecture name (``ViT-B-32``) or the path of an open_clip
    model-config JSON file. ``weights`` is a local checkpoint file or an open_clip pretrained
    tag (downloaded once into the data dir); ``None`` means the default tag of the default
    model, or random weights are refused for anything else.
    """

    model: str = DEFAULT_CLIP_MODEL
    weights: str | None = DEFAULT_CLIP_WEIGHTS

    def to_json(self) -> str:
        """As stored beside a model's vectors, to load that model again (search keeps
        using an older model until a new one has embedded the whole library)."""
        return json.dumps({"model": self.model, "weights": self.weights})

    @classmethod
    def from_json(cls, text: str) -> ClipChoice:
        data = json.loads(text)
        return cls(data["model"], data["weights"])


@dataclass(frozen=True)
class Settings:
    """Everything the engine needs to know about where and how to work."""

    data_dir: Path
    clip: ClipChoice = ClipChoice()
    clip_is_explicit: bool = False
    """True when the user named the CLIP model for this run (flag or environment)."""
    whisper_model: str = DEFAULT_WHISPER_MODEL
    """A Whisper size name (downloaded on first use) or a CTranslate2 model folder."""
    offline: bool = False
    """Never touch the network, even to download a missing model."""
    threads: int = max(1, os.cpu_count() or 1)
    decode_workers: int = max(1, min(4, os.cpu_count() or 1))
    batch_size: int = 16
    read_text: bool = True
    """Read the text in photos and video frames (a phase of its own, after the pictures)."""
    speech_language: str | None = None
    """The language every recording is spoken in (a Whisper code: ``zh``, ``en``...); None:
    detected per file."""

    @property
    def database_path(self) -> Path:
        return self.data_dir / "library.db"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def thumbnails_dir(self) -> Path:
        return self.data_dir / "thumbnails"


def default_data_dir() -> Path:
    """The per-user data folder of the platform (``~/.local/share/mediasift`` on Linux)."""
    return platformdirs.user_data_path("mediasift", appauthor=False)


def resolve_settings(
    env: Mapping[str, str],
    *,
    data_dir: str | None = None,
    clip_model: str | None = None,
    clip_weights: str | None = None,
    whisper_model: str | None = None,
    offline: bool | None = None,
    threads: int | None = None,
    read_text: bool | None = None,
    speech_language: str | None = None,
) -> Settings:
    """Combine command-line values (first), environment variables, then defaults."""
    chosen_dir = data_dir or env.get(ENV_DATA_DIR) or None
    model = clip_model or env.get(ENV_CLIP_MODEL) or None
    weights = clip_weights or env.get(ENV_CLIP_WEIGHTS) or None
    explicit = model is not None or weights is not None
    if model is None:
        model = DEFAULT_CLIP_MODEL
    if weights is None and model == DEFAULT_CLIP_MODEL:
        weights = DEFAULT_CLIP_WEIGHTS
    if offline is None:
        offline = env.get(ENV_OFFLINE, "").strip().lower() in {"1", "true", "yes", "on"}
    if read_text is None:
        read_text = env.get(ENV_READ_TEXT, "").strip().lower() not in {"0", "false", "no", "off"}
    language = (speech_language or env.get(ENV_SPEECH_LANGUAGE, "")).strip().lower()
    if threads is None and env.get(ENV_THREADS, "").strip().isdigit():
        threads = int(env[ENV_THREADS])
    settings = Settings(
        data_dir=Path(chosen_dir).expanduser().absolute() if chosen_dir else default_data_dir(),
        clip=ClipChoice(model=model, weights=weights),
        clip_is_explicit=explicit,
        whisper_model=whisper_model or env.get(ENV_WHISPER_MODEL) or DEFAULT_WHISPER_MODEL,
        offline=offline,
        read_text=read_text,
        speech_language=None if language in {"", "auto"} else language,
    )
    if threads:
        settings = replace(settings, threads=threads, decode_workers=max(1, min(4, threads)))
    return settings
