"""Is a folder a usable faster-whisper model, and the size it is said to be?

A folder copied from another machine may miss a file, hold a half-copied ``model.bin``, or
be another size than the name it is imported as (``base`` files imported as ``tiny``).
All of that is readable cheaply: ``model.bin`` is CTranslate2's format, a header per tensor
(name, shape, byte count) before its data, so walking the headers tells the model's width,
its layer count, its vocabulary and whether the file is complete, without loading it.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import ModelLoadError, reasoned
from ..reasons import Reason, ReasonCode
from .refusal import ModelRefused

NEEDED_FILES = ("config.json", "model.bin", "tokenizer.json")
VOCABULARY_FILES = ("vocabulary.txt", "vocabulary.json")
SIZES = {"tiny": (384, 4), "base": (512, 6), "small": (768, 12), "medium": (1024, 24)}
"""Whisper's published dimensions: model width and encoder layers of each size."""
ENGLISH_VOCABULARY = 51864
"""The ``.en`` models' vocabulary; the multilingual ones have 51865 tokens or more."""
_ENCODER_LAYER = re.compile(r"^encoder/layer_(\d+)/")
_LAYOUT_VERSIONS = {6}
"""CTranslate2 binary versions whose header layout is read here (6, the current one; an
older or newer file is left to the loader to judge)."""


class ModelFileDamaged(ModelLoadError):
    """``model.bin`` cannot be read as a Whisper model (the reason, without the path)."""


@dataclass(frozen=True)
class WhisperShape:
    width: int
    encoder_layers: int
    vocabulary: int

    @property
    def english_only(self) -> bool:
        return self.vocabulary == ENGLISH_VOCABULARY

    @property
    def name(self) -> str | None:
        """The size name these dimensions are, if they are a standard size."""
        for size, dims in SIZES.items():
            if dims == (self.width, self.encoder_layers):
                return size + (".en" if self.english_only else "")
        return None

    def describe(self) -> str:
        language = "English only" if self.english_only else "multilingual"
        return f"width {self.width}, {self.encoder_layers} encoder layers, {language}"


def expected_shape(name: str) -> tuple[int, int, bool] | None:
    """(width, encoder layers, English only) that a size name means, when it is known."""
    size = name.removesuffix(".en")
    if size not in SIZES:
        return None
    return (*SIZES[size], name.endswith(".en"))


def check_whisper_folder(folder: Path, name: str | None) -> None:
    """Refuse in one line a folder that is not a complete model (of size ``name``)."""
    what = f"Whisper {name}" if name else "a Whisper model"
    try:
        reason = _folder_problem(folder, name)
    except OSError as exc:  # a file that cannot be read (permissions, an I/O error)
        where = Path(exc.filename).name if exc.filename else "it"
        reason = Reason.of(ReasonCode.WHISPER_CANNOT_READ, file=where, detail=exc.strerror or exc)
    if reason is not None:
        raise ModelRefused(folder, what, reason)


def _folder_problem(folder: Path, name: str | None) -> Reason | None:
    if not folder.is_dir():
        return Reason.of(ReasonCode.WHISPER_NOT_A_FOLDER)
    missing = [f for f in NEEDED_FILES if not (folder / f).is_file()]
    if not any((folder / f).is_file() for f in VOCABULARY_FILES):
        missing.append(" or ".join(VOCABULARY_FILES))
    if missing:
        return Reason.of(ReasonCode.WHISPER_LACKS, files=", ".join(missing))
    for document in ("config.json", "tokenizer.json"):
        if not isinstance(_json(folder / document), dict):
            return Reason.of(ReasonCode.WHISPER_NOT_JSON, file=document)
    try:
        shape = read_shape(folder / "model.bin")
    except ModelFileDamaged as exc:
        return Reason.of(ReasonCode.WHISPER_BIN_DAMAGED, exc.why)
    if shape is None:
        return None  # a CTranslate2 format this module does not read: the loader will judge
    words = _vocabulary_size(folder)
    if words is not None and words != shape.vocabulary:
        return Reason.of(ReasonCode.WHISPER_VOCABULARY, words=words, vocabulary=shape.vocabulary)
    expected = expected_shape(name) if name else None
    if expected is None or (shape.width, shape.encoder_layers, shape.english_only) == expected:
        return None
    width, layers, english = expected
    language = "English only" if english else "multilingual"
    holds = f"Whisper {shape.name}" if shape.name else "another Whisper model"
    wanted = f"width {width}, {layers} encoder layers, {language}"
    return Reason.of(
        ReasonCode.WHISPER_OTHER_SIZE, holds=holds, found=shape.describe(), name=name, wanted=wanted
    )


def read_shape(model_bin: Path) -> WhisperShape | None:
    """The model's dimensions from ``model.bin``'s tensor headers (None: a format version
    this reader does not know); raises :class:`ModelFileDamaged` for a damaged file and
    ``OSError`` for one that cannot be read."""
    try:
        with open(model_bin, "rb") as f:
            size = model_bin.stat().st_size
            version = _unpack(f, "I")
            if version not in _LAYOUT_VERSIONS:
                if 1 <= version <= 100:
                    return None
                raise reasoned(ModelFileDamaged, ReasonCode.BIN_NOT_CTRANSLATE2)
            spec = _string(f)
            if spec != "WhisperSpec":
                raise reasoned(ModelFileDamaged, ReasonCode.BIN_NOT_WHISPER, spec=spec or "unknown")
            _unpack(f, "I")  # the spec's revision
            shapes: dict[str, tuple[int, ...]] = {}
            for _ in range(_unpack(f, "I")):
                name = _string(f)
                rank = _unpack(f, "B")
                shapes[name] = struct.unpack(f"<{rank}I", _read(f, 4 * rank))
                _unpack(f, "B")  # the data type
                f.seek(_unpack(f, "I"), 1)
                if f.tell() > size:
                    raise reasoned(ModelFileDamaged, ReasonCode.BIN_TRUNCATED)
            for _ in range(_unpack(f, "I")):  # aliases: two names each
                _string(f)
                _string(f)
    except (struct.error, UnicodeDecodeError, EOFError) as exc:
        raise reasoned(ModelFileDamaged, ReasonCode.BIN_HEADERS_CUT) from exc
    embeddings = shapes.get("decoder/embeddings/weight")
    layers = {match.group(1) for key in shapes if (match := _ENCODER_LAYER.match(key))}
    if embeddings is None or len(embeddings) != 2 or not layers:
        raise reasoned(ModelFileDamaged, ReasonCode.BIN_NOT_WHISPER_TENSORS)
    return WhisperShape(width=embeddings[1], encoder_layers=len(layers), vocabulary=embeddings[0])


def _read(f: BinaryIO, count: int) -> bytes:
    data = f.read(count)
    if len(data) != count:
        raise EOFError
    return data


def _unpack(f: BinaryIO, fmt: str) -> int:
    return struct.unpack(f"<{fmt}", _read(f, struct.calcsize(f"<{fmt}")))[0]


def _string(f: BinaryIO) -> str:
    length = _unpack(f, "H")
    return _read(f, length)[:-1].decode("utf-8")


def _json(path: Path) -> object:
    data = path.read_bytes()  # OSError: the caller says the file cannot be read
    try:
        return json.loads(data)
    except ValueError:
        return None


def _vocabulary_size(folder: Path) -> int | None:
    text = folder / "vocabulary.txt"
    if text.is_file():
        content = text.read_bytes().removesuffix(b"\n")
        return content.count(b"\n") + 1 if content else 0
    listed = _json(folder / "vocabulary.json")
    return len(listed) if isinstance(listed, list) else None
