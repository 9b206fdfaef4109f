"""Choosing languages: the system's locale picks the window's (Settings can override it, for
the next start), Qt's own words follow, the speech language reaches the engine, and on a
Chinese desktop the first run offers the multilingual search model in one click."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from mediasift.core.models.catalog import CATALOG, find_entry
from mediasift.core.models.manager import ModelState
from mediasift.core.service.protocol import ModelTask
from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.translations import UiLanguage, chosen_locale
from mediasift.desktop.ui.dialogs import SettingsDialog
from mediasift.desktop.ui.main_window import MainWindow
from mediasift.desktop.ui.multilingual_offer import MultilingualOffer
from tests.desktop.conftest import open_window

MULTI = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
DEFAULT = "ViT-B-32:laion2b_s34b_b79k"
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from mediasift.desktop import translations
app = QApplication([])
language = translations.install(app, sys.argv[2], folder=Path(sys.argv[1]))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
cancel = box.buttons()[0].text()
folders = QCoreApplication.translate("MainWindow", "Folders…")
print(language, QLocale().name(), folders, cancel, sep="|")
"""


def _start(translation_files: Path, system: str, choice: str) -> list[str]:
    """What a fresh app process speaks on a system whose locale is ``system``, with
    Settings' ``choice``: its language, its locale, one of its words, Qt's Cancel."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=system, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(translation_files), choice],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1].split("|")


@pytest.mark.parametrize(
    ("system", "choice", "expected"),
    [
        ("zh_CN.UTF-8", "", ["zh_CN", "zh_CN", "文件夹…", "取消"]),  # the system chooses
        ("zh_TW.UTF-8", "", ["zh_CN", "zh_TW", "文件夹…", "取消"]),  # Simplified, its formats
        ("en_GB.UTF-8", "", ["en", "en_GB", "Folders…", "Cancel"]),
        ("zh_CN.UTF-8", "en", ["en", "en_US", "Folders…", "Cancel"]),  # Settings override
        ("en_GB.UTF-8", "zh_CN", ["zh_CN", "zh_CN", "文件夹…", "取消"]),
        ("de_DE.UTF-8", "en", ["en", "en_US", "Folders…", "Cancel"]),
        ("de_DE.UTF-8", "", ["en", "de_DE", "Folders…", "Cancel"]),  # no German: English
    ],
)
def test_the_system_locale_chooses_and_settings_override_it(
    translation_files: Path, system: str, choice: str, expected: list[str]
) -> None:
    assert _start(translation_files, system, choice) == expected


def test_a_choice_matching_the_system_keeps_its_formats() -> None:
    british = QLocale("en_GB")
    assert chosen_locale(UiLanguage.ENGLISH, british).name() == "en_GB"
    assert chosen_locale(UiLanguage.ENGLISH, QLocale.c()).language() == QLocale.Language.C
    assert chosen_locale(UiLanguage.CHINESE, QLocale("zh_SG")).name() == "zh_SG"
    assert chosen_locale(UiLanguage.CHINESE, british).name() == "zh_CN"


def test_settings_store_the_language_and_the_speech_language(qtbot, tmp_path: Path) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == ""  # as the system, by default
    assert dialog.speech_language.currentData() == ""  # detected per file, by default
    dialog.language.setCurrentIndex(dialog.language.findText("简体中文"))
    dialog.speech_language.setCurrentIndex(dialog.speech_language.findText("中文"))
    dialog.accept()
    assert settings.text(Key.LANGUAGE) == "zh_CN"
    assert settings.text(Key.SPEECH_LANGUAGE) == "zh"
    assert settings.engine_settings({}).speech_language == "zh"

    again = SettingsDialog(settings)
    qtbot.addWidget(again)
    assert again.language.currentText() == "简体中文"
    assert again.speech_language.currentText() == "中文"
    again.speech_language.setCurrentIndex(0)  # back to detecting it
    again.language.setCurrentIndex(0)
    again.accept()
    assert settings.text(Key.LANGUAGE) == "" and settings.text(Key.SPEECH_LANGUAGE) == ""
    assert settings.engine_settings({}).speech_language is None


def test_a_speech_language_set_elsewhere_is_kept(qtbot, tmp_path: Path) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.set_text(Key.SPEECH_LANGUAGE, "nl")  # not in the short list
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.speech_language.currentData() == "nl"
    dialog.accept()
    assert settings.text(Key.SPEECH_LANGUAGE) == "nl"


# -- the first run's offer -------------------------------------------------------------------


def _states(*, active: str, present: frozenset[str] = frozenset()) -> list[ModelState]:
    return [
        ModelState(entry, entry.name in present, Path("/models") / entry.name, entry.name == active)
        for entry in CATALOG
    ]


def test_the_offer_shows_where_it_helps_and_downloads_then_switches(qtbot) -> None:
    offer = MultilingualOffer()
    qtbot.addWidget(offer)
    assert offer.entry == find_entry(MULTI)
    offer.set_states(_states(active=DEFAULT), wanted=False)  # the app speaks English
    assert offer.isHidden()
    offer.set_states(_states(active=MULTI), wanted=True)  # it understands Chinese already
    assert offer.isHidden()
    offer.set_states(_states(active=DEFAULT), wanted=True)
    assert not offer.isHidden()
    assert MULTI in offer.message.text() and DEFAULT in offer.message.text()
    assert "1470 MB" in offer.cost.text()  # its size (the "C" locale writes no separator)
    assert "35 ms per photo" in offer.cost.text()  # and its cost here, from the catalog
    assert offer.action.text() == "Download and use it"
    with qtbot.waitSignal(offer.download) as asked:
        offer.action.click()
    assert asked.args == [find_entry(MULTI)] and not offer.action.isEnabled()
    offer.show_task(ModelTask(MULTI, "download", done=500_000_000, total=1_470_000_000))
    assert offer.progress.isVisibleTo(offer) and offer.progress.text() == "500 of 1470 MB"
    with qtbot.waitSignal(offer.use) as switched:  # the one click goes on by itself
        offer.show_task(ModelTask(MULTI, "download", done=1, total=1, finished=True))
    assert switched.args == [find_entry(MULTI)] and offer.action.isEnabled()


def test_the_offer_switches_at_once_to_a_model_already_here(qtbot) -> None:
    offer = MultilingualOffer()
    qtbot.addWidget(offer)
    offer.set_states(_states(active=DEFAULT, present=frozenset({MULTI})), wanted=True)
    assert offer.action.text() == "Use the multilingual model"
    with qtbot.waitSignal(offer.use) as switched:
        offer.action.click()
    assert switched.args == [find_entry(MULTI)]


def test_a_failed_download_says_why_and_does_not_switch(qtbot) -> None:
    offer = MultilingualOffer()
    qtbot.addWidget(offer)
    offer.set_states(_states(active=DEFAULT), wanted=True)
    offer.action.click()
    with qtbot.assertNotEmitted(offer.use):
        offer.show_task(ModelTask(MULTI, "download", finished=True, error="no network"))
    assert "no network" in offer.cost.text() and offer.action.isEnabled()


def test_a_chinese_first_run_offers_the_multilingual_model_in_one_click(
    qtbot, tmp_path: Path, app_env: dict, chinese: None
) -> None:
    """The real window and engine, the default (English-only) search model not on this
    computer yet, the app in Chinese: the welcome page offers the multilingual model, in
    Chinese with its size; the click asks the engine to download it, and its end switches
    Settings to it and restarts the engine (no Models page popping up)."""
    env = {k: v for k, v in app_env.items() if k != "MEDIASIFT_CLIP_WEIGHTS"}
    env["MEDIASIFT_CLIP_MODEL"] = "ViT-B-32"  # the default: its weights are not here
    window: MainWindow = open_window(qtbot, tmp_path, env)
    try:
        offer = window.welcome.offer
        qtbot.waitUntil(offer.isVisible, timeout=60_000)
        assert "多语言模型" in offer.message.text() and MULTI in offer.message.text()
        assert "1,470 MB" in offer.cost.text() and "每张照片 35 毫秒" in offer.cost.text()
        asked: list[tuple] = []
        assert window.engine is not None
        window.engine.model_action = lambda *args: asked.append(args)  # no network here
        offer.action.click()
        assert asked == [("download", MULTI)]
        first_engine = window.engine
        window.engine.model_task.emit(ModelTask(MULTI, "download", done=1, total=1, finished=True))
        assert window.app_settings.text(Key.CLIP_MODEL) == "xlm-roberta-base-ViT-B-32"
        assert window.app_settings.text(Key.CLIP_WEIGHTS) == "laion5b_s13b_b90k"
        assert window.engine is not first_engine  # restarted on it
        assert not window.models_dialog.isVisible()
    finally:
        window.close()
