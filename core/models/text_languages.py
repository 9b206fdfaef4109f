"""Which languages a CLIP model's text side understands, without loading it.

A description typed in a language the text tower never learned returns noise that looks
like results (open_clip's published figures: the default ViT-B-32 finds the right photo
for 2% of Chinese captions, against 64% of English ones). Search warns instead
(:mod:`..search.query_language`), so it must know, cheaply and before any model loads,
what the model in use understands:

* a catalog model: its entry says (:attr:`CatalogEntry.languages`);
* anything else (an open_clip architecture with a checkpoint file, a model-config JSON):
  its open_clip config decides, by the text tower it names (:func:`config_languages`).

The config rule reads names, never the tokenizer's vocabulary. A vocabulary shows which
characters a tokenizer can split, not what the tower was trained on: CLIP's byte-level
BPE splits any script (Chinese falls apart into byte pieces), yet every model built on it
was trained on English captions; and reading a 17 MB ``tokenizer.json`` would cost each
query process ~100 ms. What is not recognised stays unknown, and unknown claims nothing:
better no warning than a wrong one.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .catalog import ENGLISH, MULTILINGUAL, find_entry
from .clip_source import ClipSource

MULTILINGUAL_MARKS = (
    "xlm",  # XLM / XLM-RoBERTa (CC-100, 100 languages): open_clip's laion5b towers
    "mt5",  # multilingual T5 (mC4, 101 languages), umt5 too
    "m2m100",  # NLLB-200's model_type: NLLB-CLIP
    "nllb",
    "mbart",
    "labse",
    "multilingual",  # bert-base-multilingual-cased and the like
    "i18n",  # SigLIP i18n (WebLI, 100+ languages)
    "siglip2",  # SigLIP 2 (multilingual WebLI, Gemma's tokenizer)
)
"""Marks, in a text tower's name, model type or tokenizer class (lower case, no ``-``/``_``),
of a tower trained on many languages."""
CHINESE_MARKS = ("chinese",)
"""Chinese-only towers (``hfl/chinese-roberta-wwm-ext``, Chinese-CLIP's ``chinese_clip``)."""

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean"}


def understands(languages: tuple[str, ...], candidates: Iterable[str]) -> bool | None:
    """Whether a text side knowing ``languages`` reads text in any of ``candidates``
    (ISO 639 codes); None when its languages are not known."""
    if not languages:
        return None
    return MULTILINGUAL[0] in languages or any(code in languages for code in candidates)


def languages_label(languages: tuple[str, ...]) -> str:
    """``English only``, ``Chinese, English and ~100 more``: for the Models page and notes."""
    if not languages:
        return "not known"
    if MULTILINGUAL[0] in languages:
        return "Chinese, English and ~100 more languages"
    names = [LANGUAGE_NAMES.get(code, code) for code in languages]
    return f"{names[0]} only" if len(names) == 1 else ", ".join(names)


def clip_languages(source: ClipSource) -> tuple[str, ...]:
    """The languages ``source``'s text side understands; empty when not known."""
    entry = find_entry(source.model_id)  # an architecture and tag: ``arch:tag``
    if entry is not None and entry.languages:
        return entry.languages
    config, base = _open_clip_config(source)
    if config is None:
        return ()
    return config_languages(config, source.arch, base)


def config_languages(
    config: dict[str, Any], name: str, base: Path | None = None
) -> tuple[str, ...]:
    """What an open_clip model config's text tower understands.

    No Hugging Face tokenizer (``text_cfg.hf_tokenizer_name``) and no SigLIP name: open_clip
    gives the model its own CLIP BPE tokenizer (``open_clip.get_tokenizer``), OpenAI's
    English vocabulary, and the tower is English. A Hugging Face tower is judged by its
    names (``hf_tokenizer_name``, ``hf_model_name``) or, for a local folder, by the model
    type and tokenizer class its ``config.json``/``tokenizer_config.json`` declare (a
    relative folder is looked for beside ``base``, the config's folder, too).
    """
    text_cfg = config.get("text_cfg")
    if not isinstance(text_cfg, dict):
        return ()
    names = [
        value
        for key in ("hf_tokenizer_name", "hf_model_name")
        if isinstance(value := text_cfg.get(key), str) and value
    ]
    if not names:
        return () if "siglip" in name.lower() else ENGLISH
    marks: list[str] = []
    for value in names:
        folder = _local_folder(value, base)
        marks.extend(_folder_marks(folder) if folder else [value])
    squashed = [mark.lower().replace("-", "").replace("_", "") for mark in marks]
    if any(sign in mark for mark in squashed for sign in MULTILINGUAL_MARKS):
        return MULTILINGUAL
    if any(sign in mark for mark in squashed for sign in CHINESE_MARKS):
        return ("zh",)
    return ()


def _local_folder(value: str, base: Path | None) -> Path | None:
    for candidate in (Path(value).expanduser(), *((base / value,) if base else ())):
        if candidate.is_dir():
            return candidate
    return None


def _folder_marks(folder: Path) -> list[str]:
    """A local Hugging Face folder's own names for what it holds (its path says nothing)."""
    marks: list[str] = []
    for file, keys in (
        ("config.json", ("model_type", "_name_or_path")),
        ("tokenizer_config.json", ("tokenizer_class", "name_or_path")),
    ):
        data = _read_json(folder / file)
        marks.extend(v for key in keys if isinstance(v := data.get(key), str) and v)
    return marks


def _open_clip_config(source: ClipSource) -> tuple[dict[str, Any] | None, Path | None]:
    """The model config: the user's JSON, or the one open_clip ships for the architecture
    (read from its package folder: importing open_clip would import torch)."""
    if source.config_path is not None:
        return _read_json(source.config_path) or None, source.config_path.parent
    spec = importlib.util.find_spec("open_clip")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "model_configs" / f"{source.arch}.json"
        if path.is_file():
            return _read_json(path) or None, None
    return None, None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
