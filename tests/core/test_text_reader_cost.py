"""What reading text costs, checked where a benchmark cannot: the words phase hands the
reader a 12 MP photo at the JPEG draft scale it uses (not decoded in full and shrunk
again), and the reader's ONNX Runtime threads sleep when idle instead of spinning (issue
15's speed figures, bench/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from mediasift.core.config import Settings
from mediasift.core.index.events import IndexEvent, IndexProgress, Phase
from mediasift.core.library import Library
from mediasift.core.models import text_reader
from mediasift.core.models.text_reader import ReadLine, TextReader
from tests import text_images as ti


class _SizeRecordingReader(TextReader):
    """The real reader, noting the size of each picture it is given."""

    def __init__(self) -> None:
        super().__init__(threads=2)
        self.sizes: list[tuple[int, int]] = []

    def read(self, image: Image.Image) -> list[ReadLine]:
        self.sizes.append(image.size)
        return super().read(image)


def test_a_12_mp_photo_reaches_the_reader_at_the_draft_scale(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = ti.gradient_picture(3, (4000, 3000)).image
    ImageDraw.Draw(photo).text(
        (400, 1300), "Harbour Lights", font=ti.font(260, bold=True), fill=(10, 10, 10)
    )
    photo.save(folder / "harbour.jpg", quality=90)
    reader = _SizeRecordingReader()
    phases: list[Phase] = []

    def on_event(event: IndexEvent) -> None:
        if isinstance(event, IndexProgress):
            phases.append(event.phase)

    with Library(settings) as library:
        monkeypatch.setattr(library, "text_reader", lambda: reader)
        library.index([folder], on_event=on_event)
        read = [line.text for line in library.details(folder / "harbour.jpg")[0].text_read]
    assert Phase.TEXT in phases
    side = text_reader.DECODE_MIN_SIDE
    assert reader.sizes == [(side * 4 // 3, side)]  # 2000 x 1500, not 4000 x 3000
    assert any("Harbour" in text for text in read), read


def test_the_reader_threads_sleep_when_idle() -> None:
    reader = TextReader(threads=2)
    reader.load()
    models = reader._models
    assert models is not None
    sessions = (
        (models.detector.session.session, 2),  # rapidocr's wrapper around ours
        (models.classifier.session.session, 2),
        (models.recogniser.session, 1),  # MediaSift's own (line_recogniser.py)
    )
    for session, threads in sessions:
        options = session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.intra_op_num_threads == threads
    # the recogniser's one thread per line, as many lines at once as the reader has threads
    assert models.lines_at_once == 2
