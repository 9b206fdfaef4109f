"""The text reader's geometry, without a model: strips, regions, line splits, boxes, and
the rendered-or-photographed test (core/models/text_boxes.py)."""

from __future__ import annotations

import io
import itertools

import numpy as np
from PIL import Image, ImageDraw

from mediasift.core.models import text_boxes
from tests import text_images


def _quad(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)


def test_strips_cover_everything_and_overlap() -> None:
    windows = text_boxes.strips(1000, 300, 60)
    assert windows[0][0] == 0 and windows[-1][1] == 1000
    assert all(end - start <= 300 for start, end in windows)
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert end - start == 60
    assert text_boxes.strips(200, 300, 60) == [(0, 200)]


def test_only_lines_a_strip_holds_whole_are_taken_from_it() -> None:
    quads = np.stack(
        [
            _quad(10, 0, 90, 20),  # touches the top of the picture: whole
            _quad(10, 100, 90, 130),  # inside
            _quad(10, 280, 90, 300),  # cut by the strip's lower edge at 300
        ]
    )
    assert text_boxes.whole_lines(quads, 1, 0, 300, 1000).tolist() == [True, True, False]
    # the same strip at the picture's foot is cut nowhere
    assert text_boxes.whole_lines(quads, 1, 0, 300, 300).tolist() == [True, True, True]
    # a strip from 100 on cuts at its top: a line starting there is a fragment
    assert text_boxes.whole_lines(quads[1:], 1, 100, 400, 1000).tolist() == [False, True]


def test_a_line_found_in_two_strips_is_kept_once() -> None:
    quads = np.stack([_quad(10, 100, 300, 130), _quad(12, 101, 298, 131), _quad(10, 140, 300, 170)])
    assert text_boxes.distinct_lines(quads).tolist() == [True, False, True]


def test_reading_order_is_rows_top_to_bottom_then_left_to_right() -> None:
    quads = np.stack(
        [
            _quad(500, 102, 600, 122),  # row 1, right (a little lower)
            _quad(10, 200, 100, 220),  # row 2
            _quad(10, 100, 100, 120),  # row 1, left
        ]
    )
    assert text_boxes.reading_order(quads).tolist() == [2, 0, 1]


def test_regions_merge_neighbouring_lines_and_keep_distant_ones_apart() -> None:
    quads = np.stack(
        [
            _quad(100, 100, 400, 120),  # two lines of one paragraph
            _quad(100, 130, 380, 150),
            _quad(900, 700, 1000, 720),  # a label far away
        ]
    )
    regions = text_boxes.text_regions(quads, 1200, 800, margin=1.0)
    assert sorted(members for _, members in regions) == [[0, 1], [2]]
    for (x0, y0, x1, y1), members in regions:
        for i in members:
            assert x0 <= quads[i][:, 0].min() and quads[i][:, 0].max() <= x1
            assert y0 <= quads[i][:, 1].min() and quads[i][:, 1].max() <= y1
        assert 0 <= x0 < x1 <= 1200 and 0 <= y0 < y1 <= 800


def test_overly_thick_lines_are_not_text() -> None:
    quads = np.stack([_quad(0, 0, 640, 470), _quad(10, 10, 200, 40)])
    kept = text_boxes.plausible_lines(quads, 640, 480, most=0.45)
    assert len(kept) == 1 and kept[0][2, 1] == 40


def test_normalised_box_is_the_upright_bounds_clipped_to_the_picture() -> None:
    tilted = np.array([[10, 30], [110, 10], [120, 60], [20, 80]], dtype=np.float32)
    assert text_boxes.normalised_box(tilted, 200, 100) == (0.05, 0.1, 0.55, 0.7)
    outside = _quad(-10, -5, 250, 50)
    assert text_boxes.normalised_box(outside, 200, 100) == (0.0, 0.0, 1.0, 0.5)


def test_standing_crops_are_turned_to_lie_flat() -> None:
    image = np.zeros((300, 300, 3), dtype=np.uint8)
    image[50:250, 140:160] = 255
    crop, turned = text_boxes.crop_line(image, _quad(140, 50, 160, 250))
    assert turned and crop.shape[:2] == (20, 200)
    crop, turned = text_boxes.crop_line(image, _quad(50, 140, 250, 160))
    assert not turned and crop.shape[:2] == (20, 200)


def _line_image(words: list[str], height: int = 40) -> np.ndarray:
    face = text_images.font(height * 3 // 4)
    text = " ".join(words)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    width = int(probe.textlength(text, font=face)) + 20
    image = Image.new("RGB", (width, height), (255, 255, 255))
    ImageDraw.Draw(image).text((10, height // 8), text, font=face, fill=(0, 0, 0))
    return np.asarray(image)


def test_long_lines_are_split_in_the_gaps_between_words() -> None:
    crop = _line_image(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"] * 4)
    pieces = text_boxes.split_line(crop, max_ratio=12)
    assert len(pieces) > 1
    assert sum(piece.shape[1] for piece, _ in pieces) == crop.shape[1]
    assert all(piece.shape[1] <= 12 * crop.shape[0] for piece, _ in pieces)
    assert [joiner for _, joiner in pieces[:-1]] == [" "] * (len(pieces) - 1)
    assert pieces[-1][1] == ""
    for piece, _ in pieces[:-1]:  # cut in white: the last columns hold no ink
        assert piece[:, -1].min() > 200


def test_a_line_without_gaps_is_still_split_short_enough() -> None:
    crop = _line_image(["x" * 200])
    pieces = text_boxes.split_line(crop, max_ratio=10)
    assert len(pieces) > 1 and all(piece.shape[1] <= 10 * crop.shape[0] for piece, _ in pieces)
    assert sum(piece.shape[1] for piece, _ in pieces) == crop.shape[1]


def test_short_lines_are_not_split() -> None:
    crop = _line_image(["short"])
    assert len(text_boxes.split_line(crop, max_ratio=32)) == 1


def test_screenshots_look_rendered_and_photos_do_not() -> None:
    shot = text_images.screenshot(0).image
    assert text_boxes.looks_rendered(shot)
    buffer = io.BytesIO()
    shot.save(buffer, "JPEG", quality=60)  # a screenshot shared through a chat app
    assert text_boxes.looks_rendered(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    assert text_boxes.looks_rendered(text_images.phone_screenshot(0).image)
    for picture in (text_images.street_sign(), text_images.chinese_receipt()):
        assert not text_boxes.looks_rendered(picture.image), picture.name
    for picture in text_images.real_photos((1600, 1200)):
        # the horse is a silhouette drawn on white: clip art, rendered like a screenshot
        drawn = picture.name == "horse"
        assert text_boxes.looks_rendered(picture.image) is drawn, picture.name


def test_only_punctuation_has_no_letters() -> None:
    assert not text_boxes.has_letters("... -- !! *")
    assert text_boxes.has_letters("合")
    assert text_boxes.has_letters("4")
