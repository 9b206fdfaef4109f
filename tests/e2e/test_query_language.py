"""A description in a language the model does not read: one line on stderr, clean JSON.

The tiny random test model has open_clip's own CLIP tokenizer, as the English-only models
do, so MediaSift must take it for English-only; a file named in Chinese is still found
by its name.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import run_cli

MULTI = "xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"


def test_a_chinese_query_on_an_english_model_says_so_in_one_line(
    cli_env: dict[str, str], photo_folder: Path
) -> None:
    shutil.copy(photo_folder / "coffee.png", photo_folder / "海边的狗.png")
    env = {**cli_env, "MEDIASIFT_READ_TEXT": "0"}  # the file's name is the word to find
    indexed = run_cli("index", str(photo_folder), env=env)
    assert indexed.returncode == 0, indexed.stderr

    chinese = run_cli("search", "海边的狗", "--json", env=env)
    assert chinese.returncode == 0, chinese.stderr
    results = json.loads(chinese.stdout)  # stdout stays one clean JSON array
    assert isinstance(results, list)
    assert Path(results[0]["path"]).name == "海边的狗.png"
    assert results[0]["matched_by"] == "name"  # word matches still come back, first
    notes = [line for line in chinese.stderr.splitlines() if "descriptions in Chinese" in line]
    assert len(notes) == 1, chinese.stderr
    assert f"mediasift models download {MULTI}" in notes[0]
    assert "understands English only" in notes[0]

    mixed = run_cli("search", "a dog 在海边", env=env)  # plain output: the same line
    assert mixed.returncode == 0, mixed.stderr
    assert "descriptions in Chinese need a multilingual model" in mixed.stderr

    english = run_cli("search", "a dog on the beach", "--json", env=env)
    assert english.returncode == 0, english.stderr
    assert isinstance(json.loads(english.stdout), list)
    assert english.stderr.strip() == ""
