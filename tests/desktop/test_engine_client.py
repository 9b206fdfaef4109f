"""The engine client's reader thread (desktop/engine/client.py) when the app quits."""

from __future__ import annotations

import multiprocessing
import threading

import shiboken6

from mediasift.core.config import Settings
from mediasift.desktop.engine.client import EngineClient


def test_the_engines_last_words_after_the_client_is_deleted_print_nothing(
    qapp, tmp_path, monkeypatch
) -> None:
    """Quitting deletes the client while its reader thread still waits on the engine's
    pipe; when the pipe then closes, the thread must end quietly (it raised 'Signal source
    has been deleted', a traceback on the app's stderr, seen on a fresh-clone CI run)."""
    failures: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    client = EngineClient(Settings(data_dir=tmp_path / "data"))
    events, engine_side = multiprocessing.Pipe(duplex=False)
    reader = threading.Thread(target=client._read, args=(events,), daemon=True)
    reader.start()
    engine_side.send(("status", {}))  # a message on its way as the app quits
    shiboken6.delete(client)
    engine_side.close()
    reader.join(timeout=30)
    assert not reader.is_alive()
    assert failures == []
