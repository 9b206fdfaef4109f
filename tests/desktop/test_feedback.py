"""The window answers at once and tells the truth: Pause and Cancel, the words it uses,
folders and failures, the actions on a file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt

from mediasift.core.index.events import IndexProgress, ModelLoading, SpeechUnavailable
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.status_panel import PAUSED, STOPPING, StatusPanel
from tests.conftest import PHOTOS, SPEECH
from tests.desktop.conftest import ENGINE_TIMEOUT_MS

STOP_WITHIN_S = 3.0
"""A click on Cancel or Pause takes hold within this (the file in hand is finished)."""


def noise_photos(folder: Path, count: int, seed: int = 0) -> Path:
    """``count`` different small JPEGs (each its own content: nothing is reused)."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        pixels = rng.integers(0, 255, (96, 128, 3), dtype=np.uint8)
        Image.fromarray(pixels, "RGB").save(folder / f"noise-{i:03d}.jpg", quality=70)
    return folder


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def test_pause_and_cancel_answer_at_once_and_hold_within_seconds(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = noise_photos(tmp_path / "many", 400)
    assert window.engine is not None
    qtbot.waitUntil(
        lambda: window.model_state is not None and window.model_state.phase == "ready",
        timeout=ENGINE_TIMEOUT_MS,
    )
    progress: list[float] = []
    window.engine.index_event.connect(
        lambda e: progress.append(e.done) if isinstance(e, IndexProgress) else None
    )
    window.engine.index([folder])
    panel = window.status_panel
    qtbot.waitUntil(lambda: any(done > 0 for done in progress), timeout=ENGINE_TIMEOUT_MS)
    qtbot.waitUntil(panel.pause.isVisible)

    _click(qtbot, panel.pause)
    # Said at once, before the engine has answered anything.
    assert panel.state() == "Pausing after this file…"
    assert panel.label.text().startswith("Pausing after this file…")
    assert panel.pause.text() == "Resume"
    clicked = time.monotonic()
    qtbot.waitUntil(lambda: panel.state() == PAUSED, timeout=10_000)
    assert time.monotonic() - clicked < STOP_WITHIN_S
    assert panel.label.text().startswith("Paused")
    held_at = len(progress)
    qtbot.wait(1000)  # a second of looking: nothing moves while paused
    assert len(progress) <= held_at + 1  # one last report may have been on its way

    # Cancel while paused: "Stopping…" at once, the run ends within seconds, and the
    # next run is not held by the pause of this one.
    with qtbot.waitSignal(window.engine.index_done, timeout=10_000) as finished:
        _click(qtbot, panel.cancel)
        assert panel.state() == STOPPING and panel.label.text().startswith("Stopping…")
        assert not panel.cancel.isEnabled() and not panel.pause.isEnabled()
        clicked = time.monotonic()
    assert time.monotonic() - clicked < STOP_WITHIN_S
    assert finished.args[0].cancelled
    assert panel.label.text() == "Indexing stopped; it goes on from there next time"
    assert not panel.pause.isChecked() and panel.pause.text() == "Pause"

    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS) as done:
        window.engine.index([noise_photos(tmp_path / "more", 3, seed=1)])
    assert not done.args[0].cancelled


def test_progress_words_name_no_internal_paths(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "memos"
    folder.mkdir()
    shutil.copy(SPEECH / "jfk.flac", folder)
    assert window.engine is not None
    said: list[str] = []
    # Connected after the status panel: each event's line as the panel shows it.
    window.engine.index_event.connect(lambda _event: said.append(window.status_panel.label.text()))
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([folder])
    assert "Preparing speech recognition…" in said
    assert any(line.startswith("Transcribing") and "jfk.flac" in line for line in said)
    data_dir = str(window.engine.settings.data_dir)
    for line in said:
        assert data_dir not in line and str(tmp_path) not in line, line
        assert "Whisper model in" not in line and "internal error" not in line, line


def test_a_developer_error_reads_as_one_plain_line(qtbot) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.handle(ModelLoading("Whisper model in /home/me/.local/share/mediasift/models/tiny"))
    assert panel.label.text() == "Preparing speech recognition…"
    panel.handle(ModelLoading("ViT-B-32 (laion2b_s34b_b79k)"))
    assert panel.label.text() == "Preparing the search model…"
    reason = "Whisper tiny is not on this machine (looked in /x/models/whisper/tiny); run …"
    panel.handle(SpeechUnavailable(reason, 2))
    assert panel.label.text() == (
        "Speech recognition is not available yet: 2 recordings wait (see Models…)"
    )
    assert panel.label.toolTip() == reason  # the details stay at hand
    panel.set_error("internal error: KeyError: 'speech_done_s'")
    assert panel.label.text() == "Indexing stopped by an unexpected problem"
    panel.set_error("the disk is full: free some space and indexing goes on")
    assert panel.label.text() == "the disk is full: free some space and indexing goes on"


def test_an_offline_folder_refreshes_the_results_and_the_preview_says_so(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "drive" / "Photos"
    folder.mkdir(parents=True)
    for name in ("coffee.png", "horse.png"):
        shutil.copy(PHOTOS / name, folder)
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([folder])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30_000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.splitter, timeout=30_000)
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    qtbot.keyClick(window.results, Qt.Key.Key_Space)
    preview = window.preview
    assert preview.isVisible() and preview.open_button.isEnabled()
    assert not preview.banner.isVisibleTo(preview)

    # Copy path confirms in a toast.
    qtbot.waitUntil(lambda: preview.copy_button.isVisible() and preview.copy_button.width() > 20)
    _click(qtbot, preview.copy_button)
    assert window.toast.isVisible() and window.toast.text() == "Path copied"

    # The drive is unplugged: the results follow (marked offline), and so does the
    # preview of the selected one, without a click.
    (tmp_path / "drive").rename(tmp_path / "elsewhere")
    qtbot.waitUntil(
        lambda: window.model.rowCount() == 2 and window.model.result(0).offline,  # type: ignore[union-attr]
        timeout=60_000,
    )
    qtbot.waitUntil(lambda: preview.result is not None and preview.result.offline)
    assert preview.banner.isVisibleTo(preview) and preview.banner.text().startswith("Offline")
    assert not preview.open_button.isEnabled() and not preview.reveal_button.isEnabled()
    assert preview.copy_button.isEnabled()
    menu = window.results.context_menu(window.model.result(0))  # type: ignore[arg-type]
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["Open"] is False and enabled["Show in folder"] is False
    # Enter on the offline tile says why it cannot be opened.
    window.results.setFocus()
    qtbot.keyClick(window.results, Qt.Key.Key_Return)
    name = window.model.result(0).path.name  # type: ignore[union-attr]
    assert window.toast.text() == f"{name} is offline: its folder is not reachable"
    # Offline, the photo is shown from its stored thumbnail.
    qtbot.waitUntil(lambda: not preview.image._pixmap.isNull(), timeout=10_000)

    # Removed from the library: the grid empties and the preview shows nothing of it.
    with qtbot.waitSignal(window.engine.status, timeout=60_000):
        window.engine.remove_folder(folder)
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=30_000)
    assert preview.result is None and preview.title.text() == "Nothing selected"
