"""The store facade: one connection, the catalog and the vector index over it.

The indexer owns one writable :class:`Store`; readers (search in the desktop app, a second
CLI) open their own. SQLite's WAL lets readers run while the writer commits.
"""

from __future__ import annotations

from pathlib import Path

import apsw

from ..fulltext import index_body
from ..kinds import SegmentKind
from .catalog import Catalog
from .connection import MEMORY, connect, translated
from .migrations import migrate, readable_version
from .vectors import VectorIndex
from .words import WordsCatalog, WordsSegment


class Store:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        """A writer creates the file and brings its schema up to date; a reader never
        writes, never migrates, and sees a file not written yet as an empty library."""
        self.path = path
        self.conn: apsw.Connection = self._open_reader() if readonly else self._open_writer()
        self.catalog = Catalog(self.conn)
        self.vectors = VectorIndex(self.conn)
        self.words = WordsCatalog(self.conn)

    def _open_writer(self) -> apsw.Connection:
        conn = connect(self.path)
        with translated(self.path, conn):
            migrate(conn)
        return conn

    def _open_reader(self) -> apsw.Connection:
        if self.path.is_file():
            conn = connect(self.path, readonly=True)
            with translated(self.path, conn):
                if readable_version(conn) > 0:
                    return conn
            conn.close()
        # Nothing indexed yet (no file, or the first writer has not finished creating it):
        # an empty library of the current schema, in memory, answers every question.
        conn = connect(MEMORY)
        migrate(conn)
        return conn

    def transaction(self) -> apsw.Connection:
        """``with store.transaction():`` commits everything inside at once, or nothing."""
        return self.conn

    def purge_missing(self, older_than: float | None = None) -> int:
        """Forget files marked missing (gone from a scanned, present folder); with
        ``older_than``, only those missing since before that Unix time."""
        media_ids = self.catalog.missing_media_ids(older_than)
        if not media_ids:
            return 0
        with self.conn:
            segment_ids = self.catalog.segment_ids_of(media_ids)
            self.vectors.delete(segment_ids)
            self.delete_fulltext(segment_ids)
            self.catalog.delete_media(media_ids)
        return len(media_ids)

    def remove_root(self, root_id: int) -> None:
        """Delete a library folder with its files, segments, vectors and full-text rows."""
        with self.conn:
            media_ids = self.catalog.media_ids_of_root(root_id)
            segment_ids = self.catalog.segment_ids_of(media_ids)
            self.vectors.delete(segment_ids)
            self.delete_fulltext(segment_ids)
            self.catalog.delete_media(media_ids)
            self.catalog.delete_root(root_id)

    def clear_segments(self, media_id: int) -> None:
        """Drop a file's segments with their vectors (every model) and full-text rows."""
        segment_ids = self.catalog.segment_ids(media_id)
        if segment_ids:
            self.vectors.delete(segment_ids)
            self.delete_fulltext(segment_ids)
            self.catalog.delete_segments(media_id)
        self.catalog.forget_vectors(media_id)
        self.words.forget(media_id)

    def forget_names(self, media_id: int) -> None:
        """Drop the words about a file reached by a new name (moved or copied): its name
        and folders are its own, to be gathered again with its keywords."""
        self.replace_words(media_id, (SegmentKind.NAME, SegmentKind.KEYWORDS), [])
        self.words.forget(media_id, names=True, text=False)

    def replace_words(
        self,
        media_id: int,
        kinds: tuple[SegmentKind, ...],
        segments: list[WordsSegment],
    ) -> None:
        """Replace a file's word segments of these kinds (and their full-text rows)."""
        old = self.words.segment_ids(media_id, kinds)
        if old:
            self.delete_fulltext(old)
            self.words.delete_segments(old)
        self.add_fulltext([(self.words.add(media_id, s), s.text) for s in segments])

    def add_fulltext(self, rows: list[tuple[int, str]]) -> None:
        """Index transcript lines (segment id, text) for exact-word search."""
        self.conn.executemany(
            "INSERT INTO fts_segments(rowid, body) VALUES (?, ?)",
            ((segment_id, index_body(text)) for segment_id, text in rows),
        )

    def fulltext_hits(self, expression: str, limit: int) -> list[tuple[int, str]]:
        """Lines matching an FTS5 expression, best BM25 first: (segment id, stored body)."""
        rows = self.conn.execute(
            "SELECT rowid, body FROM fts_segments WHERE fts_segments MATCH ? "
            "ORDER BY bm25(fts_segments) LIMIT ?",
            (expression, limit),
        )
        return [(r[0], r[1]) for r in rows]

    def fulltext_document_counts(self, words: list[str]) -> tuple[dict[str, int], int]:
        """How many lines contain each word, and how many lines there are."""
        marks = ",".join("?" * len(words))
        rows = (
            self.conn.execute(
                f"SELECT term, doc FROM fts_vocab WHERE term IN ({marks})", tuple(words)
            )
            if words
            else []
        )
        total = self.conn.execute("SELECT count(*) FROM fts_segments_docsize").fetchone()[0]
        return {r[0]: r[1] for r in rows}, int(total)

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
