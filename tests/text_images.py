"""Pictures with known words in them, and pictures with none, for the text reader (issue 15).

The text reader's tests, its benchmark (bench/bench_ocr.py) and the end-to-end search tests
all start from these, so each knows exactly which words a picture holds and where. Text is
rendered by Pillow in DejaVu (Latin) and Noto Sans CJK (Chinese), the fonts `.ci/run`
installs (`fonts-dejavu-core`, `fonts-noto-cjk`), onto backgrounds made to look like photos:
the real test photos blurred and upscaled, with sensor noise, so that a reader meets texture
and colour around the words rather than a clean white page. Every picture is deterministic
for its seed.

A :class:`TextPicture` holds the image, the words a reader must find and the area (x, y,
width, height, normalised 0..1) they were drawn in. :func:`words_read` is the one measure of
what was read: Latin words and codes must come back whole (case aside), Chinese is counted
by characters.
"""

from __future__ import annotations

import functools
import random
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.paths import PHOTOS

Area = tuple[float, float, float, float]


@dataclass(frozen=True)
class TextPicture:
    """An upright RGB picture, the words drawn in it and where they were drawn."""

    name: str
    image: Image.Image
    words: tuple[str, ...]
    area: Area | None  # None for a picture without text


# -- fonts ------------------------------------------------------------------------------------


@functools.cache
def _font_file(family: str) -> tuple[str, int]:
    """The file and face index fontconfig gives for ``family`` (``"DejaVu Sans:bold"``);
    refuses a fallback to another family, which would draw other glyphs (or boxes)."""
    found = subprocess.run(
        ["fc-match", "-f", "%{family}|%{file}|%{index}", family],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    families, path, index = found.rsplit("|", 2)
    wanted = family.split(":")[0]
    if wanted not in families.split(","):
        raise RuntimeError(
            f"font {wanted!r} is not installed (fontconfig offers {families!r}); "
            "install fonts-dejavu-core and fonts-noto-cjk"
        )
    return path, int(index)


def font(size: int, *, bold: bool = False, cjk: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans (``bold``) or Noto Sans CJK SC at ``size`` px."""
    family = "Noto Sans CJK SC" if cjk else "DejaVu Sans"
    if bold:
        family += ":bold"
    path, index = _font_file(family)
    return ImageFont.truetype(path, size, index=index)


# -- backgrounds ------------------------------------------------------------------------------

_PHOTOS_WITHOUT_TEXT = ("chelsea.png", "coffee.png", "horse.png", "hubble_deep_field.jpg")


def photo_background(size: tuple[int, int], seed: int) -> Image.Image:
    """A photo-like backdrop: a real test photo, cropped, blurred, upscaled, with noise."""
    rng = random.Random(seed)
    name = _PHOTOS_WITHOUT_TEXT[seed % len(_PHOTOS_WITHOUT_TEXT)]
    with Image.open(PHOTOS / name) as opened:
        photo = opened.convert("RGB")
    w, h = photo.size
    share = rng.uniform(0.6, 0.9)
    cw, ch = int(w * share), int(h * share)
    x0, y0 = rng.randint(0, w - cw), rng.randint(0, h - ch)
    photo = photo.crop((x0, y0, x0 + cw, y0 + ch)).filter(ImageFilter.GaussianBlur(2))
    return add_noise(photo.resize(size, Image.Resampling.BICUBIC), seed, amount=6)


def add_noise(image: Image.Image, seed: int, amount: int = 6) -> Image.Image:
    """Sensor-like noise of +-``amount`` on every channel."""
    pixels = np.asarray(image, dtype=np.int16)
    noise = np.random.default_rng(seed).integers(-amount, amount + 1, pixels.shape)
    return Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8), "RGB")


def _paste_rotated(
    background: Image.Image, card: Image.Image, centre: tuple[int, int], angle: float
) -> Area:
    """Paste ``card`` rotated by ``angle`` degrees (anticlockwise) centred at ``centre``;
    the normalised area it covers."""
    rotated = card.convert("RGBA").rotate(angle, Image.Resampling.BICUBIC, expand=True)
    x = centre[0] - rotated.width // 2
    y = centre[1] - rotated.height // 2
    background.paste(rotated, (x, y), rotated)
    return _normalised((x, y, rotated.width, rotated.height), background.size)


def _normalised(box: tuple[int, int, int, int], size: tuple[int, int]) -> Area:
    x, y, w, h = box
    return (x / size[0], y / size[1], w / size[0], h / size[1])


def _text_size(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont) -> tuple:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    return right - left, bottom - top


def _words(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(word for line in lines for word in line.split())


# -- pictures with text -----------------------------------------------------------------------


def street_sign(
    seed: int = 0, *, angle: float = 6.0, size=(2400, 1800), scale: float = 1.0
) -> TextPicture:
    """A street sign photographed at a slight angle: white on green, two lines; ``scale``
    shrinks the sign in the frame (0.3: a sign across the street)."""
    background = photo_background(size, seed)
    lines = ("KING STREET", "Parking 8am to 6pm")
    big = font(int(size[1] * scale) // 14, bold=True)
    small = font(int(size[1] * scale) // 30, bold=True)
    scratch = ImageDraw.Draw(background)
    (bw, bh), (sw, sh) = _text_size(scratch, lines[0], big), _text_size(scratch, lines[1], small)
    pad = int(size[1] * scale) // 30
    card = Image.new("RGB", (max(bw, sw) + 2 * pad, bh + sh + 3 * pad), (18, 96, 52))
    draw = ImageDraw.Draw(card)
    edge = max(2, pad // 8)
    draw.rectangle(
        (edge, edge, card.width - edge - 1, card.height - edge - 1),
        outline=(240, 240, 240),
        width=max(2, edge - 1),
    )
    draw.text(((card.width - bw) // 2, pad), lines[0], font=big, fill=(245, 245, 245), anchor="lt")
    draw.text(((card.width - sw) // 2, 2 * pad + bh), lines[1], font=small, fill=(245, 245, 245))
    centre = (size[0] // 2 + size[0] // 10, size[1] // 3)
    area = _paste_rotated(background, card, centre, angle)
    return TextPicture("street_sign", add_noise(background, seed + 1, 3), _words(lines), area)


_NOTICE = (
    "Opening hours of the library",
    "Monday to Friday from nine until six",
    "Saturday mornings only, closed on Sunday",
    "Please return borrowed books before the",
    "due date printed on your ticket. Lost",
    "cards can be replaced at the front desk",
    "for a small charge. Thank you.",
)


def small_print(seed: int = 0, *, size=(2400, 1800)) -> TextPicture:
    """A printed notice pinned up and photographed: seven lines of small body text."""
    background = photo_background(size, seed + 10)
    face = font(size[1] // 45)
    scratch = ImageDraw.Draw(background)
    line_h = _text_size(scratch, "Ag", face)[1] * 17 // 10
    width = max(_text_size(scratch, line, face)[0] for line in _NOTICE)
    pad = line_h
    card = Image.new("RGB", (width + 2 * pad, line_h * len(_NOTICE) + 2 * pad), (238, 236, 228))
    draw = ImageDraw.Draw(card)
    for row, line in enumerate(_NOTICE):
        draw.text((pad, pad + row * line_h), line, font=face, fill=(30, 30, 34))
    area = _paste_rotated(background, card, (size[0] // 2, size[1] // 2), 2.0)
    return TextPicture("small_print", add_noise(background, seed + 11, 4), _words(_NOTICE), area)


_WORDS = (
    "account settings privacy update download window folder project meeting budget report "
    "calendar message invoice delivery address payment summary history weekly monthly "
    "garden kitchen holiday weather station train ticket platform departure arrival music "
    "library picture camera mountain river forest village market orange yellow purple "
    "number total balance transfer company customer support service review comment share "
    "search filter preview export import backup restore network battery storage memory "
    "morning evening tomorrow yesterday family friends school office travel museum"
)
_VOCABULARY = tuple(_WORDS.split())


def screenshot(seed: int = 0, *, size=(1600, 1000), text_px: int | None = None) -> TextPicture:
    """A screenshot of an app: a title bar, a sidebar of menu words, a heading and
    paragraphs of body text, on flat colours (text-heavy, no photo). Body text is
    ``text_px`` high (default: in proportion to the height, 16 px at 1000 px)."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (250, 250, 252))
    draw = ImageDraw.Draw(image)
    unit = text_px * 60 if text_px else size[1]
    bar = unit // 20
    draw.rectangle((0, 0, size[0], bar), fill=(52, 58, 72))
    title = " ".join(w.capitalize() for w in rng.sample(_VOCABULARY, 3))
    draw.text((bar, bar // 4), title, font=font(bar // 2, bold=True), fill=(240, 240, 240))
    side = size[0] // 5
    draw.rectangle((0, bar, side, size[1]), fill=(236, 238, 242))
    menu = [w.capitalize() for w in rng.sample(_VOCABULARY, 8)]
    menu_face = font(unit // 55)
    for row, word in enumerate(menu):
        draw.text((bar // 2, bar * 2 + row * bar), word, font=menu_face, fill=(40, 44, 52))
    heading = " ".join(w.capitalize() for w in rng.sample(_VOCABULARY, 4))
    left = side + bar
    draw.text((left, bar * 2), heading, font=font(unit // 30, bold=True), fill=(20, 20, 24))
    body_face = font(unit // 60)
    line_h = _text_size(draw, "Ag", body_face)[1] * 18 // 10
    lines = []
    y = bar * 4
    while y + line_h < size[1] - bar and len(lines) < 40:
        room = rng.uniform(0.6, 1.0) * (size[0] - left - bar)
        line = rng.choice(_VOCABULARY)
        while True:
            longer = f"{line} {rng.choice(_VOCABULARY)}"
            if _text_size(draw, longer, body_face)[0] > room:
                break
            line = longer
        draw.text((left, y), line, font=body_face, fill=(50, 50, 56))
        lines.append(line)
        y += line_h
    words = (*title.split(), *menu, *heading.split(), *_words(lines))
    return TextPicture(f"screenshot_{seed}", image, words, (0.0, 0.0, 1.0, 1.0))


def phone_screenshot(seed: int = 0, *, size=(1080, 2340), text_px: int = 40) -> TextPicture:
    """A phone's chat screenshot: a title bar and speech bubbles of one to three lines,
    left and right, in ``text_px`` text."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    bar = text_px * 3
    draw.rectangle((0, 0, size[0], bar), fill=(245, 245, 247))
    title = " ".join(w.capitalize() for w in rng.sample(_VOCABULARY, 2))
    face = font(text_px)
    draw.text((text_px * 2, text_px), title, font=font(text_px, bold=True), fill=(20, 20, 20))
    lines: list[str] = []
    y = bar + text_px
    line_h = text_px * 3 // 2
    while True:
        rows = rng.randint(1, 3)
        bubble = []
        for _ in range(rows):
            room = size[0] * rng.uniform(0.35, 0.62)
            line = rng.choice(_VOCABULARY)
            while _text_size(draw, f"{line} {_VOCABULARY[0]}", face)[0] < room:
                line = f"{line} {rng.choice(_VOCABULARY)}"
            bubble.append(line)
        height = rows * line_h + text_px
        if y + height > size[1] - text_px:
            break
        width = max(_text_size(draw, line, face)[0] for line in bubble) + text_px * 2
        mine = rng.random() < 0.5
        x = size[0] - width - text_px if mine else text_px
        colour = (0, 132, 255) if mine else (233, 233, 235)
        ink = (255, 255, 255) if mine else (20, 20, 20)
        draw.rounded_rectangle((x, y, x + width, y + height), radius=text_px, fill=colour)
        for row, line in enumerate(bubble):
            draw.text((x + text_px, y + text_px // 2 + row * line_h), line, font=face, fill=ink)
        lines += bubble
        y += height + text_px // 2
    words = (*title.split(), *_words(lines))
    return TextPicture(f"phone_screenshot_{seed}", image, words, (0.0, 0.0, 1.0, 1.0))


_RECEIPT = (
    ("超市购物小票", ""),
    ("牛奶", "12.00"),
    ("面包", "8.50"),
    ("苹果", "23.80"),
    ("鸡蛋", "15.60"),
    ("大米", "68.60"),
    ("合计", "128.50"),
    ("谢谢惠顾", ""),
)


def chinese_receipt(seed: int = 0, *, size=(1500, 2000)) -> TextPicture:
    """A shop receipt in Chinese on a table, photographed: item names and amounts, the
    total 合计 128.50."""
    background = photo_background(size, seed + 20)
    face = font(size[0] // 26, cjk=True)
    scratch = ImageDraw.Draw(background)
    line_h = _text_size(scratch, "合计", face)[1] * 2
    width = size[0] // 2
    pad = line_h // 2
    card = Image.new("RGB", (width, line_h * len(_RECEIPT) + 2 * pad), (246, 245, 240))
    draw = ImageDraw.Draw(card)
    for row, (item, amount) in enumerate(_RECEIPT):
        y = pad + row * line_h
        if not amount:
            w = _text_size(draw, item, face)[0]
            draw.text(((width - w) // 2, y), item, font=face, fill=(25, 25, 25))
            continue
        draw.text((pad, y), item, font=face, fill=(25, 25, 25))
        w = _text_size(draw, amount, face)[0]
        draw.text((width - pad - w, y), amount, font=face, fill=(25, 25, 25))
    area = _paste_rotated(background, card, (size[0] // 2, size[1] // 2), -3.0)
    words = tuple(part for pair in _RECEIPT for part in pair if part)
    return TextPicture("chinese_receipt", add_noise(background, seed + 21, 4), words, area)


def invoice(seed: int = 0, *, size=(1240, 1754)) -> TextPicture:
    """A scanned invoice page (A4 at 150 dpi): the number INV-4471, a date, a total."""
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    unit = size[0] // 40
    lines = (
        ("INVOICE INV-4471", font(unit * 2, bold=True)),
        ("Date 2024-03-15", font(unit)),
        ("Customer Harbour Supplies Ltd", font(unit)),
        ("Garden chairs 4 x 120.00", font(unit)),
        ("Delivery 40.00", font(unit)),
        ("Total due 520.00", font(unit, bold=True)),
    )
    y = unit * 3
    for text, face in lines:
        draw.text((unit * 3, y), text, font=face, fill=(10, 10, 10))
        y += _text_size(draw, text, face)[1] * 2 + unit
    box = (unit * 3, unit * 3, size[0] - unit * 6, y - unit * 3)
    return TextPicture(
        "invoice", add_noise(image, seed, 3), _words(t for t, _ in lines), _normalised(box, size)
    )


def number_plate(seed: int = 0, *, angle: float = -4.0, size=(2000, 1500)) -> TextPicture:
    """A British number plate, RE16 TGK, black on yellow, on a photo at a slight angle."""
    background = photo_background(size, seed + 30)
    text = "RE16 TGK"
    face = font(size[1] // 12, bold=True)
    w, h = _text_size(ImageDraw.Draw(background), text, face)
    pad = h // 2
    card = Image.new("RGB", (w + 2 * pad, h + 2 * pad), (247, 206, 28))
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, card.width - 1, card.height - 1), outline=(20, 20, 20), width=4)
    draw.text((pad, pad), text, font=face, fill=(15, 15, 15), anchor="lt")
    area = _paste_rotated(background, card, (size[0] // 2, size[1] * 2 // 3), angle)
    return TextPicture(
        "number_plate", add_noise(background, seed + 31, 4), tuple(text.split()), area
    )


def corner_label(seed: int = 0, *, size=(1600, 1200)) -> TextPicture:
    """Two words drawn in the top-left quarter only, on a flat page (for box checks)."""
    image = Image.new("RGB", size, (235, 240, 245))
    draw = ImageDraw.Draw(image)
    text = "HARBOUR VIEW"
    face = font(size[1] // 16, bold=True)
    x, y = size[0] // 20, size[1] // 12
    left, top, right, bottom = draw.textbbox((x, y), text, font=face)
    draw.text((x, y), text, font=face, fill=(20, 30, 60))
    box = (left, top, right - left, bottom - top)
    return TextPicture(
        "corner_label", add_noise(image, seed, 3), tuple(text.split()), _normalised(box, size)
    )


def rotated(picture: TextPicture, degrees: int) -> TextPicture:
    """``picture`` turned by 90, 180 or 270 degrees anticlockwise (a photo whose pixels were
    stored sideways or upside down), its area turned with it."""
    turns = {
        90: Image.Transpose.ROTATE_90,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_270,
    }
    image = picture.image.transpose(turns[degrees])
    area = picture.area
    if area is not None:
        x, y, w, h = area
        area = {
            90: (y, 1 - x - w, h, w),
            180: (1 - x - w, 1 - y - h, w, h),
            270: (1 - y - h, x, h, w),
        }[degrees]
    return replace(picture, name=f"{picture.name}_rot{degrees}", image=image, area=area)


def labelled_set() -> list[TextPicture]:
    """Every picture with text, upright and turned: what the reader is measured on."""
    upright = [
        street_sign(),
        small_print(),
        screenshot(0),
        screenshot(1),
        chinese_receipt(),
        invoice(),
        number_plate(),
        corner_label(),
    ]
    turned = [
        rotated(street_sign(1, angle=-5.0), 90),
        rotated(invoice(), 180),
        rotated(chinese_receipt(), 270),
    ]
    return upright + turned


# -- pictures without text --------------------------------------------------------------------


def noise_picture(seed: int = 0, size=(1600, 1200)) -> TextPicture:
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return TextPicture("noise", Image.fromarray(pixels, "RGB"), (), None)


def gradient_picture(seed: int = 0, size=(1600, 1200)) -> TextPicture:
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    t = np.linspace(0.0, 1.0, size[0])[None, :, None]
    pixels = np.broadcast_to(a * (1 - t) + b * t, (size[1], size[0], 3))
    return TextPicture(
        "gradient", add_noise(Image.fromarray(pixels.astype(np.uint8), "RGB"), seed), (), None
    )


def shapes_picture(seed: int = 0, size=(1600, 1200)) -> TextPicture:
    """Circles, rectangles and thick lines in flat colours: edges, but no letters."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randint(150, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        x0, y0 = rng.randint(0, size[0]), rng.randint(0, size[1])
        x1, y1 = x0 + rng.randint(80, 500), y0 + rng.randint(80, 500)
        kind = rng.choice(("ellipse", "rectangle", "line"))
        if kind == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif kind == "rectangle":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=rng.randint(8, 30))
    return TextPicture(f"shapes_{seed}", add_noise(image, seed), (), None)


def texture_picture(kind: str, seed: int = 0, size=(1600, 1200)) -> TextPicture:
    """Textures that look a little like print to a detector, with no letters: a fence of
    bars, a brick wall, foliage of small leaves."""
    rng = random.Random(seed)
    image = photo_background(size, seed + 40)
    draw = ImageDraw.Draw(image)
    if kind == "fence":
        x = rng.randint(0, 40)
        while x < size[0]:
            width = rng.randint(12, 30)
            shade = rng.randint(20, 90)
            draw.rectangle((x, size[1] // 5, x + width, size[1]), fill=(shade, shade, shade))
            x += width + rng.randint(14, 40)
    elif kind == "bricks":
        row_h = rng.randint(36, 60)
        for row, y in enumerate(range(0, size[1], row_h)):
            offset = (row % 2) * rng.randint(40, 80)
            for x in range(-offset, size[0], row_h * 3):
                red = (rng.randint(140, 190), rng.randint(50, 80), rng.randint(40, 60))
                draw.rectangle((x + 4, y + 4, x + row_h * 3 - 4, y + row_h - 4), fill=red)
    else:  # foliage
        for _ in range(2500):
            x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
            w, h = rng.randint(8, 30), rng.randint(4, 14)
            green = (rng.randint(20, 90), rng.randint(90, 180), rng.randint(20, 70))
            draw.ellipse((x, y, x + w, y + h), fill=green)
    return TextPicture(f"{kind}_{seed}", add_noise(image, seed + 41, 4), (), None)


def real_photos(size: tuple[int, int] | None = None) -> list[TextPicture]:
    """The test photos that hold no text (tests/data/photos), at ``size`` if given."""
    pictures = []
    for name in _PHOTOS_WITHOUT_TEXT:
        with Image.open(PHOTOS / name) as opened:
            image = opened.convert("RGB")
        if size is not None:
            image = image.resize(size, Image.Resampling.BICUBIC)
        pictures.append(TextPicture(name.split(".")[0], image, (), None))
    return pictures


def text_free_set() -> list[TextPicture]:
    """Pictures a reader must find no text in."""
    return [
        noise_picture(),
        gradient_picture(),
        shapes_picture(0),
        shapes_picture(1),
        *(texture_picture(kind) for kind in ("fence", "bricks", "foliage")),
        *real_photos(),
    ]


# -- the measure ------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_EDGE_PUNCTUATION = ".,;:!?\"'()[]{}"


def words_read(words: Sequence[str], texts: Sequence[str]) -> tuple[int, int]:
    """How many of ``words`` the read ``texts`` hold, out of how many: a Latin word or code
    counts when a whitespace-separated token of the reading equals it (case and surrounding
    punctuation aside); Chinese counts character by character, each as often as it was
    drawn (so a missed 计 in 合计 costs one of two)."""
    tokens = Counter(
        token.strip(_EDGE_PUNCTUATION).casefold() for text in texts for token in text.split()
    )
    characters = Counter(ch for text in texts for ch in text if _CJK.match(ch))
    found = total = 0
    wanted_tokens: Counter[str] = Counter()
    wanted_characters: Counter[str] = Counter()
    for word in words:
        if _CJK.search(word):
            wanted_characters.update(ch for ch in word if _CJK.match(ch))
        else:
            wanted_tokens[word.strip(_EDGE_PUNCTUATION).casefold()] += 1
    for token, count in wanted_tokens.items():
        found += min(count, tokens[token])
        total += count
    for ch, count in wanted_characters.items():
        found += min(count, characters[ch])
        total += count
    return found, total


def missing_words(words: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The words of ``words`` :func:`words_read` does not find whole (for messages)."""
    missing = []
    for word in dict.fromkeys(words):
        found, total = words_read([word], texts)
        if found < total:
            missing.append(word)
    return missing
