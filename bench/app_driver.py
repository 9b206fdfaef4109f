"""One launch of the desktop app, timed from the outside in (run by bench_app.py).

    MEDIASIFT_BENCH_LAUNCHED=<time.perf_counter() of the parent just before it started this
    interpreter> python bench/app_driver.py SETTINGS.ini "query text"

Does what ``mediasift.desktop.app.main`` does (the engine process launched first, before
Qt's widgets are imported; QApplication, ``MainWindow(AppSettings)``, ``show()``, the
launched engine adopted from the event loop by ``QTimer.singleShot(0, ...)``), with
an isolated QSettings file, and types the query into the search field at the first paint,
as a user who starts typing at once. Prints one JSON line of seconds since launch:
``python`` (interpreter up, this module running), ``imports`` (PySide6 and the window's
modules), ``constructed``, ``shown`` (``show()`` returned), ``first_paint`` (the first
paint event of the window or a child), ``engine_started``, ``engine_ready`` (the engine's
``ready``: library opened), ``model_ready`` (the search model loaded), ``first_results``
(the first ``results`` answering the typed query), plus the result count and the peak RSS
of both processes.

``time.perf_counter`` is CLOCK_MONOTONIC on Linux, one clock for every process, so the
parent's launch time and this process's marks can be subtracted. Everything runs under
``if __name__ == "__main__"``: the engine process is started with ``spawn``, which
imports this file again in the child.
"""

from __future__ import annotations

import os
import sys
import time


def _peak_rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> int:
    launched = float(os.environ.get("MEDIASIFT_BENCH_LAUNCHED", time.perf_counter()))
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks.setdefault(name, time.perf_counter() - launched)

    mark("python")
    settings_path, query = sys.argv[1], sys.argv[2]
    timeout_s = float(os.environ.get("MEDIASIFT_BENCH_TIMEOUT", "180"))

    from PySide6.QtCore import QSettings

    from mediasift.desktop.app_settings import AppSettings
    from mediasift.desktop.engine.launch import launch_engine

    launched_engine = launch_engine(
        AppSettings(QSettings(settings_path, QSettings.Format.IniFormat)).engine_settings()
    )
    mark("engine_started")

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from mediasift.core.service.protocol import ModelPhase
    from mediasift.desktop.ui.main_window import MainWindow

    mark("imports")
    app = QApplication([sys.argv[0]])
    app.setApplicationName("MediaSift")
    app.setOrganizationName("MediaSift")
    window = MainWindow(AppSettings(QSettings(settings_path, QSettings.Format.IniFormat)))
    mark("constructed")
    out: dict[str, object] = {"marks": marks, "results": 0}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is window
                and "first_paint" not in marks
            ):
                mark("first_paint")
                # The user starts typing as soon as the window is there.
                QTimer.singleShot(0, lambda: window.search_bar.field.setText(query))
                QTimer.singleShot(0, lambda: app.removeEventFilter(self))
            return False

    painted = FirstPaint()
    app.installEventFilter(painted)

    def finish(reason: str) -> None:
        out["reason"] = reason
        engine = window.engine
        process = getattr(engine, "_process", None) if engine is not None else None
        if process is not None and process.pid:
            out["engine_peak_rss_mb"] = _peak_rss_mb(process.pid)
        out["window_peak_rss_mb"] = _peak_rss_mb()
        window.close()  # saves geometry into the private ini, shuts the engine down
        app.quit()

    def on_results(request_id: int, results: list) -> None:
        if "first_results" in marks:
            return
        mark("first_results")
        out["results"] = len(results)
        QTimer.singleShot(0, lambda: finish("results"))

    def on_model(state) -> None:
        if state.phase == ModelPhase.READY:
            mark("model_ready")
        elif state.phase == ModelPhase.MISSING:
            out["error"] = state.message
            QTimer.singleShot(0, lambda: finish("model missing"))

    def start_engine() -> None:
        window.start_engine(launched_engine)  # what app.main schedules right after show()
        engine = window.engine
        engine.ready.connect(lambda status: mark("engine_ready"))
        engine.model_state.connect(on_model)
        engine.results.connect(on_results)
        engine.search_error.connect(lambda request_id, message: out.update(error=message))
        engine.fatal.connect(lambda message: (out.update(error=message), finish("fatal")))

    window.show()
    mark("shown")
    QTimer.singleShot(0, start_engine)
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish("timeout"))
    app.exec()
    import json

    print(json.dumps(out), flush=True)
    return 0 if "first_results" in marks else 1


if __name__ == "__main__":
    sys.exit(main())
