"""Model, download and search errors in the window's language (issue 16).

The real window and engine, in Chinese: a download of a model whose text tower is not
here with downloads off (the Models page), an example image that is not a picture (the
search hint), a model config file that is not JSON (the welcome page's details). Each
says it in Chinese with its own values (paths, model names, commands); the engine's
English line is what the signals carry. A bug's line still becomes the plain sentence.
"""

# ruff: noqa: RUF001  (the expected Chinese lines use full-width punctuation)
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import MediaSiftError
from mediasift.core.models.catalog import find_entry
from mediasift.core.models.manager import ModelManager
from mediasift.core.models.speech import COMPLETE_MARKER
from mediasift.core.reasons import Reason, ReasonCode
from mediasift.core.service.protocol import Event, ModelPhase, ModelTask
from mediasift.desktop.app_settings import AppSettings, Overrides
from mediasift.desktop.engine.client import EngineClient
from mediasift.desktop.ui.engine_words import reason_text
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.status_panel import StatusPanel
from tests.conftest import PHOTOS
from tests.desktop.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.desktop.test_models_import import open_models

MULTILINGUAL = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
ENGLISH_WORDS = re.compile(r"\b(is|are|not|the|and|cannot|downloads|machine)\b")


def _download(qtbot, window: MainWindow, name: str) -> ModelTask:
    """Click-equivalent of the Models page's Download: the engine's finished task."""
    assert window.engine is not None
    with qtbot.waitSignal(
        window.engine.model_task,
        timeout=ENGINE_TIMEOUT_MS,
        check_params_cb=lambda task: task.name == name and task.finished,
    ) as said:
        window.engine.model_action("download", name)
    return said.args[0]


def test_a_download_offline_without_the_text_tower_is_said_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """The multilingual model's weights are here, its text tower is not, downloads are
    off: the Models page says in Chinese what is missing and the commands to copy it."""
    entry = find_entry(MULTILINGUAL)
    assert entry is not None
    data = Path(app_env["MEDIASIFT_DATA_DIR"])
    manager = ModelManager(
        Settings(data_dir=data, clip=ClipChoice("ViT-B-32", "laion2b_s34b_b79k")),
        clip_in_use="",
        whisper_in_use="",
    )
    tag_dir = manager.location(entry)
    tag_dir.mkdir(parents=True)
    (tag_dir / "open_clip_pytorch_model.bin").write_bytes(b"weights")
    window = open_window(qtbot, tmp_path, app_env)
    try:
        dialog = open_models(qtbot, window)
        task = _download(qtbot, window, MULTILINGUAL)
        assert task.error is not None and task.why is not None
        assert task.why.code == ReasonCode.TEXT_TOWER_OFFLINE and str(task.why) == task.error
        assert task.error.startswith("the text tower of ")  # the CLI's English, as before
        label = task.why.values["model"]
        shown = dialog.message.text()
        assert shown == (
            f"{MULTILINGUAL}: {label} 的文本编码器不在这台电脑上（没有文本编码器文件夹 text/），"
            "且下载已关闭；请从能上网的电脑复制该模型：在那台电脑上运行 mediasift models "
            f"export {MULTILINGUAL} FILE，然后在这台电脑上运行 mediasift models import FILE "
            f"--as {MULTILINGUAL}"
        )
        assert not ENGLISH_WORDS.search(shown.replace(MULTILINGUAL, "").replace(label, ""))
    finally:
        window.close()


def test_an_example_that_is_not_a_picture_is_said_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """An example image that is text, in a library of one photo: the search hint says
    why in Chinese."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(PHOTOS / "horse.png", folder)
    window = open_window(qtbot, tmp_path, app_env)
    try:
        assert window.engine is not None
        with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
            window.engine.index([folder])
        qtbot.waitUntil(
            lambda: window.model_state is not None and window.model_state.phase == ModelPhase.READY,
            timeout=ENGINE_TIMEOUT_MS,
        )
        assert window.engine is not None
        with qtbot.waitSignal(window.engine.search_error, timeout=ENGINE_TIMEOUT_MS) as said:
            window.search_bar.set_example(b"this is not a picture\n" * 50, "note.jpg")
        message, why = said.args[1], said.args[2]
        assert message == "cannot use the example image as an example: not a decodable image " + (
            "(content is text)"
        )
        assert why == Reason.of(
            ReasonCode.EXAMPLE_DATA_UNUSABLE, Reason.of(ReasonCode.NOT_IMAGE, format="text")
        )
        said_in_chinese = "无法用这张示例图片搜索：不是可解码的图片（内容为 text）"
        # a refresh the finished indexing asked for may answer first: wait for the error's
        qtbot.waitUntil(lambda: window.hint.text() == said_in_chinese, timeout=30_000)
        assert window.results_stack.currentWidget() is window.hint
    finally:
        window.close()


def test_a_model_config_that_is_not_json_is_explained_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    config = tmp_path / "mine.json"
    config.write_text("{not json")
    env = {**app_env, "MEDIASIFT_CLIP_MODEL": str(config)}
    window = open_window(qtbot, tmp_path, env)
    try:
        qtbot.waitUntil(
            lambda: (
                window.model_state is not None and window.model_state.phase == ModelPhase.MISSING
            ),
            timeout=ENGINE_TIMEOUT_MS,
        )
        state = window.model_state
        assert state is not None and state.why is not None
        assert state.why.code == ReasonCode.CLIP_CONFIG_NOT_JSON
        assert str(state.why) == state.message
        try:
            json.loads("{not json")
        except json.JSONDecodeError as exc:
            detail = str(exc)
        assert state.message == f"CLIP model config {config} is not valid JSON: {detail}"
        details = window.welcome.missing.details.text()
        assert details == f"CLIP 模型配置 {config} 不是有效的 JSON：{detail}"
    finally:
        window.close()


def test_a_bug_stays_a_plain_sentence_and_a_known_error_is_translated(qtbot, chinese: None) -> None:
    """The engine's internal error now has a code: the status line still gives the plain
    sentence (the developer's words in the tooltip), while a coded error is translated."""
    panel = StatusPanel()
    qtbot.addWidget(panel)
    bug = Reason.of(ReasonCode.INTERNAL, detail="KeyError: 'x'")
    panel.set_error(str(bug), bug)
    assert CJK.search(panel.label.text()) and "KeyError" not in panel.label.text()
    assert panel.label.toolTip() == "内部错误：KeyError: 'x'"
    full = Reason.of(ReasonCode.DISK_FULL, where="/data")
    panel.set_error(str(full), full)
    assert panel.label.text().startswith("存放 /data 的磁盘已满")


CJK = re.compile(r"[\u3400-\u9fff]")


def test_a_damaged_whisper_folder_is_refused_in_chinese(
    tmp_path: Path, whisper_dir: Path, chinese: None
) -> None:
    """A copy of the real Whisper folder whose model.bin is cut: ``models import`` refuses
    it in its one English line; the app says it in Chinese, the inner reason too."""
    folder = tmp_path / "tiny-copy"
    shutil.copytree(whisper_dir, folder)
    (folder / "model.bin").write_bytes((whisper_dir / "model.bin").read_bytes()[:64])
    (folder / COMPLETE_MARKER).unlink(missing_ok=True)
    name = "tiny.en"  # what whisper_dir holds
    manager = ModelManager(
        Settings(data_dir=tmp_path / "data", offline=True), clip_in_use="", whisper_in_use=""
    )
    with pytest.raises(MediaSiftError) as caught:
        manager.import_path(folder, name)
    error = caught.value
    assert str(error) == (
        f"{folder} cannot be used as Whisper {name}: its model.bin is damaged or truncated "
        "(its tensor headers are cut)"
    )
    assert error.why is not None and str(error.why) == str(error)
    assert reason_text(error.why, str(error)) == (
        f"{folder} 不能用作 Whisper {name}：它的 model.bin 已损坏或不完整（其张量头被截断）"
    )


def test_an_engine_that_cannot_start_says_why_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """The engine's fatal event, as it arrives over the pipe with its reason (a full disk
    under the data dir): the status line and the dialog say it in Chinese."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env=app_env)
    qtbot.addWidget(window)
    client = EngineClient(window.app_settings.engine_settings(app_env, Overrides()), window)
    client.fatal.connect(window._fatal)
    why = Reason.of(ReasonCode.DISK_FULL, where="/data")
    client._dispatch((Event.FATAL, str(why), why))
    assert window.status_panel.label.text() == (
        "存放 /data 的磁盘已满；已完成的部分都已保留：请腾出一些空间，然后再次运行同一命令继续"
    )
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert [box.text() for box in boxes] == [window.status_panel.label.text()]
    for box in boxes:
        box.close()


def test_a_damaged_library_and_a_busy_one_are_said_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """The real engine, started on a library file that is not a database, and then on a
    data dir another process is indexing: the window says each in Chinese, values kept."""
    from mediasift.core.lock import DataDirLock

    data_dir = Path(app_env["MEDIASIFT_DATA_DIR"])
    data_dir.mkdir(parents=True)
    (data_dir / "library.db").write_bytes(b"this is not a database, it was overwritten" * 200)
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppSettings(store), env=app_env)
    qtbot.addWidget(window)
    window.show()
    try:
        window.start_engine()
        assert window.engine is not None
        qtbot.waitUntil(lambda: "已损坏" in window.status_panel.label.text(), timeout=60_000)
        said = window.status_panel.label.text()
        assert str(data_dir / "library.db") in said and "mediasift repair" in said, said
        for box in window.findChildren(QMessageBox):
            box.close()
    finally:
        window.close()

    (data_dir / "library.db").unlink()
    with DataDirLock(data_dir):  # another MediaSift indexing this library
        window = MainWindow(AppSettings(store), env=app_env)
        qtbot.addWidget(window)
        window.show()
        try:
            window.start_engine()
            qtbot.waitUntil(lambda: "正在为" in window.status_panel.label.text(), timeout=60_000)
            said = window.status_panel.label.text()
            assert f"进程 {os.getpid()}" in said and str(data_dir) in said, said
            for box in window.findChildren(QMessageBox):
                box.close()
        finally:
            window.close()
