"""Fixtures shared by the engine's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def encode_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts images sent to the model by indexing, to prove that reuse really skips
    encoding: on torch, or on ONNX Runtime once the model's export is made (a library
    opened after the first one's background export finished indexes on it)."""
    from mediasift.core.models.clip import ClipEncoder  # torch, only for tests that ask
    from mediasift.core.models.onnx_encoder import OnnxIndexEncoder

    calls: list[int] = []
    for kind in (ClipEncoder, OnnxIndexEncoder):
        original = kind.encode_images

        def counting(self, batch, original=original):  # type: ignore[no-untyped-def]
            calls.append(len(batch))
            return original(self, batch)

        monkeypatch.setattr(kind, "encode_images", counting)
    return calls
