"""Take the README's screenshots of the real window (and extra states to look at).

Run under an X server (the README's are taken under Xvfb at 1366x768):

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python -m tests.desktop.make_screenshots OUT_DIR [light|dark] [WxH]
        [missing]   # the welcome page without the search model
        [en|zh_CN]  # the window's language (default: the system's, as the app does)

Words after OUT_DIR may come in any order. The Chinese window needs the compiled
translations (``make translations``); its shots are named with ``-zh_CN``.

A demo library (the test photos, a video with a spoken line, recordings) is indexed with
the tests' tiny models into a temporary data dir; each state is captured from the screen
with ImageMagick's ``import``, as a person would see it. Not a test: a tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from mediasift.desktop import translations
from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.ui.dialogs import SettingsDialog
from mediasift.desktop.ui.main_window import MainWindow
from tests import media_factory as mf
from tests import model_files
from tests.conftest import PHOTOS, SPEECH

BUDGET = "The budget for next year is four hundred thousand dollars."


def demo_library(folder: Path, tmp: Path) -> None:
    folder.mkdir(parents=True)
    for name in ("chelsea.png", "coffee.png", "rocket.jpg", "horse.png", "astronaut.png"):
        shutil.copy(PHOTOS / name, folder)
    shutil.copy(SPEECH / "jfk.flac", folder)
    spoken = mf.timeline((4.0, mf.speech(BUDGET, tmp=tmp)), total_s=12.0)
    scenes = [(Image.open(PHOTOS / "rocket.jpg"), 6), (Image.open(PHOTOS / "astronaut.png"), 6)]
    mf.make_video(folder / "launch-day.mp4", scenes, audio=spoken)
    said = "We agreed the budget for next year in this meeting. Then we talked about the trip."
    mf.write_wav(
        folder / "meeting-notes.wav", mf.timeline((1.0, mf.speech(said, tmp=tmp)), total_s=12.0)
    )
    (folder / "broken.jpg").write_text("not a picture")


class Driver:
    """Runs steps one after the other on the event loop, each when its condition holds."""

    def __init__(self, app: QApplication, out: Path, suffix: str, size: str) -> None:
        self.app = app
        self.size = size
        self.out = out
        self.suffix = suffix
        self.steps: list[tuple[Callable[[], bool], Callable[[], None]]] = []
        self.deadline = 0.0

    def then(self, when: Callable[[], bool], do: Callable[[], None]) -> Driver:
        self.steps.append((when, do))
        return self

    def shoot(self, name: str) -> None:
        self.app.processEvents()
        path = self.out / f"{name}{self.suffix}.png"
        crop = ["-crop", f"{self.size}+0+0", "+repage"]
        subprocess.run(["import", "-window", "root", *crop, str(path)], check=True)
        print("saved", path, flush=True)

    def start(self) -> None:
        self.deadline = time.monotonic() + 240
        QTimer.singleShot(200, self._tick)

    def _tick(self) -> None:
        if not self.steps:
            self.app.quit()
            return
        if time.monotonic() > self.deadline:
            print("timed out waiting for a step", flush=True)
            self.app.exit(1)
            return
        when, do = self.steps[0]
        if when():
            self.steps.pop(0)
            do()
            self.deadline = time.monotonic() + 240
            QTimer.singleShot(700, self._tick)  # let the window settle and paint
        else:
            QTimer.singleShot(100, self._tick)


def main(argv: list[str]) -> int:
    out = Path(argv[1]).absolute()
    words = argv[2:]
    scheme = "dark" if "dark" in words else "light"
    size = next((word for word in words if "x" in word and word[0].isdigit()), "1366x768")
    width, height = (int(v) for v in size.split("x"))
    missing = "missing" in words  # the search model not on this computer
    language = next((word for word in words if word in set(translations.UiLanguage)), "")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="mediasift-shots-"))
    clip = model_files.build_tiny_clip(tmp / "clip", seed=1)
    models = model_files.tiny_model_env(tmp / "data", clip, model_files.whisper_dir())
    env = {**os.environ, **models, "HOME": str(tmp / "home")}
    if missing:
        env.pop("MEDIASIFT_CLIP_WEIGHTS")
        env["MEDIASIFT_CLIP_MODEL"] = "ViT-B-32"  # its default weights: not here, offline
    library = tmp / "lib" / "Pictures"
    demo_library(library, tmp)

    app = QApplication(["mediasift-gui"])
    spoken = translations.install(app, language)
    if language and spoken != language:
        print(f"no {language} translation here: run `make translations` first", flush=True)
        return 1
    settings = AppSettings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.set_text(Key.COLOR_SCHEME, scheme)
    window = MainWindow(settings, env=env)
    window.setGeometry(0, 0, width, height)
    window.show()
    window.start_engine()
    suffix = "" if (scheme, width) == ("light", 1366) else f"-{scheme}-{width}x{height}"
    if spoken != translations.UiLanguage.ENGLISH:
        suffix = f"-{spoken}{suffix}"
    drive = Driver(app, out, suffix, f"{width}x{height}")
    done: list[object] = []
    assert window.engine is not None
    window.engine.index_done.connect(done.append)

    def ready() -> bool:
        state = window.model_state
        return state is not None and state.phase == "ready"

    def searched() -> bool:
        return window.model.ranked and window.model.rowCount() > 0

    def type_query() -> None:
        window.search_bar.field.setText("the budget for next year")
        window.search_bar.search_now()

    def type_other_script() -> None:  # a description the search model cannot read
        window.search_bar.field.setText("海边的狗")
        window.search_bar.search_now()

    settings_dialog = SettingsDialog(settings, window, in_use=window.models_in_use())

    def preview(name: str) -> Callable[[], None]:
        def show() -> None:
            row = next(
                r
                for r in range(window.model.rowCount())
                if window.model.result(r).path.name == name  # type: ignore[union-attr]
            )
            window.results.setFocus()
            window.results.setCurrentIndex(window.model.index(row))
            if window.preview.isHidden():
                window.toggle_preview()

        return show

    def transcript_shown() -> bool:
        item = window.preview.transcript.item(0)
        return item is not None and item.text() != window.preview.tr("Loading transcript…")

    def recording_drawn() -> bool:
        return transcript_shown() and bool(window.preview.sound.peaks)

    if missing:
        panel = window.welcome.missing
        (
            drive.then(lambda: panel.entry is not None, lambda: drive.shoot("model-missing"))
            .then(lambda: True, lambda: panel.disclosure.setChecked(True))
            .then(lambda: True, lambda: drive.shoot("model-missing-details"))
        )
        drive.start()
        code = app.exec()
        window.close()
        shutil.rmtree(tmp, ignore_errors=True)
        return code
    (
        drive.then(lambda: True, lambda: drive.shoot("welcome"))
        .then(ready, lambda: window.engine.index([library]))  # type: ignore[union-attr]
        .then(lambda: bool(done) and window.model.rowCount() > 0, lambda: drive.shoot("browse"))
        .then(lambda: True, type_query)
        .then(searched, lambda: drive.shoot("main-window"))
        .then(lambda: True, preview("launch-day.mp4"))
        .then(transcript_shown, lambda: drive.shoot("video-moment-preview"))
        .then(lambda: True, preview("meeting-notes.wav"))
        .then(recording_drawn, lambda: drive.shoot("recording-preview"))
        .then(lambda: True, window.show_folders)
        .then(lambda: True, lambda: drive.shoot("folders-dialog"))
        .then(lambda: True, lambda: (window.folders_dialog.hide(), window.show_failures()))
        .then(lambda: True, lambda: drive.shoot("problems-dialog"))
        .then(lambda: True, lambda: window.failures_dialog.hide())
        .then(lambda: True, window.show_models)
        .then(
            lambda: window.models_dialog.table.rowCount() > 0, lambda: drive.shoot("models-dialog")
        )
        .then(lambda: True, lambda: (window.models_dialog.hide(), settings_dialog.show()))
        .then(lambda: True, lambda: drive.shoot("settings-dialog"))
        .then(lambda: True, lambda: (settings_dialog.hide(), type_other_script()))
        .then(window.language_banner.isVisible, lambda: drive.shoot("language-banner"))
    )
    drive.start()
    code = app.exec()
    window.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
