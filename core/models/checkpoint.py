"""Reading a CLIP checkpoint and fitting it to a model, with one-line reasons when it fails.

A file given to MediaSift as CLIP weights (imported, or passed with ``--clip-weights``) is
read and fitted by these functions only, so the answer to "is this file usable as that
model?" is the same everywhere. The check needs no real model: fitting the checkpoint to
the architecture built on torch's ``meta`` device (shapes, no memory) runs the very same
``load_state_dict`` the real load runs, in a fraction of a second, on a memory-mapped file.

When a file does not fit, the reason names what it holds (the open_clip architecture whose
shapes it has, or its widths and layer counts) against what was expected, instead of
open_clip's ``text pos_embed width changed!`` deep inside a later index run.
"""

from __future__ import annotations

import dataclasses
import math
import pickle
import re
from collections.abc import Mapping
from pathlib import Path

import torch

from ..errors import ModelLoadError, reasoned
from ..reasons import Reason, ReasonCode

FEATURES = (
    ("image_size", "image size"),
    ("image_patch", "image patch"),
    ("image_width", "image width"),
    ("image_layers", "image layers"),
    ("text_width", "text width"),
    ("text_layers", "text layers"),
    ("embed_dim", "embedding"),
)
"""What tells CLIP architectures apart, in the order a message names them."""

Features = dict[str, int]
_ZIP_MAGIC = b"PK\x03\x04"
_LAYER = re.compile(r"^(?:text\.)?(visual\.)?transformer\.resblocks\.(\d+)\.")


class CheckpointError(ModelLoadError):
    """A file is not a CLIP checkpoint, or not one of the expected architecture."""


def _refused(why: Reason) -> CheckpointError:
    return CheckpointError(str(why), why=why)


def read_checkpoint(path: Path) -> dict[str, torch.Tensor]:
    """The checkpoint's tensors, memory-mapped when the format allows it.

    Mapped, then assigned (not copied) into the model, the weights are never in memory
    twice: loading ViT-B-32 peaks at 1.36 GB instead of 1.93 GB here (bench/README.md).
    Anything that is not a checkpoint (random bytes, a text file, a truncated download)
    raises :class:`CheckpointError` with one line saying which, never the parser's error.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(len(_ZIP_MAGIC))
    except OSError as exc:
        raise reasoned(
            CheckpointError, ReasonCode.CKPT_CANNOT_READ, detail=exc.strerror or exc
        ) from exc
    if not head:
        raise reasoned(CheckpointError, ReasonCode.CKPT_EMPTY)
    try:
        checkpoint = _load(path, zipped=head == _ZIP_MAGIC)
    except Exception as exc:  # each format fails in its own way on a bad file
        raise _refused(_unreadable(path, head == _ZIP_MAGIC, exc)) from exc
    if isinstance(checkpoint, dict) and isinstance(checkpoint.get("state_dict"), dict):
        checkpoint = checkpoint["state_dict"]
    if not isinstance(checkpoint, dict):
        raise reasoned(
            CheckpointError, ReasonCode.CKPT_NOT_STATE_DICT, type=type(checkpoint).__name__
        )
    tensors = {k: v for k, v in checkpoint.items() if isinstance(k, str) and torch.is_tensor(v)}
    if not tensors:
        raise reasoned(CheckpointError, ReasonCode.CKPT_NO_TENSORS)
    if all(key.startswith("module.") for key in tensors):
        tensors = {key[7:]: value for key, value in tensors.items()}
    return tensors


def _load(path: Path, *, zipped: bool) -> object:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        return load_file(str(path), device="cpu")
    try:
        return torch.load(path, map_location="cpu", mmap=True, weights_only=True)
    except RuntimeError:
        if zipped:
            raise  # a zip archive that does not open: damaged, not legacy
        # a legacy (non-zip) torch file cannot be mapped
        return torch.load(path, map_location="cpu", weights_only=True)


def _unreadable(path: Path, zipped: bool, exc: Exception) -> Reason:
    if path.suffix == ".safetensors":
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Reason.of(ReasonCode.CKPT_NOT_SAFETENSORS, detail=detail[:120])
    if isinstance(exc, pickle.UnpicklingError) and (zipped or "GLOBAL" in str(exc)):
        return Reason.of(ReasonCode.CKPT_PYTHON_OBJECTS)
    if zipped:
        return Reason.of(ReasonCode.CKPT_ZIP_DAMAGED)
    if "EOF" in str(exc) or "corrupted" in str(exc):
        return Reason.of(ReasonCode.CKPT_ENDS_EARLY)
    return Reason.of(ReasonCode.CKPT_NOT_CHECKPOINT)


def assign_checkpoint(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> None:
    """open_clip's ``load_checkpoint`` adjustments, then the tensors assigned in place."""
    from open_clip.factory import convert_state_dict, resize_pos_embed, resize_text_pos_embed
    from open_clip.model import convert_to_custom_text_state_dict

    state = convert_state_dict(model, dict(state))
    if "positional_embedding" in state and not hasattr(model, "positional_embedding"):
        state = convert_to_custom_text_state_dict(state)
    for key in ("logit_scale", "logit_bias"):
        own = getattr(model, key, None)
        if key in state and own is not None and own.ndim != state[key].ndim:
            state[key] = state[key].reshape(own.shape)
    if "logit_bias" not in state and getattr(model, "logit_bias", None) is not None:
        state["logit_bias"] = torch.zeros_like(state["logit_scale"])
    state.pop("text.transformer.embeddings.position_ids", None)
    resize_pos_embed(state, model)
    resize_text_pos_embed(state, model)
    model.load_state_dict(state, strict=True, assign=True)


def fit_checkpoint(model: torch.nn.Module, state: dict[str, torch.Tensor], arch: str) -> None:
    """Assign ``state`` to ``model`` (architecture ``arch``), or say in one line why not.

    ``model`` may live on the ``meta`` device: that is the import-time check, and the real
    load runs this same function on the real model.
    """
    expected = {key: tuple(value.shape) for key, value in model.state_dict().items()}
    try:
        assign_checkpoint(model, state)
    except Exception as exc:  # open_clip asserts, torch raises RuntimeError: we explain
        raise _refused(mismatch_reason(state, expected, arch, exc)) from exc


def mismatch_reason(
    state: Mapping[str, torch.Tensor],
    expected: Mapping[str, tuple[int, ...]],
    arch: str,
    error: Exception | None = None,
) -> Reason:
    """Why ``state`` is not a checkpoint of ``arch`` (whose tensor shapes are ``expected``)."""
    reason = _features_reason(state, features_of(expected), arch)
    if reason is not None:
        return reason
    missing = [key for key in expected if key not in state]
    if missing:
        keys = ", ".join(missing[:3])
        return Reason.of(ReasonCode.CKPT_LACKS, count=len(missing), arch=arch, keys=keys)
    extra = [key for key in state if key not in expected]
    if extra:
        keys = ", ".join(extra[:3])
        return Reason.of(ReasonCode.CKPT_EXTRA, count=len(extra), arch=arch, keys=keys)
    for key, value in state.items():
        if tuple(value.shape) != expected[key]:
            have, need = _dims(value.shape), _dims(expected[key])
            return Reason.of(ReasonCode.CKPT_SHAPE, key=key, have=have, arch=arch, need=need)
    detail = str(error).splitlines()[0] if error is not None and str(error) else ""
    if not detail[:200]:
        return Reason.of(ReasonCode.CKPT_TENSORS_DIFFER, arch=arch)
    return Reason.of(ReasonCode.CKPT_DOES_NOT_FIT, arch=arch, detail=detail[:200])


def config_mismatch(
    state: Mapping[str, torch.Tensor], config: Mapping[str, object], arch: str
) -> Reason | None:
    """Why ``state`` is not a checkpoint of ``arch``, judged on ``arch``'s config alone: for
    an architecture that cannot be built here (a tower needing an optional extra)."""
    reason = _features_reason(state, config_features(config), arch)
    text = config.get("text_cfg")
    hf_model = text.get("hf_model_name") if isinstance(text, dict) else None
    if reason is None and hf_model and not any(k.startswith("text.transformer.") for k in state):
        reason = Reason.of(ReasonCode.CKPT_NO_TEXT_TOWER, tower=hf_model, arch=arch)
    return reason


def _features_reason(state: Mapping[str, torch.Tensor], want: Features, arch: str) -> Reason | None:
    have = features_of({key: tuple(value.shape) for key, value in state.items()})
    if not have:
        sample = ", ".join(list(state)[:3])
        return Reason.of(ReasonCode.CKPT_NOT_CLIP, sample=sample, arch=arch)
    differing = [
        key for key, _ in FEATURES if key in have and key in want and have[key] != want[key]
    ]
    if not differing:
        return None
    holds = identify(have)
    found, wanted = describe(have, differing), describe(want, differing)
    if holds:
        return Reason.of(
            ReasonCode.CKPT_OTHER_ARCH, holds=holds, found=found, arch=arch, wanted=wanted
        )
    return Reason.of(ReasonCode.CKPT_OTHER_MODEL, found=found, arch=arch, wanted=wanted)


def features_of(shapes: Mapping[str, tuple[int, ...]]) -> Features:
    """The widths, layer counts and sizes that tell CLIP architectures apart, read from a
    checkpoint's tensor shapes (open_clip's ViT towers; other towers give fewer)."""
    found: Features = {}
    conv = shapes.get("visual.conv1.weight")
    if conv is not None and len(conv) == 4 and "visual.class_embedding" in shapes:
        found["image_width"], found["image_patch"] = conv[0], conv[-1]
        positions = shapes.get("visual.positional_embedding")
        if positions:
            grid = math.isqrt(positions[0] - 1)
            if grid * grid == positions[0] - 1:
                found["image_size"] = grid * conv[-1]
    text = shapes.get("positional_embedding") or shapes.get("text.positional_embedding")
    if text is not None and len(text) == 2:
        found["text_width"] = text[1]
    projection = shapes.get("text_projection") or shapes.get("text.text_projection")
    if projection is not None and len(projection) == 2:
        found["embed_dim"] = projection[1]
    elif (visual := shapes.get("visual.proj")) is not None and len(visual) == 2:
        found["embed_dim"] = visual[1]
    layers: dict[str, set[int]] = {"image_layers": set(), "text_layers": set()}
    for key in shapes:
        if match := _LAYER.match(key):
            layers["image_layers" if match.group(1) else "text_layers"].add(int(match.group(2)))
    found.update({name: len(seen) for name, seen in layers.items() if seen})
    if "image_width" not in found:
        found.pop("image_layers", None)
    if "text_width" not in found:
        found.pop("text_layers", None)
    return found


def config_features(config: Mapping[str, object]) -> Features:
    """The same features from an open_clip model config (its JSON), defaults filled in as
    open_clip fills them; towers that are not open_clip ViTs or text transformers (timm,
    ResNet, Hugging Face) are left out."""
    from open_clip.model import CLIPTextCfg, CLIPVisionCfg

    found: Features = {}
    vision = _with_defaults(config.get("vision_cfg"), CLIPVisionCfg)
    if vision and not vision.get("timm_model_name") and isinstance(vision.get("layers"), int):
        size, patch = vision.get("image_size"), vision.get("patch_size")
        if isinstance(size, int) and isinstance(patch, int):
            found.update(
                image_size=size, image_patch=patch, image_width=int(vision["width"]),
                image_layers=int(vision["layers"]),
            )  # fmt: skip
    text = _with_defaults(config.get("text_cfg"), CLIPTextCfg)
    if text and not text.get("hf_model_name"):
        found.update(text_width=int(text["width"]), text_layers=int(text["layers"]))
    if isinstance(config.get("embed_dim"), int):
        found["embed_dim"] = int(config["embed_dim"])  # type: ignore[arg-type]
    return found


def _with_defaults(section: object, cls: type) -> dict[str, object]:
    if not isinstance(section, dict):
        return {}
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    return {**defaults, **{k: v for k, v in section.items() if v is not None}}


def identify(have: Features) -> str | None:
    """The open_clip architecture a checkpoint with these features is (the shortest name
    when several share the shapes, e.g. ViT-B-32 and ViT-B-32-quickgelu)."""
    import open_clip

    if len(have) < len(FEATURES):
        return None
    matches = [
        name
        for name in open_clip.list_models()
        if config_features(open_clip.get_model_config(name) or {}) == have
    ]
    return min(matches, key=lambda name: (len(name), name)) if matches else None


def _dims(shape: tuple[int, ...] | torch.Size) -> str:
    return "x".join(str(n) for n in shape) or "a scalar"


def describe(features: Features, keys: list[str]) -> str:
    return ", ".join(f"{label} {features[key]}" for key, label in FEATURES if key in keys)
