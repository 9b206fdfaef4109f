"""The text reader on the real PP-OCR models (they ship in the rapidocr wheel): the words of
generated pictures are read, text-free pictures give nothing, boxes are where the text was
drawn, turned text is read, a broken install is one line, nothing goes to the network or
the console (core/models/text_reader.py; issue 15)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from mediasift.core.models import ocr_engine, text_reader
from mediasift.core.models.text_reader import ReadLine, TextReader, TextReaderUnavailable
from tests import text_images
from tests.text_images import TextPicture, missing_words, words_read


@pytest.fixture(scope="module")
def reader() -> TextReader:
    shared = TextReader(threads=2)
    shared.load()
    return shared


@pytest.fixture(scope="module")
def read_once(reader: TextReader):
    """Read a picture once for every test that looks at it (the suite stays quick)."""
    done: dict[tuple, list[ReadLine]] = {}

    def read(picture: TextPicture) -> list[ReadLine]:
        key = (picture.name, picture.image.size)
        if key not in done:
            done[key] = reader.read(picture.image)
        return done[key]

    return read


def _texts(lines: list[ReadLine]) -> list[str]:
    return [line.text for line in lines]


def _assert_read(picture: TextPicture, lines: list[ReadLine], share: float = 0.95) -> None:
    texts = _texts(lines)
    found, total = words_read(picture.words, texts)
    missing = missing_words(picture.words, texts)
    assert found >= share * total, f"{picture.name}: {found}/{total}, missing {missing}: {texts}"


def _assert_well_formed(lines: list[ReadLine]) -> None:
    for line in lines:
        assert line.text and line.text == line.text.strip()
        assert any(ch.isalnum() for ch in line.text)
        assert text_reader.MIN_CONFIDENCE <= line.confidence <= 1.0
        x, y, w, h = line.box
        assert x >= 0 and y >= 0 and w > 0 and h > 0
        assert x + w <= 1.0 + 1e-6 and y + h <= 1.0 + 1e-6


@pytest.mark.parametrize(
    "make",
    [
        text_images.street_sign,
        text_images.small_print,
        lambda: text_images.screenshot(0, size=(1600, 640), text_px=16),  # a desktop window
        text_images.phone_screenshot,
        text_images.chinese_receipt,
        text_images.invoice,
        text_images.number_plate,
    ],
    ids=[
        "street_sign",
        "small_print",
        "screenshot",
        "phone_screenshot",
        "chinese_receipt",
        "invoice",
        "number_plate",
    ],
)
def test_the_words_of_each_labelled_picture_are_read(read_once, make) -> None:
    picture = make()
    lines = read_once(picture)
    _assert_read(picture, lines)
    _assert_well_formed(lines)


def test_a_sign_at_an_angle_is_read_as_words(reader: TextReader) -> None:
    picture = text_images.street_sign(angle=7.0)
    texts = _texts(reader.read(picture.image))
    assert "KING STREET" in texts, texts  # two words, not one broken one
    assert any("Parking" in text and "6pm" in text for text in texts), texts


def test_a_small_sign_far_away_in_a_large_photo_is_read(reader: TextReader) -> None:
    picture = text_images.street_sign(2, size=(4000, 3000), scale=0.3, angle=-6.0)
    _assert_read(picture, reader.read(picture.image), share=1.0)


def test_codes_and_amounts_come_back_whole(read_once) -> None:
    invoice = _texts(read_once(text_images.invoice()))
    assert any("INV-4471" in text.split() for text in invoice), invoice
    plate = _texts(read_once(text_images.number_plate()))
    assert "RE16 TGK" in plate, plate
    receipt = " ".join(_texts(read_once(text_images.chinese_receipt())))
    assert "合计" in receipt and "128.50" in receipt, receipt


@pytest.mark.parametrize(
    ("make", "degrees"),
    [
        (lambda: text_images.street_sign(1, angle=-5.0), 90),
        (text_images.invoice, 180),
        (text_images.chinese_receipt, 270),
    ],
    ids=["sign-90", "invoice-180", "receipt-270"],
)
def test_turned_text_is_read(reader: TextReader, make, degrees: int) -> None:
    picture = text_images.rotated(make(), degrees)
    lines = reader.read(picture.image)
    _assert_read(picture, lines)
    _assert_well_formed(lines)


@pytest.mark.parametrize("picture", text_images.text_free_set(), ids=lambda picture: picture.name)
def test_pictures_without_text_give_no_lines(reader: TextReader, picture: TextPicture) -> None:
    assert reader.read(picture.image) == []


def test_a_real_photo_enlarged_to_a_camera_size_gives_no_lines(reader: TextReader) -> None:
    for picture in text_images.real_photos((2000, 1500)):
        assert reader.read(picture.image) == [], picture.name


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Intersection over union of two x, y, w, h boxes."""
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


@pytest.mark.parametrize("degrees", [0, 180, 90])
def test_the_box_is_where_the_text_was_drawn(reader: TextReader, degrees: int) -> None:
    picture = text_images.corner_label()
    if degrees:
        picture = text_images.rotated(picture, degrees)
    lines = reader.read(picture.image)
    assert _texts(lines) == ["HARBOUR VIEW"], _texts(lines)
    assert picture.area is not None
    assert _overlap(lines[0].box, picture.area) > 0.5, (lines[0].box, picture.area)
    x, y, w, h = lines[0].box
    centre = (x + w / 2, y + h / 2)
    expected = {0: (True, True), 180: (False, False), 90: (True, False)}[degrees]
    assert (centre[0] < 0.5, centre[1] < 0.5) == expected, lines[0].box


def test_lines_of_only_punctuation_are_dropped(reader: TextReader) -> None:
    image = Image.new("RGB", (1200, 800), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.text((100, 100), "--- ... !!! ***", font=text_images.font(60), fill=(0, 0, 0))
    draw.text((100, 400), "MARKET", font=text_images.font(60, bold=True), fill=(0, 0, 0))
    assert _texts(reader.read(image)) == ["MARKET"]


def test_any_mode_and_any_size(reader: TextReader) -> None:
    picture = text_images.corner_label()
    assert _texts(reader.read(picture.image.convert("L"))) == ["HARBOUR VIEW"]
    assert _texts(reader.read(picture.image.convert("RGBA"))) == ["HARBOUR VIEW"]
    assert reader.read(Image.new("RGB", (5, 3), (0, 0, 0))) == []
    assert reader.read(Image.new("RGB", (1, 4000), (255, 255, 255))) == []


# -- a broken install, the network, the console -------------------------------------------------


def _copy_models(target: Path, skip: str | None = None, damage: str | None = None) -> Path:
    target.mkdir()
    for name in (ocr_engine.DETECTOR_FILE, ocr_engine.CLASSIFIER_FILE, ocr_engine.RECOGNISER_FILE):
        if name == skip:
            continue
        data = b"not an onnx model\n" * 100 if name == damage else None
        if data is None:
            data = (ocr_engine.model_dir() / name).read_bytes()
        (target / name).write_bytes(data)
    return target


def _assert_one_line(error: TextReaderUnavailable, *words: str) -> None:
    message = str(error)
    assert "\n" not in message and message.strip() == message
    for word in words:
        assert word in message, message


def test_a_missing_model_file_is_one_line(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path / "models", skip=ocr_engine.RECOGNISER_FILE)
    reader = TextReader(models=folder)  # cheap: nothing is loaded yet
    with pytest.raises(TextReaderUnavailable) as caught:
        reader.read(text_images.corner_label().image)
    _assert_one_line(caught.value, ocr_engine.RECOGNISER_FILE, "missing", "reinstall")


def test_a_damaged_model_file_is_one_line(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path / "models", damage=ocr_engine.DETECTOR_FILE)
    with pytest.raises(TextReaderUnavailable) as caught:
        TextReader(models=folder).load()
    _assert_one_line(caught.value, "cannot be loaded", "reinstall")


def test_rapidocr_that_cannot_be_imported_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # the package is there but its engine does not import (a library of its is missing)
    monkeypatch.setitem(sys.modules, "rapidocr.main", None)
    with pytest.raises(TextReaderUnavailable) as caught:
        TextReader().load()
    _assert_one_line(caught.value, "rapidocr cannot be imported", "reinstall")


def test_rapidocr_not_installed_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    with pytest.raises(TextReaderUnavailable) as caught:
        TextReader().read(text_images.corner_label().image)
    _assert_one_line(caught.value, "needs the rapidocr package", "reinstall")


def test_reading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    picture = text_images.number_plate()
    fresh = TextReader(threads=1)  # models loaded with the network gone
    _assert_read(picture, fresh.read(picture.image), share=1.0)
    assert attempts == []


def test_loading_and_reading_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    fresh = TextReader(threads=1)
    fresh.load()
    fresh.read(text_images.corner_label().image)
    fresh.read(text_images.noise_picture().image)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_importing_the_reader_loads_no_model_library() -> None:
    probe = (
        "import sys, mediasift.core.models.text_reader; "
        "print(sorted(m for m in ('numpy', 'cv2', 'onnxruntime', 'rapidocr', 'PIL') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
