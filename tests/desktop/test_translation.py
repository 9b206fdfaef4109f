"""The app speaks Chinese: the translation files are complete and current, and the real
window, its dialogs and menus show no English left over under the Chinese locale (and no
Chinese under the English one).

Every visible widget's words are read: labels, buttons and their tooltips, check boxes,
group titles, menu and action texts, placeholder texts, window titles, tab texts, combo
box items, table headers, list rows. A text passes in Chinese when it holds Chinese
characters, or nothing but names that stay as they are (MediaSift, CLIP, Whisper, model
and file names, paths, numbers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from mediasift.core.models.catalog import CATALOG
from mediasift.core.models.text_languages import LANGUAGE_NAMES, languages_label
from mediasift.core.search.query_language import SCRIPTS
from mediasift.desktop import translations
from mediasift.desktop.translations import LANGUAGE_CHOICES
from mediasift.desktop.ui import local_format
from mediasift.desktop.ui.dialogs import SPEECH_LANGUAGES, SettingsDialog
from mediasift.desktop.ui.engine_words import engine_text
from mediasift.desktop.ui.main_window import MainWindow
from tests.conftest import PHOTOS
from tests.desktop.conftest import ENGINE_TIMEOUT_MS, TS_DIR, open_window

REPO = TS_DIR.parents[1]
LUPDATE = [
    str(Path(sys.executable).parent / "pyside6-lupdate"),
    *("-extensions", "py", str(REPO / "desktop"), "-locations", "none", "-no-obsolete"),
]
"""As the Makefile's ``translations-update`` runs it."""
TS_FILES = {
    "zh_CN": ["-target-language", "zh_CN"],
    "en": ["-pluralonly", "-source-language", "en", "-target-language", "en"],
}
PLURAL_FORMS = {"zh_CN": 1, "en": 2}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NAMES = sorted(
    {
        "MediaSift",
        "CLIP",
        "Whisper",
        "open_clip",
        "faster-whisper",
        "CTranslate2",
        "ImageNet",
        "MSCOCO",
        "JPEG",
        "JSON",
        "MB",
        "GB",
        *(part for entry in CATALOG for part in (entry.name, entry.arch, entry.tag) if part),
        *(name for _code, name in SPEECH_LANGUAGES),
        *(name for _value, name in LANGUAGE_CHOICES if name),
    },
    key=len,
    reverse=True,
)
"""Words that stay as they are in Chinese: the app's and models' names, units, and the
languages named in themselves (Settings' language lists)."""
FILE_OR_PATH = re.compile(r"\S*[/\\]\S*|\S+\.[A-Za-z0-9]{2,5}\b")


def left_in_english(text: str) -> bool:
    """Whether ``text`` shows English words a Chinese reader would need translated."""
    if CJK.search(text):
        return False
    rest = FILE_OR_PATH.sub(" ", text)
    for name in NAMES:
        rest = rest.replace(name, " ")
    return re.search(r"[A-Za-z]{2,}", rest) is not None


# -- the translation files ---------------------------------------------------------------------


def _messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


@pytest.mark.parametrize("language", sorted(TS_FILES))
def test_the_translation_files_are_complete_and_current(tmp_path: Path, language: str) -> None:
    """The window's strings today (lupdate run over desktop/ as the Makefile does) are all
    in the committed .ts, each translated: nothing unfinished, nothing vanished, the same
    placeholders, the language's plural forms, and lrelease compiles every one."""
    committed = TS_DIR / f"mediasift_{language}.ts"
    fresh = tmp_path / committed.name
    shutil.copy(committed, fresh)
    subprocess.run(
        [*LUPDATE, *TS_FILES[language], "-ts", str(fresh)], check=True, capture_output=True
    )
    messages = _messages(fresh)
    assert messages
    problems = []
    for message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            problems.append(f"{translation.get('type')}: {source!r}")
            continue
        numerus = message.get("numerus") == "yes"
        if numerus:
            forms = [form.text or "" for form in translation.iter("numerusform")]
            if len(forms) != PLURAL_FORMS[language]:
                problems.append(f"{len(forms)} plural forms: {source!r}")
        else:
            forms = [translation.text or ""]
            if "%n" in source or "%Ln" in source:
                problems.append(f"a count without its plural forms (pass n): {source!r}")
        for form in forms:
            if not form.strip():
                problems.append(f"empty: {source!r}")
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {source!r} -> {form!r}")
            if numerus and "%Ln" in source and "%Ln" not in form:
                problems.append(f"the count is missing: {source!r} -> {form!r}")
    assert not problems, "\n".join(problems)
    compiled = subprocess.run(
        [str(Path(sys.executable).parent / "pyside6-lrelease"), str(fresh), "-qm", "/dev/null"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert f"{len(messages)} finished and 0 unfinished" in compiled.stdout
    assert len(_messages(committed)) == len(messages), "run `make translations-update`"


def test_the_engines_fixed_words_are_translated(chinese: None) -> None:
    """core's tables the window shows (the model catalog, the writing systems of a
    description, what a model understands) each have their Chinese."""
    texts = {text for entry in CATALOG for text in (entry.role, entry.speed, entry.quality)}
    texts |= {script.name for script, _pattern in SCRIPTS}
    texts |= {languages_label(entry.languages) for entry in CATALOG}
    texts |= {languages_label((code,)) for code in LANGUAGE_NAMES} | {languages_label(())}
    missing = sorted(text for text in texts if not CJK.search(engine_text(text)))
    assert not missing, f"add to desktop/ui/engine_words.py and translate: {missing}"


# -- the window ------------------------------------------------------------------------------


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every visible widget's words under ``root`` (itself included)."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.isWindow():
            yield where + " title", widget.windowTitle()
        if isinstance(widget, QLabel):
            yield where, widget.text()
        if isinstance(widget, QAbstractButton):
            yield where, widget.text()
            yield where + " tooltip", widget.toolTip()
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QLineEdit):
            yield where + " placeholder", widget.placeholderText()
        if isinstance(widget, QAbstractSpinBox):
            yield where + " special value", widget.specialValueText()
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield where + " item", widget.itemText(i)
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where + " tab", widget.tabText(i)
        if isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                yield where + " header", header.text() if header else ""
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                yield where + " row", widget.item(row).text()


def menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield where, menu.title()
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield f"{where} > action", action.text()
        if action.menu() is not None:
            yield from menu_texts(action.menu(), f"{where} > {action.text()}")


def _library(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("chelsea.png", "coffee.png"):
        shutil.copy(PHOTOS / name, folder)
    (folder / "broken.jpg").write_text("not a picture")  # one file not indexed
    return folder


def tour(qtbot, window: MainWindow, library: Path, query: str) -> list[tuple[str, str]]:
    """The window as a new user goes through it, and every text shown on the way: the
    welcome page, a folder added and indexed, a result previewed, the menus and the
    results' context menu, the Folders, Problems (both tabs), Models and Settings pages."""
    texts = list(widget_texts(window))
    assert window.pages.currentWidget() is window.welcome
    assert window.engine is not None
    with qtbot.waitSignal(window.engine.index_done, timeout=ENGINE_TIMEOUT_MS):
        window.engine.index([library])
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=30_000)
    window.results.setFocus()
    window.results.setCurrentIndex(window.model.index(0))
    window.toggle_preview()
    qtbot.waitUntil(lambda: window.preview.isVisible())
    texts += widget_texts(window)  # the newest items, one previewed
    window.search_bar.field.setText(query)
    window.search_bar.search_now()
    qtbot.waitUntil(lambda: window.model.ranked and window.model.rowCount() > 0, timeout=30_000)
    window.results.setCurrentIndex(window.model.index(0))
    if CJK.search(query):
        qtbot.waitUntil(window.language_banner.isVisible, timeout=30_000)
    texts += widget_texts(window)  # a search's results, one previewed with its match
    for menu in window.menuBar().findChildren(QMenu):
        if menu.parent() is window.menuBar():
            texts += menu_texts(menu, "menu")
    result = window.results.current_result()
    assert result is not None
    context = window.results.context_menu(result)
    texts += menu_texts(context, "context menu")
    tooltip = window.model.data(window.model.index(0), Qt.ItemDataRole.ToolTipRole)
    texts.append(("result tooltip", tooltip.split("\n", 1)[1]))  # after the file's path
    window.show_folders()
    qtbot.waitUntil(lambda: window.folders_dialog.list.count() == 1)
    texts += widget_texts(window.folders_dialog)
    window.show_failures()
    qtbot.waitUntil(lambda: bool(window.failures_dialog.failures.problems))
    texts += widget_texts(window.failures_dialog)
    window.failures_dialog.show_tab(notes=True)
    texts += widget_texts(window.failures_dialog)
    window.show_models()
    qtbot.waitUntil(lambda: window.models_dialog.table.rowCount() == len(CATALOG))
    texts += widget_texts(window.models_dialog)
    table = window.models_dialog.table
    for row in range(table.rowCount()):
        for column in range(1, table.columnCount()):  # the model's name stays as it is
            texts.append(("models table", table.item(row, column).text()))
    settings = SettingsDialog(window.app_settings, window, in_use=window.models_in_use())
    qtbot.addWidget(settings)
    settings.show()
    texts += widget_texts(settings)
    settings.reject()
    return [(where, text) for where, text in texts if text.strip()]


def test_the_window_speaks_chinese(qtbot, tmp_path: Path, app_env: dict, chinese: None) -> None:
    window = open_window(qtbot, tmp_path, app_env)
    try:
        # a description in Chinese: the tiny test model reads English only, so the banner
        # that says so shows too
        texts = tour(qtbot, window, _library(tmp_path / "相册"), "一只猫")
        assert window.language_banner.isVisible()
        left = [f"{where}: {text!r}" for where, text in texts if left_in_english(text)]
        assert not left, "not translated:\n" + "\n".join(left)
        shown = {text for _where, text in texts}
        # the plural of the count, the engine's catalog words, Qt's own buttons
        assert "最新 2 项" in shown and window.count.text() == "2 个结果"
        assert window.status_panel.failures.text() == "1 个文件未索引"
        assert "中文、英语等约 100 种语言" in shown  # the Models page's languages column
        assert "关闭" in shown  # QDialogButtonBox's Close, from Qt's own translation
        # dates as the locale writes them
        taken = window.model.result(0).taken_at  # type: ignore[union-attr]
        day = QDateTime.fromSecsSinceEpoch(int(taken)).date()
        expected = QLocale(QLocale.Language.Chinese, QLocale.Country.China).toString(
            day, QLocale.FormatType.ShortFormat
        )
        assert expected in window.preview.facts.text()
    finally:
        window.close()


def test_the_window_speaks_english(qtbot, tmp_path: Path, app_env: dict) -> None:
    window = open_window(qtbot, tmp_path, app_env)
    try:
        texts = tour(qtbot, window, _library(tmp_path / "Pictures"), "a cat")
        endonyms = {name for _code, name in SPEECH_LANGUAGES} | {"简体中文"}
        chinese = [
            f"{where}: {text!r}"
            for where, text in texts
            if CJK.search(text) and text not in endonyms
        ]
        assert not chinese, "Chinese in the English window:\n" + "\n".join(chinese)
        shown = {text for _where, text in texts}
        assert {"Folders…", "Library folders", "Not indexed (1)", "Use this model"} <= shown
        assert "2 newest items" in shown and window.count.text() == "2 results"  # plurals
        assert window.status_panel.failures.text() == "1 not indexed"
    finally:
        window.close()


def test_a_missing_translation_leaves_the_app_in_english(
    qapp, tmp_path: Path, translation_files: Path
) -> None:
    """No .qm (a pip install that skipped make): English words, no error."""
    try:
        language = translations.install(qapp, "zh_CN", folder=tmp_path)
        assert language == translations.UiLanguage.ENGLISH
        assert QCoreApplication.translate("MainWindow", "Folders…") == "Folders…"
        assert QCoreApplication.translate("MainWindow", "%Ln result(s)", None, 2) == "2 result(s)"
    finally:
        translations.install(qapp, "en", folder=translation_files)


def test_dates_numbers_and_times_follow_the_chosen_language(chinese: None) -> None:
    noon = QDateTime(QDate(2024, 5, 1), QTime(12, 0)).toSecsSinceEpoch()
    assert local_format.day(noon) == "2024/5/1"
    assert local_format.number(1470) == "1,470"
    assert local_format.clock(65) == "1:05"
