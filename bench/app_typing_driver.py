"""One launch of the desktop app, typing query after query (run by bench_instant.py).

    python bench/app_typing_driver.py SETTINGS.ini '["query one", "query two", ...]'

Builds the real window as ``mediasift-gui`` does (the engine process launched first, an
isolated QSettings file) and waits until the search model is ready and the first results
are shown. Then, one query at a time, it types the whole query into the search field and:

* ``enter``: presses Enter at once (``SearchBar.search_now``, what Enter does), so the
  request leaves the window as the query is typed;
* ``debounced``: stops typing, so the field asks after its ``DEBOUNCE_MS`` pause.

For each query it records, in milliseconds from the moment it was typed: ``results_ms``
(the engine's results for that request handed to the window, the grid updated) and
``painted_ms`` (the first paint of the results grid after that). The next query is typed
as soon as the grid has painted. The first half of the queries are ``enter``, the rest
``debounced``. Prints one JSON line: the queries' records and both processes' peak RSS.
"""

from __future__ import annotations

import json
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
    settings_path, queries = sys.argv[1], json.loads(sys.argv[2])
    timeout_s = float(os.environ.get("MEDIASIFT_BENCH_TIMEOUT", "300"))

    from PySide6.QtCore import QSettings

    from mediasift.desktop.app_settings import AppSettings
    from mediasift.desktop.engine.launch import launch_engine

    launched_engine = launch_engine(
        AppSettings(QSettings(settings_path, QSettings.Format.IniFormat)).engine_settings()
    )

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from mediasift.core.service.protocol import ModelPhase
    from mediasift.desktop.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    app.setApplicationName("MediaSift")
    app.setOrganizationName("MediaSift")
    window = MainWindow(AppSettings(QSettings(settings_path, QSettings.Format.IniFormat)))
    out: dict[str, object] = {"typed": []}
    records: list[dict[str, object]] = []
    state: dict[str, object] = {"ready": False, "current": None, "started": False}
    half = max(1, len(queries) // 2)

    def finish(reason: str) -> None:
        out["reason"] = reason
        out["typed"] = records
        engine = window.engine
        process = getattr(engine, "_process", None) if engine is not None else None
        if process is not None and process.pid:
            out["engine_peak_rss_mb"] = _peak_rss_mb(process.pid)
        out["window_peak_rss_mb"] = _peak_rss_mb()
        window.close()
        app.quit()

    def type_next() -> None:
        index = len(records)
        if index >= len(queries):
            finish("done")
            return
        mode = "enter" if index < half else "debounced"
        record: dict[str, object] = {"query": queries[index], "mode": mode}
        records.append(record)
        state["current"] = record
        record["typed_at"] = time.perf_counter()
        window.search_bar.field.setText(queries[index])
        if mode == "enter":
            window.search_bar.search_now()

    def since_typed(record: dict[str, object]) -> float:
        return (time.perf_counter() - float(record["typed_at"])) * 1000  # type: ignore[arg-type]

    class GridPainted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            record = state["current"]
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(record, dict)
                and "results_ms" in record
                and "painted_ms" not in record
            ):
                record["painted_ms"] = since_typed(record)
                QTimer.singleShot(0, type_next)
            return False

    painted = GridPainted()
    window.results.viewport().installEventFilter(painted)

    def on_results(request_id: int, results: list) -> None:
        # connected after the window's own slot: the grid holds these results now
        if request_id != getattr(window, "_latest_request", None):
            return
        record = state["current"]
        if isinstance(record, dict) and "results_ms" not in record:
            record["results_ms"] = since_typed(record)
            record["results"] = len(results)
            window.results.viewport().update()  # a grid showing the same files repaints too
        elif not state["started"] and state["ready"] and window.search_bar.text():
            state["started"] = True  # the launch query is answered: start typing
            QTimer.singleShot(0, type_next)

    def on_model(model_state) -> None:
        if model_state.phase == ModelPhase.READY:
            state["ready"] = True
            if not state["started"]:
                window.search_bar.field.setText("warming up the query path")
                window.search_bar.search_now()
        elif model_state.phase == ModelPhase.MISSING:
            out["error"] = model_state.message
            QTimer.singleShot(0, lambda: finish("model missing"))

    def start_engine() -> None:
        window.start_engine(launched_engine)
        engine = window.engine
        engine.model_state.connect(on_model)
        engine.results.connect(on_results)
        engine.search_error.connect(lambda request_id, message: out.update(error=message))
        engine.fatal.connect(lambda message: (out.update(error=message), finish("fatal")))

    window.show()
    QTimer.singleShot(0, start_engine)
    QTimer.singleShot(int(timeout_s * 1000), lambda: finish("timeout"))
    app.exec()
    for record in records:
        record.pop("typed_at", None)
    print(json.dumps(out), flush=True)
    return 0 if out.get("reason") == "done" else 1


if __name__ == "__main__":
    sys.exit(main())
