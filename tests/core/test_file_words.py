"""The words about a file (issue 15): its name and folders, and the metadata people wrote.

Every file is made here, its metadata written the way other apps write it
(tests/metadata_files.py). English and Chinese throughout.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from mediasift.core.fulltext import tokens
from mediasift.core.kinds import MediaKind
from mediasift.core.media.file_words import (
    MAX_LINE_CHARS,
    FileWords,
    WordSource,
    name_line,
    split_words,
    words_about,
)
from tests.metadata_files import (
    XMP,
    XMP_KEYWORDS,
    XMP_LINES,
    iptc_record,
    media_with_tags,
    photo_bytes,
    utf16le,
    with_app1,
    with_iptc,
    xmp_packet,
)

PHOTO = MediaKind.PHOTO


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def keywords(words: list[FileWords]) -> list[str]:
    return [w.text for w in words if w.source == WordSource.KEYWORDS]


def texts(words: list[FileWords]) -> str:
    return " | ".join(w.text for w in words)


# -- names --------------------------------------------------------------------------------


def test_folders_below_the_root_and_the_name_make_one_line(tmp_path: Path) -> None:
    root = tmp_path / "Secret Root Above"
    photo = write(root / "Holidays" / "Germany 2019" / "IMG_0042.jpg", photo_bytes())

    words = words_about(photo, root, PHOTO)

    assert words == [FileWords(WordSource.NAME, "Holidays / Germany 2019 / IMG_0042 (IMG 0042)")]
    found = set(tokens(words[0].text))
    # "germany", "holidays", the name as typed and its parts reach it...
    assert {"germany", "holidays", "2019", "img_0042", "img", "0042"} <= found
    # ...but not the extension nor anything above the library root.
    assert not found & {"jpg", "secret", "root", "above"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("beach-sunset_2019", ["beach", "sunset", "2019"]),
        ("BeachSunset", ["Beach", "Sunset"]),
        ("IMG0042", ["IMG", "0042"]),
        ("HTMLParser", ["HTML", "Parser"]),
        ("iPhone eBay PDFs", ["iPhone", "eBay", "PDFs"]),
        ("my.trip.final", ["my", "trip", "final"]),
        ("ÜberGröße", ["Über", "Größe"]),
    ],
)
def test_names_split_where_words_meet(text: str, expected: list[str]) -> None:
    assert split_words(text) == expected


def test_a_split_is_added_only_when_it_gives_other_words(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    assert name_line(root / "beach-sunset_2019.png", root) == (
        "beach-sunset_2019 (beach sunset 2019)"
    )
    assert name_line(root / "Paris 2019" / "my.trip.JPG", root) == "Paris 2019 / my.trip"
    assert name_line(root / "北京" / "2019年旅行.heic", root) == "北京 / 2019年旅行"
    assert name_line(root / "notes", root) == "notes"
    assert name_line(tmp_path / "elsewhere" / "DSC01234.jpg", root) == "DSC01234 (DSC 01234)"


def test_folder_names_that_are_not_utf8(tmp_path: Path) -> None:
    """An old zip extracts Chinese folder names in GBK and Western ones in cp1252; a
    folder that is in no encoding still gives a line that can be stored (no surrogates)."""
    root = tmp_path / "lib"
    folder = os.fsencode(root) + b"/\xb1\xb1\xbe\xa9/Caf\xe9s/\xff\xfe\xfd odd"
    os.makedirs(folder)
    with open(folder + b"/IMG_1.jpg", "wb") as out:
        out.write(photo_bytes())
    path = Path(os.fsdecode(folder + b"/IMG_1.jpg"))

    [name] = words_about(path, root, PHOTO)

    assert name.text.startswith("北京 / Cafés / ")
    assert name.text.endswith(" odd / IMG_1 (IMG 1)")
    name.text.encode("utf-8")  # raises on a lone surrogate


# -- photos -------------------------------------------------------------------------------


def test_exif_fields_in_every_encoding_they_come_in(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "北京 trip".encode()  # ImageDescription: UTF-8 in an ASCII field
    exif[0x010F] = "OLYMPUS IMAGING CORP."
    exif[0x0110] = "E-M10"
    exif[0x9C9B] = utf16le("Summer title")  # XPTitle
    exif[0x9C9C] = utf16le("E-M10")  # XPComment: only the camera model, dropped
    exif[0x9C9E] = utf16le("Berlin;預算;Berlin")  # XPKeywords
    exif[0x9C9F] = utf16le("Family subject")  # XPSubject
    # UserComment, UNICODE: little-endian text although Pillow writes big-endian EXIF.
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + "用户 comment".encode("utf-16-le")
    photo = write(tmp_path / "a.jpg", photo_bytes(exif=exif))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == [
        "Berlin; 預算",
        "Summer title",
        "北京 trip",
        "Family subject",
        "用户 comment",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"ASCII\0\0\0Sunset at the pier\0\0", "Sunset at the pier"),
        (b"\0" * 8 + "预算 report".encode(), "预算 report"),
        (b"UNICODE\0" + "合计 total".encode("utf-16-be"), "合计 total"),
        (b"JIS\0\0\0\0\0" + "富士山".encode("iso2022_jp"), "富士山"),
    ],
)
def test_user_comment_charsets(tmp_path: Path, raw: bytes, expected: str) -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = raw
    photo = write(tmp_path / "c.jpg", photo_bytes(exif=exif))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == [expected]


def test_camera_boilerplate_and_binary_comments_are_dropped(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "OLYMPUS DIGITAL CAMERA         "
    exif[0x9C9B] = utf16le("DCIM\\108GOPRO\\GOPR2137.JPG")
    exif.get_ifd(0x8769)[0x9286] = b"\0" * 8 + bytes(range(256))
    photo = write(tmp_path / "IMG_7.jpg", photo_bytes(exif=exif))

    assert words_about(photo, tmp_path, PHOTO) == [FileWords(WordSource.NAME, "IMG_7 (IMG 7)")]


def test_xmp_keywords_hierarchies_titles_and_face_names(tmp_path: Path) -> None:
    photo = write(tmp_path / "x.jpg", photo_bytes(xmp=XMP.encode()))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == [XMP_KEYWORDS, *XMP_LINES]


@pytest.mark.parametrize("fmt", ["WEBP", "PNG", "TIFF", "HEIF"])
def test_xmp_and_exif_in_other_formats(tmp_path: Path, fmt: str) -> None:
    exif = Image.Exif()
    exif[0x9C9E] = utf16le("合计;receipt")
    save: dict[str, object] = {"exif": exif}
    if fmt == "PNG":  # Pillow writes PNG XMP as an iTXt chunk given through pnginfo
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP)
        save["pnginfo"] = info
    elif fmt == "TIFF":
        save = {"tiffinfo": {700: XMP.encode(), 0x9C9E: utf16le("合计;receipt")}}
    else:
        save["xmp"] = XMP.encode()
    photo = write(tmp_path / f"p.{fmt.lower()}", photo_bytes(fmt, **save))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == [
        "合计; receipt; " + XMP_KEYWORDS,
        *XMP_LINES,
    ]


def test_png_text_chunks(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", "Café terrace")  # tEXt, Latin-1
    info.add_text("Description", "报销 receipt scan")  # not Latin-1: Pillow makes it iTXt
    info.add_text("Keywords", "invoice, INV-4471")
    info.add_text("Software", "gnome-screenshot")  # not words about the picture
    photo = write(tmp_path / "s.png", photo_bytes("PNG", pnginfo=info))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == [
        "invoice; INV-4471",
        "Café terrace",
        "报销 receipt scan",
    ]


def test_iptc_keywords_and_caption_with_their_charset(tmp_path: Path) -> None:
    utf8 = iptc_record(
        (1, 90, b"\x1b%G"),
        (2, 25, "北京".encode()),
        (2, 25, b"Great Wall"),
        (2, 120, "预算 caption".encode()),
        (2, 90, b"Beijing"),
        (2, 101, b"China"),
    )
    legacy = iptc_record((2, 25, "Zürich".encode("cp1252")), (2, 5, "Café".encode("cp1252")))
    first = write(tmp_path / "u.jpg", with_iptc(photo_bytes(), utf8))
    second = write(tmp_path / "l.jpg", with_iptc(photo_bytes(), legacy))
    tiff = write(tmp_path / "t.tif", photo_bytes("TIFF", tiffinfo={33723: utf8}))

    expected = ["北京; Great Wall; Beijing; China", "预算 caption"]
    assert keywords(words_about(first, tmp_path, PHOTO)) == expected
    assert keywords(words_about(tiff, tmp_path, PHOTO)) == expected
    assert keywords(words_about(second, tmp_path, PHOTO)) == ["Zürich", "Café"]


def test_the_same_caption_in_exif_xmp_and_iptc_counts_once(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "Dinner at Mama's"
    exif[0x9C9E] = utf16le("dinner")
    jpeg = photo_bytes(exif=exif, xmp=xmp_packet(["Dinner"], "dinner at  mama's"))
    photo = write(tmp_path / "d.jpg", with_iptc(jpeg, iptc_record((2, 120, b"Dinner at Mama's"))))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == ["dinner", "Dinner at Mama's"]


def test_a_runaway_caption_is_cut(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "word " * 2000
    photo = write(tmp_path / "w.jpg", photo_bytes(exif=exif))

    [caption] = keywords(words_about(photo, tmp_path, PHOTO))
    assert caption.startswith("word word ") and caption.endswith("…")
    assert len(caption) <= MAX_LINE_CHARS + 1


# -- damaged metadata ---------------------------------------------------------------------

EXIF_BAD = [
    b"Exif\0\0MM\0*",  # the header ends before the first IFD offset
    b"Exif\0\0MM\0*\0\0\xff\xff",  # the IFD lies past the end
    b"Exif\0\0II*\0\x08\0\0\0\xff\xff" + b"\x0e\x01\x02\0\xff\xff\xff\x7f\0\0\0\0",  # sizes lie
    b"Exif\0\0garbage that is no TIFF at all",
]
XMP_BAD = [
    b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:RDF><unclosed",
    b"http://ns.adobe.com/xap/1.0/\0"
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<x>&b;&b;&b;</x>",  # an entity expansion (defusedxml refuses it)
    b"http://ns.adobe.com/xap/1.0/\0\xff\xfe\0\0not xml",
]


@pytest.mark.parametrize("bad", EXIF_BAD + XMP_BAD)
def test_damaged_exif_or_xmp_loses_only_itself(tmp_path: Path, bad: bytes) -> None:
    """The other blocks of the same file are still read."""
    jpeg = with_app1(photo_bytes(), bad)
    photo = write(tmp_path / "bad.jpg", with_iptc(jpeg, iptc_record((2, 25, b"survivor"))))

    assert keywords(words_about(photo, tmp_path, PHOTO)) == ["survivor"]


def test_damaged_iptc_and_broken_files_give_the_name_only(tmp_path: Path) -> None:
    broken_iptc = with_iptc(photo_bytes(), b"\x1c\x02\x19\xff\xffshort")
    exif = Image.Exif()
    exif[0x010E] = "kept caption"
    whole = photo_bytes(exif=exif, xmp=xmp_packet(["kept"]))
    files = {
        "iptc.jpg": broken_iptc,
        "truncated.jpg": whole[: len(whole) // 3],
        "text.jpg": b"this is a text file, not a photo",
        "empty.jpg": b"",
    }
    for name, data in files.items():
        path = write(tmp_path / name, data)
        words = words_about(path, tmp_path, PHOTO)
        assert words[0] == FileWords(WordSource.NAME, Path(name).stem), name
        assert all(w.source == WordSource.NAME for w in words[1:]), name
    # Cut inside the image data, the headers before it are all there.
    out = io.BytesIO()
    Image.effect_noise((64, 64), 60).save(out, "JPEG", exif=exif, xmp=xmp_packet(["kept"]))
    noisy = out.getvalue()
    scan = noisy.index(b"\xff\xda")
    cut = write(tmp_path / "cut.jpg", noisy[: (scan + len(noisy)) // 2])
    assert keywords(words_about(cut, tmp_path, PHOTO)) == ["kept", "kept caption"]


def test_damaged_video_gives_the_name_only(tmp_path: Path) -> None:
    video = media_with_tags(tmp_path / "v.mp4", {"title": "kept"}, audio_only=False)
    garbage = write(tmp_path / "garbage.mp4", b"\0\0\0\x18ftypisom" + bytes(range(256)) * 4)
    cut = write(tmp_path / "cut.mp4", video.read_bytes()[:100])

    for path in (garbage, cut):
        assert words_about(path, tmp_path, MediaKind.VIDEO) == [
            FileWords(WordSource.NAME, path.stem)
        ]


# -- video and audio ----------------------------------------------------------------------

TAGS = {
    "title": "Trip to 北京",
    "comment": "預算 meeting notes",
    "description": "Walking on the Great Wall",
    "keywords": "wall, 长城; hiking",
    "artist": "not read",
    "encoder": "not read either",
}
EXPECTED = ["wall; 长城; hiking", "Trip to 北京", "預算 meeting notes", "Walking on the Great Wall"]


@pytest.mark.parametrize(
    ("name", "audio_only", "codec"),
    [
        ("v.mp4", False, None),
        ("v.mkv", False, None),  # Matroska writes the tags in capitals
        ("a.m4a", True, None),
        ("a.mp3", True, "mp3"),  # ID3v2
        ("a.opus", True, "libopus"),  # Ogg: the tags are the stream's
    ],
)
def test_video_and_audio_tags(tmp_path: Path, name: str, audio_only: bool, codec: str) -> None:
    path = media_with_tags(tmp_path / name, TAGS, audio_only=audio_only, codec=codec)
    kind = MediaKind.AUDIO if audio_only else MediaKind.VIDEO

    found = keywords(words_about(path, tmp_path, kind))
    # Ogg and FLAC join the comment and the description into one comment.
    assert sorted(tokens(" ".join(found))) == sorted(tokens(" ".join(EXPECTED)))
    assert found[0] == EXPECTED[0]
    assert "Trip to 北京" in found


def test_apple_quicktime_tags(tmp_path: Path) -> None:
    """iPhones write mdta keys ("com.apple.quicktime.title"); FFmpeg writes them too when
    asked (movflags=use_metadata_tags)."""
    path = media_with_tags(
        tmp_path / "iphone.mov",
        {"com.apple.quicktime.title": "Birthday 生日", "com.apple.quicktime.keywords": "cake"},
        audio_only=False,
        options={"movflags": "use_metadata_tags"},
    )

    assert keywords(words_about(path, tmp_path, MediaKind.VIDEO)) == ["cake", "Birthday 生日"]


# -- files that cannot be read ------------------------------------------------------------


def test_a_missing_file_raises_oserror(tmp_path: Path) -> None:
    for kind in MediaKind:
        with pytest.raises(FileNotFoundError):
            words_about(tmp_path / "gone.jpg", tmp_path, kind)


UNREADABLE_PROBE = """
import sys
from pathlib import Path
from mediasift.core.kinds import MediaKind
from mediasift.core.media.file_words import words_about
for name, kind in (("p.jpg", MediaKind.PHOTO), ("v.mp4", MediaKind.VIDEO)):
    path = Path(sys.argv[1]) / name
    try:
        words_about(path, path.parent, kind)
        print(name, "read")
    except OSError as exc:
        print(name, "OSError", exc.errno)
"""


def test_a_file_without_read_permission_raises_oserror(tmp_path: Path) -> None:
    """Root reads everything: the probe runs with the capabilities that bypass permission
    bits dropped (setpriv), as any user would."""
    write(tmp_path / "p.jpg", photo_bytes()).chmod(0o000)
    media_with_tags(tmp_path / "v.mp4", {"title": "t"}, audio_only=False).chmod(0o000)
    command = [sys.executable, "-c", UNREADABLE_PROBE, str(tmp_path)]
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        command = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *command]

    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["p.jpg OSError 13", "v.mp4 OSError 13"]
