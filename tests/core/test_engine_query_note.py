"""The engine tells the window when the search model cannot read a description.

The engine runs as in the app, minus its threads: a search request is answered on this
thread and the events are read from the real pipe the window would read. The tiny test
model is English-only (open_clip's own CLIP tokenizer), so a Chinese description gets a
``QUERY_NOTE`` event after its results, and an English one gets none.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mediasift.core.config import Settings
from mediasift.core.library import Library
from mediasift.core.lock import DataDirLock
from mediasift.core.search.query import Query
from mediasift.core.search.query_language import LanguageNote
from mediasift.core.service.engine import Engine, Outbox
from mediasift.core.service.protocol import Command, Event

MULTI = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"


def _events(connection: Connection, until: Event, timeout: float = 60.0) -> list[tuple[Any, ...]]:
    """The events up to and including the first ``until`` (each waited for with a deadline)."""
    seen: list[tuple[Any, ...]] = []
    while True:
        assert connection.poll(timeout), f"no {until} event within {timeout:.0f} s: {seen}"
        seen.append(connection.recv())
        if seen[-1][0] == until:
            return seen


def test_a_chinese_description_gets_a_note_after_its_results(
    settings: Settings, photo_folder: Path
) -> None:
    settings = replace(settings, read_text=False)
    shutil.copy(photo_folder / "coffee.png", photo_folder / "海边的狗.png")
    with DataDirLock(settings.data_dir), Library(settings) as library:
        library.index([photo_folder])

    window, engine_side = Pipe()
    engine = Engine(settings, Outbox(engine_side))
    try:
        engine._answer((Command.SEARCH, 7, Query(text="海边的狗")))
        engine._answer((Command.SEARCH, 8, Query(text="a dog on the beach")))
        engine._answer((Command.STATUS,))  # a marker: everything before it has been sent
        events = _events(window, Event.STATUS)
    finally:
        engine._lock.release()
        engine._searching.close()
        engine._indexing.close()

    tags = [(event[0], event[1]) for event in events[:-1]]
    assert tags == [(Event.RESULTS, 7), (Event.QUERY_NOTE, 7), (Event.RESULTS, 8)]
    results, note = events[0][2], events[1][2]
    assert results[0].path.name == "海边的狗.png"  # found by its name all the same
    assert isinstance(note, LanguageNote)
    assert (note.language, note.fix, note.fix_present) == ("Chinese", MULTI, False)
    assert note.understood == "English only"
    assert f"mediasift models download {MULTI}" in note.line
