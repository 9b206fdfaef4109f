"""Importing a model in the app: the Models page and the welcome page tell the same truth.

The real window and engine process; the file dialog is the only thing bypassed (it returns
the file a user would pick), so the Import button's whole path runs: dialog, engine,
check, copy, and the states shown afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mediasift.core.service.protocol import ModelPhase, ModelTask
from mediasift.desktop.ui import models_dialog
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.models_dialog import Column, ModelsDialog, row_of
from tests.conftest import TinyClip
from tests.desktop.conftest import ENGINE_TIMEOUT_MS, open_window
from tests.model_files import files_under, random_clip_checkpoint

VIT_B_32 = "ViT-B-32:laion2b_s34b_b79k"


def pick(monkeypatch: pytest.MonkeyPatch, chosen: Path) -> None:
    """The file dialog answers ``chosen``, as if the user had picked it."""
    monkeypatch.setattr(
        models_dialog.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *args, **kwargs: (str(chosen), "Checkpoints")),
    )


def click_import(qtbot, window: MainWindow, name: str) -> ModelTask:
    """Select ``name`` on the Models page, click Import, wait for the engine's answer."""
    dialog = window.models_dialog
    dialog.table.selectRow(row_of(dialog, name))
    assert window.engine is not None and dialog.import_button.isEnabled()
    with qtbot.waitSignal(
        window.engine.model_task, timeout=120_000, check_params_cb=lambda task: task.finished
    ) as answer:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    return answer.args[0]


def state_text(dialog: ModelsDialog, name: str) -> str:
    return dialog.table.item(row_of(dialog, name), Column.STATE).text()


def open_models(qtbot, window: MainWindow) -> ModelsDialog:
    window.show_models()
    dialog = window.models_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 6, timeout=30_000)
    return dialog


def test_import_button_refuses_a_wrong_file_in_one_line(
    qtbot, window: MainWindow, tiny_clip: TinyClip, tmp_path: Path, monkeypatch
) -> None:
    dialog = open_models(qtbot, window)
    models = Path(window.engine.settings.data_dir) / "models"  # type: ignore[union-attr]

    pick(monkeypatch, tiny_clip.weights)
    task = click_import(qtbot, window, VIT_B_32)
    assert task.error is not None and "\n" not in task.error
    assert f"{tiny_clip.weights} cannot be used as {VIT_B_32}" in task.error
    assert "not ViT-B-32" in task.error and "pos_embed" not in task.error
    assert dialog.message.text() == f"Not imported: {task.error}"

    garbage = tmp_path / "open_clip_pytorch_model.bin"
    garbage.write_bytes(b"PK\x03\x04 a download that stopped after a few bytes")
    pick(monkeypatch, garbage)
    task = click_import(qtbot, window, VIT_B_32)
    assert task.error is not None and "damaged or truncated" in task.error
    assert dialog.message.text() == f"Not imported: {task.error}"

    qtbot.waitUntil(lambda: state_text(dialog, VIT_B_32) == "not here", timeout=10_000)
    assert [p for p in files_under(models) if p.startswith("clip")] == []


@pytest.fixture
def window_missing_its_model(
    qtbot, tmp_path: Path, app_env: dict[str, str]
) -> Iterator[MainWindow]:
    """A first start on a computer without the default search model and no network."""
    env = {key: value for key, value in app_env.items() if key != "MEDIASIFT_CLIP_WEIGHTS"}
    env["MEDIASIFT_CLIP_MODEL"] = "ViT-B-32"  # the default, laion2b_s34b_b79k: not here
    main = open_window(qtbot, tmp_path, env)
    yield main
    main.close()


def test_welcome_page_follows_a_refused_then_a_good_import(
    qtbot,
    window_missing_its_model: MainWindow,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch,
) -> None:
    window = window_missing_its_model
    qtbot.waitUntil(
        lambda: window.model_state is not None and window.model_state.phase == ModelPhase.MISSING,
        timeout=ENGINE_TIMEOUT_MS,
    )
    # Two lines and two buttons; the engine's explanation (folders, the web address, the
    # command line) waits behind Details, its address selectable on a line of its own.
    panel = window.welcome.missing
    assert panel.isVisibleTo(window.welcome) and not window.welcome.model.isVisibleTo(
        window.welcome
    )
    assert panel.headline.text() == "The search model is not on this computer yet."
    qtbot.waitUntil(lambda: panel.entry is not None, timeout=30_000)  # the catalog's answer
    assert panel.entry.name == VIT_B_32  # type: ignore[union-attr]
    assert "/" not in panel.line.text() and "mediasift" not in panel.line.text()
    assert [panel.download_button.text(), panel.import_button.text()] == [
        "Download",
        "Import file…",
    ]
    assert panel.download_button.isEnabled() and panel.import_button.isEnabled()
    assert not panel.details.isVisibleTo(window.welcome)
    qtbot.mouseClick(panel.disclosure, Qt.MouseButton.LeftButton)
    assert panel.details.isVisibleTo(window.welcome)
    assert panel.details.text() == window.model_state.message  # type: ignore[union-attr]
    assert panel.url.isVisibleTo(window.welcome) and panel.url.isReadOnly()
    assert panel.url.text().startswith("https://") and " " not in panel.url.text()
    assert panel.details.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog = open_models(qtbot, window)
    assert state_text(dialog, VIT_B_32) == "in use, not here"

    # Import file… on the welcome page: a refused file, then a good one.
    cut = tmp_path / "open_clip_pytorch_model.bin"
    cut.write_bytes(bytes(200_000))
    pick(monkeypatch, cut)
    with qtbot.waitSignal(
        window.engine.model_task,  # type: ignore[union-attr]
        timeout=120_000,
        check_params_cb=lambda task: task.finished,
    ) as answer:
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    task = answer.args[0]
    assert task.error is not None and "not a PyTorch or safetensors checkpoint" in task.error
    # Both pages say the same: not imported, why, and the model is still missing.
    assert panel.line.text() == "It could not be imported; see Details."
    qtbot.waitUntil(lambda: panel.details.text() == task.error, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.message.text() == f"Not imported: {task.error}")
    qtbot.waitUntil(lambda: state_text(dialog, VIT_B_32) == "in use, not here", timeout=10_000)

    pick(monkeypatch, random_clip_checkpoint(tmp_path_factory, "ViT-B-32"))
    with qtbot.waitSignal(
        window.engine.model_task,  # type: ignore[union-attr]
        timeout=120_000,
        check_params_cb=lambda task: task.finished,
    ) as answer:
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert answer.args[0].error is None
    qtbot.waitUntil(lambda: state_text(dialog, VIT_B_32) == "in use, here", timeout=10_000)
    # The engine loads the model it now has; the welcome page says so without a restart.
    qtbot.waitUntil(
        lambda: window.model_state is not None and window.model_state.phase == ModelPhase.READY,
        timeout=ENGINE_TIMEOUT_MS,
    )
    assert window.welcome.model.text() == "The search model is ready."
    assert not panel.isVisibleTo(window.welcome)
