"""The preview of the selected result.

Photos full size (decoded off the GUI thread), videos and recordings played with
QtMultimedia from the matched second, a recording's or video's transcript with the
matched lines highlighted (click a line to jump there), and the three things people do
next: open it, show it in the file manager, copy its path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    Q_ARG,
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMetaObject,
    QRectF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QImageReader,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.kinds import MediaKind
from mediasift.core.paths import display
from mediasift.core.search.results import Box, MatchedBy, SearchResult

from . import file_actions, relevance, theme
from .local_format import clock, day
from .results_model import kind_at, matched_words
from .tasks import Task, run_task
from .waveform import WaveformView

MAX_PREVIEW = QSize(2048, 2048)
PREVIEW_PRIORITY = 1
MATCHED_ROLE = Qt.ItemDataRole.UserRole + 1
QWIDGETSIZE_MAX = 16_777_215
"""Ahead of queued thumbnails: the photo the user chose is the one being waited for."""


def read_preview(path: Path) -> QImage:
    """The photo turned upright, decoded at most ``MAX_PREVIEW`` (a null image if it
    cannot be read). Runs on a pool thread.

    The file is read by Python, which lets go of the interpreter lock while the disk
    answers; Qt's reader would hold it when it opens the file, so a slow or hung drive
    would freeze the whole window, not just this thread. Only the decoding is Qt's (it
    lets go of the lock too).
    """
    try:
        with open(path, "rb") as file:
            data = QByteArray(file.read())
    except OSError:
        return QImage()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, path.suffix.lstrip(".").lower().encode())
    if not reader.canRead():  # misnamed: decided by content, as Qt does for a file
        buffer.seek(0)
        reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (
        size.width() > MAX_PREVIEW.width() or size.height() > MAX_PREVIEW.height()
    ):
        reader.setScaledSize(size.scaled(MAX_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def read_boxes(result: SearchResult) -> list[Box]:
    """Where the matching words were read in the picture shown: every text-in-picture
    moment of a photo, those at the best moment's second of a video."""
    return [
        m.box
        for m in result.moments
        if m.matched_by == MatchedBy.TEXT_IN_IMAGE
        and m.box is not None
        and (result.kind == MediaKind.PHOTO or m.start_s == result.start_s)
    ]


class _ScaledImage(QLabel):
    """A label that keeps its picture fitted to its size, with the boxes where words were
    read outlined on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = QPixmap()
        self.boxes: list[Box] = []
        """Normalised (x, y, w, h) in the upright picture: words read there matched."""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 120)

    def set_image(self, pixmap: QPixmap, boxes: list[Box] | None = None) -> None:
        self._pixmap = pixmap
        self.boxes = list(boxes or [])
        self._fit()

    def resizeEvent(self, event: object) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            self.clear()
            return
        scaled = self._pixmap.scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self.boxes:
            scaled = outlined(scaled, self.boxes, self.palette())
        self.setPixmap(scaled)


def outlined(picture: QPixmap, boxes: list[Box], palette: QPalette) -> QPixmap:
    """``picture`` with each box outlined: the highlight colour inside a dark halo, so
    it shows on any photo, light or dark."""
    marked = QPixmap(picture)
    painter = QPainter(marked)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ratio = marked.devicePixelRatio()
    width, height = marked.width() / ratio, marked.height() / ratio
    for x, y, w, h in boxes:
        rect = QRectF(x * width, y * height, w * width, h * height).adjusted(-3, -3, 3, 3)
        painter.setPen(QPen(QColor(0, 0, 0, 150), 5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight).lighter(125), 2))
        painter.drawRoundedRect(rect, 3, 3)
    painter.end()
    return marked


FACTS_SEPARATOR = "\u00a0\u00a0·  "
"""Between the facts under the title: the dot keeps to the fact before it, so a wrapped
line never starts with it."""


class PreviewPane(QWidget):
    details_wanted = Signal(Path)
    waveform_wanted = Signal(Path)
    """Ask the engine for a recording's peaks (answered with :meth:`set_waveform`)."""
    """Ask the engine for this file's transcript (answered with :meth:`set_transcript`)."""
    said = Signal(str)
    """One line confirming an action, or why it could not be done ("Path copied")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: SearchResult | None = None
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel(self)
        self.banner.setObjectName("offlineBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.image = _ScaledImage(self)
        self.video = QVideoWidget(self)
        self.sound = WaveformView(self)
        self.sound.seek_requested.connect(self._seek_and_play)
        self.stage = QStackedWidget(self)
        for page in (self.image, self.video, self.sound):
            self.stage.addWidget(page)
        self.stage.setMinimumHeight(180)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self._start_ms = 0
        self.player.mediaStatusChanged.connect(self._media_status)
        self.player.positionChanged.connect(self._position)
        self.player.durationChanged.connect(self._duration)
        self._duration_ms = 0
        self.play = QPushButton(self.tr("Pause"), self)
        self.play.clicked.connect(self._toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.sliderMoved.connect(self._seek)
        self.clock = QLabel("0:00", self)
        self.clock.setAccessibleName(self.tr("Position and duration"))
        controls = QHBoxLayout()
        controls.addWidget(self.play)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.clock)
        self.controls = QWidget(self)
        self.controls.setLayout(controls)
        self.transcript = QListWidget(self)
        self.transcript.setWordWrap(True)
        self.transcript.itemClicked.connect(self._seek_to_line)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(self.open_file)
        self.reveal_button = QPushButton(self.tr("Show in folder"), self)
        self.reveal_button.clicked.connect(self.reveal)
        self.copy_button = QPushButton(self.tr("Copy path"), self)
        self.copy_button.clicked.connect(self.copy_path)
        actions = QHBoxLayout()
        for button in (self.open_button, self.reveal_button, self.copy_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        layout.addWidget(self.stage, 3)
        layout.addWidget(self.controls)
        layout.addWidget(self.transcript, 2)
        self._layout = layout
        layout.addLayout(actions)
        self._image_task: Task[QImage] | None = None
        self._ranked = True
        self._boxes: list[Box] = []
        self._frame_first = False
        self._style_banner()
        self.show_result(None)

    # -- showing -------------------------------------------------------------------------------

    def show_result(self, result: SearchResult | None, *, ranked: bool = True) -> None:
        """Show ``result`` (None: nothing); ``ranked``: it comes from a search, so say how
        well it matches."""
        self.result = result
        self._ranked = ranked
        if self._image_task is not None:
            self._image_task.cancel()  # still queued: another photo is wanted now
            self._image_task = None
        self._player("stop")
        self._player("setSource", Q_ARG(QUrl, QUrl()))
        self.transcript.clear()
        self.image.set_image(QPixmap())
        self._give_space(to_transcript=False)
        self._boxes = []
        self._frame_first = False
        self._duration_ms = 0
        self.clock.setText(clock(0))
        offline = result is not None and result.offline
        self.open_button.setEnabled(result is not None and not offline)
        self.reveal_button.setEnabled(result is not None and not offline)
        self.copy_button.setEnabled(result is not None)
        self.banner.setVisible(offline)
        if result is None:
            self.title.setText(self.tr("Nothing selected"))
            self.facts.setText(self.tr("Select a result to preview it here."))
            self.controls.hide()
            self.transcript.hide()
            self.stage.setCurrentWidget(self.image)
            return
        self.title.setText(result.path.name)
        facts = [display(result.path.parent), day(result.taken_at)]
        if ranked:
            facts.append(relevance.label(result.score))
        if result.kind != MediaKind.PHOTO and result.start_s is not None:
            facts.insert(0, kind_at(result.kind, result.start_s))
        words = matched_words(result)
        if words:
            facts.insert(0, words)
        self.facts.setText(FACTS_SEPARATOR.join(f for f in facts if f))
        self._boxes = read_boxes(result)
        if offline:
            self.banner.setText(
                self.tr(
                    "Offline: its folder is not reachable now (an unplugged drive?). What was "
                    "indexed is kept; open or play it once the folder is back."
                )
            )
        if result.kind == MediaKind.PHOTO or (offline and result.kind == MediaKind.VIDEO):
            # Offline, the picture is the stored thumbnail (of the photo, or the frame).
            self.controls.hide()
            self.transcript.setVisible(result.kind == MediaKind.VIDEO)
            self.stage.setCurrentWidget(self.image)
            source = result.path
            if offline:
                source = result.best.thumbnail or result.thumbnail
            if source is not None:
                self._load_picture(result.path, source)
            if result.kind == MediaKind.VIDEO:
                self._want_transcript(result)
            return
        self.stage.setCurrentWidget(self.video if result.kind == MediaKind.VIDEO else self.sound)
        self.controls.setVisible(not offline)
        self._frame_first = bool(self._boxes) and result.best.thumbnail is not None
        if self._frame_first:
            # Words read in the frame: the still frame with them outlined comes first;
            # Play plays the video from there.
            self.stage.setCurrentWidget(self.image)
            self._load_picture(result.path, result.best.thumbnail)  # type: ignore[arg-type]
            self.play.setText(self.tr("Play"))
        if result.kind == MediaKind.AUDIO:
            self._give_space(to_transcript=True)
            marks = [
                (m.start_s, m.end_s if m.end_s is not None else m.start_s)
                for m in result.moments
                if m.start_s is not None
            ]
            self.sound.reset(marks, result.duration_s)
            if not offline:
                self.waveform_wanted.emit(result.path)
        self._start_ms = int((result.start_s or 0.0) * 1000)
        if not offline:
            self._player("setSource", Q_ARG(QUrl, QUrl.fromLocalFile(str(result.path))))
        self._want_transcript(result)

    def update_result(self, result: SearchResult) -> None:
        """The same moment again from a refreshed search: keep what plays, unless what can
        be done with it changed (its folder went offline or came back)."""
        shown = self.result
        if shown is not None and (shown.path, shown.start_s, shown.offline) == (
            result.path,
            result.start_s,
            result.offline,
        ):
            self.result = result
            return
        self.show_result(result, ranked=self._ranked)

    def _want_transcript(self, result: SearchResult) -> None:
        self.transcript.show()
        self.transcript.addItem(self.tr("Loading transcript…"))
        self.details_wanted.emit(result.path)

    def _load_picture(self, path: Path, source: Path) -> None:
        self._image_task = run_task(
            lambda: read_preview(source),
            lambda image: self._image_loaded(path, image),
            receiver=self,
            priority=PREVIEW_PRIORITY,
        )

    def _style_banner(self) -> None:
        """A tint of the highlight, with the text colour that reads on it (light or dark)."""
        background = theme.mix(
            self.palette().color(QPalette.ColorRole.Base),
            self.palette().color(QPalette.ColorRole.Highlight),
            0.25,
        )
        text = theme.readable_on(background, self.palette())
        self.banner.setStyleSheet(
            f"QLabel#offlineBanner {{ background: {background.name()}; color: {text.name()};"
            " border-radius: 4px; padding: 6px; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_banner()
            self._color_matched()

    def _color_matched(self) -> None:
        """The matched lines in a tint of the highlight with text that reads on it, from
        the palette in use (``highlight().lighter()`` was near white in a dark palette,
        under white text)."""
        background, text = theme.marked_line(self.transcript.palette())
        for row in range(self.transcript.count()):
            item = self.transcript.item(row)
            if item.data(MATCHED_ROLE):
                item.setBackground(QBrush(background))
                item.setForeground(QBrush(text))

    def set_transcript(self, path: Path, lines: list[tuple[float, float, str, str | None]]) -> None:
        if self.result is None or self.result.path != path:
            return
        self.transcript.clear()
        matched = {
            round(m.start_s, 2) for m in self.result.moments if m.text and m.start_s is not None
        }
        first_match: QListWidgetItem | None = None
        for start, _end, text, _ in lines:
            item = QListWidgetItem(f"{clock(start)}  {text}")
            item.setData(Qt.ItemDataRole.UserRole, start)
            if round(start, 2) in matched:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setData(MATCHED_ROLE, True)
                first_match = first_match or item
            self.transcript.addItem(item)
        self._color_matched()
        if not lines:
            self.transcript.addItem(self.tr("No speech in this file."))
        if first_match is not None:
            self.transcript.scrollToItem(first_match)

    def _image_loaded(self, path: Path, image: QImage) -> None:
        if self.result is not None and self.result.path == path:
            self.image.set_image(QPixmap.fromImage(image), self._boxes)

    # -- playback ------------------------------------------------------------------------------

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia:
            self._seek(self._start_ms)
            if not self._frame_first:
                self._player("play")
                self.play.setText(self.tr("Pause"))

    def _position(self, position: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(position)
        self.sound.set_position(position)
        self._show_clock(position)

    def _duration(self, duration_ms: int) -> None:
        self._duration_ms = int(duration_ms)
        self.slider.setRange(0, self._duration_ms)
        self.sound.set_duration(duration_ms / 1000)
        self._show_clock(self.slider.value())

    def _show_clock(self, position_ms: int) -> None:
        """Position / duration, as players say it ("0:04 / 1:30")."""
        duration_s = self._duration_ms / 1000 or (self.result.duration_s if self.result else 0)
        shown = clock(position_ms / 1000)
        self.clock.setText(f"{shown} / {clock(duration_s)}" if duration_s else shown)

    def set_waveform(self, path: Path, peaks: list[float], duration_s: float) -> None:
        """The engine's peaks for ``path`` (dropped if another file is shown now)."""
        if self.result is not None and self.result.path == path:
            self.sound.set_peaks(peaks, duration_s)
            if not self._duration_ms and duration_s:
                self._duration_ms = int(duration_s * 1000)
                self._show_clock(self.slider.value())

    def _give_space(self, *, to_transcript: bool) -> None:
        """A recording's picture is its waveform, a strip: the transcript gets the room.
        A video keeps the larger share for the picture."""
        self._layout.setStretchFactor(self.stage, 1 if to_transcript else 3)
        self._layout.setStretchFactor(self.transcript, 4 if to_transcript else 2)
        self.stage.setMinimumHeight(96 if to_transcript else 180)
        self.stage.setMaximumHeight(160 if to_transcript else QWIDGETSIZE_MAX)

    def _seek_and_play(self, position_ms: int) -> None:
        self._seek(position_ms)
        self.sound.set_position(position_ms)
        self._player("play")
        self.play.setText(self.tr("Pause"))

    def _toggle_play(self) -> None:
        if self._frame_first:  # from the still frame to the video, at its second
            self._frame_first = False
            self.stage.setCurrentWidget(self.video)
            self._seek(self._start_ms)
            self._player("play")
            self.play.setText(self.tr("Pause"))
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._player("pause")
            self.play.setText(self.tr("Play"))
        else:
            self._player("play")
            self.play.setText(self.tr("Pause"))

    def _seek_to_line(self, item: QListWidgetItem) -> None:
        start = item.data(Qt.ItemDataRole.UserRole)
        if start is not None:
            self._seek(int(float(start) * 1000))
            self._player("play")
            self.play.setText(self.tr("Pause"))

    def stop(self) -> None:
        self._player("stop")

    def _seek(self, position_ms: int) -> None:
        self._player("setPosition", Q_ARG("qint64", int(position_ms)))

    def _player(self, method: str, *args: object) -> None:
        """Call the media player from Qt's event loop, never from Python.

        QtMultimedia's FFmpeg threads delete objects connected to signals of our
        Python-made QAudioOutput and QMediaPlayer; PySide asks Python (takes the GIL) on
        each disconnect. A direct call such as ``player.play()`` holds the GIL while it
        waits for the same connection lock: a deadlock that froze the window for good
        (seen in the soak test, with gdb). Queued, the call runs in C++ from the event
        loop, which holds no GIL."""
        QMetaObject.invokeMethod(self.player, method, Qt.ConnectionType.QueuedConnection, *args)

    # -- actions -------------------------------------------------------------------------------

    def open_file(self) -> None:
        if self.result is not None:
            self.said.emit(file_actions.open_file(self.result.path, self.result.offline))

    def reveal(self) -> None:
        if self.result is not None:
            self.said.emit(file_actions.reveal(self.result.path, self.result.offline))

    def copy_path(self) -> None:
        if self.result is not None:
            self.said.emit(file_actions.copy_path(self.result.path))
