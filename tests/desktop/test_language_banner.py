"""The banner that says the search model cannot read the description, with its one-click fix.

First the widget alone (what it says, what its button does as the download goes), then the
real window and engine: the tiny test model is English-only (open_clip's CLIP tokenizer),
so 海边的狗 raises the banner and an English description takes it away.
"""

from __future__ import annotations

from pathlib import Path

from mediasift.core.search.query_language import LanguageNote
from mediasift.core.service.protocol import ModelTask
from mediasift.desktop.ui.language_banner import LanguageBanner
from mediasift.desktop.ui.main_window import MainWindow
from tests.desktop.conftest import ENGINE_TIMEOUT_MS

MULTI = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"


def _note(*, present: bool = False, active: bool = False) -> LanguageNote:
    return LanguageNote(
        language="Chinese",
        search_model="ViT-B-32 (laion2b_s34b_b79k)",
        understood="English only",
        fix=MULTI,
        fix_present=present or active,
        fix_active=active,
        line="(the CLI's line)",
    )


def test_the_banner_downloads_then_uses_the_multilingual_model(qtbot) -> None:
    banner = LanguageBanner()
    qtbot.addWidget(banner)
    banner.show_note(_note())
    assert not banner.isHidden()
    text = banner.message.text()
    assert "Descriptions in Chinese need a multilingual model" in text
    assert "English only" in text and "still found" in text
    assert banner.action.text() == "Download the multilingual model (1470 MB)"
    with qtbot.waitSignal(banner.download) as asked:
        banner.action.click()
    assert asked.args == [MULTI]

    banner.show_task(ModelTask(MULTI, "download", done=50, total=100))
    assert banner.action.text() == "Downloading… 50%" and not banner.action.isEnabled()
    banner.show_task(ModelTask("tiny", "download", finished=True))  # another model: ignored
    assert not banner.action.isEnabled()
    banner.show_task(ModelTask(MULTI, "download", done=100, total=100, finished=True))
    assert banner.action.text() == "Use the multilingual model" and banner.action.isEnabled()
    with qtbot.waitSignal(banner.use) as asked:
        banner.action.click()
    assert asked.args == [MULTI]


def test_the_banner_follows_the_description_and_the_models_state(qtbot) -> None:
    banner = LanguageBanner()
    qtbot.addWidget(banner)
    banner.show_note(_note(present=True))
    assert banner.action.text() == "Use the multilingual model"
    banner.query_changed("海边的狗 at sunset")  # still Chinese: stays until the next answer
    assert not banner.isHidden()
    banner.query_changed("a dog at sunset")
    assert banner.isHidden()

    banner.show_note(_note(active=True))  # chosen, still embedding: nothing to click
    assert "takes over once it has embedded your library" in banner.message.text()
    assert banner.action.isHidden()
    banner.close_button.click()
    assert banner.isHidden()


def test_the_window_shows_the_banner_for_a_chinese_description(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    assert window.language_banner.isHidden()
    window.search_bar.field.setText("海边的狗")
    qtbot.waitUntil(lambda: window.language_banner.isVisible(), timeout=ENGINE_TIMEOUT_MS)
    assert "Descriptions in Chinese" in window.language_banner.message.text()
    assert window.language_banner.action.text().startswith("Download the multilingual model")

    window.search_bar.field.setText("a dog on the beach")
    qtbot.waitUntil(lambda: window.language_banner.isHidden(), timeout=10_000)
