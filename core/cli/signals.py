"""SIGTERM stops a command the way Ctrl+C does.

Python's default for SIGTERM is to die on the spot: no message, no clean stop. Raising
:class:`Terminated` (a :class:`KeyboardInterrupt`) in the main thread instead lets every
``except KeyboardInterrupt`` and ``finally`` on the way run, as for Ctrl+C: the batch in
flight is rolled back, the writer lock released, the progress bar closed. ``main`` then
exits with 128 + the signal's number (130 for Ctrl+C, 143 for SIGTERM).
"""

from __future__ import annotations

import signal
from types import FrameType

EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived (a service manager, ``kill``, a shutdown)."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    # A second SIGTERM while stopping ends the process at once (the store is crash-safe).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Terminated()


def stop_on_sigterm() -> None:
    """Make SIGTERM raise :class:`Terminated` in the main thread (call from it)."""
    signal.signal(signal.SIGTERM, _terminate)


def stop_reason(stop: KeyboardInterrupt) -> str:
    return "SIGTERM" if isinstance(stop, Terminated) else "Ctrl+C"


def exit_code(stop: KeyboardInterrupt) -> int:
    return EXIT_SIGTERM if isinstance(stop, Terminated) else EXIT_SIGINT
