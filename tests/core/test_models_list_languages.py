"""``mediasift models list`` says which languages each model understands, and does not call
the multilingual model present while only its weights are here (issue 16).

The multilingual model needs its text tower's files (config and tokenizer, ``text/``)
beside the weights: a data dir holding the weights alone (a download cut short, a weights
file copied by hand) lists it as incomplete, in one line that says what is missing and
how to get it; the whole set (the tiny multilingual model built in the test, laid out
where the catalog's model lives) lists it as present.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from mediasift.core.models.catalog import CATALOG, ModelFamily, find_entry
from mediasift.core.models.clip import text_tower_needed
from tests.conftest import run_cli
from tests.multilingual_model import build_tiny_multilingual_clip

MULTILINGUAL = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"
TAG_DIR = Path("models", "clip", "xlm-roberta-base-ViT-B-32", "laion5b_s13b_b90k")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "MEDIASIFT_DATA_DIR": str(tmp_path / "data"), "MEDIASIFT_OFFLINE": "1"}


def _listing(env: dict[str, str]) -> tuple[list[str], dict[str, dict]]:
    text = run_cli("models", "list", env=env)
    assert text.returncode == 0, text.stderr
    data = run_cli("models", "list", "--json", env=env)
    assert data.returncode == 0, data.stderr
    return text.stdout.splitlines(), {m["name"]: m for m in json.loads(data.stdout)}


def _block(lines: list[str], name: str) -> list[str]:
    """The lines of one model: its name line and the indented lines under it."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {name}  "))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")), len(lines)
    )
    return lines[start:end]


def test_each_model_says_the_languages_it_understands(env: dict[str, str]) -> None:
    lines, listed = _listing(env)
    expected = {
        "ViT-B-32:laion2b_s34b_b79k": "descriptions in: English only",
        "ViT-B-16:laion2b_s34b_b88k": "descriptions in: English only",
        MULTILINGUAL: "descriptions in: Chinese, English and ~100 more languages",
        "tiny": "speech in: Chinese, English and ~100 more languages",
        "tiny.en": "speech in: English only",
    }
    for name, line in expected.items():
        assert f"      {line}" in _block(lines, name), name
    for entry in CATALOG:
        assert listed[entry.name]["languages"] == list(entry.languages)
        assert listed[entry.name]["understands"]
    assert listed[MULTILINGUAL]["understands"] == "Chinese, English and ~100 more languages"
    assert listed["tiny.en"]["understands"] == "English only"


def test_the_multilingual_weights_alone_are_not_called_present(
    env: dict[str, str], tmp_path: Path
) -> None:
    built = build_tiny_multilingual_clip(tmp_path / "tiny-xlmr")
    tag_dir = Path(env["MEDIASIFT_DATA_DIR"]) / TAG_DIR
    tag_dir.mkdir(parents=True)
    shutil.copy(built.weights, tag_dir / "open_clip_pytorch_model.bin")

    lines, listed = _listing(env)
    head = _block(lines, MULTILINGUAL)[0]
    assert head == (
        f"  {MULTILINGUAL}  incomplete: the weights are here but no text-tower folder text/ "
        f"(mediasift models download {MULTILINGUAL} fetches it)"
    )
    assert listed[MULTILINGUAL]["present"] is False
    assert listed[MULTILINGUAL]["incomplete"] == "no text-tower folder text/"

    # The tokenizer alone missing: that file is named.
    shutil.copytree(tmp_path / "tiny-xlmr" / "text", tag_dir / "text")
    (tag_dir / "text" / "tokenizer.json").unlink()
    lines, listed = _listing(env)
    assert (
        "incomplete: the weights are here but text/tokenizer.json is missing"
        in (_block(lines, MULTILINGUAL)[0])
    )
    assert listed[MULTILINGUAL]["present"] is False

    # Nothing of the text tower but the folder: both files named, in one line.
    for path in (tag_dir / "text").iterdir():
        path.unlink()
    _, listed = _listing(env)
    assert listed[MULTILINGUAL]["incomplete"] == (
        "text/config.json, text/tokenizer.json are missing"
    )

    # The whole set: present.
    shutil.rmtree(tag_dir / "text")
    shutil.copytree(tmp_path / "tiny-xlmr" / "text", tag_dir / "text")
    lines, listed = _listing(env)
    assert _block(lines, MULTILINGUAL)[0] == f"  {MULTILINGUAL}  present"
    assert listed[MULTILINGUAL]["present"] is True
    assert listed[MULTILINGUAL]["incomplete"] is None


def test_the_catalog_knows_which_models_need_a_text_tower() -> None:
    """The catalog says it (listing imports no open_clip); open_clip's config agrees."""
    for entry in CATALOG:
        if entry.family == ModelFamily.CLIP:
            assert entry.text_tower == text_tower_needed(entry.arch), entry.name
    entry = find_entry(MULTILINGUAL)
    assert entry is not None and entry.text_tower
