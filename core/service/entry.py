"""The engine process's entry point, kept import-light on purpose.

``multiprocessing`` pickles the target function by module and name, so the window must
import the module that defines it; this one imports nothing heavy, and the engine's own
modules (SQLite, numpy, Pillow, later torch) load only in the child.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import Any


def run_engine(settings: Any, commands: Connection, events: Connection) -> None:
    from ..memory import one_arena_per_core

    one_arena_per_core()
    from .engine import engine_main

    engine_main(settings, commands, events)
