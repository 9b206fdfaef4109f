"""The library without a query: its newest items, with the query's filters."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from mediasift.core.config import Settings
from mediasift.core.errors import QueryError
from mediasift.core.kinds import MediaKind
from mediasift.core.library import Library
from mediasift.core.search.query import Query
from tests.conftest import PHOTOS, SPEECH

DAY = 86_400.0
START = datetime(2021, 3, 1).timestamp()


def _dated(folder: Path) -> None:
    """Four photos a day apart in two folders (chelsea oldest), and a recording."""
    for i, name in enumerate(("chelsea.png", "coffee.png", "rocket.jpg", "horse.png")):
        target = folder / ("old" if i < 2 else "new") / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PHOTOS / name, target)
        os.utime(target, (START + i * DAY, START + i * DAY))
    shutil.copy(SPEECH / "jfk.flac", folder / "jfk.flac")
    os.utime(folder / "jfk.flac", (START - DAY, START - DAY))


def _names(results: list) -> list[str]:
    return [r.path.name for r in results]


def test_newest_first_with_kind_folder_and_date_filters(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "library"
    _dated(folder)
    (folder / "broken.jpg").write_text("not a picture")
    with Library(settings) as library:
        library.index([folder])
        everything = library.recent(Query(limit=10))
        photos = library.recent(Query(kinds=frozenset({MediaKind.PHOTO}), limit=10))
        under = library.recent(Query(under=folder / "old", limit=10))
        window = library.recent(Query(after=START + DAY, before=START + 3 * DAY, limit=10))
        two = library.recent(Query(limit=2))
        with pytest.raises(QueryError):
            library.recent(Query(limit=0))
    newest = ["horse.png", "rocket.jpg", "coffee.png", "chelsea.png"]
    assert _names(everything) == [*newest, "jfk.flac"]  # the broken file is not listed
    assert _names(photos) == newest
    assert _names(under) == ["coffee.png", "chelsea.png"]
    assert _names(window) == ["rocket.jpg", "coffee.png"]
    assert _names(two) == newest[:2]
    first = everything[0]
    assert first.thumbnail is not None and first.thumbnail.is_file()
    assert first.start_s is None and first.text is None and not first.offline
