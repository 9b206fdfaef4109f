"""The store facade: one connection, the catalog and the vector index over it.

The indexer owns one writable :class:`Store`; readers (search in the desktop app, a second
CLI) open their own. SQLite's WAL lets readers run while the writer commits.
"""

from __future__ import annotations

from pathlib import Path

import apsw

from mediasift.core.store.catalog import Catalog
from mediasift.core.store.connection import connect
from mediasift.core.store.migrations import migrate
from mediasift.core.store.vectors import VectorIndex


class Store:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.conn: apsw.Connection = connect(path, readonly=readonly)
        if not readonly:
            migrate(self.conn)
        self.catalog = Catalog(self.conn)
        self.vectors = VectorIndex(self.conn)

    def transaction(self) -> apsw.Connection:
        """``with store.transaction():`` commits everything inside at once, or nothing."""
        return self.conn

    def purge_missing(self) -> int:
        """Forget files marked missing (gone from a scanned, present folder)."""
        media_ids = self.catalog.missing_media_ids()
        if not media_ids:
            return 0
        with self.conn:
            segment_ids = self.catalog.segment_ids_of(media_ids)
            self.vectors.delete(segment_ids)
            self.delete_fulltext(segment_ids)
            self.catalog.delete_media(media_ids)
        return len(media_ids)

    def clear_segments(self, media_id: int) -> None:
        """Drop a file's segments with their vectors (every model) and full-text rows."""
        segment_ids = self.catalog.segment_ids(media_id)
        if segment_ids:
            self.vectors.delete(segment_ids)
            self.delete_fulltext(segment_ids)
            self.catalog.delete_segments(media_id)
        self.catalog.forget_vectors(media_id)

    def delete_fulltext(self, segment_ids: list[int]) -> None:
        self.conn.executemany(
            "DELETE FROM fts_segments WHERE rowid = ?", ((i,) for i in segment_ids)
        )

    def copy_fulltext(self, pairs: list[tuple[int, int]]) -> None:
        """Give copied segments (old id, new id) the same full-text rows."""
        self.conn.executemany(
            "INSERT INTO fts_segments(rowid, body) "
            "SELECT ?, body FROM fts_segments WHERE rowid = ?",
            ((new, old) for old, new in pairs),
        )

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def close(self) -> None:
        self.conn.close()
