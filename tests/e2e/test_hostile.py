"""Hostile environments get one line, never a traceback, and the library survives.

Each case runs the real ``mediasift`` command as a separate process against a real
problem: a library file overwritten, truncated or replaced; a data dir on a tmpfs of a
few MB that fills up; a data dir that cannot be written (permission bits enforced on a
root process by dropping the capabilities that bypass them, and a read-only mount); the
first ``index`` racing readers; absurd input; SIGTERM; a file name that is not UTF-8.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import apsw
import numpy as np
import pytest
from PIL import Image

from mediasift.core.store.migrations import LATEST_VERSION, MIGRATIONS
from mediasift.core.store.store import Store
from tests.conftest import PHOTOS, run_cli

DAMAGED = "is damaged"
REPAIR = "mediasift repair"


def one_error_line(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """The command failed with exactly one line on stderr, holding every needle."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith("mediasift: error: "), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def strict_json(text: str) -> object:
    """Parse as a strict JSON parser would: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> object:
        raise AssertionError(f"invalid JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


def integrity_ok(database: Path) -> bool:
    conn = apsw.Connection(str(database), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def indexed_count(database: Path) -> int:
    store = Store(database, readonly=True)
    try:
        row = store.conn.execute("SELECT count(*) FROM media WHERE status = 'indexed'")
        return int(row.fetchone()[0])
    finally:
        store.close()


def photo_folder(where: Path) -> Path:
    shutil.copytree(PHOTOS, where)
    for path in where.iterdir():
        path.chmod(0o644)
    return where


def noise_photos(folder: Path, count: int, seed: int = 0) -> Path:
    """Photos of random noise: their thumbnails do not compress (about 66 KB each), so
    they fill a disk fast."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        pixels = rng.integers(0, 256, (288, 384, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(folder / f"noise-{i:03d}.png", compress_level=1)
    return folder


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[Path, str], Path]]:
    """Mount a tmpfs of a given size on a folder; everything is unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.fail("these tests mount a tmpfs: run them as root (CI does)")
    mounted: list[Path] = []

    def mount(where: Path, size: str) -> Path:
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True
        )
        mounted.append(where)
        return where

    yield mount
    for where in reversed(mounted):
        while os.path.ismount(where):
            subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def without_write_permission_bypass(command: list[str]) -> list[str]:
    """Run as root with the capabilities that ignore permission bits dropped, so that a
    folder's 555 stops this process as it stops any user (setpriv, util-linux)."""
    caps = "-dac_override,-dac_read_search,-fowner"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]


# -- a damaged library file ----------------------------------------------------------------


def _overwrite_media_table(database: Path) -> None:
    """Overwrite the page holding the ``media`` table (bytes in the middle of the file,
    below its header): every command reads it."""
    conn = apsw.Connection(str(database))
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'media'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert page > 1
    with open(database, "r+b") as f:
        f.seek((page - 1) * size + 8)
        f.write(bytes([0xA5]) * (size - 8))


def _truncate(database: Path) -> None:
    """Cut the file in half, as an interrupted copy would."""
    with open(database, "r+b") as f:
        f.truncate(database.stat().st_size // 2)


def _not_a_database(database: Path) -> None:
    database.write_bytes(b"these are someone's shopping notes, not SQLite\n" * 50)


DAMAGE = {
    "overwritten": _overwrite_media_table,
    "truncated": _truncate,
    "replaced": _not_a_database,
}


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_library_says_so_and_repair_rebuilds_it(
    cli_env: dict[str, str], tmp_path: Path, how: str
) -> None:
    folder = photo_folder(tmp_path / "photos")
    data_dir = Path(cli_env["MEDIASIFT_DATA_DIR"])
    database = data_dir / "library.db"
    assert run_cli("index", str(folder), env=cli_env).returncode == 0
    healthy = run_cli("repair", env=cli_env)
    assert healthy.returncode == 0 and "nothing to repair" in healthy.stdout, healthy.stderr
    assert not list(data_dir.glob("*.broken-*"))
    thumbnails = {p: p.stat().st_mtime_ns for p in (data_dir / "thumbnails").rglob("*.jpg")}
    assert len(thumbnails) == 6
    marker = data_dir / "models" / "clip" / "kept.bin"  # stands for a downloaded model
    marker.parent.mkdir(parents=True)
    marker.write_bytes(b"weights")

    DAMAGE[how](database)
    for args in (
        ["status"],
        ["status", "--json"],
        ["search", "a horse"],
        ["similar", str(folder / "horse.png")],
        ["show", str(folder / "horse.png")],
        ["index"],
    ):
        one_error_line(run_cli(*args, env=cli_env), DAMAGED, REPAIR, str(database))

    repair_env = dict(cli_env)
    if how != "overwritten":
        # Its schema is gone (the half cut off holds some of it): nothing can be read, so
        # repair asks for the folders, and moves nothing.
        damaged = database.read_bytes()
        asked = run_cli("repair", env=cli_env)
        one_error_line(asked, "cannot be read", "mediasift repair FOLDER")
        assert database.read_bytes() == damaged
        repaired = run_cli("repair", str(folder), env=cli_env)
    else:
        # The folders and the model it was indexed with are read from the damaged file:
        # no folder and no model named, here and afterwards.
        for name in ("MEDIASIFT_CLIP_MODEL", "MEDIASIFT_CLIP_WEIGHTS"):
            del repair_env[name]
        repaired = run_cli("repair", env=repair_env)
    assert repaired.returncode == 0, repaired.stderr
    assert "Traceback" not in repaired.stderr
    assert "Indexed 6" in repaired.stdout, repaired.stdout
    [aside] = [p for p in data_dir.glob("library.db.broken-*") if not p.name.endswith("-wal")]
    assert f"kept as {aside}" in repaired.stderr
    assert integrity_ok(database)

    status = run_cli("status", "--json", env=repair_env)
    assert status.returncode == 0, status.stderr
    report = strict_json(status.stdout)
    assert report["counts"] == {"photo": {"indexed": 6}}
    assert [r["path"] for r in report["roots"]] == [str(folder)]
    found = run_cli("similar", str(folder / "horse.png"), "--json", env=repair_env)
    assert strict_json(found.stdout)[0]["path"] == str(folder / "horse.png")
    assert marker.read_bytes() == b"weights"
    # The thumbnails were kept, not made again.
    assert {p: p.stat().st_mtime_ns for p in (data_dir / "thumbnails").rglob("*.jpg")} == (
        thumbnails
    )


# -- a full disk ---------------------------------------------------------------------------


def _fill_up(folder: Path) -> Path:
    """Write a filler file until the disk says it is full."""
    filler = folder / "filler"
    # Unbuffered: a write cut short by the full disk leaves nothing for close() to flush
    # (which raised ENOSPC again on the way out).
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 16384)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_a_full_disk_stops_indexing_in_one_line_and_it_resumes_once_freed(
    cli_env: dict[str, str], tmp_path: Path, tmpfs: Callable[[Path, str], Path]
) -> None:
    # Room for about 85 thumbnails: more than the decode threads run ahead of the first
    # commit (two batches and a few), fewer than the library holds.
    photos = noise_photos(tmp_path / "noise", 130)
    data_dir = tmpfs(Path(cli_env["MEDIASIFT_DATA_DIR"]), "6m")
    database = data_dir / "library.db"

    stopped = run_cli("index", str(photos), env=cli_env)
    # One line for the run, not one per file that could not be written.
    one_error_line(stopped, "is full", str(data_dir), "run the same command again")
    kept = indexed_count(database)
    assert 0 < kept < 130, kept  # what was committed before the disk filled is kept
    assert integrity_ok(database)
    assert not list((data_dir / "thumbnails").glob("*/.tmp-*"))

    # Readers work on the full disk.
    filler = _fill_up(data_dir)
    assert shutil.disk_usage(data_dir).free < 64 * 1024
    status = run_cli("status", "--json", env=cli_env)
    assert status.returncode == 0, status.stderr
    counts = strict_json(status.stdout)["counts"]["photo"]
    assert counts["indexed"] == kept and counts["indexed"] + counts["pending"] == 130
    search = run_cli("search", "static", "--json", "--limit", "5", env=cli_env)
    assert search.returncode == 0, search.stderr
    assert len(strict_json(search.stdout)) == 5
    assert "Traceback" not in status.stderr + search.stderr

    # Still full: the writer refuses in one line again, and loses nothing.
    one_error_line(run_cli("index", env=cli_env), "is full")
    assert indexed_count(database) == kept

    filler.unlink()
    remount(data_dir, "size=64m")
    resumed = run_cli("index", env=cli_env)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} unchanged" in resumed.stdout, resumed.stdout
    assert indexed_count(database) == 130
    assert integrity_ok(database)


# -- a data dir that cannot be written -----------------------------------------------------


def _library(cli_env: dict[str, str], tmp_path: Path) -> Path:
    folder = photo_folder(tmp_path / "photos")
    done = run_cli("index", str(folder), env=cli_env)
    assert done.returncode == 0, done.stderr
    return folder


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def _readers_work(
    env: dict[str, str], folder: Path, wrap: Callable[[list[str]], list[str]] | None
) -> None:
    status = run_cli("status", "--json", env=env, wrap=wrap)
    assert status.returncode == 0, status.stderr
    assert strict_json(status.stdout)["counts"] == {"photo": {"indexed": 6}}
    search = run_cli("search", "a horse", "--json", env=env, wrap=wrap)
    assert search.returncode == 0, search.stderr
    assert len(strict_json(search.stdout)) == 6
    similar = run_cli("similar", str(folder / "horse.png"), "--json", env=env, wrap=wrap)
    assert similar.returncode == 0, similar.stderr
    assert strict_json(similar.stdout)[0]["path"] == str(folder / "horse.png")
    show = run_cli("show", str(folder / "horse.png"), "--json", env=env, wrap=wrap)
    assert show.returncode == 0, show.stderr
    assert strict_json(show.stdout)["status"] == "indexed"


def _writers_refused(
    env: dict[str, str], folder: Path, wrap: Callable[[list[str]], list[str]] | None, why: str
) -> None:
    for args in (["index"], ["index", str(folder)], ["watch"], ["repair"]):
        one_error_line(
            run_cli(*args, env=env, wrap=wrap),
            "cannot write in the data dir",
            why,
            "search, similar, status and show still work",
        )


def test_a_data_dir_without_write_permission_refuses_writers_and_serves_readers(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = _library(cli_env, tmp_path)
    data_dir = Path(cli_env["MEDIASIFT_DATA_DIR"])
    before = _listing(data_dir)
    assert "library.db-shm" not in before  # the hard case: a reader cannot create it
    data_dir.chmod(0o555)
    try:
        _writers_refused(cli_env, folder, without_write_permission_bypass, "Permission denied")
        _readers_work(cli_env, folder, without_write_permission_bypass)
        assert _listing(data_dir) == before
    finally:
        data_dir.chmod(0o755)
    assert integrity_ok(data_dir / "library.db")


def test_a_read_only_mount_refuses_writers_and_serves_readers(
    cli_env: dict[str, str], tmp_path: Path, tmpfs: Callable[[Path, str], Path]
) -> None:
    data_dir = tmpfs(Path(cli_env["MEDIASIFT_DATA_DIR"]), "16m")
    folder = _library(cli_env, tmp_path)
    before = _listing(data_dir)
    remount(data_dir, "ro")
    _writers_refused(cli_env, folder, None, "Read-only file system")
    _readers_work(cli_env, folder, None)
    assert _listing(data_dir) == before
    remount(data_dir, "rw")
    assert integrity_ok(data_dir / "library.db")
    assert run_cli("index", env=cli_env).returncode == 0  # writable again: indexing works


# -- readers never migrate -----------------------------------------------------------------


def test_the_first_index_racing_readers_never_crashes_either(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """The race is in creating the library file and its tables, in the first second of
    both processes: an empty folder keeps the writer that short (no model to load)."""
    folder = tmp_path / "empty"
    folder.mkdir()
    command = [sys.executable, "-m", "mediasift"]
    for round_ in range(20):
        data_dir = tmp_path / f"data-{round_}"
        env = {**cli_env, "MEDIASIFT_DATA_DIR": str(data_dir)}
        reader_args = ["search", "a horse", "--json"] if round_ % 4 == 3 else ["status", "--json"]
        started = [
            subprocess.Popen(
                [*command, *args],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in (["index", str(folder)], reader_args)
        ]
        (_, writer_err), (reader_out, reader_err) = (p.communicate(timeout=300) for p in started)
        assert "Traceback" not in writer_err + reader_err, (round_, writer_err, reader_err)
        assert [p.returncode for p in started] == [0, 0], (round_, writer_err, reader_err)
        strict_json(reader_out)
        status = strict_json(run_cli("status", "--json", env=env).stdout)
        assert [root["path"] for root in status["roots"]] == [str(folder)]
        assert integrity_ok(data_dir / "library.db")


def test_readers_of_an_empty_data_dir_see_an_empty_library_and_create_none(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    data_dir = Path(cli_env["MEDIASIFT_DATA_DIR"])
    status = run_cli("status", env=cli_env)
    assert status.returncode == 0, status.stderr
    assert "none yet: run  mediasift index FOLDER" in status.stdout
    assert not data_dir.exists()
    search = run_cli("search", "a horse", "--json", env=cli_env)
    assert search.returncode == 0 and strict_json(search.stdout) == []
    [line] = search.stderr.strip().splitlines()
    assert "nothing is indexed" in line and "run  mediasift index FOLDER" in line
    assert not (data_dir / "library.db").exists()  # (the model may keep a cache in models/)

    # A library file created by a writer that has not made its tables yet.
    data_dir.mkdir(exist_ok=True)
    (data_dir / "library.db").write_bytes(b"")
    status = run_cli("status", "--json", env=cli_env)
    assert status.returncode == 0, status.stderr
    assert strict_json(status.stdout)["roots"] == []
    assert [p.name for p in data_dir.glob("library.db*")] == ["library.db"]
    assert (data_dir / "library.db").stat().st_size == 0


def test_a_reader_of_an_older_schema_asks_for_one_index(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    assert LATEST_VERSION >= 2  # an older schema exists to be met
    data_dir = Path(cli_env["MEDIASIFT_DATA_DIR"])
    data_dir.mkdir()
    conn = apsw.Connection(str(data_dir / "library.db"))
    for version, step in enumerate(MIGRATIONS[:-1], 1):
        with conn:
            step(conn)
            conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    for args in (["status"], ["search", "a horse"], ["show", str(PHOTOS / "horse.png")]):
        one_error_line(run_cli(*args, env=cli_env), "older MediaSift", "run  mediasift index  once")
    folder = photo_folder(tmp_path / "photos")
    assert run_cli("index", str(folder), env=cli_env).returncode == 0
    status = run_cli("status", "--json", env=cli_env)
    assert strict_json(status.stdout)["counts"] == {"photo": {"indexed": 6}}


# -- out-of-range input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--limit", "-1"], "--limit must be between 1 and"),
        (["--limit", "0"], "--limit must be between 1 and"),
        (["--image-weight", "nan"], "--image-weight must be a number from 0 to"),
        (["--image-weight", "-1"], "--image-weight must be a number from 0 to"),
        (["--not", "cars", "--not-weight", "inf"], "--not-weight must be a number from 0 to"),
        (["--min-score", "nan"], "--min-score must be a number"),
        (["--min-score=-inf"], "--min-score must be a number"),
        (["--after", "2024-13-45"], "--after expects a date"),
    ],
)
def test_absurd_search_options_are_one_line(
    cli_env: dict[str, str], args: list[str], needle: str
) -> None:
    one_error_line(run_cli("search", "a horse", *args, env=cli_env), needle)


def test_extreme_but_valid_options_give_valid_json_and_odd_arguments_one_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = _library(cli_env, tmp_path)
    example = str(folder / "horse.png")
    for args, count in [
        (["--after", "0001-01-01"], 6),
        (["--before", "9999-12-31"], 6),
        (["--after", "9999-12-31"], 0),
        (["--before", "0001-01-02"], 0),
        (["--after", "0001-01-01", "--before", "9999-12-31T23:59"], 6),
        (["--image", example, "--image-weight", "100", "--not", "a cat", "--not-weight", "100"], 6),
        (["--min-score=-1e308"], 6),
        (["--min-score", "1e308"], 0),
    ]:
        proc = run_cli("search", "a horse", "--json", *args, env=cli_env)
        assert proc.returncode == 0, (args, proc.stderr)
        items = strict_json(proc.stdout)
        assert len(items) == count, args
        for item in items:
            assert all(isinstance(m["score"], float) for m in item["moments"]), item

    one_error_line(
        run_cli("search", "x", "--image", str(folder), env=cli_env), "cannot read the example image"
    )
    one_error_line(run_cli("similar", str(folder), env=cli_env), "cannot read the example image")
    one_error_line(run_cli("index", example, env=cli_env), "horse.png is not a folder")


def test_output_read_by_a_reader_that_went_away_is_no_traceback(
    cli_env: dict[str, str],
) -> None:
    """``mediasift status | head -1`` style: the pipe closes before the output is written."""
    for args in (["status"], ["status", "--json"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "mediasift", *args],
            env=cli_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # long before the command has imported its modules
        err = process.stderr.read().decode()
        assert process.wait(timeout=60) == 1, err
        assert err == "", err


def test_a_newline_in_a_file_name_stays_on_one_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    folder = photo_folder(tmp_path / "photos")
    (folder / "bad\nname.jpg").write_text("not a photo\n")
    shutil.copy(PHOTOS / "horse.png", folder / "two\nlines.png")
    proc = run_cli("index", str(folder), env=cli_env)
    assert proc.returncode == 0, proc.stderr
    failed = [line for line in proc.stderr.splitlines() if "bad" in line]
    assert failed == [
        f"failed {folder}/bad\\nname.jpg: not a photo, video or recording (content is text)"
    ]

    status = run_cli("status", env=cli_env)
    assert f"  {folder}/bad\\nname.jpg: not a photo, video or recording (content is text)" in (
        status.stdout.splitlines()
    )
    search = run_cli("search", "a horse", env=cli_env)
    assert any(line.endswith(f"{folder}/two\\nlines.png") for line in search.stdout.splitlines())
    one_error_line(
        run_cli("show", str(folder / "not\nthere.jpg"), env=cli_env),
        f"{folder}/not\\nthere.jpg is not in the library",
    )
    # JSON keeps the real name (JSON escapes the newline itself).
    items = strict_json(run_cli("search", "a horse", "--json", env=cli_env).stdout)
    assert str(folder / "two\nlines.png") in {item["path"] for item in items}


# -- SIGTERM -------------------------------------------------------------------------------


def test_sigterm_stops_index_like_ctrl_c(cli_env: dict[str, str], tmp_path: Path) -> None:
    photos = noise_photos(tmp_path / "noise", 120, seed=1)
    database = Path(cli_env["MEDIASIFT_DATA_DIR"]) / "library.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "mediasift", "index", str(photos)],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not (database.exists() and indexed_count(database) > 0):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "indexing did not start"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, (process.returncode, err)
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "mediasift: interrupted (SIGTERM); what was done is kept, run the same command again "
        "to resume"
    ]
    kept = indexed_count(database)
    assert 0 < kept < 120
    assert integrity_ok(database)
    resumed = run_cli("index", env=cli_env)
    assert resumed.returncode == 0, resumed.stderr  # the writer lock went with the process
    assert f"{kept} unchanged" in resumed.stdout
    assert indexed_count(database) == 120


def test_sigterm_stops_watch_like_ctrl_c(cli_env: dict[str, str], tmp_path: Path) -> None:
    _library(cli_env, tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "mediasift", "watch"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "watching" in line:
            break
    assert any("watching 1 folder(s)" in line for line in seen), seen
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 0, rest
    assert "Traceback" not in rest
    assert "stopping (SIGTERM)" in rest and "stopped; the index is consistent" in rest
    assert run_cli("index", env=cli_env).returncode == 0


# -- file names that are not UTF-8 ---------------------------------------------------------


def test_json_names_a_file_whose_name_is_not_utf8(cli_env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.png")  # Latin-1, not UTF-8
    shutil.copy(PHOTOS / "horse.png", odd)
    shutil.copy(PHOTOS / "rocket.jpg", folder / "rocket.jpg")
    assert run_cli("index", str(folder), env=cli_env).returncode == 0

    proc = run_cli("search", "a horse", "--json", env=cli_env)
    assert proc.returncode == 0, proc.stderr
    items = {os.fsencode(item["path"]): item for item in strict_json(proc.stdout)}
    assert set(items) == {odd, os.fsencode(folder / "rocket.jpg")}
    assert all(os.path.isfile(raw) for raw in items)
    assert base64.b64decode(items[odd]["path_bytes_b64"]) == odd
    assert "path_bytes_b64" not in items[os.fsencode(folder / "rocket.jpg")]

    shown = strict_json(run_cli("show", os.fsdecode(odd), "--json", env=cli_env).stdout)
    assert os.fsencode(shown["path"]) == odd and shown["status"] == "indexed"
    assert base64.b64decode(shown["path_bytes_b64"]) == odd
