"""The model manager from the command line, and a library that needs no network at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PHOTOS, SPEECH, TinyClip, run_cli
from tests.model_files import files_under, random_clip_checkpoint, truncated_copy

VIT_B_32 = "ViT-B-32:laion2b_s34b_b79k"


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

    assert run_cli("models", "remove", "tiny.en", env=cli_env).returncode == 0
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


def _one_line_refusal(proc, *needles: str) -> str:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("mediasift: error: ") and "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_models_import_refuses_what_is_not_the_named_model(
    cli_env: dict[str, str], tiny_clip: TinyClip, whisper_dir: Path, tmp_path: Path
) -> None:
    """A checkpoint of another architecture, random bytes, a cut file, a Whisper folder of
    another size: each one line, exit 1, and nothing lands in the data dir."""
    models = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models"
    wrong = run_cli("models", "import", str(tiny_clip.weights), "--as", VIT_B_32, env=cli_env)
    _one_line_refusal(
        wrong, f"{tiny_clip.weights} cannot be used as {VIT_B_32}", "not ViT-B-32", "text width 512"
    )
    garbage = tmp_path / "open_clip_pytorch_model.bin"
    garbage.write_bytes(bytes(range(256)) * 4096)
    _one_line_refusal(
        run_cli("models", "import", str(garbage), "--as", VIT_B_32, env=cli_env),
        "not a PyTorch or safetensors checkpoint",
    )
    cut = truncated_copy(tiny_clip.weights, tmp_path / "cut.pt")
    _one_line_refusal(
        run_cli("models", "import", str(cut), "--as", VIT_B_32, env=cli_env),
        "damaged or truncated",
    )
    _one_line_refusal(
        run_cli("models", "import", str(whisper_dir), "--as", "base", env=cli_env),
        "holds Whisper tiny.en",
        "not base",
    )
    assert [p for p in files_under(models) if "clip" in p or "whisper" in p] == []
    listing = {
        m["name"]: m for m in json.loads(run_cli("models", "list", "--json", env=cli_env).stdout)
    }
    assert not listing[VIT_B_32]["present"] and not listing["base"]["present"]


def test_clip_weights_given_directly_get_the_same_one_line_refusal(
    cli_env: dict[str, str], tiny_clip: TinyClip, photo_folder: Path
) -> None:
    on_import = _one_line_refusal(
        run_cli("models", "import", str(tiny_clip.weights), "--as", VIT_B_32, env=cli_env)
    )
    env = {**cli_env, "MEDIASIFT_CLIP_MODEL": "ViT-B-32"}
    direct = _one_line_refusal(
        run_cli("index", str(photo_folder), env=env), f"{tiny_clip.weights} cannot"
    )
    assert "pos_embed" not in direct
    assert direct.split(": ", 3)[3] == on_import.split(": ", 3)[3]  # the same reason
    # a search of the (still empty) library loads no model: it says what to run first
    search = run_cli("search", "a cat", env=env)
    assert search.returncode == 0, search.stderr
    [line] = search.stderr.strip().splitlines()
    assert "nothing is indexed" in line and "run  mediasift index FOLDER" in line


def test_a_good_checkpoint_is_imported_and_searched_with_offline(
    cli_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory, photo_folder: Path
) -> None:
    """The real ViT-B-32 architecture (random weights: the catalog records no checksum, so
    names and shapes are what is checked) is accepted, and the next index and search use
    it by name without any network."""
    checkpoint = random_clip_checkpoint(tmp_path_factory, "ViT-B-32")
    imported = run_cli("models", "import", str(checkpoint), "--as", VIT_B_32, env=cli_env)
    assert imported.returncode == 0, imported.stderr
    installed = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models" / "clip" / "ViT-B-32"
    listed = [p for p in files_under(installed) if "/onnx" not in p]
    assert listed == ["laion2b_s34b_b79k", f"laion2b_s34b_b79k/{checkpoint.name}"]
    # prepared for torch-free queries on arrival (issue 14)
    assert (installed / "laion2b_s34b_b79k" / "onnx" / "manifest.json").is_file()

    env = {key: value for key, value in cli_env.items() if key != "MEDIASIFT_CLIP_WEIGHTS"}
    env["MEDIASIFT_CLIP_MODEL"] = "ViT-B-32"  # its default weights: laion2b_s34b_b79k
    listing = {
        m["name"]: m for m in json.loads(run_cli("models", "list", "--json", env=env).stdout)
    }
    assert listing[VIT_B_32]["present"] and listing[VIT_B_32]["in_use"]
    indexed = run_cli("index", str(photo_folder), "--json", env=env, wrap=_no_network)
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["indexed"] == 6
    found = run_cli(
        "similar", str(photo_folder / "coffee.png"), "--json", "--limit", "1", env=env,
        wrap=_no_network,
    )  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert Path(json.loads(found.stdout)[0]["path"]).name == "coffee.png"
    text = run_cli("search", "a cup of coffee", "--json", env=env, wrap=_no_network)
    assert text.returncode == 0 and len(json.loads(text.stdout)) == 6, text.stderr


def test_an_import_onto_a_full_disk_is_one_line_and_leaves_nothing(
    cli_env: dict[str, str], whisper_dir: Path, tmp_path: Path
) -> None:
    """The data dir on a 4 MB tmpfs: the 78 MB model passes its checks, then cannot fit.
    The refusal is one line and no half-copied file (nor its hidden staging folder) is left
    on that disk."""
    data = tmp_path / "small-disk"
    data.mkdir()
    script = (
        f"mount -t tmpfs -o size=4m tmpfs {data} && "
        f"{sys.executable} -m mediasift models import {whisper_dir} --as tiny.en; "
        f'echo "rc=$?"; find {data} -path "*/models/*"'
    )
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    proc = subprocess.run(
        [*unshare, "sh", "-c", script],
        env={**cli_env, "MEDIASIFT_DATA_DIR": str(data)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("mediasift: error: cannot install tiny.en into ")
    assert lines[0].endswith(": No space left on device")
    out = proc.stdout.split()
    assert out[0] == "rc=1", proc.stdout
    assert not [line for line in out if "/models/whisper/" in line], proc.stdout  # empty


def _unreadable_to_us(command: list[str]) -> list[str]:
    """As root, chmod 000 stops nothing; drop the capabilities that bypass it (setpriv)."""
    if os.geteuid() != 0:
        return command
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]


def test_model_files_that_cannot_be_read_are_one_line(
    cli_env: dict[str, str], tiny_clip: TinyClip, whisper_dir: Path, tmp_path: Path
) -> None:
    weights = tmp_path / "open_clip_pytorch_model.bin"
    shutil.copy(tiny_clip.weights, weights)
    weights.chmod(0o000)
    folder = tmp_path / "whisper"
    shutil.copytree(whisper_dir, folder)
    (folder / "tokenizer.json").chmod(0o000)
    try:
        clip = run_cli(
            "models", "import", str(weights), "--as", VIT_B_32, env=cli_env, wrap=_unreadable_to_us
        )
        _one_line_refusal(clip, "cannot read it: Permission denied")
        whisper = run_cli(
            "models", "import", str(folder), "--as", "tiny.en", env=cli_env, wrap=_unreadable_to_us
        )
        _one_line_refusal(whisper, "cannot read tokenizer.json: Permission denied")
    finally:
        weights.chmod(0o644)
        (folder / "tokenizer.json").chmod(0o644)
    models = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models"
    assert [p for p in files_under(models) if "clip" in p or "whisper" in p] == []
