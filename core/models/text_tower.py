"""A CLIP model's Hugging Face text tower, kept beside its weights so it loads offline.

open_clip builds some text towers (the multilingual ``xlm-roberta-base-ViT-B-32``) from a
Hugging Face model named in the architecture's config (``text_cfg.hf_model_name`` and
``hf_tokenizer_name``): the tower's ``config.json`` and its tokenizer are read from the hub
at every load, so such a model would not work offline even once downloaded. Here those
files are fetched with the weights into ``<tag dir>/text/`` (same machinery: progress,
resume, the hub's checksum where it gives one, the one-line offline error), and a load
points open_clip at that folder instead of the hub (:func:`local_text_cfg`).

The weights file already holds the tower's parameters (open_clip saves the whole model),
so only the configuration and the tokenizer are needed: for XLM-RoBERTa that is
``config.json`` (what ``transformers`` builds the tower from) and ``tokenizer.json`` (what
its fast tokenizer reads); the other files are fetched when the hub has them.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ..reasons import Reason, ReasonCode
from .download import (
    DownloadError,
    DownloadNotFoundError,
    DownloadProgress,
    download,
    remote_sha256,
)

TEXT_DIR = "text"
"""The text tower's folder inside a model's tag dir."""
HUB_URL = "https://huggingface.co"
"""Where the hub's files are fetched from (tests point it at a local server)."""
REQUIRED_FILES = ("config.json", "tokenizer.json")
OPTIONAL_FILES = ("tokenizer_config.json", "special_tokens_map.json", "sentencepiece.bpe.model")
"""Fetched when the hub has them (XLM-RoBERTa's repository has no tokenizer_config.json);
``transformers`` reads them when present, and they travel with an exported set."""
HUB_REPOS = {"xlm-roberta-base": "FacebookAI/xlm-roberta-base"}
"""Hub repositories that moved: the old name redirects, but a redirect hides the checksum
the hub publishes for a large file, so the current name is asked directly."""
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def hf_text_name(model_cfg: dict) -> str | None:
    """The Hugging Face model an open_clip model config builds its text tower from."""
    text_cfg = model_cfg.get("text_cfg") or {}
    name = text_cfg.get("hf_model_name") or text_cfg.get("hf_tokenizer_name")
    return str(name) if name else None


def local_text_cfg(model_cfg: dict, folder: Path) -> dict:
    """A copy of ``model_cfg['text_cfg']`` that reads the tower and tokenizer from ``folder``."""
    text_cfg = copy.deepcopy(model_cfg.get("text_cfg") or {})
    text_cfg["hf_model_name"] = str(folder)
    text_cfg["hf_tokenizer_name"] = str(folder)
    # the weights file holds the tower's parameters; this override replaces the text_cfg
    # in which open_clip would record that, so it is said here
    text_cfg["hf_model_pretrained"] = False
    return text_cfg


def hub_file_url(repo: str, filename: str) -> str:
    """The URL of a file in a hub repository (read at call time: tests move the hub)."""
    return f"{HUB_URL}/{repo}/resolve/main/{filename}"


def text_file_urls(hf_name: str) -> list[tuple[str, str, bool]]:
    """(file name, URL, required) of every text-tower file to fetch for ``hf_name``."""
    repo = HUB_REPOS.get(hf_name, hf_name)
    files = [(name, True) for name in REQUIRED_FILES] + [(name, False) for name in OPTIONAL_FILES]
    return [(name, hub_file_url(repo, name), required) for name, required in files]


def fetch_text_tower(
    hf_name: str,
    folder: Path,
    *,
    label: str,
    on_download: Callable[[DownloadProgress], None] | None = None,
) -> Path:
    """Download the text tower's files missing from ``folder``; raises DownloadError."""
    for name, url, required in text_file_urls(hf_name):
        target = folder / name
        if target.is_file():
            continue
        try:
            download(
                url,
                target,
                label=f"{label} {name}",
                on_progress=on_download,
                sha256=remote_sha256(url),
            )
        except DownloadNotFoundError:
            if required:
                raise
    problem = text_tower_problem(folder)
    if problem is not None:
        why = Reason.of(ReasonCode.TEXT_TOWER_UNUSABLE, problem, model=label, hub=HUB_URL)
        raise DownloadError(why)
    return folder


def text_tower_problem(folder: Path) -> Reason | None:
    """Why ``folder`` is not a usable text tower (``str()``: one line), or None when it is:
    every required file present, the JSON files parseable, the tokenizer readable."""
    if not folder.is_dir():
        return Reason.of(ReasonCode.NO_TEXT_TOWER, folder=f"{folder.name}/")
    missing = [f"{folder.name}/{name}" for name in REQUIRED_FILES if not (folder / name).is_file()]
    if len(missing) == 1:
        return Reason.of(ReasonCode.TEXT_FILE_MISSING, file=missing[0])
    if missing:
        return Reason.of(ReasonCode.TEXT_FILES_MISSING, files=", ".join(missing))
    for path in sorted(folder.glob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            file = f"{folder.name}/{path.name}"
            return Reason.of(ReasonCode.TEXT_FILE_NOT_JSON, file=file, detail=exc)
    try:
        from tokenizers import Tokenizer

        Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # the Rust library's errors have no common Python base
        file = f"{folder.name}/tokenizer.json"
        return Reason.of(ReasonCode.NOT_A_TOKENIZER, file=file, detail=str(exc)[:200])
    return None


@contextlib.contextmanager
def hub_offline() -> Iterator[None]:
    """Hugging Face's libraries told not to use the network while a local tower loads or a
    file is checked (a path never needs it; this makes an unexpected lookup fail at once).

    huggingface_hub reads its offline switch from the environment once, when it is first
    imported (open_clip imports it), so its constant is set too: with the environment
    alone a lookup retried for ~46 s on a machine without network."""
    import sys

    saved = {key: os.environ.get(key) for key in OFFLINE_ENV}
    os.environ.update(OFFLINE_ENV)
    hub = sys.modules.get("huggingface_hub.constants")
    hub_saved = getattr(hub, "HF_HUB_OFFLINE", None)
    if hub is not None:
        hub.HF_HUB_OFFLINE = True
    try:
        yield
    finally:
        if hub is not None:
            hub.HF_HUB_OFFLINE = hub_saved
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
