"""Make the int8 text recogniser shipped in ``resources/models/`` (issue 15).

    .venv/bin/python packaging/quantize_text_recogniser.py          # writes resources/models/

Reading text in a screenshot is almost all recogniser (PP-OCRv6 small, from the rapidocr
wheel): a page of small text is ~57,000 columns of its 48 px input at 0.077 CPU-ms each,
three quarters of it in convolutions. Statically quantised to int8 (ONNX Runtime's
``quantize_static``: QOperator, weights per channel, activations calibrated) it costs ~40 %
less and reads the same words (bench/README.md, "Text in pictures"). Static quantisation
needs pictures of text to calibrate its activations, which a user's machine does not have
on first use, so the model is made here, once, and shipped.

Calibration: the lines of the tests' text pictures (tests/text_images.py: signs, small
print, screenshots, a phone chat, a Chinese receipt, an invoice, a number plate) drawn with
other seeds than the pictures the tests and bench_ocr.py measure, cut out and normalised by
the product's own reader, exactly as the recogniser is fed them. The manifest beside the
model records the SHA-256 of the model it was made from: the reader uses the int8 model
only while the installed rapidocr still ships that very model (core/models/ocr_engine.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository: core and the tests' picture kit

# beside this script (packaging/ is no package: that name is PyPI's)
from quantised_graph import float_output_layer, fuse_gelus  # noqa: E402

from core.models import ocr_engine  # noqa: E402
from core.models.download import file_sha256  # noqa: E402
from core.models.line_recogniser import LineRecogniser, logits_model  # noqa: E402
from core.resources import resources_dir  # noqa: E402

LICENCE = (
    "Apache-2.0: PaddleOCR's PP-OCRv6 small recogniser (https://github.com/PaddlePaddle/"
    "PaddleOCR) as RapidOCR ships it (https://github.com/RapidAI/RapidOCR), quantised to int8"
)

CALIBRATION_SEEDS = range(11, 14)
"""Seeds of the calibration pictures: the tests and the benchmark draw seeds 0-5."""


def calibration_pictures() -> list:
    """Text pictures of every kind the reader meets, none of them measured elsewhere."""
    from tests import text_images as ti

    pictures = []
    for seed in CALIBRATION_SEEDS:
        pictures += [
            ti.street_sign(seed),
            ti.small_print(seed),
            ti.screenshot(seed),
            ti.phone_screenshot(seed),
            ti.chinese_receipt(seed),
            ti.invoice(seed),
            ti.number_plate(seed),
            ti.corner_label(seed),
        ]
    return pictures


class _Recording:
    """An ONNX Runtime session that keeps a copy of every input it is given."""

    def __init__(self, session) -> None:
        self._session = session
        self.inputs: list = []

    def run(self, outputs, feed, *args, **kwargs):
        self.inputs.extend(value.copy() for value in feed.values())
        return self._session.run(outputs, feed, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._session, name)


def recogniser_inputs(pictures: list) -> list:
    """The recogniser's inputs (1 x 3 x 48 x W, normalised) while the product's reader
    reads ``pictures``, in the order it made them."""
    from dataclasses import replace

    from core.models import text_reader

    models = ocr_engine.load_models(threads=1, precision="fp32")
    recording = _Recording(models.recogniser.session)
    recogniser = LineRecogniser(recording, models.recogniser.characters)
    models = replace(models, recogniser=recogniser)
    for picture in pictures:
        text_reader._read(models, picture.image)
    return recording.inputs


def quantise(source: Path, target: Path, inputs: list) -> None:
    """``source`` statically quantised to ``target`` with ``inputs`` as calibration, its
    GELUs and output layer then fused (packaging/quantised_graph.py)."""
    import onnx
    from onnxruntime.quantization.shape_inference import quant_pre_process

    with tempfile.TemporaryDirectory() as work:
        logits = Path(work) / "logits.onnx"  # the reader runs the model without its softmax
        logits.write_bytes(logits_model(source))
        prepared = Path(work) / "prepared.onnx"
        quant_pre_process(str(logits), str(prepared), skip_symbolic_shape=True)
        quantised = Path(work) / "quantised.onnx"
        quantise_static(prepared, quantised, inputs)
        model = onnx.load(str(quantised))
        gelus = fuse_gelus(model)
        if not float_output_layer(model):
            raise SystemExit("the quantised recogniser does not end in its output layer")
        onnx.checker.check_model(model)
        onnx.save(model, str(target))
        print(f"{gelus} GELUs and the output layer fused", flush=True)


def quantise_static(source: Path, target: Path, inputs: list) -> None:
    """ONNX Runtime's static quantisation as the shipped model is made: QOperator nodes,
    int8 weights per channel, uint8 activations calibrated on ``inputs`` (each fed as the
    model's input ``x``)."""
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Feed(CalibrationDataReader):
        def __init__(self) -> None:
            self._inputs = iter(inputs)

        def get_next(self):
            value = next(self._inputs, None)
            return None if value is None else {"x": value}

    quantize_static(
        str(source),
        str(target),
        Feed(),
        quant_format=QuantFormat.QOperator,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=resources_dir() / "models")
    args = parser.parse_args()
    source = ocr_engine.model_dir() / ocr_engine.RECOGNISER_FILE
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / ocr_engine.INT8_RECOGNISER_FILE
    pictures = calibration_pictures()
    inputs = recogniser_inputs(pictures)
    print(f"calibrating on {len(inputs)} lines of {len(pictures)} pictures", flush=True)
    quantise(source, target, inputs)
    from importlib.metadata import version

    manifest = {
        "model": ocr_engine.INT8_RECOGNISER_FILE,
        "sha256": file_sha256(target),
        "made_from": ocr_engine.RECOGNISER_FILE,
        "made_from_sha256": file_sha256(source),
        "rapidocr": version("rapidocr"),
        "calibration": f"{len(inputs)} lines of {len(pictures)} pictures, "
        f"tests/text_images.py seeds {CALIBRATION_SEEDS.start}-{CALIBRATION_SEEDS.stop - 1}",
        "made_by": "packaging/quantize_text_recogniser.py",
        "licence": LICENCE,
    }
    (args.out / ocr_engine.INT8_MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
