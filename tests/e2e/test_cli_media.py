"""One command indexes a folder of photos, videos and recordings; a phrase finds the line
and the second; offline, with the real tiny.en Whisper model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from PIL import Image

from tests import media_factory as mf
from tests.conftest import PHOTOS, SPEECH, run_cli


def test_mixed_folder_from_index_to_the_right_second(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "everything"
    folder.mkdir()
    shutil.copy(PHOTOS / "chelsea.png", folder)
    shutil.copy(SPEECH / "jfk.flac", folder)
    spoken = mf.speech("The budget for next year is four hundred thousand dollars.", tmp=tmp_path)
    scenes = [(Image.open(PHOTOS / "astronaut.png"), 4), (Image.open(PHOTOS / "coffee.png"), 4)]
    mf.make_video(folder / "party.mp4", scenes, audio=mf.timeline((3.0, spoken), total_s=8.0))
    (folder / "broken.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00garbage" * 99)

    proc = run_cli("index", str(folder), "--json", env=cli_env)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert (summary["indexed"], summary["failed"]) == (3, 1), (summary, proc.stderr)
    assert "broken.mp3" in proc.stderr

    found = json.loads(
        run_cli("search", "ask not what your country can do for you", "--json", env=cli_env).stdout
    )
    assert Path(found[0]["path"]).name == "jfk.flac" and found[0]["kind"] == "audio"
    assert found[0]["start_s"] <= 2.0 and "country" in found[0]["text"]

    budget = json.loads(
        run_cli(
            "search", "the budget for next year", "--json", "--kind", "video", env=cli_env
        ).stdout
    )
    assert [Path(b["path"]).name for b in budget] == ["party.mp4"]
    assert abs(budget[0]["start_s"] - 3.0) <= 2.0 and budget[0]["end_s"] > budget[0]["start_s"]

    frame = json.loads(
        run_cli(
            "similar", str(PHOTOS / "coffee.png"), "--json", "--kind", "video", env=cli_env
        ).stdout
    )[0]
    assert Path(frame["path"]).name == "party.mp4" and 4.0 <= frame["start_s"] < 6.0
    assert frame["text"] is None and Path(frame["thumbnail"]).is_file()

    shown = run_cli("show", str(folder / "jfk.flac"), env=cli_env)
    assert shown.returncode == 0 and "[0:00 - 0:07]" in shown.stdout
    assert "fellow Americans" in shown.stdout

    status = json.loads(run_cli("status", "--json", env=cli_env).stdout)
    assert status["counts"]["audio"]["indexed"] == 1 and status["counts"]["video"]["indexed"] == 1
    assert status["speech_model"]["present"] and status["speech_model"]["waiting"] == 0
