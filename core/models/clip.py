"""The CLIP encoder: open_clip's own model and preprocessing, batched, L2-normalised.

Importing this module imports torch (seconds), so the rest of ``core`` imports it lazily,
only when a model is really needed; the desktop window appears before that happens.

Preprocessing is open_clip's transform for the chosen model and weights (resize, crop,
normalise), so our vectors equal open_clip's reference pipeline on the same image; the
only differences are upstream of it and on purpose: EXIF orientation is applied, JPEGs are
decoded at reduced scale (never below the model's input size) and transparency is
composited on white. ``tests/core/test_clip_reference.py`` holds us to that.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import open_clip
import torch
from PIL import Image

from ..errors import ModelLoadError, ModelUnavailableError, reasoned
from ..reasons import Reason, ReasonCode
from .checkpoint import (
    CheckpointError,
    config_mismatch,
    fit_checkpoint,
    read_checkpoint,
)
from .clip_source import ClipSource, find_tag_weights
from .download import (
    DownloadError,
    DownloadProgress,
    download,
    remote_sha256,
    unreachable_reason,
)
from .refusal import ModelRefused
from .text_tower import (
    TEXT_DIR,
    fetch_text_tower,
    hf_text_name,
    hub_file_url,
    hub_offline,
    local_text_cfg,
    text_file_urls,
    text_tower_problem,
)

log = logging.getLogger(__name__)
_REGISTRY_LOCK = threading.Lock()


class ClipEncoder:
    """Turns images and texts into unit vectors in one shared space."""

    def __init__(
        self,
        model: torch.nn.Module,
        preprocess: Callable[[Image.Image], torch.Tensor],
        tokenizer: Callable[[Sequence[str]], torch.Tensor],
        source: ClipSource,
    ) -> None:
        self._model = model
        self._preprocess = preprocess
        self._tokenizer = tokenizer
        self.source = source
        self.model_id = source.model_id
        self.label = source.label
        size = open_clip.get_model_preprocess_cfg(model).get("size", 224)
        self.image_size = int(min(size) if isinstance(size, (tuple, list)) else size)
        self.dim = int(self.encode_texts(["probe"]).shape[1])

    def preprocess(self, image: Image.Image) -> torch.Tensor:
        """Pixels to the model's input tensor; safe to call from decode threads."""
        return self._preprocess(image)

    def encode_images(self, batch: Sequence[torch.Tensor]) -> np.ndarray:
        with torch.inference_mode():
            features = self._model.encode_image(torch.stack(list(batch)), normalize=True)
        return features.float().numpy()

    def encode_texts(self, texts: Sequence[str]) -> np.ndarray:
        with torch.inference_mode():
            features = self._model.encode_text(self._tokenizer(list(texts)), normalize=True)
        return features.float().numpy()

    def tokenize(self, texts: Sequence[str]) -> np.ndarray:
        """open_clip's token ids for ``texts`` (what the ONNX path must reproduce)."""
        return np.asarray(self._tokenizer(list(texts)), dtype=np.int64)

    def export_onnx(self, folder: Path, key: dict, *, threads: int) -> dict:
        """Export this very model and tokenizer for torch-free queries, checked against
        them (:func:`~mediasift.core.models.onnx_export.export_query_model`); returns the
        manifest. The model is only read: indexing may go on with it meanwhile."""
        from .onnx_export import export_query_model

        return export_query_model(
            self._model, self._tokenizer, folder, key, label=self.label, threads=threads
        )


def load_clip_encoder(
    source: ClipSource,
    *,
    offline: bool,
    threads: int,
    on_download: Callable[[DownloadProgress], None] | None = None,
) -> ClipEncoder:
    """Load (downloading a tag's weights first when allowed) the model ``source`` names."""
    torch.set_num_threads(max(1, threads))
    tag_cfg = tag_config(source)
    weights = source.weights_path if source.weights_present else None
    if weights is None and source.tag_dir is not None:
        weights = find_tag_weights(source.tag_dir)  # imported since the source was resolved
    if weights is None:
        weights = fetch_tag_weights(source, tag_cfg, offline=offline, on_download=on_download)
    text_dir = ensure_text_tower(source, offline=offline, on_download=on_download)
    what = f"{source.arch} weights"
    state = _read(weights, what)  # the same reading and fitting as the import check
    try:
        model, preprocess = build_clip_model(
            source.arch, source.config_path, tag_cfg, text_dir=text_dir
        )
        fit_checkpoint(model, state, source.arch)
    except CheckpointError as exc:
        raise ModelRefused(weights, what, exc.why or str(exc)) from exc
    except ModelLoadError:
        raise
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise reasoned(
            ModelLoadError,
            ReasonCode.CLIP_LOAD_FAILED,
            weights=weights,
            arch=source.arch,
            detail=reason[:300],
        ) from exc
    model.eval()
    return ClipEncoder(model, preprocess, clip_tokenizer(source.arch, text_dir), source)


def clip_tokenizer(arch: str, text_dir: Path | None) -> Callable[[Sequence[str]], torch.Tensor]:
    """open_clip's tokenizer for ``arch``; with ``text_dir``, its Hugging Face tokenizer
    read from that folder (what ``get_tokenizer`` builds from the config's
    ``hf_tokenizer_name``, with the same context length, mode and options)."""
    if text_dir is None:
        return open_clip.get_tokenizer(arch)
    text_cfg = local_text_cfg(open_clip.get_model_config(arch) or {}, text_dir)
    with hub_offline():
        return open_clip.tokenizer.HFTokenizer(
            text_cfg["hf_tokenizer_name"],
            context_length=text_cfg.get(
                "context_length", open_clip.tokenizer.DEFAULT_CONTEXT_LENGTH
            ),
            tokenizer_mode=text_cfg.get("tokenizer_mode"),
            **text_cfg.get("tokenizer_kwargs", {}),
        )


def text_tower_needed(arch: str) -> bool:
    """Whether open_clip builds ``arch``'s text tower from a Hugging Face model."""
    return hf_text_name(open_clip.get_model_config(arch) or {}) is not None


def text_tower_of(source: ClipSource) -> tuple[str, Path] | None:
    """The Hugging Face text tower a tag's architecture names, and the folder of the data
    dir that holds (or will hold) its files; None for a tower open_clip builds itself, or
    for a model given by config and weights files (its config names its own folders)."""
    if source.tag_dir is None or source.config_path is not None:
        return None
    hf_name = hf_text_name(open_clip.get_model_config(source.arch) or {})
    return (hf_name, source.tag_dir / TEXT_DIR) if hf_name else None


def ensure_text_tower(
    source: ClipSource,
    *,
    offline: bool,
    on_download: Callable[[DownloadProgress], None] | None = None,
) -> Path | None:
    """The local folder of ``source``'s Hugging Face text tower, downloaded first when
    it is missing and downloads are allowed; None when the model has no such tower."""
    tower = text_tower_of(source)
    if tower is None:
        return None
    hf_name, folder = tower
    problem = text_tower_problem(folder)
    if problem is None:
        return folder
    url = text_file_urls(hf_name)[0][1]
    how_to = Reason.of(ReasonCode.TEXT_TOWER_HOW_TO, name=f"{source.arch}:{source.tag}")
    if offline:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.TEXT_TOWER_OFFLINE,
            problem,
            model=source.label,
            how_to=how_to,
        )
    reason = unreachable_reason(url)
    if reason is not None:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.TEXT_TOWER_UNREACHABLE,
            problem,
            model=source.label,
            detail=reason,
            how_to=how_to,
        )
    try:
        log.info("downloading the text tower %s to %s", hf_name, folder)
        return fetch_text_tower(
            hf_name, folder, label=f"CLIP {source.label}", on_download=on_download
        )
    except DownloadError as exc:
        raise reasoned(
            ModelUnavailableError, ReasonCode.DOWNLOAD_HOW_TO, exc.why, how_to=how_to
        ) from exc


def check_clip_weights(
    weights: Path,
    arch: str,
    config_path: Path | None = None,
    *,
    as_what: str | None = None,
    text_dir: Path | None = None,
) -> None:
    """Refuse, in one line, a file that is not a checkpoint of ``arch``: the real load's own
    fitting (:func:`fit_checkpoint`), run on the architecture built on the ``meta`` device,
    with the file memory-mapped. Nothing is computed and no weights are copied.

    An architecture that cannot be built here (the multilingual model's Hugging Face text
    tower needs its optional extra) is checked on what its config says: widths, patch,
    layers of the towers open_clip builds itself. Given the tower's local ``text_dir``
    (an imported set), the whole model is built from it and the fit is exact.
    """
    what = as_what or f"{arch} weights"
    state = _read(weights, what)
    try:
        # a check never downloads: without the hub a Hugging Face tower that is not here
        # fails at once (it waited out the network's timeouts, ~23 s a try, offline)
        with hub_offline():
            model, _ = build_clip_model(arch, config_path, {}, device="meta", text_dir=text_dir)
    except ModelLoadError:
        raise
    except Exception:  # an optional dependency of the architecture is missing
        reason = config_mismatch(state, open_clip.get_model_config(arch) or {}, arch)
        if reason is not None:
            raise ModelRefused(weights, what, reason) from None
        return
    try:
        fit_checkpoint(model, state, arch)
    except CheckpointError as exc:
        raise ModelRefused(weights, what, exc.why or str(exc)) from exc


def _read(weights: Path, what: str) -> dict[str, torch.Tensor]:
    try:
        return read_checkpoint(weights)
    except CheckpointError as exc:
        raise ModelRefused(weights, what, exc.why or str(exc)) from exc


def build_clip_model(
    arch: str,
    config_path: Path | None,
    tag_cfg: dict,
    *,
    device: str = "cpu",
    text_dir: Path | None = None,
) -> tuple[torch.nn.Module, Callable[[Image.Image], torch.Tensor]]:
    """open_clip's model ``arch`` without weights (they are assigned next) and its transform.

    On ``device="meta"`` the tensors have shapes and no storage: what the import check
    needs to fit a checkpoint, built in a few milliseconds. With ``text_dir`` (a Hugging
    Face text tower kept in the data dir), the architecture's ``text_cfg`` is given to
    open_clip with that folder in place of the hub's name, and the hub is told offline.
    """
    with _REGISTRY_LOCK:
        if config_path is not None:
            open_clip.add_model_config(config_path)
        if arch not in open_clip.list_models():
            raise reasoned(ModelLoadError, ReasonCode.CLIP_UNKNOWN_ARCH, arch=arch)
    place = torch.device(device) if device == "meta" else contextlib.nullcontext()
    local: dict = {}
    offline: contextlib.AbstractContextManager = contextlib.nullcontext()
    if text_dir is not None:
        local = {"text_cfg": local_text_cfg(open_clip.get_model_config(arch) or {}, text_dir)}
        offline = hub_offline()
    with _REGISTRY_LOCK, _without_random_init(), place, offline:
        model, _, preprocess = open_clip.create_model_and_transforms(
            arch,
            pretrained=None,
            device=device,
            pretrained_text=False,  # no hub download of a text tower: our file has it all
            force_quick_gelu=bool(tag_cfg.get("quick_gelu", False)),
            image_mean=tag_cfg.get("mean"),
            image_std=tag_cfg.get("std"),
            image_interpolation=tag_cfg.get("interpolation"),
            image_resize_mode=tag_cfg.get("resize_mode"),
            **local,
        )
    return model, preprocess


class _NotRandomFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "No pretrained weights loaded" not in record.getMessage()


@contextlib.contextmanager
def _without_random_init() -> Iterator[None]:
    """Build a model whose weights are about to be replaced, skipping their random init.

    Every parameter and persistent buffer is then assigned from the checkpoint
    (``load_state_dict(strict=True, assign=True)`` fails on any key left out), so filling
    them with random numbers first is wasted: 0.9 s of ViT-B-32's load here, against
    0.15 s without (bench/README.md, "App launch"). The ``torch.nn.init`` fill functions
    are no-ops meanwhile; callers hold ``_REGISTRY_LOCK`` so no other model is built
    under the patch. Non-persistent buffers (the text tower's causal mask) are computed
    without ``torch.nn.init`` and stay as built. open_clip's warning that the model is
    random is silenced for the same reason.
    """
    fills = {
        name: getattr(torch.nn.init, name)
        for name in dir(torch.nn.init)
        if name.endswith("_") and not name.startswith("_")
    }
    for name in fills:
        setattr(torch.nn.init, name, _leave_as_is)
    root = logging.getLogger()
    quiet = _NotRandomFilter()
    root.addFilter(quiet)
    try:
        yield
    finally:
        root.removeFilter(quiet)
        for name, fill in fills.items():
            setattr(torch.nn.init, name, fill)


def _leave_as_is(tensor: torch.Tensor, *args: object, **kwargs: object) -> torch.Tensor:
    return tensor


def tag_config(source: ClipSource) -> dict:
    if source.tag is None:
        return {}
    cfg = open_clip.get_pretrained_cfg(source.arch, source.tag)
    if not cfg:
        known = ", ".join(open_clip.list_pretrained_tags_by_model(source.arch)) or "none"
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.CLIP_UNKNOWN_TAG,
            tag=source.tag,
            arch=source.arch,
            known=known,
        )
    return cfg


def download_url(tag_cfg: dict) -> tuple[str, str]:
    """The URL and file name open_clip would fetch for a pretrained tag."""
    hub = tag_cfg.get("hf_hub", "")
    if hub:
        repo, filename = hub.rstrip("/"), "open_clip_pytorch_model.bin"
        if not hub.endswith("/"):
            repo, filename = hub.rsplit("/", 1)
        return hub_file_url(repo, filename), filename
    url = tag_cfg.get("url", "")
    return url, url.rsplit("/", 1)[-1] or "weights.pt"


def fetch_tag_weights(
    source: ClipSource,
    tag_cfg: dict,
    *,
    offline: bool,
    on_download: Callable[[DownloadProgress], None] | None,
) -> Path:
    """Download a pretrained tag's checkpoint into the data dir (resumable, verified)."""
    if source.tag_dir is None:
        raise reasoned(ModelUnavailableError, ReasonCode.CLIP_WEIGHTS_MISSING, model=source.label)
    url, filename = download_url(tag_cfg)
    target = source.tag_dir / filename
    how_to = Reason.of(ReasonCode.CLIP_HOW_TO, url=url, name=f"{source.arch}:{source.tag}")
    if offline:
        why = Reason.of(ReasonCode.CLIP_OFFLINE, how_to, model=source.label, target=target)
        raise ModelUnavailableError(str(why), why=why)
    reason = unreachable_reason(url)
    if reason is not None:
        why = Reason.of(
            ReasonCode.CLIP_UNREACHABLE, how_to, model=source.label, target=target, detail=reason
        )
        raise ModelUnavailableError(str(why), why=why)
    try:
        log.info("downloading %s to %s", url, target)
        return download(
            url,
            target,
            label=f"CLIP {source.label}",
            on_progress=on_download,
            sha256=remote_sha256(url),
        )
    except DownloadError as exc:
        raise reasoned(
            ModelUnavailableError, ReasonCode.DOWNLOAD_HOW_TO, exc.why, how_to=how_to
        ) from exc
