"""Start the engine process, without Qt: the app does it before it imports its widgets.

The engine's path to its first answer is dominated by importing torch and open_clip and
loading CLIP (about 4 s of a 5 s cold start here, bench/README.md "App launch"). Started
first thing in ``main()``, the engine process does that on the second core while the
window process imports Qt and builds the window, instead of after the first paint. Its
events wait in the pipe until :class:`~mediasift.desktop.engine.client.EngineClient`
adopts the launched process and starts reading.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from mediasift.core.config import Settings
from mediasift.core.service.entry import run_engine


@dataclass
class LaunchedEngine:
    """A running engine process and the window's ends of its two pipes."""

    settings: Settings
    process: BaseProcess
    commands: Connection  # window -> engine
    events: Connection  # engine -> window

    def discard(self) -> None:
        """Stop an engine that will not be adopted (its settings went stale)."""
        self.commands.close()  # the engine reads EOF and shuts down cleanly
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self.events.close()


def launch_engine(settings: Settings) -> LaunchedEngine:
    """Spawn the engine process for ``settings`` (spawn, not fork: the window process
    may already run Qt threads, which must not be forked)."""
    context = multiprocessing.get_context("spawn")
    command_out, command_in = context.Pipe(duplex=False)
    event_out, event_in = context.Pipe(duplex=False)
    process = context.Process(
        target=run_engine,
        args=(settings, command_out, event_in),
        name="mediasift-engine",
        daemon=True,
    )
    process.start()
    command_out.close()
    event_in.close()
    return LaunchedEngine(settings, process, command_in, event_out)
