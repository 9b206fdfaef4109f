"""The ``mediasift`` command as a user runs it: a separate process, real files, real exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import PHOTOS, run_cli
from tests.media_factory import copy_photos, png_bomb


def _with_unreadable_files_as_root(args: list[str]) -> list[str]:
    """As root, chmod 000 stops nothing; drop the capabilities that bypass it."""
    if os.geteuid() != 0:
        return args
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *args]


BAD_FILES = {
    "empty.jpg": "empty file",
    "truncated.jpg": "truncated image",
    "corrupt.png": "corrupt image",
    "notes.jpg": "not a photo, video or recording (content is text)",
    "bomb.png": "too large to decode safely",
    "locked.jpg": "permission denied",
}


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    """Good photos mixed with every kind of bad input the scanner must survive."""
    root = copy_photos(tmp_path / "messy")
    rocket = (PHOTOS / "rocket.jpg").read_bytes()
    (root / "empty.jpg").write_bytes(b"")
    (root / "truncated.jpg").write_bytes(rocket[: len(rocket) // 3])
    png = (PHOTOS / "horse.png").read_bytes()
    (root / "corrupt.png").write_bytes(png[:64] + bytes(reversed(png[64:4000])))
    (root / "notes.jpg").write_text("shopping list: milk, eggs\n")
    (root / "bomb.png").write_bytes(png_bomb(40000, 40000))
    (root / "locked.jpg").write_bytes(rocket)
    (root / "locked.jpg").chmod(0o000)
    (root / "album").mkdir()
    (root / "album" / "back-up").symlink_to("..")
    (root / "album" / "self.jpg").symlink_to("self.jpg")
    odd_name = os.fsdecode(b"\xe9t\xe9-caf\xe9.png")  # Latin-1 bytes, not UTF-8
    shutil.copy(PHOTOS / "chelsea.png", root / "album" / odd_name)
    (root / "README.txt").write_text("not media, silently ignored")
    return root


def test_index_reports_each_bad_file_and_indexes_the_rest(
    cli_env: dict[str, str], messy_folder: Path
) -> None:
    proc = run_cli(
        "index", str(messy_folder), "--json", env=cli_env, wrap=_with_unreadable_files_as_root
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["indexed"] == 7  # six real photos and the one with a non-UTF-8 name
    assert summary["failed"] == len(BAD_FILES)
    for name, reason in BAD_FILES.items():
        lines = [line for line in proc.stderr.splitlines() if f"/{name}:" in line]
        assert len(lines) == 1 and reason in lines[0], (name, proc.stderr)
    assert "symlink loop" in proc.stderr and "back-up" in proc.stderr
    assert "self.jpg: symlink loop" in proc.stderr

    status = run_cli("status", "--json", env=cli_env)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    failures = {Path(f["path"]).name: f["reason"] for f in report["failures"]}
    assert set(failures) == set(BAD_FILES)
    assert all(BAD_FILES[name] in reason for name, reason in failures.items())
    assert {Path(i["path"]).name for i in report["scan_issues"]} == {"back-up", "self.jpg"}
    assert report["counts"]["photo"]["indexed"] == 7
    assert report["model"]["indexed_files"] == 7


def test_search_similar_and_status_outputs(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    shutil.copytree(PHOTOS, folder)
    assert run_cli("index", str(folder), env=cli_env).returncode == 0

    search = run_cli(
        "search", "an astronaut in a white suit", "--json", "--limit", "4", env=cli_env
    )
    assert search.returncode == 0, search.stderr
    items = json.loads(search.stdout)
    assert isinstance(items, list) and len(items) == 4
    for item in items:
        assert {"path", "kind", "score", "start_s", "end_s", "text"} <= item.keys()
        assert item["kind"] == "photo" and isinstance(item["score"], float)
        if item["matched_by"] == "image":
            assert item["text"] is None
        else:  # astronaut.png, by its name
            assert item["matched_by"] == "name" and item["text"] == "astronaut"
    assert items[0]["matched_by"] == "name" and Path(items[0]["path"]).name == "astronaut.png"
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)

    similar = run_cli("similar", str(folder / "horse.png"), "--json", env=cli_env)
    assert json.loads(similar.stdout)[0]["path"] == str(folder / "horse.png")

    combined = run_cli(
        "search",
        "a horse",
        "--image",
        str(folder / "horse.png"),
        "--image-weight",
        "3",
        "--kind",
        "photo",
        env=cli_env,
    )
    assert combined.returncode == 0, combined.stderr
    assert combined.stdout.splitlines()[0].endswith('horse.png  named "horse"')

    status = run_cli("status", env=cli_env)
    assert "6 indexed" in status.stdout and str(folder) in status.stdout


def _scores(env: dict[str, str], *args: str) -> dict[str, float]:
    """File name -> score of ``mediasift search ARGS --json`` (every file: limit 20)."""
    proc = run_cli("search", *args, "--limit", "20", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    return {Path(item["path"]).name: item["score"] for item in json.loads(proc.stdout)}


def test_not_under_after_and_before_do_what_they_say(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    shutil.copytree(PHOTOS, folder)
    (folder / "family").mkdir()
    for name in ("horse.png", "rocket.jpg"):
        (folder / name).rename(folder / "family" / name)
    old, recent = datetime(2005, 6, 1).timestamp(), datetime(2020, 6, 1).timestamp()
    for path in folder.rglob("*.*"):
        # Photos without a capture date in their EXIF are dated by their file time;
        # hubble_deep_field.jpg has one (2012-09-17), after the cut like the recent ones.
        moment = old if path.name in {"astronaut.png", "horse.png"} else recent
        os.utime(path, (moment, moment))
    assert run_cli("index", str(folder), env=cli_env).returncode == 0
    every = {p.name for p in PHOTOS.iterdir()}

    assert set(_scores(cli_env, "a horse")) == every
    assert set(_scores(cli_env, "a horse", "--under", str(folder / "family"))) == {
        "horse.png",
        "rocket.jpg",
    }
    assert set(_scores(cli_env, "a horse", "--after", "2010-01-01")) == every - {
        "astronaut.png",
        "horse.png",
    }
    assert set(_scores(cli_env, "a horse", "--before", "2010-01-01")) == {
        "astronaut.png",
        "horse.png",
    }
    assert set(
        _scores(cli_env, "a horse", "--under", str(folder / "family"), "--after", "2010-01-01")
    ) == {"rocket.jpg"}

    # --not takes from each file what it scores for the pushed-away words (when above the
    # background), times --not-weight: files like "a rocket" drop, the others keep their
    # score, and the ranking follows the new scores.
    plain = _scores(cli_env, "a horse")
    like_rocket = _scores(cli_env, "a rocket")
    assert any(score > 0.5 for score in like_rocket.values())  # something to push away
    for weight in ("1", "2.5"):
        pushed = _scores(cli_env, "a horse", "--not", "a rocket", "--not-weight", weight)
        assert set(pushed) == every
        for name, score in pushed.items():
            expected = plain[name] - float(weight) * max(0.0, like_rocket[name])
            assert abs(score - expected) < 1e-3, (name, weight, score, expected)
        assert list(pushed) == sorted(pushed, key=lambda n: pushed[n], reverse=True)


def test_missing_model_is_one_clear_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    env = {
        **cli_env,
        "MEDIASIFT_CLIP_MODEL": "ViT-B-32",
        "MEDIASIFT_CLIP_WEIGHTS": "laion2b_s34b_b79k",
        "MEDIASIFT_OFFLINE": "1",
    }
    folder = tmp_path / "photos"
    shutil.copytree(PHOTOS, folder)
    proc = run_cli("index", str(folder), env=env)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("mediasift: error: CLIP weights ViT-B-32 (laion2b_s34b_b79k)")
    tag_dir = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "models" / "clip" / "ViT-B-32"
    assert f"looked for {tag_dir / 'laion2b_s34b_b79k' / 'open_clip_pytorch_model.bin'}" in line
    assert "--clip-weights" in line and "huggingface.co" in line

    search = run_cli("search", "anything", env=env)
    assert search.returncode == 1 and len(search.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("file-as-data-dir", ["status"], "exists but is not a folder"),
        ("none", ["index", "/definitely/not/here"], "does not exist"),
        ("none", ["search"], "give a description"),
        ("none", ["search", "x", "--after", "yesterday"], "--after expects a date"),
        ("none", ["similar", "/nope.jpg"], "cannot read the example image"),
    ],
)
def test_user_errors_are_one_line(
    cli_env: dict[str, str], tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    env = dict(cli_env)
    if setup == "file-as-data-dir":
        blocker = tmp_path / "blocker"
        blocker.write_text("x")
        env["MEDIASIFT_DATA_DIR"] = str(blocker)
    if args[0] in {"search", "similar"} and args != ["search"]:
        folder = tmp_path / "photos"
        shutil.copytree(PHOTOS, folder)
        run_cli("index", str(folder), env=env)
    proc = run_cli(*args, env=env)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr


def _snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns, digest)
        else:
            found[str(path.relative_to(folder))] = (0, path.stat().st_mtime_ns, "dir")
    return found


def test_only_the_data_dir_is_written(cli_env: dict[str, str], tmp_path: Path) -> None:
    media = tmp_path / "media"
    shutil.copytree(PHOTOS, media)
    Image.open(PHOTOS / "coffee.png").save(media / "coffee-copy.jpg")
    home, scratch = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    scratch.mkdir()
    env = {
        **cli_env,
        "HOME": str(home),
        "TMPDIR": str(scratch),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    before = _snapshot(media)
    for args in (
        ["index", str(media)],
        ["search", "coffee"],
        ["similar", str(media / "horse.png")],
        ["status"],
        ["index"],
    ):
        assert run_cli(*args, env=env).returncode == 0, args
    assert _snapshot(media) == before
    assert list(home.rglob("*")) == []
    assert list(scratch.rglob("*")) == []
    data_dir = Path(cli_env["MEDIASIFT_DATA_DIR"])
    assert (data_dir / "library.db").is_file()
    assert len(list((data_dir / "thumbnails").rglob("*.jpg"))) == 7
