"""The words about a file (issue 15): its name and folders, and the metadata people wrote.

Every file is made here with the metadata written the way other apps write it: EXIF
through Pillow's Image.Exif, XMP packets through the ``xmp=`` save argument (a PNG iTXt
chunk, a TIFF tag), IPTC as a Photoshop APP13 segment spliced into a JPEG, container tags
through PyAV. English and Chinese throughout.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
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

PHOTO = MediaKind.PHOTO

# -- makers -------------------------------------------------------------------------------

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    photoshop:City="Hangzhou">
   <dc:title><rdf:Alt>
    <rdf:li xml:lang="x-default">West Lake at dawn</rdf:li>
    <rdf:li xml:lang="zh-CN">西湖日出</rdf:li>
   </rdf:Alt></dc:title>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">Boats near the bridge</rdf:li>
   </rdf:Alt></dc:description>
   <dc:subject><rdf:Bag><rdf:li>lake</rdf:li><rdf:li>北京</rdf:li></rdf:Bag></dc:subject>
   <lr:hierarchicalSubject><rdf:Bag>
    <rdf:li>Places|China|Zhejiang</rdf:li>
   </rdf:Bag></lr:hierarchicalSubject>
   <digiKam:TagsList><rdf:Seq>
    <rdf:li>Places/China</rdf:li>
    <rdf:li>People/Family/Grandma Li</rdf:li>
   </rdf:Seq></digiKam:TagsList>
   <mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
    <rdf:li><rdf:Description mwg-rs:Name="Xiao Ming" mwg-rs:Type="Face"/></rdf:li>
   </rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""

XMP_KEYWORDS = (
    "Hangzhou; lake; 北京; Places; China; Zhejiang; People; Family; Grandma Li; Xiao Ming"
)
XMP_LINES = ["West Lake at dawn", "西湖日出", "Boats near the bridge"]


def xmp_packet(subjects: list[str] | None = None, description: str | None = None) -> bytes:
    """A small XMP packet with dc:subject and dc:description."""
    bag = "".join(f"<rdf:li>{s}</rdf:li>" for s in subjects or [])
    desc = (
        f"<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>{description}</rdf:li>"
        "</rdf:Alt></dc:description>"
        if description
        else ""
    )
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:subject><rdf:Bag>{bag}</rdf:Bag></dc:subject>{desc}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def iptc_record(*fields: tuple[int, int, bytes]) -> bytes:
    """IPTC-IIM datasets: 0x1C, record, dataset, 16-bit length, data."""
    return b"".join(
        bytes([0x1C, record, dataset]) + struct.pack(">H", len(data)) + data
        for record, dataset, data in fields
    )


def with_iptc(jpeg: bytes, record: bytes) -> bytes:
    """``jpeg`` with a Photoshop APP13 segment (8BIM resource 0x0404) after its SOI."""
    resource = b"8BIM" + struct.pack(">HHI", 0x0404, 0, len(record)) + record
    resource += b"\0" * (len(record) % 2)
    payload = b"Photoshop 3.0\0" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def with_app1(jpeg: bytes, payload: bytes) -> bytes:
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def utf16le(text: str) -> bytes:
    return text.encode("utf-16-le") + b"\0\0"


def photo_bytes(fmt: str = "JPEG", **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 120, 200)).save(out, fmt, **save)
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def keywords(words: list[FileWords]) -> list[str]:
    return [w.text for w in words if w.source == WordSource.KEYWORDS]


def texts(words: list[FileWords]) -> str:
    return " | ".join(w.text for w in words)


def media_with_tags(
    path: Path,
    metadata: dict[str, str],
    *,
    audio_only: bool,
    codec: str | None = None,
    options: dict[str, str] | None = None,
) -> Path:
    """A tiny real recording or video whose container carries ``metadata``."""
    with av.open(str(path), "w", options=options or {}) as container:
        container.metadata.update(metadata)
        if audio_only:
            stream = container.add_stream(codec or "aac", rate=48_000)
            stream.layout = "mono"
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 960), dtype=np.float32), format="flt", layout="mono"
            )
            frame.sample_rate = 48_000
        else:
            stream = container.add_stream(codec or "mpeg4", rate=5)
            stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
            frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8), format="rgb24")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return path


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
