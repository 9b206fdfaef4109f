"""A library written by an earlier schema opens with everything in it, migrated in place."""

from __future__ import annotations

from pathlib import Path

import apsw

from mediasift.core.store.migrations import LATEST_VERSION, MIGRATIONS, user_version
from mediasift.core.store.store import Store


def test_a_version_1_library_keeps_its_files_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = apsw.Connection(str(path))
    with conn:
        MIGRATIONS[0](conn)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO roots(id, path, added_at) VALUES (1, X'2F70', 0)")
        conn.execute(
            "INSERT INTO media(root_id, path, kind, size, mtime_ns, status, speech_state, "
            "speech_error) VALUES (1, X'2F702F612E6D7034', 'video', 1, 1, 'indexed', 'failed', "
            "'no audio track')"
        )
    conn.close()
    store = Store(path)
    try:
        assert user_version(store.conn) == LATEST_VERSION
        row = store.conn.execute("SELECT speech_note, retry FROM media").fetchone()
        assert row == ("no audio track", 0)
        assert store.catalog.volumes(1) == []
        assert [n.note for n in store.catalog.notes()] == ["no audio track"]
    finally:
        store.close()
