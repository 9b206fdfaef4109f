"""The model manager from the command line, and a library that needs no network at all."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.conftest import PHOTOS, SPEECH, run_cli


def _no_network(command: list[str]) -> list[str]:
    """Run in a fresh network namespace: no interface but a loopback that is down."""
    return ["unshare", "-n", *command] if os.geteuid() == 0 else ["unshare", "-rn", *command]


def test_models_list_import_and_remove(
    cli_env: dict[str, str], whisper_dir: Path, tmp_path: Path
) -> None:
    listing = json.loads(run_cli("models", "list", "--json", env=cli_env).stdout)
    names = {m["name"]: m for m in listing}
    assert {"ViT-B-32:laion2b_s34b_b79k", "ViT-B-16:laion2b_s34b_b88k", "tiny", "base"} <= set(
        names
    )
    assert names["xlm-roberta-base-ViT-B-32:laion5b_s13b_b90k"]["needs"] == "multilingual"
    assert all(m["download_mb"] > 0 and m["speed"] and m["quality"] for m in listing)
    assert not names["tiny.en"]["present"]

    imported = run_cli("models", "import", str(whisper_dir), "--as", "tiny.en", env=cli_env)
    assert imported.returncode == 0, imported.stderr
    listing = {
        m["name"]: m for m in json.loads(run_cli("models", "list", "--json", env=cli_env).stdout)
    }
    assert listing["tiny.en"]["present"]

    # The imported model is the one a size name finds: transcribe with it by name, offline.
    folder = tmp_path / "rec"
    folder.mkdir()
    shutil.copy(SPEECH / "jfk.flac", folder)
    env = {**cli_env, "MEDIASIFT_WHISPER_MODEL": "tiny.en"}
    assert run_cli("index", str(folder), env=env).returncode == 0
    found = json.loads(run_cli("search", "fellow Americans", "--json", env=env).stdout)
    assert Path(found[0]["path"]).name == "jfk.flac"

    weights = tmp_path / "open_clip_pytorch_model.bin"
    weights.write_bytes(b"PK\x03\x04 not really a checkpoint, enough to be copied")
    clip = run_cli(
        "models", "import", str(weights), "--as", "ViT-B-16:laion2b_s34b_b88k", env=cli_env
    )
    assert clip.returncode == 0, clip.stderr
    assert (
        Path(cli_env["MEDIASIFT_DATA_DIR"])
        / "models"
        / "clip"
        / "ViT-B-16"
        / "laion2b_s34b_b88k"
        / weights.name
    ).is_file()
    assert run_cli("models", "remove", "ViT-B-16:laion2b_s34b_b88k", env=cli_env).returncode == 0
    bad = run_cli(
        "models", "import", str(tmp_path), "--as", "ViT-B-16:laion2b_s34b_b88k", env=cli_env
    )
    assert bad.returncode == 1 and "not a CLIP checkpoint" in bad.stderr
    unknown = run_cli("models", "download", "gpt-5", env=cli_env)
    assert unknown.returncode == 1 and "unknown model" in unknown.stderr


def test_index_and_search_without_any_network(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "library"
    shutil.copytree(PHOTOS, folder)
    shutil.copy(SPEECH / "jfk.flac", folder)
    env = {key: value for key, value in cli_env.items() if key != "MEDIASIFT_OFFLINE"}
    indexed = run_cli("index", str(folder), "--json", env=env, wrap=_no_network)
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["indexed"] == 7
    found = run_cli(
        "search", "ask not what your country can do", "--json", env=env, wrap=_no_network
    )
    assert found.returncode == 0, found.stderr
    assert Path(json.loads(found.stdout)[0]["path"]).name == "jfk.flac"
