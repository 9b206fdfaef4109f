"""The library without a query: its newest items, for the app's grid before anything is
typed (and after indexing ends), so that the app shows something useful at once.

No model is needed: this reads the catalog only, newest capture date first (a file
without one by its modification time), with the query's kind, folder and date filters.
"""

from __future__ import annotations

import json

from ..errors import QueryError
from ..index.thumbnails import ThumbnailCache
from ..kinds import MediaKind, SegmentKind
from ..paths import from_key, prefix_range
from ..store.catalog import S_INDEXED
from ..store.store import Store
from .query import MAX_LIMIT, Query
from .results import Moment, SearchResult

_SEGMENT_OF = {
    MediaKind.PHOTO: SegmentKind.IMAGE,
    MediaKind.VIDEO: SegmentKind.FRAME,
    MediaKind.AUDIO: SegmentKind.SPEECH,
}


def recent_items(store: Store, thumbnails: ThumbnailCache, query: Query) -> list[SearchResult]:
    """Indexed files matching ``query``'s filters, newest first; its words and example
    are ignored. Each result's one moment is the whole file (no time, score 0)."""
    if not 1 <= query.limit <= MAX_LIMIT:
        raise QueryError(f"--limit must be between 1 and {MAX_LIMIT}")
    where = [f"m.status = {S_INDEXED}"]
    params: list[object] = []
    if query.kinds is not None:
        where.append("m.kind IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(str(k) for k in query.kinds)))
    if query.under is not None:
        low, high = prefix_range(query.under)
        where.append("m.path >= ? AND m.path < ?")
        params.extend((low, high))
    if query.after is not None:
        where.append("m.taken_at >= ?")
        params.append(query.after)
    if query.before is not None:
        where.append("m.taken_at < ?")
        params.append(query.before)
    rows = store.conn.execute(
        "SELECT m.id, m.path, m.kind, m.taken_at, m.content_hash, m.width, m.height, "
        "m.duration_s, r.online FROM media m JOIN roots r ON r.id = m.root_id "
        f"WHERE {' AND '.join(where)} "
        "ORDER BY coalesce(m.taken_at, m.mtime_ns / 1e9) DESC, m.id DESC LIMIT ?",
        (*params, query.limit),
    )
    found: list[SearchResult] = []
    for media_id, path, kind, taken_at, content_hash, width, height, duration, online in rows:
        media_kind = MediaKind(kind)
        thumbnail = (
            thumbnails.path_for(content_hash)
            if content_hash and thumbnails.has(content_hash)
            else None
        )
        moment = Moment(0, _SEGMENT_OF[media_kind], 0.0, 0.0, None, None, None, thumbnail)
        found.append(
            SearchResult(
                media_id=media_id,
                path=from_key(path),
                kind=media_kind,
                moments=(moment,),
                taken_at=taken_at,
                thumbnail=thumbnail,
                width=width,
                height=height,
                duration_s=duration,
                offline=not online,
            )
        )
    return found


def capture_years(store: Store) -> list[int]:
    """The years (local time) in which the library's indexed files were taken, newest
    first: the app's date filter offers them as presets."""
    rows = store.conn.execute(
        "SELECT DISTINCT CAST(strftime('%Y', taken_at, 'unixepoch', 'localtime') AS INTEGER) "
        f"FROM media WHERE status = {S_INDEXED} AND taken_at IS NOT NULL ORDER BY 1 DESC"
    )
    return [year for (year,) in rows if year is not None]
