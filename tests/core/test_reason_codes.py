"""A file's failure reason and note carry a stable code beside their English line (issue 16).

Real files that fail (a text file named .jpg, an empty one, a cut PNG, a recording in a
codec FFmpeg cannot decode, a silent one) are indexed; each failure and note the library
stores and reports has a code whose English rendering is exactly the line the CLI prints,
so the app can say it in another language. A library written before codes existed opens
with its English lines and no code (the app then shows the English).
"""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import replace
from pathlib import Path

import apsw
from PIL import Image

from mediasift.core.config import Settings
from mediasift.core.index.events import FileFailed, FileNote, SpeechUnavailable
from mediasift.core.library import Library
from mediasift.core.reasons import TEMPLATES, Reason, ReasonCode, stored_reason
from mediasift.core.store.migrations import LATEST_VERSION, MIGRATIONS, user_version
from mediasift.core.store.store import Store
from tests import media_factory as mf
from tests.conftest import PHOTOS


def broken_library(folder: Path) -> Path:
    """A folder of files that fail, or index with a note, each for its own reason."""
    folder.mkdir()
    shutil.copy(PHOTOS / "horse.png", folder)
    (folder / "letter.jpg").write_bytes(b"this is not a picture\n" * 500)
    (folder / "empty.jpg").write_bytes(b"")
    buffer = io.BytesIO()
    Image.open(PHOTOS / "coffee.png").convert("RGB").save(buffer, "PNG")
    (folder / "cut.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    mf.unknown_codec_wav(folder / "codec.wav")
    mf.write_wav(folder / "quiet.wav", mf.silence(4.0))
    return folder


def test_failures_and_notes_are_stored_with_their_code(settings: Settings, tmp_path: Path) -> None:
    folder = broken_library(tmp_path / "library")
    events: list[object] = []
    with Library(settings) as library:
        summary = library.index([folder], on_event=events.append)
        status = library.status()
    assert summary.indexed >= 1
    failures = {f.path.name: f for f in status.failures}
    assert set(failures) == {"letter.jpg", "empty.jpg", "cut.png", "codec.wav"}
    codes = {name: f.why.code for name, f in failures.items() if f.why is not None}
    assert codes == {
        "letter.jpg": ReasonCode.NOT_MEDIA,
        "empty.jpg": ReasonCode.EMPTY,
        "cut.png": ReasonCode.TRUNCATED_IMAGE,
        "codec.wav": ReasonCode.NO_AUDIO_DECODER,
    }
    assert failures["letter.jpg"].why is not None
    assert failures["letter.jpg"].why.values == {"format": "text"}
    # The English line is the code's rendering: what the CLI prints is unchanged.
    for failure in failures.values():
        assert str(failure.why) == failure.reason
    assert failures["letter.jpg"].reason == "not a photo, video or recording (content is text)"
    assert [(n.path.name, n.note, n.why) for n in status.notes] == [
        ("quiet.wav", "no speech found", Reason.of(ReasonCode.NO_SPEECH))
    ]
    # The events the window hears carry the same codes.
    failed = {e.path.name: e for e in events if isinstance(e, FileFailed)}
    assert {name: e.why for name, e in failed.items()} == {
        name: f.why for name, f in failures.items()
    }
    assert all(str(e.why) == e.reason for e in failed.values())
    noted = [e for e in events if isinstance(e, FileNote)]
    assert [(e.path.name, e.why) for e in noted] == [("quiet.wav", Reason.of(ReasonCode.NO_SPEECH))]


def test_a_library_from_before_codes_keeps_its_english_lines(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = apsw.Connection(str(path))
    with conn:
        for version, step in enumerate(MIGRATIONS[:4], start=1):
            step(conn)
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("INSERT INTO roots(id, path, added_at) VALUES (1, X'2F70', 0)")
        conn.execute(
            "INSERT INTO media(root_id, path, kind, size, mtime_ns, status, error) "
            "VALUES (1, X'2F702F612E6A7067', 'photo', 1, 1, 'failed', 'empty file')"
        )
    conn.close()
    store = Store(path)
    try:
        assert user_version(store.conn) == LATEST_VERSION == 6
        [failure] = store.catalog.failures()
        assert (failure.reason, failure.why) == ("empty file", None)
    finally:
        store.close()


def test_a_stored_code_is_used_only_while_it_says_the_stored_line() -> None:
    why = Reason.of(ReasonCode.CANNOT_READ, detail="Input/output error")
    assert stored_reason("cannot read: Input/output error", why.to_json()) == why
    assert stored_reason("a line written another way", why.to_json()) is None
    assert stored_reason("empty file", '{"code": "from_a_newer_version", "params": {}}') is None
    assert stored_reason("empty file", "not json") is None
    assert stored_reason("empty file", None) is None


def test_every_code_has_its_english_template() -> None:
    assert set(TEMPLATES) == set(ReasonCode)


def test_folder_problems_are_stored_with_their_code(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(PHOTOS / "horse.png", folder)
    (folder / "gone.jpg").symlink_to("nowhere.jpg")
    (folder / "self.jpg").symlink_to("self.jpg")
    os.mkfifo(folder / "pipe.jpg")
    with Library(settings) as library:
        library.index([folder])
        status = library.status()
    issues = {i.path.name: i for i in status.scan_issues}
    assert {name: i.why.code for name, i in issues.items() if i.why} == {
        "gone.jpg": ReasonCode.BROKEN_LINK,
        "self.jpg": ReasonCode.SYMLINK_LOOP,
        "pipe.jpg": ReasonCode.NOT_REGULAR,
    }
    assert all(str(i.why) == i.reason for i in issues.values())


def test_a_reason_that_wraps_another_is_stored_whole() -> None:
    why = Reason.of(ReasonCode.FOLDER_SKIPPED, cause=Reason.of(ReasonCode.PERMISSION))
    assert str(why) == "folder skipped: permission denied"
    assert Reason.from_json(why.to_json()) == why
    assert stored_reason(str(why), why.to_json()) == why


def test_a_missing_whisper_model_offline_has_its_code(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    mf.write_wav(folder / "meeting.wav", mf.silence(2.0))
    events: list[object] = []
    offline = replace(settings, whisper_model="base", offline=True)
    with Library(offline) as library:
        library.index([folder], on_event=events.append)
    [refusal] = [e for e in events if isinstance(e, SpeechUnavailable)]
    assert refusal.why is not None and refusal.why.code == ReasonCode.WHISPER_OFFLINE
    assert refusal.why.cause is not None and refusal.why.cause.code == ReasonCode.WHISPER_HOW_TO
    assert str(refusal.why) == refusal.reason
    assert refusal.reason.endswith(
        "into a folder and run mediasift models import FOLDER --as base "
        "(or pass --whisper-model /path/to/folder)"
    )
