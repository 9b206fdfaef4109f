"""Text to CLIP token ids without torch or open_clip, identical to open_clip's tokenizers.

A query must not pay for importing torch (seconds) to turn a few words into 77 integers,
so the two tokenizers open_clip uses for the models we offer are reproduced here:

* :class:`ClipBpeTokenizer`, open_clip's ``SimpleTokenizer`` (OpenAI CLIP's byte-level BPE:
  ftfy, HTML unescaping, whitespace cleaning, lower case, ``<start_of_text>`` and
  ``<end_of_text>``, context 77, truncation that keeps the end token). A line-by-line port
  of open_clip's ``tokenizer.py``, itself copied from https://github.com/openai/CLIP
  (MIT License, Copyright (c) 2021 OpenAI; open_clip: MIT License, Copyright (c) 2012-2021
  Gabriel Ilharco, Mitchell Wortsman, Nicholas Carlini, Rohan Taori, Achal Dave, Vaishaal
  Shankar, John Miller, Hongseok Namkoong, Hannaneh Hajishirzi, Ali Farhadi, Ludwig
  Schmidt). A port rather than the ``tokenizers`` library's BPE: the merge loop, the
  special-token shortcut and the case-insensitive split pattern are then the same code, so
  "identical" holds by construction and is checked by test on many strings. The merges are
  read from the file the export writes next to the model (:func:`write_bpe_merges`).
* :class:`HfTokenizer`, open_clip's ``HFTokenizer`` (the multilingual model's XLM-RoBERTa
  tokenizer) in its standard mode: the ``tokenizers`` library on the ``tokenizer.json``
  the export saved from the model's own Hugging Face tokenizer, padded and truncated the
  way ``transformers`` asks it to.

Both return ``int64`` arrays of shape ``(len(texts), context_length)``, what the exported
text tower takes. :func:`load_tokenizer` builds either from the spec in an export's manifest.
"""

from __future__ import annotations

import gzip
import html
import itertools
import string
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import ftfy
import numpy as np
import regex

BPE_MERGES = 49152 - 256 - 2
"""How many merges of OpenAI's vocabulary file SimpleTokenizer reads."""
DEFAULT_CONTEXT_LENGTH = 77
SPECIAL_TOKENS = ("<start_of_text>", "<end_of_text>")


class TextTokenizer(Protocol):
    context_length: int

    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


# -- cleaning (open_clip.tokenizer's clean functions) -------------------------------------------


def basic_clean(text: str) -> str:
    text = ftfy.fix_text(text)
    text = html.unescape(html.unescape(text))
    return text.strip()


def whitespace_clean(text: str) -> str:
    return " ".join(text.split()).strip()


_NO_PUNCTUATION = str.maketrans("", "", string.punctuation)


def canonicalize_text(text: str) -> str:
    text = text.replace("_", " ").translate(_NO_PUNCTUATION).lower()
    return " ".join(text.split()).strip()


CLEANERS = {
    "lower": lambda text: whitespace_clean(basic_clean(text)).lower(),
    "whitespace": lambda text: whitespace_clean(basic_clean(text)),
    "canonicalize": lambda text: canonicalize_text(basic_clean(text)),
}


# -- OpenAI CLIP's BPE -------------------------------------------------------------------------


@lru_cache
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map of the 256 bytes onto printable characters."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs), strict=True))


def _pairs(word: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(word))


def read_bpe_merges(path: Path, count: int = BPE_MERGES) -> list[tuple[str, str]]:
    """The first ``count`` merges of an OpenAI-format file (a header line, then ``a b``)."""
    lines = gzip.decompress(Path(path).read_bytes()).decode("utf-8").split("\n")
    return [tuple(line.split()) for line in lines[1 : count + 1]]  # type: ignore[misc]


def write_bpe_merges(merges: Sequence[tuple[str, str]], path: Path) -> None:
    """Write ``merges`` in the format :func:`read_bpe_merges` reads (the export's copy)."""
    body = "#version: 0.2\n" + "\n".join(f"{a} {b}" for a, b in merges) + "\n"
    # mtime=0: the same merges always give the same bytes (and the same hash in the manifest)
    path.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))


class ClipBpeTokenizer:
    """open_clip's ``SimpleTokenizer`` (without the random "reduction" modes of training)."""

    def __init__(
        self,
        merges: Sequence[tuple[str, str]],
        *,
        context_length: int = DEFAULT_CONTEXT_LENGTH,
        clean: str = "lower",
        special_tokens: Sequence[str] = SPECIAL_TOKENS,
    ) -> None:
        if clean not in CLEANERS:
            raise ValueError(f"unknown text cleaning '{clean}'")
        self.byte_encoder = bytes_to_unicode()
        vocab = list(self.byte_encoder.values())
        vocab = vocab + [v + "</w>" for v in vocab]
        vocab.extend("".join(merge) for merge in merges)
        vocab.extend(special_tokens)
        self.encoder = {token: index for index, token in enumerate(vocab)}
        self.bpe_ranks = {tuple(merge): rank for rank, merge in enumerate(merges)}
        self.cache = {t: t for t in special_tokens}
        self.pat = regex.compile(
            "|".join(special_tokens)
            + r"""|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
            regex.IGNORECASE,
        )
        self.sot_token_id = self.encoder[special_tokens[0]]
        self.eot_token_id = self.encoder[special_tokens[1]]
        self.context_length = context_length
        self.clean = clean
        self._clean_fn = CLEANERS[clean]

    def bpe(self, token: str) -> str:
        if token in self.cache:
            return self.cache[token]
        word = (*token[:-1], token[-1] + "</w>")
        pairs = _pairs(word)
        if not pairs:
            return token + "</w>"
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word: list[str] = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                except ValueError:
                    new_word.extend(word[i:])
                    break
                new_word.extend(word[i:j])
                i = j
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = _pairs(word)
        joined = " ".join(word)
        self.cache[token] = joined
        return joined

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for token in regex.findall(self.pat, self._clean_fn(text)):
            mapped = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            ids.extend(self.encoder[piece] for piece in self.bpe(mapped).split(" "))
        return ids

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            texts = [texts]
        result = np.zeros((len(texts), self.context_length), dtype=np.int64)
        for row, text in enumerate(texts):
            tokens = [self.sot_token_id, *self.encode(text), self.eot_token_id]
            if len(tokens) > self.context_length:
                tokens = tokens[: self.context_length]
                tokens[-1] = self.eot_token_id
            result[row, : len(tokens)] = tokens
        return result


# -- Hugging Face tokenizers (the multilingual model) -------------------------------------------


class HfTokenizer:
    """open_clip's ``HFTokenizer`` in its standard mode, on the ``tokenizers`` library.

    ``transformers`` calls the same Rust tokenizer with ``padding="max_length"`` and
    ``truncation=True`` by setting exactly these two options on it; special tokens are
    added by the tokenizer's own post-processor and counted within ``max_length``.
    """

    def __init__(
        self,
        tokenizer_json: Path,
        *,
        context_length: int,
        pad_id: int,
        pad_token: str,
        clean: str = "whitespace",
        strip_sep_id: int | None = None,
        padding_side: str = "right",
        truncation_side: str = "right",
    ) -> None:
        from tokenizers import Tokenizer

        if clean not in CLEANERS:
            raise ValueError(f"unknown text cleaning '{clean}'")
        self._tokenizer = Tokenizer.from_file(str(tokenizer_json))
        self._tokenizer.enable_truncation(max_length=context_length, direction=truncation_side)
        self._tokenizer.enable_padding(
            direction=padding_side, pad_id=pad_id, pad_token=pad_token, length=context_length
        )
        self.context_length = context_length
        self._clean_fn = CLEANERS[clean]
        self._strip_sep_id = strip_sep_id

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            texts = [texts]
        encoded = self._tokenizer.encode_batch([self._clean_fn(text) for text in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64).reshape(len(texts), -1)
        if self._strip_sep_id is not None:
            ids[ids == self._strip_sep_id] = 0
        return ids


def load_tokenizer(spec: dict[str, Any], folder: Path) -> TextTokenizer:
    """The tokenizer an export's manifest describes; its files are in ``folder``."""
    kind = spec.get("kind")
    if kind == "clip-bpe":
        merges = read_bpe_merges(folder / spec["file"], int(spec["merges"]))
        return ClipBpeTokenizer(
            merges,
            context_length=int(spec["context_length"]),
            clean=spec["clean"],
            special_tokens=tuple(spec["special_tokens"]),
        )
    if kind == "hf":
        return HfTokenizer(
            folder / spec["file"],
            context_length=int(spec["context_length"]),
            pad_id=int(spec["pad_id"]),
            pad_token=spec["pad_token"],
            clean=spec["clean"],
            strip_sep_id=spec.get("strip_sep_id"),
            padding_side=spec.get("padding_side", "right"),
            truncation_side=spec.get("truncation_side", "right"),
        )
    raise ValueError(f"unknown tokenizer kind '{kind}'")
