"""The writer's lock on a data dir whose disk is full: one line, never a traceback."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from mediasift.core.errors import DataDirError
from mediasift.core.lock import DataDirLock


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs filled to the last byte, with no lock file on it yet."""
    if os.geteuid() != 0:
        pytest.fail("this test mounts a tmpfs: run it as root (CI does)")
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], check=True)
    try:
        with open(disk / "filler", "wb", buffering=0) as filler:
            block = b"\0" * 4096
            try:
                while True:
                    filler.write(block)
            except OSError:
                pass
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_refuses_the_lock_in_one_line(full_disk: Path) -> None:
    data_dir = full_disk / "library"
    data_dir.mkdir()
    with pytest.raises(DataDirError) as refused:
        DataDirLock(data_dir).acquire()
    line = str(refused.value)
    assert "\n" not in line and "full" in line and str(data_dir) in line, line
