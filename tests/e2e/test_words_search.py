"""Words in and about pictures, from `mediasift index` to `search --json` and `show`.

Real PP-OCR models read the pictures; the CLIP model is the tiny random one, so a file
that comes first for a query of its words got there by its words: the picture itself
means nothing to a random model.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests import media_factory as mf
from tests import text_images as ti
from tests.conftest import run_cli
from tests.model_files import TinyClip, tiny_model_env

Indexed = tuple[Path, dict[str, str]]
"""The library folder and the environment of the CLI that indexed it."""

SLIDE_AT = 4.0
"""The second the video's text slide starts (it stays 4 s)."""

XMP_WITH_KEYWORD = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="">'
    "<dc:subject><rdf:Bag><rdf:li>Kilimanjaro</rdf:li><rdf:li>Safari</rdf:li></rdf:Bag>"
    "</dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _save(picture: ti.TextPicture, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.image.save(path, quality=92)
    return path


def _sideways_with_orientation_tag(picture: ti.TextPicture, path: Path) -> Path:
    """Pixels stored turned a quarter anticlockwise, with the EXIF tag (6) that tells a
    viewer to turn them back: read upright only if the orientation is honoured."""
    stored = picture.image.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, quality=92, exif=exif)
    return path


def _slide_video(path: Path) -> Path:
    slide = Image.new("RGB", (640, 360), (250, 250, 250))
    draw = ImageDraw.Draw(slide)
    draw.text((60, 120), "QUARTERLY RESULTS", font=ti.font(44, bold=True), fill=(20, 20, 20))
    draw.text((60, 200), "Revenue grew 12 percent", font=ti.font(30), fill=(20, 20, 20))
    scenes = [
        (ti.shapes_picture(3, (640, 360)).image, SLIDE_AT),
        (slide, 4.0),
        (ti.gradient_picture(4, (640, 360)).image, 4.0),
    ]
    return mf.make_video(path, scenes, size=(640, 360))


@pytest.fixture(scope="module")
def indexed(
    tmp_path_factory: pytest.TempPathFactory, tiny_clip: TinyClip, whisper_dir: Path
) -> Indexed:
    tmp = tmp_path_factory.mktemp("words")
    folder = tmp / "library"
    env = {**os.environ, **tiny_model_env(tmp / "data", tiny_clip, whisper_dir)}
    _save(ti.invoice(), folder / "scans" / "scan-001.jpg")
    _save(ti.number_plate(), folder / "cars" / "DSC_1002.jpg")
    _save(ti.chinese_receipt(), folder / "receipts" / "2024-05.jpg")
    _save(ti.street_sign(), folder / "walks" / "IMG_2231.jpg")
    _sideways_with_orientation_tag(ti.corner_label(), folder / "walks" / "IMG_2240.jpg")
    _save(ti.noise_picture(), folder / "misc" / "noise.jpg")
    _save(ti.shapes_picture(0), folder / "misc" / "shapes.jpg")
    _save(ti.gradient_picture(), folder / "Holidays" / "Germany 2019" / "IMG_0042.jpg")
    ti.gradient_picture(7).image.save(folder / "misc" / "P1000.jpg", xmp=XMP_WITH_KEYWORD.encode())
    (folder / "talks").mkdir()
    _slide_video(folder / "talks" / "results.mp4")

    proc = run_cli("index", str(folder), "--json", env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["failed"] == 0, summary
    return folder, env


def _search(env: dict[str, str], *args: str) -> list[dict]:
    proc = run_cli("search", *args, "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    ("query", "expected", "words"),
    [
        ("Harbour Supplies", "scan-001.jpg", "Harbour"),
        ("4471", "scan-001.jpg", "4471"),  # a code by its digits
        ("RE16", "DSC_1002.jpg", "RE16"),
        ("合计", "2024-05.jpg", "合计"),  # a two-character Chinese word
        ("合計", "2024-05.jpg", "合计"),  # the same word in traditional characters
        ("king street parking", "IMG_2231.jpg", "KING"),  # a sign at an angle
        ("harbour view", "IMG_2240.jpg", "HARBOUR"),  # stored sideways, EXIF-tagged
    ],
)
def test_a_picture_is_found_first_by_the_words_in_it(
    indexed: Indexed, query: str, expected: str, words: str
) -> None:
    _, env = indexed
    found = _search(env, query)
    best = found[0]
    assert Path(best["path"]).name == expected, [(Path(f["path"]).name, f["text"]) for f in found]
    assert best["matched_by"] == "text_in_image"
    assert words.casefold() in best["text"].casefold()
    x, y, w, h = best["box"]
    assert 0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 and 0 < h <= 1


def test_words_on_different_lines_of_one_picture_match_it_whole(indexed: Indexed) -> None:
    _, env = indexed
    whole_line = _search(env, "Harbour Supplies")[0]  # both words in one line
    # INVOICE is the heading, Harbour the customer's line: one page, both words in it
    across_lines = _search(env, "invoice harbour")[0]
    assert Path(across_lines["path"]).name == "scan-001.jpg"
    assert across_lines["score"] == pytest.approx(whole_line["score"])
    # words in two pictures (a number plate's RE16, a receipt's 合计) are not one page
    apart = _search(env, "RE16 合计")
    assert {Path(f["path"]).name for f in apart[:2]} == {"DSC_1002.jpg", "2024-05.jpg"}
    assert all(f["score"] < whole_line["score"] - 1.0 for f in apart)


def test_the_box_is_where_the_words_are_in_the_upright_picture(indexed: Indexed) -> None:
    _, env = indexed
    best = _search(env, "harbour view")[0]
    expected = ti.corner_label().area
    assert expected is not None
    x, y, w, h = best["box"]
    ex, ey, ew, eh = expected
    # Upright: the label is in the top-left quarter, wider than tall, where it was drawn.
    assert x < 0.5 and y < 0.5 and w > h
    assert abs(x - ex) < 0.05 and abs(y - ey) < 0.05
    assert abs(w - ew) < 0.1 and abs(h - eh) < 0.05


def test_a_video_slide_is_found_at_its_second(indexed: Indexed) -> None:
    _, env = indexed
    best = _search(env, "quarterly results", "--kind", "video")[0]
    assert Path(best["path"]).name == "results.mp4"
    assert best["matched_by"] == "text_in_image"
    assert SLIDE_AT - 0.5 <= best["start_s"] < SLIDE_AT + 4.0
    assert Path(best["thumbnail"]).is_file()


def test_a_file_is_found_by_its_folder_name_and_its_keywords(indexed: Indexed) -> None:
    _, env = indexed
    germany = _search(env, "germany")[0]
    assert Path(germany["path"]).name == "IMG_0042.jpg" and germany["matched_by"] == "name"
    assert "Germany" in germany["text"]
    safari = _search(env, "kilimanjaro")[0]
    assert Path(safari["path"]).name == "P1000.jpg" and safari["matched_by"] == "keywords"


def test_pictures_without_text_read_nothing(indexed: Indexed) -> None:
    folder, env = indexed
    for name in ("noise.jpg", "shapes.jpg"):
        shown = run_cli("show", str(folder / "misc" / name), "--json", env=env)
        assert shown.returncode == 0, shown.stderr
        details = json.loads(shown.stdout)
        assert details["text_state"] == "done" and details["text_in_image"] == []
    for query in ("Harbour Supplies", "king street", "合计"):
        hits = [f for f in _search(env, query) if f["matched_by"] == "text_in_image"]
        assert {Path(f["path"]).name for f in hits}.isdisjoint({"noise.jpg", "shapes.jpg"})


def test_show_lists_the_text_read_with_boxes(indexed: Indexed) -> None:
    folder, env = indexed
    shown = run_cli("show", str(folder / "scans" / "scan-001.jpg"), env=env)
    assert shown.returncode == 0, shown.stderr
    assert "text in the picture:" in shown.stdout and "INV-4471" in shown.stdout
    assert " at (" in shown.stdout
    as_json = json.loads(
        run_cli("show", str(folder / "scans" / "scan-001.jpg"), "--json", env=env).stdout
    )
    lines = as_json["text_in_image"]
    assert any("INV-4471" in line["text"] for line in lines)
    assert all(len(line["box"]) == 4 and 0 < line["confidence"] <= 1 for line in lines)
    names = [a["text"] for a in as_json["about"] if a["source"] == "name"]
    assert names and all("scans" in n and "001" in n for n in names), as_json["about"]


def test_damaged_metadata_costs_its_keywords_and_says_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.core.test_file_words import EXIF_BAD
    from tests.metadata_files import photo_bytes, with_app1

    folder = tmp_path / "odd"
    folder.mkdir()
    for index, bad in enumerate(EXIF_BAD):
        (folder / f"damaged-{index}.jpg").write_bytes(with_app1(photo_bytes(), bad))
    proc = run_cli("index", str(folder), "--json", env=cli_env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["indexed"] == len(EXIF_BAD)
    assert "EXIF" not in proc.stderr and "Warning" not in proc.stderr, proc.stderr
    found = _search(cli_env, "damaged")
    assert {Path(f["path"]).name for f in found if f["matched_by"] == "name"} == {
        f"damaged-{i}.jpg" for i in range(len(EXIF_BAD))
    }
