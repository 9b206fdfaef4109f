"""Fixtures shared by the engine's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def encode_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts images sent to the model, to prove that reuse really skips encoding."""
    from mediasift.core.models.clip import ClipEncoder  # torch, only for tests that ask

    calls: list[int] = []
    original = ClipEncoder.encode_images

    def counting(self: ClipEncoder, batch):
        calls.append(len(batch))
        return original(self, batch)

    monkeypatch.setattr(ClipEncoder, "encode_images", counting)
    return calls
