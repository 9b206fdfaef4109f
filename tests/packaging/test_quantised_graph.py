"""packaging/quantised_graph.py: the GELUs and the output layer of a statically quantised
graph fused, computing what the quantised graph computed (to its rounding), and the shipped
int8 recogniser made that way. The tiny model here is quantised by the packaging script's
own ``quantise_static``."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from mediasift.core.models import ocr_engine
from mediasift.core.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
try:
    import quantised_graph
    import quantize_text_recogniser
finally:
    sys.path.remove(str(ROOT / "packaging"))

STEPS, WIDTH, HIDDEN, CLASSES = 12, 8, 16, 40


def _float_model() -> onnx.ModelProto:
    """x -> MatMul -> GELU (erf form, as PaddlePaddle exports it) -> MatMul + bias: the
    shape of the recogniser's last block and output layer, small."""
    rng = np.random.default_rng(7)
    constants = {
        "w1": rng.normal(0, 0.5, (WIDTH, HIDDEN)).astype(np.float32),
        "w2": rng.normal(0, 0.5, (HIDDEN, CLASSES)).astype(np.float32),
        "bias": rng.normal(0, 0.3, CLASSES).astype(np.float32),
        "sqrt2": np.array(2**0.5, dtype=np.float32),
        "one": np.array(1.0, dtype=np.float32),
        "half": np.array(0.5, dtype=np.float32),
    }
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h"]),
        helper.make_node("Div", ["h", "sqrt2"], ["h_scaled"]),
        helper.make_node("Erf", ["h_scaled"], ["erf"]),
        helper.make_node("Add", ["erf", "one"], ["erf_1"]),
        helper.make_node("Mul", ["h", "erf_1"], ["h_erf"]),
        helper.make_node("Mul", ["h_erf", "half"], ["gelu"]),
        helper.make_node("MatMul", ["gelu", "w2"], ["scores_raw"]),
        helper.make_node("Add", ["scores_raw", "bias"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, STEPS, WIDTH])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, STEPS, CLASSES])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def _inputs(count: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 1, (1, STEPS, WIDTH)).astype(np.float32) for _ in range(count)]


@pytest.fixture(scope="module")
def quantised(tmp_path_factory) -> onnx.ModelProto:
    """The tiny model quantised exactly as the shipped recogniser is."""
    folder = tmp_path_factory.mktemp("quantised")
    source, target = folder / "float.onnx", folder / "int8.onnx"
    onnx.save(_float_model(), str(source))
    quantize_text_recogniser.quantise_static(source, target, _inputs(32, seed=1))
    return onnx.load(str(target))


def _run(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return session.run(None, {"x": x})[0]


def _ops(model: onnx.ModelProto) -> list[str]:
    return [node.op_type for node in model.graph.node]


def test_the_quantised_chains_are_what_the_rewrites_look_for(quantised) -> None:
    ops = _ops(quantised)
    assert "Erf" in ops and "QLinearMul" in ops  # the GELU, quantised but for Div and Erf
    assert ops[-3:] == ["QLinearMatMul", "QLinearAdd", "DequantizeLinear"]


def test_fused_graph_computes_what_the_quantised_one_did(quantised) -> None:
    fused = onnx.ModelProto()
    fused.CopyFrom(quantised)
    assert quantised_graph.fuse_gelus(fused) == 1
    assert quantised_graph.float_output_layer(fused)
    onnx.checker.check_model(fused)
    ops = _ops(fused)
    assert not {"Erf", "Div", "QLinearMul", "QLinearAdd"} & set(ops), ops
    assert "Gelu" in ops and ops[-1] == "MatMulIntegerToFloat"

    float_model = _float_model()
    best_before = best_after = 0
    for x in _inputs(16, seed=2):
        before, after, exact = _run(quantised, x), _run(fused, x), _run(float_model, x)
        # the fused graph rounds less (no 8-bit scores at the end): it is at least as
        # close to the float model, and differs from the quantised one by rounding only
        assert np.abs(after - exact).mean() <= np.abs(before - exact).mean() * 1.05
        assert np.abs(after - before).max() <= 0.05 * float(np.ptp(exact))
        best_before += int((before.argmax(-1) == exact.argmax(-1)).sum())
        best_after += int((after.argmax(-1) == exact.argmax(-1)).sum())
    # the class each step is read as (what the reader keeps of the scores)
    assert best_after >= best_before, (best_after, best_before)
    assert best_after >= 0.9 * 16 * STEPS, best_after


def test_graphs_without_the_pattern_are_left_as_they_are() -> None:
    model = _float_model()  # a float GELU, a float output layer: nothing quantised
    untouched = model.SerializeToString()
    assert quantised_graph.fuse_gelus(model) == 0
    assert not quantised_graph.float_output_layer(model)
    assert model.SerializeToString() == untouched


def test_the_shipped_recogniser_has_its_gelus_and_output_layer_fused() -> None:
    model = onnx.load(str(resources_dir() / "models" / ocr_engine.INT8_RECOGNISER_FILE))
    ops = _ops(model)
    assert "Erf" not in ops, "made before packaging/quantised_graph.py: run the packaging script"
    assert ops.count("Gelu") == 13
    producer = {out: node for node in model.graph.node for out in node.output}
    assert producer[model.graph.output[0].name].op_type == "MatMulIntegerToFloat"
