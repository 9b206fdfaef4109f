"""A long result list reaches the window in two steps: a first page at once, then the rest.

The app asks for hundreds of files per query; typing wants the grid updated within a
frame or two. The engine runs as in the app, minus its threads (``test_engine_query_note``
explains the set-up): a request is answered on this thread and the events read from the
real pipe.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from multiprocessing import Pipe
from pathlib import Path

from mediasift.core.config import Settings
from mediasift.core.library import Library
from mediasift.core.lock import DataDirLock
from mediasift.core.search.query import Query
from mediasift.core.service.engine import FIRST_PAGE, Engine, Outbox
from mediasift.core.service.protocol import Command, Event

from .test_engine_query_note import _events


def _library_of(settings: Settings, photo_folder: Path, copies: int) -> Settings:
    """``copies`` renamed copies of each test photo: more files than a first page."""
    for photo in sorted(photo_folder.iterdir()):
        for n in range(copies):
            shutil.copy(photo, photo_folder / f"{photo.stem}-{n}{photo.suffix}")
    settings = replace(settings, read_text=False)
    with DataDirLock(settings.data_dir), Library(settings) as library:
        library.index([photo_folder])
    return settings


def _engine(settings: Settings):
    window, engine_side = Pipe()
    return window, Engine(settings, Outbox(engine_side))


def _close(engine: Engine) -> None:
    engine._lock.release()
    engine._searching.close()
    engine._indexing.close()


def test_a_long_answer_comes_as_a_first_page_then_the_whole_encoded_once(
    settings: Settings, photo_folder: Path
) -> None:
    photos = len(list(photo_folder.iterdir()))
    settings = _library_of(settings, photo_folder, copies=FIRST_PAGE // photos + 2)
    window, engine = _engine(settings)
    try:
        encoder = engine._searching.query_encoder()
        encoded: list[str] = []
        original = encoder.encode_texts

        def counting(texts):
            encoded.extend(texts)
            return original(texts)

        encoder.encode_texts = counting  # type: ignore[method-assign]
        engine._answer((Command.SEARCH, 7, Query(text="a red car", limit=500)))
        engine._answer((Command.SEARCH, 8, Query(text="a cup of coffee", limit=20)))
        engine._answer((Command.STATUS,))  # a marker: everything before it has been sent
        events = _events(window, Event.STATUS)
        total = engine._searching.store.catalog.indexed_count()
    finally:
        _close(engine)

    answers = [e for e in events if e[0] == Event.RESULTS]
    assert [(e[1], len(e[2]), e[3]) for e in answers] == [
        (7, FIRST_PAGE, False),
        (7, total, True),
        (8, 20, True),  # a short list: one step
    ]
    first, whole = answers[0][2], answers[1][2]
    assert total > FIRST_PAGE
    assert [r.path for r in first] == [r.path for r in whole[:FIRST_PAGE]]
    assert encoded == ["a red car", "a cup of coffee"]  # each query encoded once


def test_a_newer_search_waiting_skips_the_rest_of_the_old_one(
    settings: Settings, photo_folder: Path
) -> None:
    photos = len(list(photo_folder.iterdir()))
    settings = _library_of(settings, photo_folder, copies=FIRST_PAGE // photos + 2)
    window, engine = _engine(settings)
    try:
        engine._requests.put((Command.SEARCH, 8, Query(text="a cup of coffee", limit=500)))
        engine._answer((Command.SEARCH, 7, Query(text="a red car", limit=500)))
        engine._answer(engine._requests.take())
        engine._answer((Command.STATUS,))
        events = _events(window, Event.STATUS)
    finally:
        _close(engine)
    answers = [(e[1], len(e[2]), e[3]) for e in events if e[0] == Event.RESULTS]
    assert answers[0] == (7, FIRST_PAGE, False)
    assert [a[0] for a in answers] == [7, 8, 8]  # 7's whole list was never made
    assert answers[-1][2] is True


def test_a_query_typed_while_the_first_page_shows_is_answered_without_the_rest(
    settings: Settings, photo_folder: Path, monkeypatch
) -> None:
    """The rest of a long list waits for the next keystroke's query; one that comes
    meanwhile (here: put as soon as the first page is read) makes the rest unnecessary."""
    import threading

    from mediasift.core.service import engine as engine_module

    monkeypatch.setattr(engine_module, "REST_AFTER_S", 60.0)  # the put below always wins
    photos = len(list(photo_folder.iterdir()))
    settings = _library_of(settings, photo_folder, copies=FIRST_PAGE // photos + 2)
    window, engine = _engine(settings)
    answering = threading.Thread(
        target=engine._answer, args=((Command.SEARCH, 7, Query(text="a red car", limit=500)),)
    )
    try:
        answering.start()
        assert window.poll(60), "no first page within 60 s"
        first = window.recv()
        assert (first[0], first[1], len(first[2]), first[3]) == (
            Event.RESULTS,
            7,
            FIRST_PAGE,
            False,
        )
        engine._requests.put((Command.SEARCH, 8, Query(text="a cup", limit=20)))
        answering.join(timeout=60)
        assert not answering.is_alive(), "the engine kept waiting after the next query came"
        engine._answer(engine._requests.take())
        engine._answer((Command.STATUS,))
        events = _events(window, Event.STATUS)
    finally:
        answering.join(timeout=60)
        _close(engine)
    answers = [(e[1], e[3]) for e in events if e[0] == Event.RESULTS]
    assert answers == [(8, True)]  # nothing more for 7 (8 asks for less than a page)
