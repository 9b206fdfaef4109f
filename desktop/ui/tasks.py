"""Background work for the window: a function runs on a pool thread, its result comes back
to the GUI thread.

The idea is Picard's ``run_task`` (``picard/util/thread.py``): a pool task whose result is
posted back to the main thread. The window needs it wherever a file is read (a preview
photo, the grid's thumbnails), and it has traps worth solving once:

- Widgets may only be touched from the GUI thread. The pool thread therefore never calls
  back itself: it posts the result to a dispatcher object that lives in the GUI thread as
  long as the application, and the callback runs there.
- A result can arrive after the widget that asked for it is gone (another result chosen,
  the window closed). Every task names a ``receiver``; once that object has been deleted
  its tasks still queued do not run and its results are dropped, never handed to a dead
  widget.
- An exception in a pool thread is easily lost. It reaches ``on_error`` (in the GUI
  thread), or the log when there is none.
- A pool owned by a widget waits, when the widget is deleted, for every task it queued;
  so does Qt's global pool when the application object goes. Tasks run on the global
  pool, and those still queued when the event loop ends or their receiver is deleted are
  skipped, so closing the window waits for nothing queued: only calls already running
  (an image decode each) finish before the process exits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

R = TypeVar("R")
V = TypeVar("V")


class _Dispatcher(QObject):
    """Runs, in the GUI thread, what pool threads post. A child of the application: Qt
    waits for the global pool before deleting it, so a running task always finds it."""

    posted = Signal(object)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.closing = False  # set in the GUI thread, read in the pool's: one bool
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)
        app.aboutToQuit.connect(self._close)

    @Slot()
    def _close(self) -> None:
        self.closing = True

    @Slot(object)
    def _run(self, deliver: Callable[[], None]) -> None:
        deliver()


_dispatcher: _Dispatcher | None = None


def _gui_dispatcher() -> _Dispatcher:
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("background tasks need a running Qt application")
        _dispatcher = _Dispatcher(app)
    return _dispatcher


def _log_error(error: Exception) -> None:
    log.error("background task failed: %s", error, exc_info=error)


class Task(Generic[R]):
    """One call of :func:`run_task`, and the handle to :meth:`cancel` it."""

    def __init__(
        self,
        func: Callable[[], R],
        on_result: Callable[[R], None],
        on_error: Callable[[Exception], None],
        receiver: QObject,
    ) -> None:
        self._func = func
        self._on_result = on_result
        self._on_error = on_error
        self._receiver = receiver
        self._dispatcher = _gui_dispatcher()
        self._cancelled = False  # set in the GUI thread, read in the pool's: one bool

    def cancel(self) -> None:
        """Skip the call if it has not started yet. A call already running finishes and
        still delivers (its result may be worth keeping; the receiver decides)."""
        self._cancelled = True

    def _receiver_alive(self) -> bool:
        return shiboken6.isValid(self._receiver)

    def _run(self) -> None:
        """In a pool thread."""
        if self._cancelled or self._dispatcher.closing or not self._receiver_alive():
            return
        try:
            result = self._func()
        except Exception as error:  # handed to on_error: a pool thread has no one to tell
            self._dispatcher.posted.emit(partial(self._deliver, self._on_error, error))
        else:
            self._dispatcher.posted.emit(partial(self._deliver, self._on_result, result))

    def _deliver(self, callback: Callable[[V], None], value: V) -> None:
        """In the GUI thread, where receivers are deleted too: checked here, the receiver
        cannot go away before the callback runs."""
        if self._receiver_alive():
            callback(value)


def run_task(
    func: Callable[[], R],
    on_result: Callable[[R], None],
    *,
    receiver: QObject,
    on_error: Callable[[Exception], None] | None = None,
    priority: int = 0,
    pool: QThreadPool | None = None,
) -> Task[R]:
    """Call ``func()`` on a pool thread, then ``on_result(result)`` in the GUI thread, or
    ``on_error(exception)`` there if it raised (logged when ``on_error`` is None).

    Nothing is called once ``receiver`` (usually the widget that will show the result)
    has been deleted. Higher ``priority`` runs first among queued tasks. Call from the GUI
    thread; ``pool`` defaults to Qt's global one.
    """
    task = Task(func, on_result, on_error or _log_error, receiver)
    (pool or QThreadPool.globalInstance()).start(task._run, priority)
    return task
