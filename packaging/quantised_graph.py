"""Two rewrites of a statically quantised (QOperator) ONNX graph where ONNX Runtime's
quantiser leaves work that one fused kernel does better (issue 15, the text recogniser).

* **GELU.** ``x * 0.5 * (1 + erf(x / sqrt 2))`` comes out of quantisation as seven nodes:
  the input dequantised, divided and passed through Erf in float, the result quantised
  again and finished by a QLinearAdd and two QLinearMuls, each a pass over the tensor.
  :func:`fuse_gelus` makes it DequantizeLinear -> Gelu (ONNX Runtime's fused kernel, the
  exact erf form) -> QuantizeLinear at the chain's own output scale.
* **The output layer.** A MatMul with a bias at the graph's end becomes QLinearMatMul ->
  QLinearAdd -> DequantizeLinear: three passes over a row of scores per step (18,710 of
  them for the recogniser), with the scores rounded to 8 bits on the way.
  :func:`float_output_layer` makes it one MatMulIntegerToFloat (int8 product, scales and
  bias applied as the float scores are written).

Measured on the recogniser (bench/README.md, "Text in pictures"): 16 % less CPU a column,
the same words read.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import onnx
from onnx import helper, numpy_helper

MICROSOFT = "com.microsoft"

_GELU_CHAIN = ("Div", "Erf", "QuantizeLinear", "QLinearAdd", "QLinearMul", "QLinearMul")
"""The nodes after the input's DequantizeLinear, in order, each feeding the next."""


def fuse_gelus(model: onnx.ModelProto) -> int:
    """Each quantised GELU chain in ``model`` made DequantizeLinear -> Gelu ->
    QuantizeLinear, in place; returns how many were."""
    graph = model.graph
    consumers, producer = _links(graph)
    constants = {init.name: init for init in graph.initializer}  # none added or removed below
    fused = 0
    for erf in [node for node in graph.node if node.op_type == "Erf"]:
        div = producer.get(erf.input[0])
        dequantise = producer.get(div.input[0]) if div is not None else None
        if dequantise is None or dequantise.op_type != "DequantizeLinear":
            continue
        chain = [div, erf]
        while len(chain) < len(_GELU_CHAIN):
            following = consumers[chain[-1].output[0]]
            if len(following) != 1:
                break
            chain.append(following[0])
        if tuple(node.op_type for node in chain) != _GELU_CHAIN:
            continue
        add_one, times_x, times_half = chain[3], chain[4], chain[5]
        if (
            times_x.input[0] != dequantise.input[0]
            or consumers[dequantise.output[0]] != [div]
            or not _is_constant(constants, div.input[1:2], 2**0.5)
            or not _is_constant(constants, add_one.input[3:6], 1.0)
            or not _is_constant(constants, times_half.input[3:6], 0.5)
        ):
            continue  # not x * 0.5 * (1 + erf(x / sqrt 2)) of this very x
        output, scale, zero_point = times_half.output[0], times_half.input[6], times_half.input[7]
        for node in chain:
            graph.node.remove(node)
        at = list(graph.node).index(dequantise) + 1
        gelu = helper.make_node(
            "Gelu",
            [dequantise.output[0]],
            [f"{output}_float"],
            domain=MICROSOFT,
            name=f"{output}_Gelu",
        )
        requantise = helper.make_node(
            "QuantizeLinear",
            [gelu.output[0], scale, zero_point],
            [output],
            name=f"{output}_QuantizeLinear",
        )
        graph.node.insert(at, gelu)
        graph.node.insert(at + 1, requantise)
        consumers, producer = _links(graph)
        fused += 1
    if fused:
        _drop_unused_initialisers(graph)
        _use_microsoft_ops(model)
    return fused


def float_output_layer(model: onnx.ModelProto) -> bool:
    """The graph's output, when it is QLinearMatMul -> QLinearAdd (a constant bias) ->
    DequantizeLinear, made one MatMulIntegerToFloat, in place; returns whether it was."""
    graph = model.graph
    consumers, producer = _links(graph)
    output = graph.output[0].name
    dequantise = producer.get(output)
    add = producer.get(dequantise.input[0]) if dequantise is not None else None
    product = producer.get(add.input[0]) if add is not None else None
    if (
        product is None
        or (dequantise.op_type, add.op_type, product.op_type)
        != ("DequantizeLinear", "QLinearAdd", "QLinearMatMul")
        or consumers[product.output[0]] != [add]
        or consumers[add.output[0]] != [dequantise]
    ):
        return False
    constants = {init.name: init for init in graph.initializer}
    if add.input[3] not in constants:
        return False  # the bias is not a constant
    bias_q, bias_scale, bias_zero = (
        numpy_helper.to_array(constants[name]).astype(np.float32) for name in add.input[3:6]
    )
    bias_name = f"{output}_bias"
    graph.initializer.append(
        numpy_helper.from_array(((bias_q - bias_zero) * bias_scale).astype(np.float32), bias_name)
    )
    a, a_scale, a_zero, b, b_scale, b_zero = product.input[:6]
    fused = helper.make_node(
        "MatMulIntegerToFloat",
        [a, b, a_scale, b_scale, a_zero, b_zero, bias_name],
        [output],
        domain=MICROSOFT,
        name=f"{output}_MatMulIntegerToFloat",
    )
    at = list(graph.node).index(product)
    for node in (product, add, dequantise):
        graph.node.remove(node)
    graph.node.insert(at, fused)
    _drop_unused_initialisers(graph)
    _use_microsoft_ops(model)
    return True


def _links(graph: onnx.GraphProto) -> tuple[dict[str, list], dict[str, onnx.NodeProto]]:
    """Who reads each tensor, and who writes it."""
    consumers: dict[str, list] = defaultdict(list)
    producer: dict[str, onnx.NodeProto] = {}
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)
        for name in node.output:
            producer[name] = node
    return consumers, producer


def _is_constant(constants: dict[str, onnx.TensorProto], names, value: float) -> bool:
    """Whether ``names`` (a float constant, or a quantised one with its scale and zero
    point) hold the single number ``value``; only those initialisers are read."""
    if not all(name in constants for name in names):
        return False
    arrays = [numpy_helper.to_array(constants[name]).astype(np.float64) for name in names]
    if any(array.size != 1 for array in arrays):
        return False
    number = float(arrays[0]) if len(arrays) == 1 else float((arrays[0] - arrays[2]) * arrays[1])
    return abs(number - value) <= 1e-3 * abs(value)


def _drop_unused_initialisers(graph: onnx.GraphProto) -> None:
    used = {name for node in graph.node for name in node.input}
    for init in [init for init in graph.initializer if init.name not in used]:
        graph.initializer.remove(init)


def _use_microsoft_ops(model: onnx.ModelProto) -> None:
    if not any(opset.domain == MICROSOFT for opset in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MICROSOFT, 1))
