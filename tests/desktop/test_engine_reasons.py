"""The engine's reasons and notes in the window's language (issue 16).

The real window, in Chinese, indexes real files that fail or carry a note; its "Not
indexed" and "Notes" lists say each reason in Chinese with the file's own values (the
content's format). The Models page says, in Chinese, what is missing of a model whose
weights are here without its text tower, and why a file is not the model it was given
as. Whatever has no code, or a code this version does not know, is shown in its English.
"""

# ruff: noqa: RUF001  (the expected Chinese lines use full-width punctuation)
from __future__ import annotations

import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import MediaSiftError
from mediasift.core.index.events import SpeechUnavailable
from mediasift.core.library import Library
from mediasift.core.models.catalog import CATALOG, find_entry
from mediasift.core.models.manager import ModelManager
from mediasift.core.reasons import TEMPLATES, WHAT_WORDS, Reason, ReasonCode
from mediasift.core.service.protocol import ModelPhase
from mediasift.desktop.ui.dialogs import FoldersDialog
from mediasift.desktop.ui.engine_words import reason_text
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.models_dialog import Column, ModelsDialog
from mediasift.desktop.ui.problems import ProblemsDialog
from mediasift.desktop.ui.status_panel import StatusPanel
from tests import media_factory as mf
from tests.conftest import PHOTOS, run_cli
from tests.core.test_reason_codes import broken_library
from tests.desktop.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.desktop.test_models_import import VIT_B_32, click_import, open_models, pick
from tests.multilingual_model import build_tiny_multilingual_clip


@pytest.fixture
def window_in_chinese(qtbot, tmp_path: Path, app_env: dict, chinese: None):
    window = open_window(qtbot, tmp_path, app_env)
    yield window
    window.close()


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MULTILINGUAL = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"


def test_reasons_and_notes_of_real_files_are_shown_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    folder = broken_library(tmp_path / "library")
    window: MainWindow = open_window(qtbot, tmp_path, app_env)
    try:
        assert window.engine is not None
        with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
            window.engine.index([folder])
        dialog = window.failures_dialog
        qtbot.waitUntil(lambda: len(dialog.reasons()) == 4, timeout=30_000)
        reasons = dialog.reasons()
        assert reasons == {
            "letter.jpg": "不是照片、视频或录音（内容为 text）",
            "empty.jpg": "空文件",
            "cut.png": "图片不完整（文件提前结束）",
            "codec.wav": "音频编解码器不受支持（FFmpeg 没有相应的解码器）",
        }
        notes = {p.path.name: p.reason for p in dialog.notes.problems}
        assert notes == {"quiet.wav": "未发现语音"}
        # What the table shows is that text.
        table = dialog.failures.table
        shown = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
        assert {Path(name).name: text for name, text in shown.items()} == reasons
    finally:
        window.close()


def _as_user(command: list[str]) -> list[str]:
    """As root, chmod 000 stops nothing; drop the capabilities that bypass it (setpriv)."""
    if os.geteuid() != 0:
        return command
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]


def test_an_unreadable_file_and_folder_are_shown_in_chinese(
    qtbot, tmp_path: Path, cli_env: dict, settings: Settings, chinese: None
) -> None:
    """Indexed by ``mediasift index`` as a user who cannot read them: the file's reason and
    the folder's (a reason that wraps another) are stored with codes and shown in Chinese."""
    folder = tmp_path / "library"
    (folder / "private").mkdir(parents=True)
    shutil.copy(PHOTOS / "horse.png", folder)
    shutil.copy(PHOTOS / "coffee.png", folder / "locked.png")
    shutil.copy(PHOTOS / "coffee.png", folder / "private" / "hidden.png")
    (folder / "locked.png").chmod(0)
    (folder / "private").chmod(0)
    try:
        done = run_cli("index", str(folder), env=cli_env, wrap=_as_user)
    finally:
        (folder / "locked.png").chmod(0o644)
        (folder / "private").chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert "locked.png: permission denied" in done.stderr  # the CLI's English, as before
    with Library(settings) as library:
        status = library.status()
    dialog = ProblemsDialog()
    qtbot.addWidget(dialog)
    dialog.set_status(status)
    assert dialog.reasons() == {"locked.png": "没有权限", "private": "已跳过文件夹：没有权限"}
    assert [(f.path.name, f.reason) for f in status.failures] == [
        ("locked.png", "permission denied")
    ]
    assert [(i.path.name, i.reason) for i in status.scan_issues] == [
        ("private", "folder skipped: permission denied")
    ]


def test_an_offline_folder_says_why_in_chinese(
    qtbot, tmp_path: Path, settings: Settings, chinese: None
) -> None:
    folder = tmp_path / "drive"
    folder.mkdir()
    shutil.copy(PHOTOS / "horse.png", folder)
    with Library(settings) as library:
        library.index([folder])
        folder.rename(tmp_path / "elsewhere")
        status = library.status()
    [root] = status.roots
    assert root.reason == "folder not found (an unplugged drive?)"
    dialog = FoldersDialog()
    qtbot.addWidget(dialog)
    dialog.set_status(status)
    assert "找不到文件夹（驱动器已拔出？）；其文件的索引会保留" in dialog.state_of(folder)


def test_every_reason_code_has_its_chinese(chinese: None) -> None:
    """Each code's template and each ``{what}`` word is translated, with the same values."""
    missing = []
    inner = Reason.of(ReasonCode.PERMISSION)
    for code, template in TEMPLATES.items():
        names = re.findall(r"\{([a-z_]+)\}", template)
        values: dict[str, object] = {n: f"<{n}>" for n in names if n not in ("what", "cause")}
        if "what" in names:
            values["what"] = "video"
        cause = inner if "cause" in names else None
        text = reason_text(Reason.of(ReasonCode(code), cause, **values), str(code))
        shown = [f"<{n}>" for n in values if n != "what"] + (["没有权限"] if cause else [])
        if not CJK.search(text) or any(value not in text for value in shown):
            missing.append(f"{code}: {text}")
    for word in WHAT_WORDS:
        why = Reason.of(ReasonCode.TRUNCATED_MEDIA, what=word)
        if not CJK.search(reason_text(why, str(why)).split("不完整")[0]):
            missing.append(f"what={word}")
    assert not missing, "\n".join(missing)


def test_a_reason_without_a_known_code_stays_english(chinese: None) -> None:
    assert reason_text(None, "something the engine said") == "something the engine said"
    newer = Reason("a_code_from_a_newer_version", (("detail", "x"),))
    assert reason_text(newer, "its English line") == "its English line"
    known = Reason.of(ReasonCode.CANNOT_READ, detail="Input/output error")
    assert reason_text(known, str(known)) == "无法读取：Input/output error"


def test_the_models_page_says_what_the_multilingual_model_lacks(
    qtbot, tmp_path: Path, chinese: None
) -> None:
    """Only the weights file of the multilingual model is in the data dir: the page does
    not call it here, and says in Chinese which text-tower files are missing."""
    entry = find_entry(MULTILINGUAL)
    assert entry is not None
    settings = Settings(
        data_dir=tmp_path / "data", clip=ClipChoice("ViT-B-32", "laion2b_s34b_b79k")
    )
    manager = ModelManager(
        settings, clip_in_use="ViT-B-32:laion2b_s34b_b79k", whisper_in_use="tiny"
    )
    tag_dir = manager.location(entry)
    tag_dir.mkdir(parents=True)
    (tag_dir / "open_clip_pytorch_model.bin").write_bytes(b"weights")
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    states = manager.states()
    dialog.set_states(states)
    row = [s.entry.name for s in states].index(MULTILINGUAL)
    state_text = dialog.table.item(row, Column.STATE).text()
    assert state_text == "不完整：没有文本编码器文件夹 text/（点“下载”即可补齐）"
    dialog.table.selectRow(row)
    assert dialog.download.isEnabled()

    (tag_dir / "text").mkdir()
    (tag_dir / "text" / "config.json").write_text("{}")
    dialog.set_states(manager.states())
    state_text = dialog.table.item(row, Column.STATE).text()
    assert state_text == "不完整：缺少 text/tokenizer.json（点“下载”即可补齐）"
    assert len(CATALOG) == dialog.table.rowCount()


def test_a_refused_import_is_said_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, tiny_clip, monkeypatch, chinese: None
) -> None:
    """The real window and engine: the Models page's Import of a file that is another
    model; the engine's one line reaches the page in Chinese, with the file's path."""
    window = open_window(qtbot, tmp_path, app_env)
    try:
        dialog = open_models(qtbot, window)
        pick(monkeypatch, tiny_clip.weights)
        task = click_import(qtbot, window, VIT_B_32)
        assert task.error is not None and task.why is not None
        assert task.error.startswith(f"{tiny_clip.weights} cannot be used as {VIT_B_32}: ")
        cause = task.why.cause  # what the checkpoint holds instead: a code of its own
        assert cause is not None and str(cause) in task.error
        said = reason_text(cause, str(cause))
        assert CJK.search(said) and said != str(cause)
        assert dialog.message.text() == (f"未导入：{tiny_clip.weights} 不能用作 {VIT_B_32}：{said}")
    finally:
        window.close()


def test_an_incomplete_multilingual_set_is_refused_in_chinese(
    tmp_path: Path, chinese: None
) -> None:
    """A folder with the multilingual model's weights and a text tower without its
    tokenizer: ``models import`` refuses it in one line; the app says it in Chinese."""
    built = build_tiny_multilingual_clip(tmp_path / "tiny-xlmr")
    folder = tmp_path / "set"
    folder.mkdir()
    shutil.copy(built.weights, folder / "open_clip_pytorch_model.bin")
    shutil.copytree(tmp_path / "tiny-xlmr" / "text", folder / "text")
    (folder / "text" / "tokenizer.json").unlink()
    manager = ModelManager(
        Settings(data_dir=tmp_path / "data", offline=True),
        clip_in_use="ViT-B-32:laion2b_s34b_b79k",
        whisper_in_use="tiny",
    )
    with pytest.raises(MediaSiftError) as caught:
        manager.import_path(folder, MULTILINGUAL)
    error = caught.value
    assert (
        str(error) == f"{folder} is not a complete {MULTILINGUAL}: text/tokenizer.json is missing"
    )
    assert reason_text(error.why, str(error)) == (
        f"{folder} 不是完整的 {MULTILINGUAL}：缺少 text/tokenizer.json"
    )


def test_speech_refused_for_a_language_is_said_in_chinese(
    qtbot, tmp_path: Path, settings: Settings, chinese: None
) -> None:
    """Recordings set to Chinese with the English-only Whisper model (the real tiny.en):
    the status line's explanation is in Chinese, naming the model and the language."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    mf.write_wav(folder / "meeting.wav", mf.silence(2.0))
    events: list[object] = []
    with Library(replace(settings, speech_language="zh")) as library:
        library.index([folder], on_event=events.append)
    [refusal] = [e for e in events if isinstance(e, SpeechUnavailable)]
    assert refusal.why is not None and str(refusal.why) == refusal.reason
    panel = StatusPanel()
    qtbot.addWidget(panel)
    panel.handle(refusal)
    model = refusal.why.values["model"]
    assert panel.label.toolTip() == (
        f"语音模型 {model} 只懂英语；设为“zh”的录音需要多语言模型（tiny、base、small）"
    )
    assert "1" in panel.label.text() and CJK.search(panel.label.text())


def test_a_missing_search_model_is_explained_in_chinese(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """A first start with no search model and downloads off: the welcome page's details
    say in Chinese what is missing, where it was looked for, and how to import it, with
    the web address the English line names."""
    env = {key: value for key, value in app_env.items() if key != "MEDIASIFT_CLIP_WEIGHTS"}
    env["MEDIASIFT_CLIP_MODEL"] = "ViT-B-32"  # the default, laion2b_s34b_b79k: not here
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
        assert state.why.code == ReasonCode.CLIP_OFFLINE and str(state.why) == state.message
        panel = window.welcome.missing
        details = panel.details.text()
        assert details.startswith(f"CLIP 权重 {state.why.values['model']} 不在这台电脑上")
        assert state.why.values["target"] in details
        assert panel.url.text() and panel.url.text() in details
        assert f"mediasift models import FILE --as {VIT_B_32}" in details
    finally:
        window.close()


def test_a_refused_folder_stops_indexing_with_a_chinese_line(
    qtbot, window_in_chinese: MainWindow, tmp_path: Path
) -> None:
    """The engine refuses to index a folder that does not exist: the status line says so
    in Chinese, naming the folder; the engine's English line is what the signal carries."""
    window = window_in_chinese
    missing = tmp_path / "no-such-folder"
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_error, timeout=ENGINE_TIMEOUT_MS) as said:
        window.engine.index([missing])
    message, why = said.args
    assert message == f"folder {missing} does not exist" and str(why) == message
    assert window.status_panel.label.text() == f"文件夹 {missing} 不存在"
