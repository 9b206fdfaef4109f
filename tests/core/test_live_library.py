"""A library that follows its folders: watching, reconciliation, offline drives, one writer.

The watcher runs as ``mediasift watch`` runs it (:class:`LiveSync` in its own thread); the
test changes files and polls the index through a separate reader, with a timeout and no
fixed sleeps standing in for assertions.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from mediasift.core.config import Settings
from mediasift.core.index.events import FileFailed
from mediasift.core.kinds import MediaStatus
from mediasift.core.library import Library
from mediasift.core.lock import DataDirBusyError, DataDirLock
from mediasift.core.paths import to_key
from mediasift.core.service.sync import LiveSync
from mediasift.core.watch.changes import ChangeBuffer
from tests.conftest import PHOTOS

TIMEOUT_S = 30.0


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {what}")


def indexed(reader: Library) -> dict[str, int]:
    """Path -> id of the picture segment of every indexed photo (its vector: a move keeps
    it), read through the reader's connection."""
    rows = reader.store.conn.execute(
        "SELECT m.path, s.id FROM media m JOIN segments s ON s.media_id = m.id "
        "WHERE m.status = 'indexed' AND s.kind = 'image'"
    )
    return {os.fsdecode(path): segment for path, segment in rows}


def content_hash(reader: Library, path: Path) -> str | None:
    row = reader.store.conn.execute(
        "SELECT content_hash FROM media WHERE path = ? AND status = 'indexed'", (to_key(path),)
    ).fetchone()
    return row[0] if row else None


def photo(target: Path, source: str, angle: int = 0) -> Path:
    Image.open(PHOTOS / source).convert("RGB").rotate(angle).save(target, "JPEG", quality=90)
    return target


@pytest.fixture
def events() -> list[object]:
    """Every event the live sync emitted (failures included), in order."""
    return []


@pytest.fixture
def live(
    settings: Settings, tmp_path: Path, events: list[object]
) -> Iterator[tuple[Path, Path, Library]]:
    """Two watched folders, a LiveSync thread on them, and a reader library."""
    first, second = tmp_path / "phone", tmp_path / "camera"
    first.mkdir()
    second.mkdir()
    photo(first / "cat.jpg", "chelsea.png")
    writer = Library(settings)
    writer.add_roots([first, second])
    sync = LiveSync(writer, quiet_s=0.3, check_roots_s=0.5, on_event=events.append)
    stop = threading.Event()
    thread = threading.Thread(target=sync.run, args=(stop,), daemon=True)
    thread.start()
    reader = Library(settings)
    wait_for(lambda: str(first / "cat.jpg") in indexed(reader), "the first reconcile")
    yield first, second, reader
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()
    reader.close()
    writer.close()


def test_every_kind_of_change_reaches_the_index(
    live: tuple[Path, Path, Library], encode_calls: list[int]
) -> None:
    first, second, reader = live
    # created
    photo(first / "coffee.jpg", "coffee.png")
    wait_for(lambda: str(first / "coffee.jpg") in indexed(reader), "a new file")
    before = content_hash(reader, first / "coffee.jpg")
    # modified: new content, new vector
    photo(first / "coffee.jpg", "rocket.jpg")
    wait_for(
        lambda: content_hash(reader, first / "coffee.jpg") not in (None, before),
        "a modified file re-indexed",
    )
    encoded = sum(encode_calls)
    segment = indexed(reader)[str(first / "coffee.jpg")]
    # renamed: same vector, nothing encoded
    os.rename(first / "coffee.jpg", first / "launch.jpg")
    wait_for(
        lambda: (
            str(first / "launch.jpg") in indexed(reader)
            and str(first / "coffee.jpg") not in indexed(reader)
        ),
        "a renamed file",
    )
    assert indexed(reader)[str(first / "launch.jpg")] == segment
    # moved to the other folder: still the same vector
    shutil.move(first / "launch.jpg", second / "launch.jpg")
    wait_for(
        lambda: (
            str(second / "launch.jpg") in indexed(reader)
            and str(first / "launch.jpg") not in indexed(reader)
        ),
        "a move between folders",
    )
    assert indexed(reader)[str(second / "launch.jpg")] == segment
    assert sum(encode_calls) == encoded  # moves and renames cost no encoding
    # a folder created with files in it, renamed, then deleted
    album = first / "album"
    album.mkdir()
    photo(album / "a.jpg", "horse.png")
    photo(album / "b.jpg", "astronaut.png")
    wait_for(
        lambda: {str(album / "a.jpg"), str(album / "b.jpg")} <= set(indexed(reader)), "a new folder"
    )
    os.rename(album, first / "trip")
    wait_for(
        lambda: (
            {str(first / "trip" / "a.jpg"), str(first / "trip" / "b.jpg")} <= set(indexed(reader))
            and str(album / "a.jpg") not in indexed(reader)
        ),
        "a renamed folder",
    )
    shutil.rmtree(first / "trip")
    wait_for(lambda: not any("/trip/" in p for p in indexed(reader)), "a deleted folder")
    # deleted
    (first / "cat.jpg").unlink()
    wait_for(lambda: str(first / "cat.jpg") not in indexed(reader), "a deleted file")
    assert set(indexed(reader)) == {str(second / "launch.jpg")}


def test_a_file_still_being_written_is_indexed_once_complete(
    live: tuple[Path, Path, Library], events: list[object], encode_calls: list[int]
) -> None:
    first, _, reader = live
    encoded = sum(encode_calls)
    target = first / "slow-copy.jpg"
    data = (PHOTOS / "rocket.jpg").read_bytes()
    with open(target, "wb") as out:  # written in pieces, like a slow copy from a phone
        for start in range(0, len(data), len(data) // 6):
            out.write(data[start : start + len(data) // 6])
            out.flush()
            time.sleep(0.2)
    wait_for(lambda: str(target) in indexed(reader), "the copied file")
    row = reader.store.conn.execute(
        "SELECT status, error FROM media WHERE path = ?", (to_key(target),)
    ).fetchone()
    assert row == ("indexed", None)
    # Read once, complete: never failed half-way (and healed later), never encoded twice.
    assert not [e for e in events if isinstance(e, FileFailed)]
    assert sum(encode_calls) == encoded + 1


def test_reconciliation_catches_what_changed_while_nothing_ran(
    settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "pictures"
    (root / "old").mkdir(parents=True)
    for name in ("chelsea.png", "coffee.png", "rocket.jpg"):
        photo(root / "old" / f"{name}.jpg", name)
    with Library(settings) as library:
        library.index([root])
    # While the app is closed: add, delete, rename, modify, a new folder.
    photo(root / "new.jpg", "horse.png")
    (root / "old" / "coffee.png.jpg").unlink()
    os.rename(root / "old" / "rocket.jpg.jpg", root / "old" / "launch.jpg")
    photo(root / "old" / "chelsea.png.jpg", "astronaut.png")
    (root / "added").mkdir()
    photo(root / "added" / "x.jpg", "coffee.png", 90)
    with Library(settings) as library:
        summary = library.index()
        on_disk = {str(p) for p in root.rglob("*.jpg")}
        assert set(indexed(library)) == on_disk
        assert (summary.indexed, summary.reused, summary.removed) == (3, 1, 1)


def test_offline_folder_is_kept_then_back_without_reencoding(
    settings: Settings, tmp_path: Path, encode_calls: list[int]
) -> None:
    drive = tmp_path / "usb-drive"
    drive.mkdir()
    for name in ("chelsea.png", "coffee.png"):
        photo(drive / f"{name}.jpg", name)
    with Library(settings) as library:
        library.index([drive])
    away = tmp_path / "unplugged"
    drive.rename(away)
    with Library(settings) as library:
        encoded = sum(encode_calls)
        summary = library.index()
        assert sum(encode_calls) == encoded  # nothing encoded while the drive is away
        assert summary.offline_roots == [drive] and summary.removed == 0
        status = library.status()
        assert not status.roots[0].online and status.roots[0].indexed == 2
        found = library.similar(PHOTOS / "coffee.png", limit=1)
        assert found[0].path.name == "coffee.png.jpg" and found[0].offline
    away.rename(drive)
    with Library(settings) as library:
        # Counted around the runs only: a query may use the torch model while its ONNX
        # export is being made in the background.
        encoded = sum(encode_calls)
        summary = library.index()
        assert sum(encode_calls) == encoded  # no file encoded again
        assert (summary.unchanged, summary.indexed, summary.removed) == (2, 0, 0)
        assert library.status().roots[0].online
        assert not library.similar(PHOTOS / "coffee.png", limit=1)[0].offline


def test_offline_and_back_while_watching(live: tuple[Path, Path, Library]) -> None:
    _, second, reader = live
    photo(second / "pic.jpg", "horse.png")
    wait_for(lambda: str(second / "pic.jpg") in indexed(reader), "a file on the drive")
    second.rename(second.with_name("camera-unplugged"))
    wait_for(
        lambda: not next(r for r in reader.roots() if r.path == second).online,
        "the folder marked offline",
    )
    assert str(second / "pic.jpg") in indexed(reader)  # kept, not purged
    second.with_name("camera-unplugged").rename(second)
    wait_for(
        lambda: next(r for r in reader.roots() if r.path == second).online, "the folder back online"
    )
    assert str(second / "pic.jpg") in indexed(reader)


def test_only_one_writer_per_data_dir(settings: Settings) -> None:
    with (
        DataDirLock(settings.data_dir),
        pytest.raises(DataDirBusyError, match=f"process {os.getpid()}"),
    ):
        DataDirLock(settings.data_dir).acquire()
    with DataDirLock(settings.data_dir):  # released: free again
        pass


def test_change_buffer_settles_quiet_paths_and_collapses_storms(tmp_path: Path) -> None:
    now = [0.0]
    buffer = ChangeBuffer(quiet_s=1.0, collapse_over=50, clock=lambda: now[0])
    target = tmp_path / "a.jpg"
    target.write_bytes(b"x")
    buffer.add(str(target))
    assert buffer.take_settled() == []  # too fresh
    now[0] = 1.5
    assert buffer.take_settled() == []  # first look: remembers size and mtime
    target.write_bytes(b"xy")  # still being written
    now[0] = 3.0
    assert buffer.take_settled() == []
    now[0] = 4.5
    assert buffer.take_settled() == [target]  # unchanged on two looks: settled
    for i in range(200):
        buffer.add(str(tmp_path / "storm" / f"{i}.jpg"))
    assert len(buffer) == 1  # a copy storm collapses into its folder
    now[0] = 9.0
    buffer.take_settled()
    now[0] = 11.0
    assert buffer.take_settled() == [tmp_path / "storm"]


def test_status_counts_the_queue(settings: Settings, photo_folder: Path) -> None:
    with Library(settings) as library:
        library.add_roots([photo_folder])
        from mediasift.core.scan.scanner import Scanner

        Scanner(library.store).scan(library.roots()[0])
        assert library.status().pending == 6
        library.index()
        assert library.status().pending == 0
        statuses = {c.status for c in library.status().counts}
        assert statuses == {MediaStatus.INDEXED}
