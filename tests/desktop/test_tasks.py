"""Background work of the window (``desktop/ui/tasks.py``) and its two users.

A result comes back on the GUI thread, an exception reaches ``on_error``, nothing reaches
a deleted receiver (and its queued calls never run), and deleting the preview while its
photo is still being read waits for nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSize, QThreadPool

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.search.results import Moment, SearchResult
from mediasift.desktop.ui.preview import PreviewPane
from mediasift.desktop.ui.tasks import run_task
from mediasift.desktop.ui.thumbnails import ThumbnailLoader
from tests.conftest import PHOTOS

DEADLINE_S = 30.0
"""How long a test waits for a pool thread before it gives up (a failure, not a hang)."""


class Receiver(QObject):
    """Takes results the way a widget does: through its own (C++-backed) state."""

    def __init__(self) -> None:
        super().__init__()
        self.taken: list[object] = []

    def take(self, value: object) -> None:
        self.setObjectName("took a value")  # raises if the C++ object is gone
        self.taken.append(value)


@pytest.fixture
def pool() -> Iterator[QThreadPool]:
    """A pool of one thread of the test's own: calls run in order, and waiting for it
    waits for nothing else."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    yield pool
    assert pool.waitForDone(int(DEADLINE_S * 1000))


def deliver_posted(pool: QThreadPool) -> None:
    """Let every call in ``pool`` finish, then hand out what they posted to the GUI thread."""
    assert pool.waitForDone(int(DEADLINE_S * 1000))
    QCoreApplication.sendPostedEvents()


def test_the_result_comes_back_on_the_gui_thread(qtbot, pool: QThreadPool) -> None:
    receiver = Receiver()
    ran_in: list[int] = []
    taken_in: list[int] = []

    def work() -> str:
        ran_in.append(threading.get_ident())
        return "decoded"

    def took(value: str) -> None:
        taken_in.append(threading.get_ident())
        receiver.take(value)

    run_task(work, took, receiver=receiver, pool=pool)
    qtbot.waitUntil(lambda: receiver.taken == ["decoded"], timeout=int(DEADLINE_S * 1000))
    gui = threading.get_ident()
    assert ran_in and ran_in[0] != gui  # the work ran on a pool thread
    assert taken_in == [gui]  # the result was handed over on the GUI thread


def test_an_exception_reaches_on_error_on_the_gui_thread(qtbot, pool: QThreadPool) -> None:
    receiver = Receiver()
    errors: list[tuple[Exception, int]] = []

    def broken() -> str:
        raise ValueError("not an image")

    run_task(
        broken,
        receiver.take,
        receiver=receiver,
        on_error=lambda error: errors.append((error, threading.get_ident())),
        pool=pool,
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=int(DEADLINE_S * 1000))
    (error, thread), *_ = errors
    assert isinstance(error, ValueError) and str(error) == "not an image"
    assert thread == threading.get_ident() and len(errors) == 1
    assert receiver.taken == []


def test_nothing_reaches_a_deleted_receiver(qtbot, pool: QThreadPool) -> None:
    doomed, alive = Receiver(), Receiver()
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def running() -> str:
        started.set()
        assert release.wait(DEADLINE_S)
        ran.append("running")
        return "late"

    def queued() -> str:
        ran.append("queued")
        return "never"

    run_task(running, doomed.take, receiver=doomed, pool=pool)
    run_task(queued, doomed.take, receiver=doomed, pool=pool)
    run_task(lambda: "after", alive.take, receiver=alive, pool=pool)
    qtbot.waitUntil(started.is_set, timeout=int(DEADLINE_S * 1000))
    shiboken6.delete(doomed)  # the widget goes while its call is running
    assert not shiboken6.isValid(doomed)
    release.set()
    deliver_posted(pool)
    # The running call finished and its result was dropped (Receiver.take on the deleted
    # object would raise in the slot, which pytest-qt reports); the queued one never ran;
    # the other receiver's result, posted after, was delivered.
    assert ran == ["running"]
    assert alive.taken == ["after"]


def test_a_cancelled_call_that_has_not_started_never_runs(qtbot, pool: QThreadPool) -> None:
    receiver = Receiver()
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def blocker() -> str:
        started.set()
        assert release.wait(DEADLINE_S)
        return "first"

    run_task(blocker, receiver.take, receiver=receiver, pool=pool)
    qtbot.waitUntil(started.is_set, timeout=int(DEADLINE_S * 1000))
    task = run_task(
        lambda: ran.append("ran") or "second", receiver.take, receiver=receiver, pool=pool
    )
    task.cancel()
    release.set()
    deliver_posted(pool)
    assert ran == [] and receiver.taken == ["first"]


def photo_result(path: Path) -> SearchResult:
    moment = Moment(1, SegmentKind.IMAGE, 9.0, 0.3, None, None, None)
    return SearchResult(1, path, MediaKind.PHOTO, (moment,), datetime(2024, 5, 1).timestamp(), None)


def test_the_preview_shows_the_photo(qtbot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show_result(photo_result(PHOTOS / "coffee.png"))
    qtbot.waitUntil(lambda: not pane.image._pixmap.isNull(), timeout=int(DEADLINE_S * 1000))
    assert pane.image._pixmap.width() > 0


def reader_waiting(pipe: Path) -> int | None:
    """The write end of ``pipe`` once a reader has it open (a read under way), else None."""
    try:
        return os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:  # nobody reads it yet
            return None
        raise


def test_deleting_the_preview_does_not_wait_for_its_photo(qtbot, tmp_path: Path) -> None:
    """The photo is a pipe nobody writes yet (a drive that does not answer), so its read
    hangs in a pool thread. Deleting the pane must return at once, and the photo that
    comes later is dropped. (A pool owned by the pane waited for the read: a fail-safe
    writer process lets it go after ``DEADLINE_S``, so that code fails here, not hangs.)"""
    pipe = tmp_path / "slow.png"
    os.mkfifo(pipe)
    photo = PHOTOS / "coffee.png"
    failsafe = subprocess.Popen(
        ["sh", "-c", f'sleep {DEADLINE_S:.0f}; exec cat "$0" > "$1"', photo, pipe],
        start_new_session=True,  # its sleep is stopped with it
    )
    writer: list[int] = []

    def read_under_way() -> bool:
        fd = reader_waiting(pipe)
        if fd is not None:
            writer.append(fd)
        return fd is not None

    try:
        pane = PreviewPane()
        pane.show_result(photo_result(pipe))
        qtbot.waitUntil(read_under_way, timeout=int(DEADLINE_S * 1000))
        shiboken6.delete(pane)  # while its photo is being read
        assert failsafe.poll() is None  # deleting did not wait for the read
    finally:
        with contextlib.suppress(ProcessLookupError):  # gone already: it wrote the photo
            os.killpg(failsafe.pid, signal.SIGKILL)
        failsafe.wait()
    os.set_blocking(writer[0], True)
    with open(writer[0], "wb") as answer:  # the drive answers at last
        answer.write(photo.read_bytes())
    assert QThreadPool.globalInstance().waitForDone(int(DEADLINE_S * 1000))
    QCoreApplication.sendPostedEvents()  # the photo reaches no deleted pane (no error)


def test_thumbnails_arrive_and_forgotten_ones_are_not_read(qtbot) -> None:
    loader = ThumbnailLoader(QSize(64, 64))
    arrived: list[str] = []
    loader.loaded.connect(arrived.append)
    coffee, horse = str(PHOTOS / "coffee.png"), str(PHOTOS / "horse.png")
    assert loader.get(coffee) is None
    qtbot.waitUntil(lambda: arrived == [coffee], timeout=int(DEADLINE_S * 1000))
    pixmap = loader.get(coffee)
    assert pixmap is not None and max(pixmap.width(), pixmap.height()) == 64

    # Every thread of the pool busy: the next thumbnail stays queued until released.
    shared = QThreadPool.globalInstance()
    busy = threading.Semaphore(0)
    release = threading.Event()

    def hold() -> None:
        busy.release()
        assert release.wait(DEADLINE_S)

    for _ in range(shared.maxThreadCount()):
        shared.start(hold)
    try:
        for _ in range(shared.maxThreadCount()):
            assert busy.acquire(timeout=DEADLINE_S)
        assert loader.get(horse) is None
        loader.forget_pending()  # new results came: the queued read is not worth doing
    finally:
        release.set()
    assert shared.waitForDone(int(DEADLINE_S * 1000))
    QCoreApplication.sendPostedEvents()
    assert arrived == [coffee]
    assert loader.get(horse) is None  # asked again: read again
    qtbot.waitUntil(lambda: arrived == [coffee, horse], timeout=int(DEADLINE_S * 1000))
