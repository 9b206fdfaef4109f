"""What every phase of an indexing run works with, in one value.

The phases (files, frames, speech, text vectors) used to take the store, the model record,
the encoder, the event sink and the run control as separate arguments, each in its own
order; a new phase (text read in pictures, say) takes this instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models.encoder import Encoder
from ..run_control import RunControl
from ..store.records import ModelRecord
from ..store.store import Store
from .events import IndexEvent
from .thumbnails import ThumbnailCache


@dataclass(frozen=True)
class PhaseContext:
    store: Store
    """The run's one writable connection (phases write in the indexing thread only)."""
    model: ModelRecord
    """The model whose vectors this run makes."""
    encoder: Encoder
    thumbnails: ThumbnailCache
    emit: Callable[[IndexEvent], None]
    control: RunControl
    batch_size: int
    """Images per encoder call."""
