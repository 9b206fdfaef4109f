"""Walking a folder: links followed once, loops reported, odd entries handled."""

from __future__ import annotations

import os
from pathlib import Path

from mediasift.core.scan.walker import FoundFile, FoundVolume, WalkIssue, walk


def _walk(root: Path, **kwargs: object) -> tuple[list[str], dict[str, str]]:
    files, issues = [], {}
    for item in walk(str(root), **kwargs):  # type: ignore[arg-type]
        if isinstance(item, FoundFile):
            files.append(os.path.relpath(item.path, root))
        elif isinstance(item, FoundVolume):
            continue
        else:
            assert isinstance(item, WalkIssue)
            issues[os.path.relpath(item.path, root)] = item.reason
    return sorted(files), issues


def test_walk_reports_loops_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "p.jpg").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.jpg").write_bytes(b"x")
    (tmp_path / "a" / "b" / "up").symlink_to("..")  # a folder loop
    (tmp_path / "self.jpg").symlink_to("self.jpg")  # a file that points at itself
    (tmp_path / "gone.jpg").symlink_to("nowhere.jpg")
    os.mkfifo(tmp_path / "pipe.jpg")
    files, issues = _walk(tmp_path)
    assert files == ["a/b/p.jpg"]
    assert issues["a/b/up"].startswith("symlink loop")
    assert issues["self.jpg"] == "symlink loop"
    assert issues["gone.jpg"].startswith("broken symlink")
    assert issues["pipe.jpg"].startswith("not a regular file")


def test_a_folder_linked_twice_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.png").write_bytes(b"x")
    (tmp_path / "link").symlink_to("real")
    files, issues = _walk(tmp_path)
    assert len(files) == 1
    assert issues == {}


def test_non_utf8_names_are_walked(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.jpg")
    (tmp_path / name).write_bytes(b"x")
    files, _ = _walk(tmp_path)
    assert files == [name]


def test_skip_keeps_the_data_dir_out(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "thumb.jpg").write_bytes(b"x")
    (tmp_path / "p.jpg").write_bytes(b"x")
    files, _ = _walk(tmp_path, skip=[str(tmp_path / "data")])
    assert files == ["p.jpg"]
