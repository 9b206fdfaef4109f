"""Words in and about files through :class:`Library`: how they are matched, kept in step
with the files (moves, copies, new content), resumed, paused, turned off; and the
full-text rules they share with transcripts."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import apsw
import pytest
from PIL import ImageDraw

from mediasift.core import fulltext
from mediasift.core.config import Settings
from mediasift.core.errors import MediaSiftError
from mediasift.core.index.events import IndexEvent, IndexProgress, ModelNote, Phase
from mediasift.core.kinds import SegmentKind
from mediasift.core.library import Library
from mediasift.core.run_control import RunControl
from mediasift.core.search.query import Query
from mediasift.core.search.results import MatchedBy, SearchResult
from mediasift.core.store.migrations import MIGRATIONS, user_version
from mediasift.core.store.store import Store
from tests import text_images as ti


def _label(path: Path, text: str, *, seed: int = 0) -> Path:
    """A flat picture with one line of large text: quick to read, unmistakable."""
    image = ti.gradient_picture(seed, (900, 600)).image
    ImageDraw.Draw(image).text((60, 240), text, font=ti.font(64, bold=True), fill=(10, 10, 10))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=92)
    return path


def _found(library: Library, text: str, by: MatchedBy | None = None) -> list[str]:
    results: list[SearchResult] = library.search(Query(text=text, limit=20))
    return [r.path.name for r in results if by is None or r.matched_by == by]


# -- the full-text rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        ("明年的預算會議", "预算"),  # traditional stored, simplified asked
        ("明年的预算会议", "預算"),  # and the other way
        ("发票 INV-4471", "4471"),  # a code by its digits
        ("INV4471 paid", "4471"),  # digits inside a code written as one word
        ("RE16 TGK", "RE1"),  # a code by its beginning
        ("Meeting 预算 review", "预算"),  # mixed Chinese and English, by either part
        ("Meeting 预算 review", "meeting"),
    ],
)
def test_the_full_text_index_matches(stored: str, asked: str) -> None:
    body = fulltext.index_body(stored)
    conn = apsw.Connection(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (body,))
    expression = fulltext.match_expression(asked)
    assert expression is not None
    assert conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall() == [(1,)]
    assert fulltext.coverage(fulltext.tokens(asked), body.split(), {}) == 1.0


def test_a_word_that_only_shares_letters_does_not_match() -> None:
    conn = apsw.Connection(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (fulltext.index_body("预计 算法"),))
    expression = fulltext.match_expression("预算")
    assert conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall() == []


def test_a_version_3_library_finds_its_old_lines_in_either_script(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = apsw.Connection(str(path))
    with conn:
        for step in MIGRATIONS[:3]:
            step(conn)
        conn.execute("PRAGMA user_version = 3")
        conn.execute("INSERT INTO roots(id, path, added_at) VALUES (1, X'2F70', 0)")
        conn.execute(
            "INSERT INTO media(id, root_id, path, kind, size, mtime_ns, status) "
            "VALUES (1, 1, X'2F702F612E776176', 'audio', 1, 1, 'indexed')"
        )
        conn.execute(
            "INSERT INTO segments(id, media_id, kind, text) VALUES (7, 1, 'speech', ?)",
            ("預算會議",),
        )
        # As version 3 stored it: one token per character, traditional as spoken.
        conn.execute("INSERT INTO fts_segments(rowid, body) VALUES (7, '預 算 會 議')")
    conn.close()
    store = Store(path)
    try:
        assert user_version(store.conn) == len(MIGRATIONS)
        expression = fulltext.match_expression("预算")
        assert expression is not None
        assert [hit for hit, _ in store.fulltext_hits(expression, 10)] == [7]
        assert store.conn.execute("SELECT words_state FROM media").fetchone() == (None,)
    finally:
        store.close()


# -- the words phase through the library ---------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    _label(root / "Trips" / "Lisbon 2022" / "tram.jpg", "TRAM 28 MARTIM MONIZ", seed=1)
    _label(root / "receipt.jpg", "TOTAL 42.80 EUR", seed=2)
    ti.shapes_picture(3, (900, 600)).image.save(root / "shapes.jpg", quality=92)
    return root


def test_words_are_found_and_follow_moves_copies_and_new_content(
    settings: Settings, folder: Path
) -> None:
    with Library(settings) as library:
        library.index([folder])
        assert _found(library, "martim moniz", MatchedBy.TEXT_IN_IMAGE)[:1] == ["tram.jpg"]
        assert _found(library, "lisbon", MatchedBy.NAME)[:1] == ["tram.jpg"]

        # A move: what was read comes along unread again, the name is the new one.
        (folder / "Trips" / "Lisbon 2022").rename(folder / "Trips" / "Porto 2023")
        library.index([folder])
        assert "tram.jpg" not in _found(library, "lisbon", MatchedBy.NAME)
        assert _found(library, "porto", MatchedBy.NAME)[:1] == ["tram.jpg"]
        assert _found(library, "martim moniz", MatchedBy.TEXT_IN_IMAGE)[:1] == ["tram.jpg"]

        # A copy under another name: found by its own name and by its text.
        shutil.copy(folder / "receipt.jpg", folder / "expenses.jpg")
        library.index([folder])
        assert _found(library, "expenses", MatchedBy.NAME)[:1] == ["expenses.jpg"]
        assert set(_found(library, "42.80 EUR", MatchedBy.TEXT_IN_IMAGE)[:2]) == {
            "receipt.jpg",
            "expenses.jpg",
        }

        # New content: the old words go, the new ones are read.
        _label(folder / "receipt.jpg", "REFUND 17.25 GBP", seed=2)
        library.index([folder])
        assert _found(library, "refund", MatchedBy.TEXT_IN_IMAGE)[:1] == ["receipt.jpg"]
        assert "receipt.jpg" not in _found(library, "42.80 EUR", MatchedBy.TEXT_IN_IMAGE)
        details, _ = library.details(folder / "receipt.jpg")
        assert [line.text for line in details.text_read] == ["REFUND 17.25 GBP"]
        assert (SegmentKind.NAME, "receipt") in details.about


def _word_rows(library: Library) -> list[tuple[int, str, str]]:
    rows = library.store.conn.execute(
        "SELECT media_id, kind, text FROM segments WHERE kind IN ('text', 'name', 'keywords') "
        "ORDER BY media_id, kind, text"
    )
    return [tuple(r) for r in rows]


def test_a_run_stopped_while_reading_resumes_without_repeating(
    settings: Settings, folder: Path
) -> None:
    control = RunControl()
    seen: list[IndexEvent] = []

    def stop_after_the_first_file(event: IndexEvent) -> None:
        seen.append(event)
        if isinstance(event, IndexProgress) and event.phase == Phase.TEXT and event.done >= 1:
            control.stop()

    with Library(settings) as library:
        library.index([folder], control=control, on_event=stop_after_the_first_file)
        assert any(isinstance(e, IndexProgress) and e.phase == Phase.TEXT for e in seen)
        assert library.status().words_waiting >= 1
        library.index([folder])
        assert library.status().words_waiting == 0
        finished = _word_rows(library)
    with Library(replace(settings, data_dir=settings.data_dir.parent / "fresh")) as fresh:
        fresh.index([folder])
        assert [(k, t) for _, k, t in _word_rows(fresh)] == [(k, t) for _, k, t in finished]


def test_a_pause_holds_between_files(settings: Settings, folder: Path) -> None:
    control = RunControl()
    paused = threading.Event()

    def pause_in_the_words_phase(event: IndexEvent) -> None:
        if isinstance(event, IndexProgress) and event.phase == Phase.TEXT and not paused.is_set():
            paused.set()
            control.pause()

    with Library(settings) as library:
        worker = threading.Thread(
            target=library.index,
            args=([folder],),
            kwargs={"control": control, "on_event": pause_in_the_words_phase},
        )
        worker.start()
        assert control.holding.wait(120), "the run never held"
        with Library(settings, readonly=True) as reader:
            held = reader.store.words.waiting(read_text=True)
            assert held >= 1
            assert control.holding.is_set()
            assert reader.store.words.waiting(read_text=True) == held
        control.resume()
        worker.join(120)
        assert not worker.is_alive()
        assert library.status().words_waiting == 0


def test_reading_turned_off_keeps_names_and_reads_later(settings: Settings, folder: Path) -> None:
    with Library(replace(settings, read_text=False)) as library:
        library.index([folder])
        assert _found(library, "lisbon", MatchedBy.NAME)[:1] == ["tram.jpg"]
        assert _found(library, "martim moniz", MatchedBy.TEXT_IN_IMAGE) == []
        status = library.status()
        assert not status.reading_text and status.words_waiting == 0
    with Library(settings) as library:
        assert library.status().words_waiting == 3
        library.index([folder])
        assert _found(library, "martim moniz", MatchedBy.TEXT_IN_IMAGE)[:1] == ["tram.jpg"]


def test_a_reader_that_cannot_start_says_so_once_and_names_still_count(
    settings: Settings, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise MediaSiftError("the text models are damaged: reinstall rapidocr")

    notes: list[str] = []
    with Library(settings) as library:
        monkeypatch.setattr(library, "text_reader", broken)
        library.index(
            [folder], on_event=lambda e: notes.append(e.text) if isinstance(e, ModelNote) else None
        )
        assert notes == [
            "text in pictures is not read: the text models are damaged: reinstall rapidocr"
        ]
        assert _found(library, "lisbon", MatchedBy.NAME)[:1] == ["tram.jpg"]
        assert library.status().words_waiting == 3  # their pictures wait for a working reader


def test_a_reader_whose_models_cannot_load_is_a_note_not_a_failed_run(
    settings: Settings, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real reader, its models folder empty: it fails when its models load (not when
    it is made), and the run goes on with the names."""
    from mediasift.core.models.text_reader import TextReader

    empty = tmp_path / "no-models"
    empty.mkdir()
    notes: list[str] = []
    with Library(settings) as library:
        monkeypatch.setattr(library, "text_reader", lambda: TextReader(models=empty))
        summary = library.index(
            [folder], on_event=lambda e: notes.append(e.text) if isinstance(e, ModelNote) else None
        )
        assert summary.failed == 0
        assert len(notes) == 1 and notes[0].startswith("text in pictures is not read: ")
        assert "is missing" in notes[0]
        assert _found(library, "lisbon", MatchedBy.NAME)[:1] == ["tram.jpg"]
        assert library.status().words_waiting == 3


def test_a_picture_without_text_is_named_and_left_untouched(
    settings: Settings, folder: Path
) -> None:
    before = (folder / "shapes.jpg").stat()
    with Library(settings) as library:
        library.index([folder])
        shapes = library.details(folder / "shapes.jpg")[0]
        assert shapes.text_read == () and (SegmentKind.NAME, "shapes") in shapes.about
    after = (folder / "shapes.jpg").stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert sorted(p.name for p in folder.iterdir()) == ["Trips", "receipt.jpg", "shapes.jpg"]


def test_not_pushes_away_a_file_by_the_words_about_it(settings: Settings, folder: Path) -> None:
    with Library(settings) as library:
        library.index([folder])
        plain = {r.path.name: r.score for r in library.search(Query(text="martim moniz"))}
        pushed = {
            r.path.name: r.score
            for r in library.search(Query(text="martim moniz", negatives=("lisbon",)))
        }
        by_name = {r.path.name: r.score for r in library.search(Query(text="lisbon"))}
    assert by_name["tram.jpg"] > 1.0
    assert pushed["tram.jpg"] == pytest.approx(plain["tram.jpg"] - by_name["tram.jpg"], abs=1e-3)
    assert pushed["receipt.jpg"] == pytest.approx(
        plain["receipt.jpg"] - max(0.0, by_name["receipt.jpg"]), abs=1e-3
    )
