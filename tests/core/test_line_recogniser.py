"""The line recogniser MediaSift feeds and decodes itself (core/models/line_recogniser.py):
the wheel's model without its last softmax, decoded to the very text and confidence
rapidocr's own decoder gives from the whole model."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime
import pytest
from PIL import Image, ImageDraw

from mediasift.core.models import line_recogniser, ocr_engine
from mediasift.core.models.line_recogniser import LineRecogniser, logits_model
from tests import text_images as ti


def _line(text: str) -> np.ndarray:
    """One dark line of ``text`` on a light background, 32 px high, as BGR."""
    font = ti.font(22)
    width = int(font.getlength(text)) + 16
    image = Image.new("RGB", (width, 32), (245, 245, 240))
    ImageDraw.Draw(image).text((8, 3), text, font=font, fill=(20, 20, 30))
    return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])


def _last_op(model: onnx.ModelProto) -> str:
    output = model.graph.output[0].name
    return next(node.op_type for node in model.graph.node if output in node.output)


@pytest.fixture(scope="module")
def wheel_model():
    return ocr_engine.model_dir() / ocr_engine.RECOGNISER_FILE


def test_the_softmax_is_cut_and_a_model_without_one_is_left_as_it_is(wheel_model) -> None:
    assert _last_op(onnx.load(str(wheel_model))) == "Softmax"
    cut = onnx.load_from_string(logits_model(wheel_model))
    assert _last_op(cut) != "Softmax"
    # the shipped int8 model was made without it: nothing more is taken away
    int8 = ocr_engine.int8_recogniser(wheel_model)
    assert int8 is not None
    shipped = onnx.load(str(int8))
    assert _last_op(shipped) != "Softmax"
    again = onnx.load_from_string(logits_model(int8))
    assert len(again.graph.node) == len(shipped.graph.node)


def test_decoding_the_logits_gives_what_rapidocr_decodes_from_the_whole_model(
    wheel_model,
) -> None:
    from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

    models = ocr_engine.load_models(threads=1, precision="fp32")
    characters = models.recogniser.characters
    whole = onnxruntime.InferenceSession(str(wheel_model), providers=["CPUExecutionProvider"])
    decoder = CTCLabelDecode(character=characters[1:-1])  # it adds the blank and the space
    assert decoder.character == characters
    for text in ("Invoice INV-4471 due 2024-03-01", "Total 128.50", "hello moon 1100"):
        feed = LineRecogniser.prepared(_line(text))
        probabilities = whole.run(None, {"x": feed})[0]
        expected_text, expected_confidence = decoder(probabilities)[0][0]
        got_text, got_confidence = models.recogniser.read(_line(text))
        assert got_text == expected_text
        assert got_confidence == pytest.approx(expected_confidence, abs=1e-4)
        assert expected_text.replace(" ", "") == text.replace(" ", "")


def test_a_line_is_squeezed_and_a_short_one_padded() -> None:
    assert line_recogniser.SQUEEZE < 1.0
    wide = LineRecogniser.prepared(np.full((24, 480, 3), 255, dtype=np.uint8))
    assert wide.shape == (1, 3, 48, int(48 * 20 * line_recogniser.SQUEEZE))
    assert line_recogniser.input_width(24, 480) == wide.shape[3]
    short = LineRecogniser.prepared(np.full((24, 12, 3), 255, dtype=np.uint8))
    assert short.shape == (1, 3, 48, line_recogniser.MIN_WIDTH)
    assert short[0, :, :, 20:].max() == 0.0  # the padding: mid grey
    assert short[0, :, :, :20].min() == 1.0  # the white line, scaled to -1..1
