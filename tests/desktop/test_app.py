"""The desktop app as a user meets it: welcome, add a folder, type, drop, preview, pause."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

from mediasift.core.index.events import IndexProgress
from mediasift.core.kinds import MediaKind
from mediasift.core.status import LibraryStatus
from mediasift.desktop.app_settings import Key
from mediasift.desktop.engine.client import EngineClient
from mediasift.desktop.ui import models_dialog
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.models_dialog import Column, row_of
from tests import media_factory as mf
from tests.conftest import PHOTOS, SPEECH
from tests.desktop.conftest import ENGINE_TIMEOUT_MS

BUDGET = "The budget for next year is four hundred thousand dollars."
PAUSED_FOR_S = 6.0
"""How long a paused run is watched: many times what 40 photos take to start encoding."""


def _library(folder: Path, tmp: Path) -> Path:
    """Photos, a video with a spoken line at 6 s, a recording, and a broken file."""
    folder.mkdir(parents=True)
    for name in ("chelsea.png", "coffee.png", "rocket.jpg", "horse.png"):
        shutil.copy(PHOTOS / name, folder)
    shutil.copy(SPEECH / "jfk.flac", folder)
    spoken = mf.timeline((6.0, mf.speech(BUDGET, tmp=tmp)), total_s=10.0)
    scenes = [(Image.open(PHOTOS / "astronaut.png"), 5), (Image.open(PHOTOS / "horse.png"), 5)]
    mf.make_video(folder / "party.mp4", scenes, audio=spoken)
    (folder / "broken.jpg").write_text("this is not a picture")
    return folder


def drop(window: MainWindow, mime: QMimeData, on: QWidget | None = None) -> None:
    """What a drag from another app delivers: drag-enter, then the drop, on ``on`` (the
    window's own area unless said; Qt hands it up to the widget that takes drops)."""
    target = on or window
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PySide6 flags the QPoint form
        enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        target, QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    )


def _index(qtbot, window: MainWindow, folders: list[Path]) -> object:
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS) as done:
        window.engine.index(folders)
    return done.args[0]


def _indexed_in(window: MainWindow) -> int:
    status = window.library_status
    return sum(root.indexed for root in status.roots) if status is not None else 0


def _results_for(qtbot, window: MainWindow) -> list:
    """The search's results (not the newest items the grid lists before it answers)."""
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0, timeout=30_000)
    return [window.model.result(row) for row in range(window.model.rowCount())]


def test_first_start_add_folder_type_and_drop(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.pages.currentWidget() is window.welcome  # an empty library says hello
    qtbot.waitUntil(
        lambda: window.model_state is not None and window.model_state.phase == "ready",
        timeout=ENGINE_TIMEOUT_MS,
    )
    assert "ready" in window.welcome.model.text()

    folder = _library(tmp_path / "library", tmp_path)
    summary = _index(qtbot, window, [folder])
    assert summary.indexed == 6 and summary.failed == 1  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter, timeout=10_000)

    qtbot.keyClicks(window.search_bar.field, "the budget for next year")
    results = _results_for(qtbot, window)
    assert results[0].path.name == "party.mp4" and results[0].kind == MediaKind.VIDEO
    assert abs((results[0].start_s or 0) - 6.0) <= 2.0
    assert "budget" in (results[0].text or "").lower()

    # Drop a picture from the file manager: it becomes the query, alone with the words gone.
    window.search_bar.field.clear()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(PHOTOS / "coffee.png"))])
    window.model.set_results([])
    drop(window, mime)
    assert window.search_bar.chip.isVisible()
    assert _results_for(qtbot, window)[0].path.name == "coffee.png"

    # Raw image data, as a web browser offers it, works the same.
    mime = QMimeData()
    mime.setImageData(QImage(str(PHOTOS / "rocket.jpg")))
    window.model.set_results([])
    drop(window, mime)
    assert _results_for(qtbot, window)[0].path.name == "rocket.jpg"

    # And an image pasted from the clipboard.
    QGuiApplication.clipboard().setImage(QImage(str(PHOTOS / "chelsea.png")))
    window.model.set_results([])
    assert window.paste_example()
    assert _results_for(qtbot, window)[0].path.name == "chelsea.png"

    # Remove the example: the words alone search again.
    window.search_bar.chip.click()
    assert not window.search_bar.chip.isVisible()

    # The broken file is listed with its reason.
    qtbot.waitUntil(lambda: window.status_panel.failures.isVisible(), timeout=10_000)
    window.show_failures()
    assert "broken.jpg" in window.failures_dialog.reasons()
    assert "not a photo" in window.failures_dialog.reasons()["broken.jpg"]


def test_preview_opens_a_video_at_its_moment_with_its_transcript(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    _index(qtbot, window, [_library(tmp_path / "library", tmp_path)])
    qtbot.keyClicks(window.search_bar.field, "the budget for next year")
    _results_for(qtbot, window)
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)
    assert window.preview.isVisible()
    assert window.preview.stage.currentWidget() is window.preview.video
    assert window.preview.title.text() == "party.mp4"
    qtbot.waitUntil(
        lambda: (
            window.preview.transcript.count() > 0
            and "budget" in window.preview.transcript.item(0).text().lower()
        ),
        timeout=30_000,
    )
    assert window.preview.transcript.item(0).font().bold()  # the matched line stands out
    assert window.preview._start_ms >= 4000  # playback starts at the matched second
    window.preview.copy_path()
    assert QGuiApplication.clipboard().text().endswith("party.mp4")


def _status_now(qtbot, window: MainWindow) -> LibraryStatus:
    """The library as the engine's store holds it at this moment (asked, not remembered)."""
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.status, timeout=30_000) as answered:
        window.engine.request_status()
    return answered.args[0]


def _encoded(status: LibraryStatus) -> int:
    """Files whose vectors of the search model are in the store: what has been encoded."""
    return status.model.indexed_files


def test_pause_holds_indexing_and_resume_finishes(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        Image.open(PHOTOS / "coffee.png").rotate(i * 9).save(folder / f"coffee-{i:02d}.jpg")
    assert window.engine is not None
    qtbot.waitUntil(  # the model is loaded: once resumed, encoding can start at once
        lambda: window.model_state is not None and window.model_state.phase == "ready",
        timeout=ENGINE_TIMEOUT_MS,
    )
    encoded_in_events: list[float] = []
    window.engine.index_event.connect(
        lambda e: encoded_in_events.append(e.done) if isinstance(e, IndexProgress) else None
    )
    window.engine.pause()
    with qtbot.waitSignal(window.engine.paused, timeout=10_000):
        pass
    window.engine.index([folder])
    # The job has reached the engine (its folder is in the library) and is held there.
    qtbot.waitUntil(
        lambda: folder in [root.path for root in _status_now(qtbot, window).roots],
        timeout=30_000,
    )
    held_from = time.monotonic()
    while time.monotonic() - held_from < PAUSED_FOR_S:
        assert _encoded(_status_now(qtbot, window)) == 0, "files were encoded while paused"
        qtbot.wait(200)  # the interval between two looks at the store, not a synchronisation
    held_s = time.monotonic() - held_from
    assert not any(done > 0 for done in encoded_in_events), "progress was made while paused"
    assert window.status_panel.pause.isChecked()

    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS) as finished:
        window.status_panel.pause.click()  # the Resume button
        resumed_at = time.monotonic()
        qtbot.waitUntil(lambda: _encoded(_status_now(qtbot, window)) > 0, timeout=30_000)
        first_encoded_s = time.monotonic() - resumed_at
    assert finished.args[0].indexed == 40
    assert _encoded(_status_now(qtbot, window)) == 40
    # The hold meant something: running, the engine encoded within a fraction of it.
    assert first_encoded_s < held_s / 2, (
        f"resumed, the first file took {first_encoded_s:.1f} s to encode: the paused "
        f"interval ({held_s:.1f} s) was too short to show that pause holds"
    )


@pytest.mark.alone
def test_the_event_loop_never_stalls_while_a_folder_indexes(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    folder = _library(tmp_path / "library", tmp_path)
    for i in range(30):
        Image.open(PHOTOS / "astronaut.png").rotate(i * 11).save(folder / f"a-{i:02d}.jpg")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    _index(qtbot, window, [folder])
    qtbot.keyClicks(window.search_bar.field, "a cat")
    _results_for(qtbot, window)
    timer.stop()
    assert len(gaps) > 100
    worst = max(gaps)
    assert worst < 0.100, f"the GUI event loop stalled for {worst * 1000:.0f} ms"


PROBE = """
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from mediasift.desktop.app_settings import AppSettings
from mediasift.desktop.app_settings import Key
from mediasift.desktop.engine.client import EngineClient
from mediasift.desktop.ui.main_window import MainWindow

if __name__ == "__main__":  # the engine process is spawned: guard as the app's entry does
    app = QApplication([])
    window = MainWindow(AppSettings(QSettings(SETTINGS, QSettings.Format.IniFormat)))
    window.show()
    shown_with_torch = "torch" in sys.modules
    window.start_engine()

    def answered(*_):
        after = "torch" in sys.modules
        print("torch at show:", shown_with_torch, "torch after search:", after, flush=True)
        window.close()
        app.quit()

    window.engine.results.connect(answered)
    window.engine.model_state.connect(
        lambda s: s.phase == "ready" and window.search_bar.field.setText("a photo")
    )
    QTimer.singleShot(110_000, app.quit)
    app.exec()
"""


def test_the_window_process_never_imports_torch(tmp_path: Path, app_env: dict[str, str]) -> None:
    """Window up, engine ready, a search answered: torch lives only in the engine process."""
    script = tmp_path / "probe.py"
    script.write_text(PROBE.replace("SETTINGS", repr(str(tmp_path / "s.ini"))))
    env = {**app_env, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=150
    )
    assert "torch at show: False torch after search: False" in proc.stdout, proc.stderr[-2000:]


def test_the_app_follows_new_files_and_refuses_a_second_engine(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "watched"
    folder.mkdir()
    shutil.copy(PHOTOS / "coffee.png", folder)
    _index(qtbot, window, [folder])
    qtbot.waitUntil(lambda: _indexed_in(window) == 1, timeout=30_000)
    Image.open(PHOTOS / "horse.png").save(folder / "horse-copy.png")  # arrives by itself
    qtbot.waitUntil(lambda: _indexed_in(window) == 2, timeout=60_000)

    assert window.engine is not None
    second = EngineClient(window.engine.settings)
    with qtbot.waitSignal(second.fatal, timeout=ENGINE_TIMEOUT_MS) as refused:
        second.start()
    assert "already indexing" in refused.args[0]
    second.shutdown()


def _state_of(dialog, name: str) -> str:
    return dialog.table.item(row_of(dialog, name), Column.STATE).text()


def test_models_page_imports_removes_and_switches_a_model(
    qtbot, window: MainWindow, whisper_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's own buttons: Import (the folder picked in the file dialog), Remove
    (asked with "Delete model"), Use (asked with "Use model": the engine restarts on it)."""
    from tests.desktop.test_browsing import _answer

    monkeypatch.setattr(
        models_dialog.QFileDialog,
        "getExistingDirectory",
        staticmethod(lambda *args, **kwargs: str(whisper_dir)),
    )
    window.show_models()
    dialog = window.models_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 6, timeout=30_000)
    assert "not here" in _state_of(dialog, "tiny.en")
    assert (
        dialog.table.item(row_of(dialog, "ViT-B-32:laion2b_s34b_b79k"), Column.DOWNLOAD).text()
        == "605 MB"
    )
    assert window.engine is not None

    def import_tiny_en() -> None:
        dialog.table.selectRow(row_of(dialog, "tiny.en"))
        assert dialog.download.isEnabled() and dialog.use.isEnabled()
        assert not dialog.remove.isEnabled()  # nothing here to remove yet
        with qtbot.waitSignal(
            window.engine.model_task, timeout=60_000, check_params_cb=lambda t: t.finished
        ) as done:
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert done.args[0].error is None and done.args[0].action == "import"
        qtbot.waitUntil(lambda: _state_of(dialog, "tiny.en") == "here", timeout=10_000)
        assert dialog.message.text() == "tiny.en: imported."

    import_tiny_en()
    seen: list[list[str]] = []
    dialog.table.selectRow(row_of(dialog, "tiny.en"))
    assert dialog.remove.isEnabled()
    _answer(qtbot, "Cancel", seen)
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert set(seen[-1]) == {"Delete model", "Cancel"}
    assert _state_of(dialog, "tiny.en") == "here"  # cancelled: still here
    with qtbot.waitSignal(
        window.engine.model_task, timeout=60_000, check_params_cb=lambda t: t.finished
    ) as done:
        _answer(qtbot, "Delete model", seen)
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert done.args[0].error is None and done.args[0].action == "remove"
    qtbot.waitUntil(lambda: _state_of(dialog, "tiny.en") == "not here", timeout=10_000)
    assert whisper_dir.is_dir()  # the folder it was imported from is untouched

    import_tiny_en()
    first_engine = window.engine
    dialog.table.selectRow(row_of(dialog, "tiny.en"))
    _answer(qtbot, "Use model", seen)
    qtbot.mouseClick(dialog.use, Qt.MouseButton.LeftButton)
    assert set(seen[-1]) == {"Use model", "Cancel"}
    assert window.engine is not first_engine  # restarted on the chosen model
    assert window.app_settings.text(Key.WHISPER_MODEL) == "tiny.en"
    assert window.engine.settings.whisper_model == "tiny.en"
    qtbot.waitUntil(lambda: "in use" in _state_of(dialog, "tiny.en"), timeout=60_000)
    dialog.table.selectRow(row_of(dialog, "tiny.en"))
    assert not dialog.use.isEnabled() and not dialog.remove.isEnabled()
