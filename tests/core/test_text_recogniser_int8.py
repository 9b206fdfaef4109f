"""The int8 text recogniser MediaSift ships (resources/models/, issue 15's screenshot speed):
made from the very model the installed rapidocr carries, used only then, reading what the
wheel's own model reads; and lines read side by side come back in their own places."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from mediasift.core.models import ocr_engine, text_reader
from mediasift.core.models.text_reader import TextReader
from mediasift.core.resources import resources_dir
from tests import text_images as ti

MODELS = resources_dir() / "models"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_shipped_model_is_whole_and_made_from_the_installed_recogniser() -> None:
    manifest = json.loads((MODELS / ocr_engine.INT8_MANIFEST_FILE).read_text())
    assert manifest["model"] == ocr_engine.INT8_RECOGNISER_FILE
    assert _sha256(MODELS / manifest["model"]) == manifest["sha256"]
    wheel_model = ocr_engine.model_dir() / ocr_engine.RECOGNISER_FILE
    assert _sha256(wheel_model) == manifest["made_from_sha256"], (
        "rapidocr ships another recogniser than the int8 model was made from: "
        "run packaging/quantize_text_recogniser.py"
    )


def test_the_reader_uses_int8_where_it_matches_and_the_wheel_model_otherwise(
    tmp_path: Path,
) -> None:
    wheel = ocr_engine.model_dir()
    assert ocr_engine.int8_recogniser(wheel / ocr_engine.RECOGNISER_FILE) == (
        MODELS / ocr_engine.INT8_RECOGNISER_FILE
    )
    # another rapidocr's recogniser (here: the same bytes and one more) gets no int8 copy
    other = tmp_path / "models"
    shutil.copytree(wheel, other)
    with (other / ocr_engine.RECOGNISER_FILE).open("ab") as stream:
        stream.write(b"\0")
    assert ocr_engine.int8_recogniser(other / ocr_engine.RECOGNISER_FILE) is None

    chosen = ocr_engine.load_models(threads=1)
    assert chosen.recogniser_file == MODELS / ocr_engine.INT8_RECOGNISER_FILE
    asked = ocr_engine.load_models(threads=1, precision="fp32")
    assert asked.recogniser_file == wheel / ocr_engine.RECOGNISER_FILE


def test_without_its_manifest_the_wheel_model_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "resources"
    (fake / "models").mkdir(parents=True)
    shutil.copy(MODELS / ocr_engine.INT8_RECOGNISER_FILE, fake / "models")
    monkeypatch.setattr(ocr_engine, "resources_dir", lambda: fake)
    wheel_model = ocr_engine.model_dir() / ocr_engine.RECOGNISER_FILE
    assert ocr_engine.int8_recogniser(wheel_model) is None


@pytest.mark.parametrize(
    "draw", [ti.chinese_receipt, ti.phone_screenshot], ids=lambda f: f.__name__
)
def test_int8_reads_every_word_the_wheel_model_reads(draw) -> None:
    picture = draw(0)  # drawn here, not when the tests are collected
    lines = {}
    for precision in ("fp32", "auto"):
        read = TextReader(threads=2, precision=precision).read(picture.image)
        lines[precision] = [line.text for line in read]
    found_fp32 = ti.words_read(picture.words, lines["fp32"])
    found_int8 = ti.words_read(picture.words, lines["auto"])
    assert found_int8[0] >= found_fp32[0], ti.missing_words(picture.words, lines["auto"])
    assert found_int8[0] == found_int8[1], ti.missing_words(picture.words, lines["auto"])


class _NotingRecogniser:
    """The reader's line recogniser, noting the threads that call it."""

    def __init__(self, recogniser) -> None:
        self._recogniser = recogniser
        self.threads: set[str] = set()

    def read(self, line):
        self.threads.add(threading.current_thread().name)
        return self._recogniser.read(line)


def test_lines_read_side_by_side_come_back_in_their_places() -> None:
    picture = ti.phone_screenshot(1)
    models = ocr_engine.load_models(threads=2)
    assert models.lines_at_once == 2
    noting = _NotingRecogniser(models.recogniser)
    alone = replace(models, recogniser=noting, lines_at_once=1)
    read_alone = [line.text for line in text_reader._read(alone, picture.image)]
    assert len(noting.threads) == 1
    noting.threads.clear()
    side_by_side = replace(models, recogniser=noting)
    read_side_by_side = [line.text for line in text_reader._read(side_by_side, picture.image)]
    assert len(noting.threads) == 2, noting.threads
    assert len(read_alone) > 15
    assert read_side_by_side == read_alone
