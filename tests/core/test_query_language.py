"""Which languages a model reads, which script a query is in, and the note between them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mediasift.core.config import ClipChoice
from mediasift.core.models.catalog import CATALOG, ENGLISH, MULTILINGUAL, ModelFamily, find_entry
from mediasift.core.models.clip_source import ClipSource, resolve_clip_source
from mediasift.core.models.text_languages import (
    clip_languages,
    config_languages,
    languages_label,
    understands,
)
from mediasift.core.search.query_language import language_note, query_script
from tests.model_files import TINY_CONFIG, TinyClip

MULTI = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
DEFAULT = "ViT-B-32:laion2b_s34b_b79k"


# -- the query's script --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("海边的狗", "Hani"),
        ("預算會議", "Hani"),  # traditional characters are Chinese too
        ("dog on the beach 海边", "Hani"),  # mixed English and Chinese counts as Chinese
        ("iPhone 15 照片", "Hani"),
        ("猫がソファで寝ている", "Jpan"),  # kana make the kanji Japanese
        ("東京タワー", "Jpan"),
        ("ﾈｺ", "Jpan"),  # half-width katakana
        ("고양이 사진", "Hang"),
        ("Собака на пляже", "Cyrl"),
        ("кот and a dog", "Cyrl"),
        ("كلب على الشاطئ", "Arab"),
        ("כלב בחוף", "Hebr"),
        ("σκύλος", "Grek"),
        ("หมาที่ชายหาด", "Thai"),
        ("समुद्र तट पर कुत्ता", "Deva"),
    ],
)
def test_a_query_in_another_script_is_recognised(text: str, script: str) -> None:
    found = query_script(text)
    assert found is not None and found.code == script


@pytest.mark.parametrize(
    "text",
    [
        "dog on the beach",
        "Crème brûlée à la française",  # Latin letters: no guess at the language
        "\uff21\uff22\uff23 123",  # full-width Latin letters and digits
        "🐱 on a 🛋️! 🎉",
        "2024-05-01 #1 @home 100%",
        "",
    ],
)
def test_latin_letters_digits_and_emoji_are_no_other_script(text: str) -> None:
    assert query_script(text) is None


# -- what a model reads --------------------------------------------------------------------


def test_the_catalog_records_the_language_of_every_entry() -> None:
    assert find_entry(DEFAULT).languages == ENGLISH
    assert find_entry("ViT-B-16:laion2b_s34b_b88k").languages == ENGLISH
    assert find_entry(MULTI).languages == MULTILINGUAL
    assert find_entry("tiny.en").languages == ENGLISH
    for size in ("tiny", "base", "small"):
        assert find_entry(size).languages == MULTILINGUAL
    assert all(entry.languages for entry in CATALOG)


def test_understands_and_labels() -> None:
    assert understands(ENGLISH, ("zh",)) is False
    assert understands(MULTILINGUAL, ("zh",)) is True
    assert understands(("zh",), ("zh",)) is True
    assert understands((), ("zh",)) is None  # unknown claims nothing
    assert languages_label(ENGLISH) == "English only"
    assert "Chinese" in languages_label(MULTILINGUAL)


def _source(tmp_path: Path, model: str, weights: str | None) -> ClipSource:
    return resolve_clip_source(ClipChoice(model, weights), tmp_path / "models")


def test_a_catalog_model_is_read_from_its_entry(tmp_path: Path) -> None:
    assert clip_languages(_source(tmp_path, "ViT-B-32", "laion2b_s34b_b79k")) == ENGLISH
    arch, tag = MULTI.split(":")
    assert clip_languages(_source(tmp_path, arch, tag)) == MULTILINGUAL


def test_an_architecture_with_a_checkpoint_file_is_read_from_open_clips_config(
    tmp_path: Path,
) -> None:
    weights = tmp_path / "weights.pt"
    weights.write_bytes(b"not read: only its fingerprint is taken")
    assert clip_languages(_source(tmp_path, "ViT-L-14", str(weights))) == ENGLISH
    assert clip_languages(_source(tmp_path, "xlm-roberta-large-ViT-H-14", str(weights))) == (
        MULTILINGUAL
    )
    assert clip_languages(_source(tmp_path, "nllb-clip-base-siglip", str(weights))) == MULTILINGUAL
    # SigLIP's English tokenizer is named like any other: not recognised, so no claim
    assert clip_languages(_source(tmp_path, "ViT-B-16-SigLIP", str(weights))) == ()


def test_a_custom_config_with_clips_own_tokenizer_is_english(
    tmp_path: Path, tiny_clip: TinyClip
) -> None:
    source = _source(tmp_path, str(tiny_clip.config), str(tiny_clip.weights))
    assert clip_languages(source) == ENGLISH


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xlm-roberta-base", MULTILINGUAL),
        ("google/mt5-base", MULTILINGUAL),
        ("facebook/nllb-200-distilled-600M", MULTILINGUAL),
        ("bert-base-multilingual-cased", MULTILINGUAL),
        ("timm/ViT-B-16-SigLIP-i18n-256", MULTILINGUAL),
        ("hfl/chinese-roberta-wwm-ext", ("zh",)),
        ("roberta-base", ()),  # an English tower, but not recognised: no claim
    ],
)
def test_a_hugging_face_text_tower_is_judged_by_its_name(
    name: str, expected: tuple[str, ...]
) -> None:
    config = {"text_cfg": {"hf_model_name": name, "hf_tokenizer_name": name}}
    assert config_languages(config, "custom") == expected


def _hf_folder(folder: Path, model_type: str, tokenizer_class: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": model_type}))
    (folder / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": tokenizer_class}))
    return folder


def test_a_local_text_tower_is_judged_by_what_its_folder_declares(tmp_path: Path) -> None:
    """Its own config says what it is; the folder's path says nothing (``multilingual`` in
    the path of an English tower must not make it multilingual)."""
    xlmr = _hf_folder(tmp_path / "a" / "text", "xlm-roberta", "XLMRobertaTokenizer")
    english = _hf_folder(tmp_path / "multilingual" / "text", "roberta", "RobertaTokenizer")
    for folder, expected in ((xlmr, MULTILINGUAL), (english, ())):
        config = {"text_cfg": {"hf_model_name": str(folder), "hf_tokenizer_name": str(folder)}}
        assert config_languages(config, "custom") == expected
    relative = {"text_cfg": {"hf_tokenizer_name": "text"}}  # beside the config file
    assert config_languages(relative, "custom", base=tmp_path / "a") == MULTILINGUAL


def test_the_tiny_multilingual_test_model_reads_chinese(tmp_path: Path) -> None:
    """The test model made like the real download (an XLM-R folder named in text_cfg)."""
    text = _hf_folder(tmp_path / "text", "xlm-roberta", "XLMRobertaTokenizer")
    config = tmp_path / "tiny-xlmr.json"
    text_cfg = {"hf_model_name": str(text), "hf_tokenizer_name": str(text)}
    config.write_text(json.dumps({**TINY_CONFIG, "text_cfg": text_cfg}))
    weights = tmp_path / "w.pt"
    weights.write_bytes(b"x")
    assert clip_languages(_source(tmp_path, str(config), str(weights))) == MULTILINGUAL


# -- the note ------------------------------------------------------------------------------


def test_a_chinese_query_on_an_english_model_names_the_model_and_the_command(
    tmp_path: Path,
) -> None:
    english = _source(tmp_path, "ViT-B-32", "laion2b_s34b_b79k")
    note = language_note(["海边的狗"], english, english, lambda entry: False)
    assert note is not None
    assert (note.language, note.fix, note.fix_present, note.fix_active) == (
        "Chinese",
        MULTI,
        False,
        False,
    )
    assert note.understood == "English only"
    assert f"mediasift models download {MULTI}" in note.line
    assert "mediasift index --clip-model xlm-roberta-base-ViT-B-32" in note.line
    assert "descriptions in Chinese" in note.line and "\n" not in note.line


def test_no_note_when_the_model_reads_the_query_or_nobody_knows(tmp_path: Path) -> None:
    english = _source(tmp_path, "ViT-B-32", "laion2b_s34b_b79k")
    multi = _source(tmp_path, *MULTI.split(":"))
    weights = tmp_path / "w.pt"
    weights.write_bytes(b"x")
    unknown = _source(tmp_path, "ViT-B-16-SigLIP", str(weights))
    assert language_note(["dog on the beach"], english, english, lambda e: False) is None
    assert language_note(["Crème brûlée"], english, english, lambda e: False) is None
    assert language_note(["海边的狗"], multi, multi, lambda e: False) is None
    assert language_note(["海边的狗"], unknown, unknown, lambda e: False) is None


def test_the_note_follows_where_the_multilingual_model_is(tmp_path: Path) -> None:
    english = _source(tmp_path, "ViT-B-32", "laion2b_s34b_b79k")
    multi = _source(tmp_path, *MULTI.split(":"))
    here = language_note(["Собака"], english, english, lambda entry: entry.name == MULTI)
    assert here is not None and here.fix_present and not here.fix_active
    assert "descriptions in Cyrillic script" in here.line
    assert "models download" not in here.line and "is downloaded" in here.line
    # chosen already, still embedding the library: search uses the English model meanwhile
    embedding = language_note(["dog", "海边"], english, multi, lambda entry: False)
    assert embedding is not None and embedding.fix_active and embedding.fix_present
    assert "once it has embedded the whole library" in embedding.line


def test_every_script_has_a_catalog_model_that_reads_it() -> None:
    from mediasift.core.search.query_language import SCRIPTS

    clip = [entry for entry in CATALOG if entry.family == ModelFamily.CLIP]
    for script, _ in SCRIPTS:
        assert any(understands(entry.languages, script.languages) for entry in clip), script
