"""Our image and text vectors are open_clip's own, for the same weights.

Real CLIP weights cannot be downloaded on CI, so retrieval quality is inherited from
open_clip; what we must guarantee is that our decode + preprocess + encode path gives the
vectors open_clip's reference pipeline gives on the same image and weights.
"""

from __future__ import annotations

import numpy as np
import open_clip
import pytest
import torch
from PIL import Image

from mediasift.core.index.thumbnails import THUMBNAIL_SIDE
from mediasift.core.media.photos import decode_photo
from mediasift.core.models.clip import load_clip_encoder
from mediasift.core.models.clip_source import resolve_clip_source
from tests.conftest import PHOTOS, TinyClip


@pytest.fixture(scope="module")
def encoders(tiny_clip: TinyClip, tmp_path_factory: pytest.TempPathFactory):
    source = resolve_clip_source(tiny_clip.choice, tmp_path_factory.mktemp("models"))
    ours = load_clip_encoder(source, offline=True, threads=2)
    model, _, preprocess = open_clip.create_model_and_transforms(
        tiny_clip.config.stem, pretrained=str(tiny_clip.weights)
    )
    model.eval()
    return ours, model, preprocess, open_clip.get_tokenizer(tiny_clip.config.stem)


def _reference_image(model, preprocess, path) -> np.ndarray:
    with torch.inference_mode():
        tensor = preprocess(Image.open(path)).unsqueeze(0)
        return model.encode_image(tensor, normalize=True)[0].numpy()


@pytest.mark.parametrize("name", ["astronaut.png", "coffee.png", "chelsea.png"])
def test_png_embeddings_match_open_clip_exactly(encoders, name: str) -> None:
    ours, model, preprocess, _ = encoders
    decoded = decode_photo((PHOTOS / name).read_bytes(), min_side=ours.image_size)
    mine = ours.encode_images([ours.preprocess(decoded.image)])[0]
    np.testing.assert_allclose(mine, _reference_image(model, preprocess, PHOTOS / name), atol=1e-5)


def test_drafted_jpeg_stays_within_tolerance(encoders) -> None:
    """JPEGs are decoded at reduced scale (never below the model's size): same direction."""
    ours, model, preprocess, _ = encoders
    path = PHOTOS / "hubble_deep_field.jpg"
    decoded = decode_photo(
        path.read_bytes(), min_side=ours.image_size, min_long_side=THUMBNAIL_SIDE
    )
    assert decoded.image.size[0] < Image.open(path).size[0]  # draft mode was used
    mine = ours.encode_images([ours.preprocess(decoded.image)])[0]
    cosine = float(mine @ _reference_image(model, preprocess, path))
    assert cosine > 0.995, cosine


def test_text_embeddings_match_open_clip(encoders) -> None:
    ours, model, _, tokenizer = encoders
    texts = ["a dog on the beach at sunset", "the budget for next year"]
    with torch.inference_mode():
        reference = model.encode_text(tokenizer(texts), normalize=True).numpy()
    np.testing.assert_allclose(ours.encode_texts(texts), reference, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours.encode_texts(texts), axis=1), 1.0, atol=1e-5)
