"""Export a loaded open_clip model's two towers to ONNX, checked against torch before use.

Made once per model (after a download or an import, or in the background whenever a
process has the torch model loaded anyway) so that queries never import torch
(:mod:`onnx_encoder`). The text tower takes token ids and the image tower a preprocessed
batch; both end in open_clip's own L2 normalisation, in float32. torch's TorchScript
exporter (``dynamo=False``) is used: it needs only the ``onnx`` package, where the newer
exporter also needs ``onnxscript``.

Nothing is published unchecked. The files are written under temporary names, then the
tokenizer is compared with open_clip's on probe strings, the preprocessing with open_clip's
transform on probe images, and both towers with the torch model (cosine distance at most
:data:`PARITY`); only then are they renamed into place and the manifest written last.
Any failure leaves no manifest, so no half-made or unchecked export is ever used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import open_clip
import torch
from PIL import Image

from .clip_preprocess import ClipPreprocess, PreprocessConfig
from .clip_tokenizer import (
    CLEANERS,
    ClipBpeTokenizer,
    TextTokenizer,
    load_tokenizer,
    write_bpe_merges,
)
from .onnx_encoder import make_session
from .onnx_manifest import (
    IMAGE_FILE,
    MANIFEST,
    TEXT_FILE,
    file_entry,
    write_json_atomic,
)

log = logging.getLogger(__name__)

PARITY = 1e-5
"""Largest cosine distance allowed between an ONNX embedding and torch's, per probe."""
OPSET = 17
PROBE_TEXTS = (
    "a cat on a sofa",
    "一只猫在沙发上",
    "🐱 on a 🛋️!",
    "Crème brûlée, s'il vous plaît... (with &amp; without) #dessert",
    "",
    " ".join(["a very long description of a holiday photo"] * 20),
)


class ExportError(Exception):
    """The model cannot be exported, or the export does not match the torch model."""


class _TextTower(torch.nn.Module):
    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model
        # The exporter restores the wrapper's mode afterwards, recursively: a wrapper left in
        # training mode would switch the caller's model to it (dropout on, in XLM-RoBERTa).
        self.eval()

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.model.encode_text(tokens, normalize=True)


class _ImageTower(torch.nn.Module):
    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model
        self.eval()  # as _TextTower

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.model.encode_image(pixels, normalize=True)


def export_query_model(
    model: torch.nn.Module,
    tokenizer: Callable[[Sequence[str]], torch.Tensor],
    folder: Path,
    key: dict[str, Any],
    *,
    label: str,
    threads: int = 1,
) -> dict[str, Any]:
    """Export ``model`` (fp32, eval mode, on the CPU) into ``folder``; returns the manifest.

    ``key`` is :func:`~mediasift.core.models.onnx_manifest.export_key` of the model's source,
    computed before the weights were read, so a file replaced meanwhile makes it stale.
    Everything is made and checked in a staging folder inside ``folder``, then moved in.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        (folder / MANIFEST).unlink()  # from here on, the old export is not valid
    if any(p.dtype != torch.float32 for p in model.parameters()):
        raise ExportError("the model is not in float32")  # the reference must be fp32
    preprocess_cfg = PreprocessConfig.from_dict(open_clip.get_model_preprocess_cfg(model))
    staging = folder / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        tokenizer_spec = _save_tokenizer(tokenizer, staging)
        ours = load_tokenizer(tokenizer_spec, staging)
        _check_tokenizer(ours, tokenizer)
        probe_tokens = ours(PROBE_TEXTS)
        _export(_TextTower(model), torch.from_numpy(probe_tokens), staging / TEXT_FILE, "tokens")
        probe_images = _probe_images(preprocess_cfg)
        pixels = _check_preprocess(ClipPreprocess(preprocess_cfg), model, probe_images)
        _export(_ImageTower(model), torch.from_numpy(pixels), staging / IMAGE_FILE, "pixels")
        with torch.inference_mode():
            want_text = model.encode_text(torch.from_numpy(probe_tokens), normalize=True)
            want_image = model.encode_image(torch.from_numpy(pixels), normalize=True)
        text_distance = _check_tower(staging / TEXT_FILE, probe_tokens, want_text, threads)
        image_distance = _check_tower(staging / IMAGE_FILE, pixels, want_image, threads)
        # the graphs last: each names its data file, which must be in place before it
        names = sorted(p.name for p in staging.iterdir() if p.suffix != ".onnx")
        names += [TEXT_FILE, IMAGE_FILE]
        files = [file_entry(staging / name) for name in names]
        for name in names:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    manifest = {
        "key": key,
        "label": label,
        "embed_dim": int(want_text.shape[1]),
        "preprocess": preprocess_cfg.to_dict(),
        "tokenizer": tokenizer_spec,
        "text": {"file": TEXT_FILE, "input": "tokens"},
        "image": {"file": IMAGE_FILE, "input": "pixels"},
        "files": files,
        "verified": {
            "max_cosine_distance_text": text_distance,
            "max_cosine_distance_image": image_distance,
            "probe_texts": len(PROBE_TEXTS),
            "probe_images": len(probe_images),
        },
        "made_with": {"torch": torch.__version__, "onnx_opset": OPSET},
    }
    write_json_atomic(folder / MANIFEST, manifest)
    return manifest


# -- tokenizer --------------------------------------------------------------------------------


def _save_tokenizer(tokenizer: Any, folder: Path) -> dict[str, Any]:
    """The spec and files from which :func:`load_tokenizer` rebuilds ``tokenizer``."""
    from open_clip.tokenizer import HFTokenizer, SimpleTokenizer

    clean = _clean_name(getattr(tokenizer, "clean_fn", None))
    if isinstance(tokenizer, SimpleTokenizer):
        if tokenizer.reduction_fn is not None:
            raise ExportError("the tokenizer drops words at random (a training mode)")
        merges = sorted(tokenizer.bpe_ranks, key=tokenizer.bpe_ranks.__getitem__)
        special = [tokenizer.decoder[i] for i in tokenizer.all_special_ids]
        rebuilt = ClipBpeTokenizer(merges, special_tokens=special)
        if rebuilt.encoder != tokenizer.encoder:
            raise ExportError("the tokenizer's vocabulary is not OpenAI CLIP's layout")
        name = "bpe_merges.txt.gz"
        write_bpe_merges(merges, folder / name)
        return {
            "kind": "clip-bpe",
            "file": name,
            "merges": len(merges),
            "context_length": int(tokenizer.context_length),
            "clean": clean,
            "special_tokens": special,
        }
    if isinstance(tokenizer, HFTokenizer):
        if tokenizer.tokenizer_mode:
            raise ExportError(f"tokenizer mode '{tokenizer.tokenizer_mode}' is not supported")
        hf = tokenizer.tokenizer
        backend = getattr(hf, "backend_tokenizer", None)
        if backend is None:
            raise ExportError("the Hugging Face tokenizer has no fast (tokenizers) version")
        name = "tokenizer.json"
        backend.save(str(folder / name))
        return {
            "kind": "hf",
            "file": name,
            "context_length": int(tokenizer.context_length),
            "clean": clean,
            "pad_id": int(hf.pad_token_id),
            "pad_token": str(hf.pad_token),
            "strip_sep_id": int(hf.sep_token_id) if tokenizer.strip_sep_token else None,
            "padding_side": str(getattr(hf, "padding_side", "right")),
            "truncation_side": str(getattr(hf, "truncation_side", "right")),
        }
    raise ExportError(f"no ONNX query path for the tokenizer {type(tokenizer).__name__}")


def _clean_name(clean_fn: object) -> str:
    from open_clip import tokenizer as oc

    names = {
        oc._clean_lower: "lower",
        oc._clean_whitespace: "whitespace",
        oc._clean_canonicalize: "canonicalize",
    }
    name = names.get(clean_fn)  # type: ignore[call-overload]
    if name is None or name not in CLEANERS:
        raise ExportError("the tokenizer cleans text in a way not reproduced here")
    return name


def _check_tokenizer(ours: TextTokenizer, theirs: Callable[[Sequence[str]], Any]) -> None:
    want = np.asarray(theirs(list(PROBE_TEXTS)), dtype=np.int64)
    got = ours(list(PROBE_TEXTS))
    if want.shape != got.shape or not np.array_equal(want, got):
        raise ExportError("the torch-free tokenizer differs from open_clip's on probe texts")


# -- towers -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _tracing() -> Iterator[None]:
    """The state the exporter needs: no gradients, and nn.MultiheadAttention on its plain
    path (its fused inference kernel has no ONNX form)."""
    _quiet_exporter()
    fastpath = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        with torch.inference_mode(False), torch.no_grad():
            yield
    finally:
        torch.backends.mha.set_fastpath_enabled(fastpath)


def _quiet_exporter() -> None:
    """Silence the tracer's warnings (shape checks frozen into the graph, which is right:
    only the batch size varies) and the exporter's notices; they are not the user's
    business. Filters for exactly those, added once and kept: the export may run on a
    background thread, and ``warnings.catch_warnings`` swaps the process-wide filters, so
    it would also silence, or un-silence, whatever the other threads warn meanwhile."""
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    warnings.filterwarnings("ignore", module=r"torch\.onnx")
    warnings.filterwarnings(
        "ignore", message="You are using the legacy TorchScript-based ONNX export"
    )


def _export(module: torch.nn.Module, example: torch.Tensor, path: Path, input_name: str) -> None:
    """Trace ``module`` into ``path``, its weights in ``<path>.data`` beside it.

    Weights kept outside the graph are memory-mapped by ONNX Runtime instead of parsed out
    of the protobuf and copied: ViT-B-32's text tower then opens in 0.2 s at 250 MB peak
    instead of 0.9 s at 450 MB (bench/bench_query_start.py).
    """
    import onnx

    raw = path.with_name(f"{path.name}.raw")
    try:
        with _tracing():
            torch.onnx.export(
                module,
                (example,),
                str(raw),
                dynamo=False,
                input_names=[input_name],
                output_names=["embedding"],
                dynamic_axes={input_name: {0: "batch"}, "embedding": {0: "batch"}},
                opset_version=OPSET,
                do_constant_folding=True,
            )
        graph = onnx.load(str(raw))
        onnx.save_model(graph, str(path), save_as_external_data=True, location=f"{path.name}.data")
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExportError(f"torch could not export the model: {reason[:300]}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            raw.unlink()


def _check_tower(path: Path, inputs: np.ndarray, want: torch.Tensor, threads: int) -> float:
    what = path.stem
    try:
        session = make_session(path, threads)
        (got,) = session.run(None, {session.get_inputs()[0].name: inputs})
    except Exception as exc:  # onnxruntime's own errors: a graph it cannot load or run
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExportError(f"ONNX Runtime cannot run the {what} tower: {reason[:300]}") from exc
    distance = float(np.max(cosine_distance(got, want.numpy())))
    if not distance <= PARITY:
        raise ExportError(
            f"the ONNX {what} tower differs from torch (cosine distance {distance:.2e})"
        )
    return distance


def cosine_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise 1 - cos(a, b), in float64."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    dot = np.sum(a * b, axis=1)
    return 1.0 - dot / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# -- images -----------------------------------------------------------------------------------


def _probe_images(config: PreprocessConfig) -> list[Image.Image]:
    """A noisy landscape photo-sized image, a portrait gradient and a small square."""
    rng = np.random.default_rng(14)
    noise = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    ramp = np.linspace(0, 255, 320, dtype=np.float64)
    gradient = np.stack(np.broadcast_arrays(ramp[:, None], ramp[None, :200], 128.0), axis=2)
    height, width = config.size
    small = rng.integers(0, 256, (max(8, height // 2), max(8, width // 2), 3), dtype=np.uint8)
    return [
        Image.fromarray(noise),
        Image.fromarray(gradient.astype(np.uint8)),
        Image.fromarray(small),
    ]


def _check_preprocess(
    ours: ClipPreprocess, model: torch.nn.Module, images: list[Image.Image]
) -> np.ndarray:
    """Our preprocessing of the probe images, after checking it equals open_clip's."""
    from open_clip.transform import PreprocessCfg, image_transform_v2

    theirs = image_transform_v2(
        PreprocessCfg(**open_clip.get_model_preprocess_cfg(model)), is_train=False
    )
    got = np.stack([ours(image) for image in images])
    want = np.stack([theirs(image).numpy() for image in images])
    if got.shape != want.shape or float(np.max(np.abs(got - want))) > 1e-6:
        raise ExportError("the torch-free image preprocessing differs from open_clip's")
    return got
