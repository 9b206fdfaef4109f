"""One writer per data dir: a second MediaSift that wants to index is refused, clearly.

SQLite alone would keep the file consistent, but two indexers would race over the same
pending files and double the work, and a crash-resume needs to know nobody else is
resuming. Readers (search, similar, status, show) take no lock: WAL lets them run while
the writer commits. The lock is an OS file lock, so it dies with its process: a killed
MediaSift never leaves the library locked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import IO

from .errors import DataDirError, os_failure, reasoned
from .paths import display
from .reasons import ReasonCode


class DataDirBusyError(DataDirError):
    """Another MediaSift process is indexing this library."""


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "writer.lock"
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or refuse in one line: another writer has it, or the data dir
        cannot be written (read-only, not ours, full), which no writer could work with."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not os.access(folder, os.W_OK):  # the lock file may exist, writable
                code = errno.EROFS if _read_only_mount(folder) else errno.EACCES
                raise OSError(code, os.strerror(code), str(folder))
            handle = open(self.path, "a+")  # noqa: SIM115 (held open as the lock itself)
        except (FileExistsError, NotADirectoryError) as exc:
            raise reasoned(
                DataDirError, ReasonCode.DATA_DIR_NOT_A_FOLDER, path=display(folder)
            ) from exc
        except OSError as exc:
            failure = os_failure(exc, display(folder))
            if failure is None:
                raise
            raise failure from exc
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise reasoned(
                DataDirBusyError,
                ReasonCode.WRITER_BUSY,
                pid=holder,
                path=display(self.path.parent),
            )
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        except OSError as exc:
            with contextlib.suppress(OSError):  # close() flushes the same write: ENOSPC again
                handle.close()
            failure = os_failure(exc, display(folder))
            if failure is None:
                raise
            raise failure from exc
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            _unlock(self._file)
            self._file.close()
            self._file = None

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
