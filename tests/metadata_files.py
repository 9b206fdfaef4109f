"""Files carrying metadata the way other apps write it, for the tests and the benchmark
of the words about a file (issue 15): EXIF through Pillow's ``Image.Exif``, XMP packets
through the ``xmp=`` save argument (or a PNG iTXt chunk, a TIFF tag), IPTC as a Photoshop
APP13 segment spliced into a JPEG, container tags through PyAV.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import av
import numpy as np
from PIL import Image

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
