"""open_clip's evaluation image transform on Pillow and numpy, without torch.

open_clip's transform is torchvision on a PIL image: ``Resize`` (Pillow's own resize, so
antialiased), ``CenterCrop`` (or pad), ``convert("RGB")``, ``ToTensor`` (bytes / 255 in
float32) and ``Normalize`` (minus mean, over std, in float32). The same Pillow calls and
the same float32 arithmetic in the same order give the same numbers, bit for bit
(``tests/core/test_onnx_parity.py``), so an ONNX query encoder sees what the torch one does.
The configuration is the model's ``preprocess_cfg`` as open_clip built it (size, mean, std,
interpolation, resize mode, fill colour), recorded in the export's manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageOps

_RESAMPLE = {"bicubic": Image.Resampling.BICUBIC, "bilinear": Image.Resampling.BILINEAR}


@dataclass(frozen=True)
class PreprocessConfig:
    size: tuple[int, int]
    """(height, width) of the model's input."""
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    interpolation: str = "bicubic"
    resize_mode: str = "shortest"
    fill_color: int = 0

    @classmethod
    def from_dict(cls, cfg: dict[str, Any]) -> PreprocessConfig:
        """From open_clip's ``preprocess_cfg`` (or its copy in a manifest)."""
        size = cfg["size"]
        height, width = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
        mean, std = cfg["mean"], cfg["std"]
        mean = (mean,) * 3 if isinstance(mean, (int, float)) else mean
        std = (std,) * 3 if isinstance(std, (int, float)) else std
        interpolation = cfg.get("interpolation") or "bicubic"
        resize_mode = cfg.get("resize_mode") or "shortest"
        if interpolation == "random":  # open_clip evaluates "random" as bicubic
            interpolation = "bicubic"
        if interpolation not in _RESAMPLE:
            raise ValueError(f"unsupported interpolation '{interpolation}'")
        if resize_mode not in ("shortest", "longest", "squash"):
            raise ValueError(f"unsupported resize mode '{resize_mode}'")
        return cls(
            (height, width),
            (float(mean[0]), float(mean[1]), float(mean[2])),
            (float(std[0]), float(std[1]), float(std[2])),
            interpolation,
            resize_mode,
            int(cfg.get("fill_color") or 0),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "size": list(self.size),
            "mean": list(self.mean),
            "std": list(self.std),
            "interpolation": self.interpolation,
            "resize_mode": self.resize_mode,
            "fill_color": self.fill_color,
        }


class ClipPreprocess:
    """Image to the model's ``(3, H, W)`` float32 input; thread-safe (no state)."""

    def __init__(self, config: PreprocessConfig) -> None:
        self.config = config
        self._resample = _RESAMPLE[config.interpolation]
        self._mean = np.array(config.mean, dtype=np.float32).reshape(3, 1, 1)
        self._std = np.array(config.std, dtype=np.float32).reshape(3, 1, 1)

    def __call__(self, image: Image.Image) -> np.ndarray:
        image = self._geometry(image).convert("RGB")
        pixels = np.asarray(image, dtype=np.uint8).transpose(2, 0, 1).astype(np.float32)
        pixels /= np.float32(255)
        pixels -= self._mean
        pixels /= self._std
        return pixels

    def _geometry(self, image: Image.Image) -> Image.Image:
        height, width = self.config.size
        mode = self.config.resize_mode
        if mode == "squash":
            return self._resize(image, height, width)
        if mode == "longest":
            image = self._keep_ratio(image, longest=True)
            return _center_crop_or_pad(image, height, width, self.config.fill_color)
        if height == width:  # torchvision's Resize(int): the short side, long side truncated
            w, h = image.size
            short, long = (w, h) if w <= h else (h, w)
            new_short, new_long = height, int(height * long / short)
            new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
            image = self._resize(image, new_h, new_w)
        else:  # open_clip's ResizeKeepRatio here is always bicubic, whatever the config says
            image = self._keep_ratio(image, longest=False, resample=Image.Resampling.BICUBIC)
        return _center_crop_or_pad(image, height, width, fill=0)

    def _keep_ratio(
        self, image: Image.Image, *, longest: bool, resample: Image.Resampling | None = None
    ) -> Image.Image:
        """open_clip's ``ResizeKeepRatio`` (from timm), without its random parts."""
        h, w = image.size[1], image.size[0]
        target_h, target_w = self.config.size
        ratio_h, ratio_w = h / target_h, w / target_w
        weight = 1.0 if longest else 0.0
        ratio = max(ratio_h, ratio_w) * weight + min(ratio_h, ratio_w) * (1.0 - weight)
        return self._resize(image, round(h / ratio), round(w / ratio), resample)

    def _resize(
        self,
        image: Image.Image,
        height: int,
        width: int,
        resample: Image.Resampling | None = None,
    ) -> Image.Image:
        if image.size == (width, height):  # torchvision returns the image untouched
            return image
        return image.resize((width, height), resample or self._resample)


def _center_crop_or_pad(image: Image.Image, height: int, width: int, fill: int) -> Image.Image:
    """torchvision's ``center_crop`` (open_clip's ``center_crop_or_pad`` with a fill)."""
    image_w, image_h = image.size
    if width > image_w or height > image_h:
        left = (width - image_w) // 2 if width > image_w else 0
        top = (height - image_h) // 2 if height > image_h else 0
        right = (width - image_w + 1) // 2 if width > image_w else 0
        bottom = (height - image_h + 1) // 2 if height > image_h else 0
        bands = len(image.getbands())  # torchvision's _parse_fill: one value per band
        color = fill if bands == 1 else (fill,) * bands
        image = ImageOps.expand(image, border=(left, top, right, bottom), fill=color)
        image_w, image_h = image.size
        if (image_w, image_h) == (width, height):
            return image
    top = round((image_h - height) / 2.0)
    left = round((image_w - width) / 2.0)
    return image.crop((left, top, left + width, top + height))
