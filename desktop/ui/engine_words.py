"""The engine's words from its fixed tables, in the app's language.

Some English reaches the window from ``core``'s tables, not from free text: the model
catalog's descriptions (``core/models/catalog.py``), the names of writing systems a
description can be typed in (``core/search/query_language.py``) and what a model's text
side understands (``core/models/text_languages.py``). Each is translated by its exact
English text, listed here for ``pyside6-lupdate``; a text core changes or adds falls back
to its English until it is listed and translated (``tests/desktop/test_translation.py``
checks that every one of core's texts is).

Free text (a file's failure reason, a model's missing-file explanation) stays English:
nothing stable identifies it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.models.text_languages import languages_label

CONTEXT = "EngineWords"

CATALOG_TEXTS = (
    QT_TRANSLATE_NOOP("EngineWords", "fast, the default"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "35 ms per photo, ~19 photos/s indexing 12 MP JPEGs; 35 ms per typed query",
    ),
    QT_TRANSLATE_NOOP("EngineWords", "ImageNet zero-shot 66.6%, MSCOCO text-to-image 47.8%"),
    QT_TRANSLATE_NOOP("EngineWords", "more accurate, 4x slower to index"),
    QT_TRANSLATE_NOOP(
        "EngineWords", "138 ms per photo (~6 photos/s indexing); 36 ms per typed query"
    ),
    QT_TRANSLATE_NOOP("EngineWords", "ImageNet zero-shot 70.2%, MSCOCO text-to-image 50.9%"),
    QT_TRANSLATE_NOOP("EngineWords", "multilingual queries (Chinese and 100 other languages)"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "35 ms per photo (the ViT-B-32 image tower); queries use a larger text tower",
    ),
    QT_TRANSLATE_NOOP(
        "EngineWords", "ImageNet zero-shot 62.4%, MSCOCO text-to-image 45.7% (English)"
    ),
    QT_TRANSLATE_NOOP("EngineWords", "fast, multilingual, the default"),
    QT_TRANSLATE_NOOP("EngineWords", "18-27x real time on 2 cores (tiny.en, same architecture)"),
    QT_TRANSLATE_NOOP("EngineWords", "good on clear speech; misses names and noisy rooms"),
    QT_TRANSLATE_NOOP("EngineWords", "more accurate, multilingual"),
    QT_TRANSLATE_NOOP(
        "EngineWords",
        "about half tiny's speed (roughly 9-13x real time; estimated, not measurable here)",
    ),
    QT_TRANSLATE_NOOP("EngineWords", "noticeably fewer errors than tiny"),
    QT_TRANSLATE_NOOP("EngineWords", "accurate, slow on a laptop"),
    QT_TRANSLATE_NOOP("EngineWords", "about a sixth of tiny's speed (estimated)"),
    QT_TRANSLATE_NOOP("EngineWords", "good on accents and noise"),
    QT_TRANSLATE_NOOP("EngineWords", "English only, fastest"),
    QT_TRANSLATE_NOOP("EngineWords", "18-27x real time on 2 cores (measured)"),
    QT_TRANSLATE_NOOP("EngineWords", "slightly better than tiny on English"),
)
"""The catalog's role, speed and quality of each model."""

SCRIPT_NAMES = (
    QT_TRANSLATE_NOOP("EngineWords", "Chinese"),
    QT_TRANSLATE_NOOP("EngineWords", "Japanese"),
    QT_TRANSLATE_NOOP("EngineWords", "Korean"),
    QT_TRANSLATE_NOOP("EngineWords", "Cyrillic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Arabic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Hebrew"),
    QT_TRANSLATE_NOOP("EngineWords", "Greek"),
    QT_TRANSLATE_NOOP("EngineWords", "Thai"),
    QT_TRANSLATE_NOOP("EngineWords", "Devanagari script"),
    QT_TRANSLATE_NOOP("EngineWords", "Bengali script"),
    QT_TRANSLATE_NOOP("EngineWords", "Tamil"),
    QT_TRANSLATE_NOOP("EngineWords", "Telugu"),
    QT_TRANSLATE_NOOP("EngineWords", "Georgian"),
    QT_TRANSLATE_NOOP("EngineWords", "Armenian"),
    QT_TRANSLATE_NOOP("EngineWords", "Ethiopic script"),
    QT_TRANSLATE_NOOP("EngineWords", "Khmer"),
)
"""What a description was typed in (a language note's ``language``)."""

LANGUAGE_LABELS = (
    QT_TRANSLATE_NOOP("EngineWords", "not known"),
    QT_TRANSLATE_NOOP("EngineWords", "Chinese, English and ~100 more languages"),
    QT_TRANSLATE_NOOP("EngineWords", "English only"),
    QT_TRANSLATE_NOOP("EngineWords", "Chinese only"),
    QT_TRANSLATE_NOOP("EngineWords", "Japanese only"),
    QT_TRANSLATE_NOOP("EngineWords", "Korean only"),
)
"""What a model understands (a language note's ``understood``, the Models page)."""


def engine_text(text: str) -> str:
    """One of core's fixed texts above, translated; any other text as it is."""
    return QCoreApplication.translate(CONTEXT, text)


def languages_text(entry: CatalogEntry) -> str:
    """The languages ``entry``'s text side understands (descriptions for a search model,
    speech for Whisper), in words."""
    return engine_text(languages_label(entry.languages))
