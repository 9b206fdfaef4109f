"""Schema migrations, ordered and keyed on ``PRAGMA user_version``.

The pending steps run in one transaction together with the version bumps, so a crash
leaves the file at the version it had, never half-migrated. A file written by a newer MediaSift is
refused rather than guessed at. Per-model vector tables (``vec_m<id>``) are created on
demand by :mod:`mediasift.core.store.vectors`, not here, because their dimension depends
on the model.
"""

from __future__ import annotations

from collections.abc import Callable

import apsw

from ..errors import DatabaseTooNewError, LibraryOutdatedError, reasoned
from ..fulltext import index_body
from ..reasons import ReasonCode

SCHEMA_V1 = """
CREATE TABLE roots(
    id INTEGER PRIMARY KEY,
    path BLOB NOT NULL UNIQUE,
    added_at REAL NOT NULL,
    online INTEGER NOT NULL DEFAULT 1,
    last_scan_at REAL
);

CREATE TABLE models(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dim INTEGER NOT NULL,
    choice TEXT,  -- JSON {"model", "weights"}: how to load it again (search on it meanwhile)
    created_at REAL NOT NULL
);

-- One row per file the scanner found worth indexing (or worth reporting).
CREATE TABLE media(
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    path BLOB NOT NULL UNIQUE,
    kind TEXT,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT,
    width INTEGER,
    height INTEGER,
    duration_s REAL,
    taken_at REAL,
    status TEXT NOT NULL,
    error TEXT,
    -- Videos and recordings are indexed in parts: frames (visual) and transcript (speech).
    -- Each part is NULL (does not apply), 'pending', 'done', 'none' (speech: no audio
    -- track) or 'failed' (speech: reason in speech_error; the frames stay searchable).
    visual_state TEXT,
    speech_state TEXT,
    speech_done_s REAL,
    speech_error TEXT,
    language TEXT,
    missing_at REAL,
    seen INTEGER NOT NULL DEFAULT 1,
    indexed_at REAL
);
CREATE INDEX media_root ON media(root_id, path);
CREATE INDEX media_status ON media(status);
CREATE INDEX media_hash ON media(content_hash);
CREATE INDEX media_speech ON media(speech_state);

-- The unit that gets an embedding: a photo, a video frame, a transcript line.
CREATE TABLE segments(
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the in-memory codes append by id
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    start_s REAL,
    end_s REAL,
    text TEXT,
    lang TEXT
);
CREATE INDEX segments_media ON segments(media_id);

-- Which model has embedded every segment of which file: the provenance of the vectors.
CREATE TABLE media_vectors(
    media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
    model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
    PRIMARY KEY(media_id, model_id)
) WITHOUT ROWID;

-- Folder-level problems of the last scan (unreadable folders, symlink loops).
CREATE TABLE scan_issues(
    id INTEGER PRIMARY KEY,
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    path BLOB NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE preferences(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Spoken words for exact-word search; rowid = segments.id. Text is stored pre-split so
-- that Chinese and Japanese characters are one token each (see search/fulltext.py).
CREATE VIRTUAL TABLE fts_segments USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
-- Per-word document counts, for weighting rare words above common ones.
CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts_segments, 'row');
"""


def _v1(conn: apsw.Connection) -> None:
    conn.execute(SCHEMA_V1)


SCHEMA_V2 = """
-- What a full scan saw of each root's volumes, to tell an unplugged drive from an emptied
-- folder (see scan/volumes.py): the root itself, every mount point and every folder
-- reached through a symbolic link below it, with its device and whether it was mounted.
CREATE TABLE volumes(
    root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
    path BLOB NOT NULL,
    dev INTEGER NOT NULL,
    mounted INTEGER NOT NULL,
    linked INTEGER NOT NULL,
    PRIMARY KEY(root_id, path)
) WITHOUT ROWID;
-- 1 when a failure can go away by itself (permission, I/O, full disk, internal error):
-- such a file is retried on the next run even though it did not change.
ALTER TABLE media ADD COLUMN retry INTEGER NOT NULL DEFAULT 0;
"""


def _v2(conn: apsw.Connection) -> None:
    conn.execute(SCHEMA_V2)


def _v3(conn: apsw.Connection) -> None:
    # One word for one thing: the transcript part's remark is a note, not an error
    # (a failed recording's reason is in ``error``, like every failed file's).
    conn.execute("ALTER TABLE media RENAME COLUMN speech_error TO speech_note")


SCHEMA_V4 = """
-- Words in and about a file (see index/words_phase.py). NULL: still to do; 'done'.
-- words_state: the name, folders and embedded keywords; text_state: text read in the
-- photo or the video's frames (photos and videos only).
ALTER TABLE media ADD COLUMN words_state TEXT;
ALTER TABLE media ADD COLUMN text_state TEXT;
CREATE INDEX media_words ON media(words_state);
-- A line read in a picture: where (JSON [x, y, width, height], 0..1) and how sure.
ALTER TABLE segments ADD COLUMN box TEXT;
ALTER TABLE segments ADD COLUMN confidence REAL;
"""


def _v4(conn: apsw.Connection) -> None:
    conn.execute(SCHEMA_V4)
    # The full-text form of a line changed (simplified and traditional Chinese fold to
    # one form, codes split into letters and digits): store every line's new form.
    rows = conn.execute("SELECT id, text FROM segments WHERE text IS NOT NULL").fetchall()
    conn.execute("DELETE FROM fts_segments")
    conn.executemany(
        "INSERT INTO fts_segments(rowid, body) VALUES (?, ?)",
        ((segment_id, index_body(text)) for segment_id, text in rows),
    )


SCHEMA_V5 = """
-- Why a file failed, or what its transcript part notes, as a code and its values (JSON
-- {"code", "params"}, see core/reasons.py) beside the English line in error/speech_note,
-- for the app to say in its own language. NULL (rows from before): the English is shown.
ALTER TABLE media ADD COLUMN error_why TEXT;
ALTER TABLE media ADD COLUMN speech_note_why TEXT;
"""


def _v5(conn: apsw.Connection) -> None:
    conn.execute(SCHEMA_V5)


def _v6(conn: apsw.Connection) -> None:
    # A folder-level problem's reason as a code too (see _v5); NULL: shown in English.
    conn.execute("ALTER TABLE scan_issues ADD COLUMN why TEXT")


MIGRATIONS: list[Callable[[apsw.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
LATEST_VERSION = len(MIGRATIONS)


def user_version(conn: apsw.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: apsw.Connection) -> int:
    """Bring the schema to :data:`LATEST_VERSION`; returns the version found on entry.

    Only a writer calls this. All pending steps run in one transaction that takes the write
    lock first (``BEGIN IMMEDIATE``) and reads the version again under it: two processes
    starting on a fresh data dir at once never both run a step ("table already exists"),
    and a reader sees the file before or after, never half-way (an intermediate version)."""
    found = user_version(conn)
    _refuse_newer(found)
    if found == LATEST_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(user_version(conn) + 1, LATEST_VERSION + 1):
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return found


def readable_version(conn: apsw.Connection) -> int:
    """The schema version a reader finds: 0 for a file nothing has been written to yet (a
    reader then sees an empty library), else :data:`LATEST_VERSION`. Readers never
    migrate: an older file is refused with what to run, a newer one with what to do."""
    found = user_version(conn)
    _refuse_newer(found)
    if 0 < found < LATEST_VERSION:
        raise reasoned(
            LibraryOutdatedError, ReasonCode.LIBRARY_OUTDATED, found=found, latest=LATEST_VERSION
        )
    return found


def _refuse_newer(found: int) -> None:
    if found > LATEST_VERSION:
        raise reasoned(
            DatabaseTooNewError, ReasonCode.LIBRARY_TOO_NEW, found=found, latest=LATEST_VERSION
        )
