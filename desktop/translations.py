"""The app's language: Simplified Chinese or English, chosen by the system or in Settings.

Every user-visible string of the window goes through Qt's translation system (``tr()``,
``QCoreApplication.translate``). The translations are Qt Linguist files in
``resources/translations/`` (``mediasift_zh_CN.ts``; ``mediasift_en.ts`` holds only the
English plural forms, "1 result" / "2 results"), compiled to ``.qm`` by the build
(``make``, with ``pyside6-lrelease``). Qt's own words (OK, Cancel, the file dialog) come
from the translations PySide6 ships, loaded for the same language.

A missing ``.qm`` (a ``pip install`` that skipped ``make``) is no error: the app speaks its
source English, plurals written "1 result(s)".

The language is set once, before the window is built: Settings say it takes effect the
next time the app starts. The same choice sets Qt's default :class:`QLocale`, which formats
dates and numbers (:mod:`.ui.local_format`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mediasift.core.resources import resources_dir

APP_CATALOG = "mediasift"
QT_CATALOGS = ("qtbase", "qtmultimedia")
TRANSLATOR_NAME = "mediasift-translator"


class UiLanguage(StrEnum):
    """The languages the window speaks (the ``.ts`` file suffixes)."""

    ENGLISH = "en"
    CHINESE = "zh_CN"


LANGUAGE_CHOICES: tuple[tuple[str, str], ...] = (
    ("", ""),  # follow the system: its label is translated where shown
    (UiLanguage.ENGLISH, "English"),
    (UiLanguage.CHINESE, "简体中文"),
)
"""Settings' choices: stored value and name. A language is named in itself, so that a
person who cannot read the current one still finds theirs."""


def chosen_locale(choice: str, system: QLocale) -> QLocale:
    """The locale the app speaks and formats in: the ``choice`` of Settings (``en``,
    ``zh_CN``, empty: follow the system) on a system whose locale is ``system``.

    A choice that matches the system's language keeps the system's own formats (English on
    en_GB still writes dates the British way); "C" (no locale set) counts as English."""
    language = system.language()
    if choice == UiLanguage.ENGLISH:
        if language in (QLocale.Language.English, QLocale.Language.C):
            return system
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    if choice == UiLanguage.CHINESE:
        if language == QLocale.Language.Chinese and system.script() != (
            QLocale.Script.TraditionalHanScript
        ):
            return system
        return QLocale(
            QLocale.Language.Chinese, QLocale.Script.SimplifiedHanScript, QLocale.Country.China
        )
    return system


def ui_language(locale: QLocale) -> UiLanguage:
    """The language of the words for ``locale``: Chinese in either script gets the
    Simplified Chinese translation (closer to a reader of Traditional characters than
    English), every other language English."""
    if locale.language() == QLocale.Language.Chinese:
        return UiLanguage.CHINESE
    return UiLanguage.ENGLISH


def speaks_chinese() -> bool:
    """Whether the app was set to speak Chinese (:func:`install` sets the default locale)."""
    return ui_language(QLocale()) == UiLanguage.CHINESE


def translations_dir() -> Path | None:
    """``resources/translations``, where the build puts the ``.qm`` files; None when the
    resources are not installed."""
    try:
        return resources_dir() / "translations"
    except FileNotFoundError:
        return None


def install(
    app: QCoreApplication,
    choice: str,
    *,
    system: QLocale | None = None,
    folder: Path | None = None,
) -> UiLanguage:
    """Make ``app`` speak the language ``choice`` means on this system (see
    :func:`chosen_locale`): its default locale, MediaSift's translation and Qt's own.
    Replaces translators installed before. ``folder``: where the ``.qm`` files are (the
    resources' by default). Returns the language the words are in."""
    locale = chosen_locale(choice, QLocale.system() if system is None else system)
    QLocale.setDefault(locale)
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    language = ui_language(locale)
    folder = folder or translations_dir()
    loaded = _load(app, folder / f"{APP_CATALOG}_{language}.qm") if folder else False
    if language == UiLanguage.CHINESE and loaded:
        qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        for catalog in QT_CATALOGS:
            _load(app, qt_folder / f"{catalog}_{language}.qm")
    return language if loaded or language == UiLanguage.ENGLISH else UiLanguage.ENGLISH


def _load(app: QCoreApplication, file: Path) -> bool:
    """Install the translation in ``file`` if it is there and readable."""
    if not file.is_file():
        return False
    translator = QTranslator(app)  # owned by the app: lives as long as it does
    translator.setObjectName(TRANSLATOR_NAME)
    if not translator.load(str(file)):
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    return True
