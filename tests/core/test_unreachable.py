"""Nothing is lost when a folder is merely out of reach.

A file leaves the index only when it is gone from a folder that was listed. Unreadable
folders, links to unplugged drives, unmounted drives (as a root or inside one) and roots
that suddenly look empty keep every vector, thumbnail and transcript, and say why.
Permissions are tested as a process that permissions stop (root reads everything), and
drives as real tmpfs mounts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasift.core.config import Settings
from mediasift.core.library import Library
from mediasift.core.search.query import Query
from tests.conftest import PHOTOS, run_cli
from tests.e2e.test_cli import _with_unreadable_files_as_root as stopped_by_permissions


def indexed_paths(library: Library) -> set[str]:
    rows = library.store.conn.execute("SELECT path FROM media WHERE status = 'indexed'")
    return {os.fsdecode(r[0]) for r in rows}


def segment_count(library: Library) -> int:
    return int(library.store.conn.execute("SELECT count(*) FROM segments").fetchone()[0])


def fill(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name in names:
        target = folder / name
        shutil.copy(PHOTOS / name, target)
        target.chmod(0o644)
        made.append(target)
    return made


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    """A folder a tmpfs "drive" can be mounted on; always unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.fail("the drive tests mount a tmpfs: run them as root (CI does)")
    where = tmp_path / "drive"
    where.mkdir()
    yield where
    while os.path.ismount(where):
        subprocess.run(["umount", "-l", str(where)], check=False)


def mount(where: Path) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)], check=True)


def umount(where: Path) -> None:
    subprocess.run(["umount", str(where)], check=True)


def test_a_linked_folder_whose_drive_is_gone_is_kept(settings: Settings, tmp_path: Path) -> None:
    drive = tmp_path / "usb"
    photos = fill(drive / "trip", "horse.png", "chelsea.png")
    root = tmp_path / "Pictures"
    fill(root, "coffee.png")
    (root / "usb-trip").symlink_to(drive / "trip")
    with Library(settings) as library:
        library.index([root])
        before = indexed_paths(library)
        assert str(root / "usb-trip" / "horse.png") in before
        segments = segment_count(library)
        drive.rename(tmp_path / "usb-unplugged")  # the link now points nowhere
        summary = library.index()
        assert summary.removed == 0
        assert indexed_paths(library) == before
        assert segment_count(library) == segments
        issues = {str(i.path): i.reason for i in library.status().scan_issues}
        assert "missing" in issues[str(root / "usb-trip")]
        (tmp_path / "usb-unplugged").rename(drive)  # plugged back: nothing to redo
        again = library.index()
        assert again.indexed == 0 and again.unchanged == len(before)
        assert library.status().scan_issues == []
        # Removing the link itself is the user's choice: its files leave the index.
        (root / "usb-trip").unlink()
        assert library.index().removed == len(photos)


def test_an_unmounted_root_is_offline_not_empty(
    settings: Settings, mount_point: Path, tmp_path: Path
) -> None:
    mount(mount_point)
    fill(mount_point, "horse.png", "chelsea.png", "coffee.png")
    with Library(settings) as library:
        library.index([mount_point])
        before = indexed_paths(library)
        assert len(before) == 3
        umount(mount_point)  # the mount point stays behind, an empty folder
        status = library.status().roots[0]
        assert (status.online, status.state) == (False, "offline")
        assert "not mounted" in status.reason
        summary = library.index()
        assert summary.removed == 0 and summary.offline_roots == [mount_point]
        assert indexed_paths(library) == before
        results = library.search(Query(text="a photo", limit=5))
        assert results and all(r.offline for r in results)
        mount(mount_point)  # another, empty drive on the same mount point
        assert library.index().removed == 0
        assert indexed_paths(library) == before
        fill(mount_point, "horse.png", "chelsea.png", "coffee.png")
        back = library.index()
        assert back.removed == 0 and library.status().roots[0].online
        assert indexed_paths(library) == before


def test_a_drive_mounted_inside_a_root_is_kept_when_unmounted(
    settings: Settings, tmp_path: Path
) -> None:
    root = tmp_path / "media"
    fill(root, "coffee.png", "rocket.jpg")
    usb = root / "usb"
    usb.mkdir()
    mount(usb)
    try:
        fill(usb / "album", "horse.png", "chelsea.png")
        with Library(settings) as library:
            library.index([root])
            before = indexed_paths(library)
            assert str(usb / "album" / "horse.png") in before
            umount(usb)
            summary = library.index()
            assert summary.removed == 0
            assert indexed_paths(library) == before
            issues = {str(i.path): i.reason for i in library.status().scan_issues}
            assert "not mounted" in issues[str(usb)]
            # A file really deleted next to it still leaves the index.
            (root / "coffee.png").unlink()
            assert library.index().removed == 1
            mount(usb)
            fill(usb / "album", "horse.png", "chelsea.png")
            assert library.index().removed == 0
            assert indexed_paths(library) == before - {str(root / "coffee.png")}
    finally:
        while os.path.ismount(usb):
            subprocess.run(["umount", "-l", str(usb)], check=False)


def test_a_root_that_suddenly_looks_empty_is_offline(settings: Settings, tmp_path: Path) -> None:
    root = tmp_path / "share"
    fill(root / "2019", "horse.png", "chelsea.png")
    with Library(settings) as library:
        library.index([root])
        before = indexed_paths(library)
        shutil.move(root / "2019", tmp_path / "elsewhere")  # a share that answers empty
        summary = library.index()
        assert summary.removed == 0 and summary.offline_roots == [root]
        assert indexed_paths(library) == before
        assert not library.status().roots[0].online
        shutil.move(tmp_path / "elsewhere", root / "2019")
        assert library.index().indexed == 0
        assert library.status().roots[0].online


def _status(env: dict[str, str], wrap=None) -> dict:
    done = run_cli("status", "--json", env=env, wrap=wrap)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_unreadable_folder_keeps_its_files_and_says_so(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    root = tmp_path / "photos"
    fill(root / "private", "horse.png", "chelsea.png")
    fill(root, "coffee.png")
    assert run_cli("index", str(root), env=cli_env).returncode == 0
    (root / "private").chmod(0)
    try:
        done = run_cli("index", "--json", env=cli_env, wrap=stopped_by_permissions)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["removed"] == 0
        status = _status(cli_env, wrap=stopped_by_permissions)
        assert status["counts"]["photo"]["indexed"] == 3
        issues = {i["path"]: i["reason"] for i in status["scan_issues"]}
        assert "permission denied" in issues[str(root / "private")]
        # The whole root unreadable: "unreadable" from a live look, everything kept.
        root.chmod(0)
        status = _status(cli_env, wrap=stopped_by_permissions)
        assert status["roots"][0]["state"] == "unreadable"
        assert "permission denied" in status["roots"][0]["reason"]
        done = run_cli("index", "--json", env=cli_env, wrap=stopped_by_permissions)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["removed"] == 0
        assert _status(cli_env)["counts"]["photo"]["indexed"] == 3
    finally:
        root.chmod(0o755)
        (root / "private").chmod(0o755)
    assert run_cli("index", env=cli_env).returncode == 0
    status = _status(cli_env)
    assert status["roots"][0]["state"] == "online" and status["scan_issues"] == []


def test_a_failure_that_can_heal_is_retried_unchanged(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    root = tmp_path / "photos"
    locked, good = fill(root, "horse.png", "coffee.png")
    (root / "cut.jpg").write_bytes((PHOTOS / "rocket.jpg").read_bytes()[:2000])
    locked.chmod(0)
    done = run_cli("index", "--json", str(root), env=cli_env, wrap=stopped_by_permissions)
    assert done.returncode == 0, done.stderr
    failures = {f["path"]: f["reason"] for f in _status(cli_env)["failures"]}
    assert failures[str(locked)] == "permission denied"
    assert "truncated" in failures[str(root / "cut.jpg")]
    stamp = locked.stat().st_mtime_ns
    locked.chmod(0o644)  # size and mtime unchanged: only the permission healed
    assert locked.stat().st_mtime_ns == stamp
    summary = json.loads(run_cli("index", "--json", env=cli_env).stdout)
    assert summary["indexed"] == 1  # the healed file; the truncated one is not read again
    failures = {f["path"] for f in _status(cli_env)["failures"]}
    assert failures == {str(root / "cut.jpg")}
    assert good.exists()


def test_one_folder_reached_two_ways_is_indexed_once(settings: Settings, tmp_path: Path) -> None:
    real = tmp_path / "real"
    fill(real / "album", "horse.png", "chelsea.png")
    alias = tmp_path / "Pictures"
    alias.symlink_to(real)
    other = tmp_path / "other"
    fill(other, "coffee.png")
    (other / "album-again").symlink_to(real / "album")  # a link into another root
    (other / "album-twice").symlink_to(real / "album")
    with Library(settings) as library:
        first = library.add_roots([real])[0]
        assert library.add_roots([alias]) == [first]  # the same folder, by its link
        assert library.add_roots([alias / "album"]) == [first]
        library.index([other, real])
        assert len(library.roots()) == 2
        indexed = indexed_paths(library)
        assert len(indexed) == 3, indexed
        results = library.search(Query(text="a horse", limit=20))
        names = [r.path for r in results]
        assert len(names) == len(set(names)) == 3
        # show finds a file by any of its names
        details, _ = library.details(alias / "album" / "horse.png")
        assert details.path == real / "album" / "horse.png"
        details, _ = library.details(other / "album-again" / "chelsea.png")
        assert details.path == real / "album" / "chelsea.png"


def test_a_file_reached_only_through_a_link_is_shown_by_its_real_path(
    settings: Settings, tmp_path: Path
) -> None:
    drive = tmp_path / "drive"
    fill(drive, "horse.png")
    root = tmp_path / "Pictures"
    root.mkdir()
    (root / "drive").symlink_to(drive)
    with Library(settings) as library:
        library.index([root])
        details, _ = library.details(drive / "horse.png")
        assert details.path == root / "drive" / "horse.png"


def test_a_data_dir_inside_a_library_folder_is_refused_however_reached(
    settings: Settings, tmp_path: Path
) -> None:
    from dataclasses import replace

    from mediasift.core.errors import LibraryError

    media = tmp_path / "media"
    media.mkdir()
    link = tmp_path / "link-to-media"
    link.symlink_to(media)
    inside = replace(settings, data_dir=link / "mediasift-data")
    with Library(inside) as library, pytest.raises(LibraryError, match="is inside"):
        library.add_roots([media])
