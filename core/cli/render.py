"""Human-readable output of the command line (``--json`` output lives with the values)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from ..formatting import clock
from ..index.events import IndexSummary
from ..kinds import MediaKind, MediaStatus, PartState
from ..models.catalog import ModelFamily
from ..models.manager import ModelState
from ..models.text_languages import languages_label
from ..paths import display, json_name, json_path
from ..search.results import MatchedBy, SearchResult
from ..status import LibraryStatus
from ..store.records import MediaDetails

TranscriptLine = tuple[float, float, str, str | None]


def summary_line(summary: IndexSummary) -> str:
    parts = [f"indexed {summary.indexed}"]
    if summary.reused:
        parts.append(f"reused {summary.reused} (moved, copied or touched)")
    parts.append(f"{summary.unchanged} unchanged")
    parts.append(f"{summary.failed} failed")
    if summary.removed:
        parts.append(f"{summary.removed} removed")
    if summary.problems:
        parts.append(f"{summary.problems} skipped folders/links")
    if summary.transcribed_s:
        parts.append(f"{summary.transcribed_s / 60:.1f} min of speech transcribed")
    if summary.notes:
        parts.append(f"{summary.notes} with notes")
    if summary.waiting:
        parts.append(f"{summary.waiting} waiting for the Whisper model")
    processed = summary.indexed + summary.reused + summary.failed
    line = f"{', '.join(parts).capitalize()} in {summary.elapsed_s:.1f} s"
    if processed and summary.indexing_s > 0:
        line += f" (indexing at {processed / summary.indexing_s:.1f} files/s)"
    line += "."
    if summary.offline_roots:
        line += f" {len(summary.offline_roots)} folder(s) offline, kept as they were."
    if summary.cancelled:
        line += " Stopped early: run again to resume."
    return line


WHY = {
    MatchedBy.TEXT_IN_IMAGE: "reads ",
    MatchedBy.NAME: "named ",
    MatchedBy.KEYWORDS: "tagged ",
}
"""How a result line says why words matched (a spoken line needs no word: it is quoted)."""


def result_lines(results: list[SearchResult]) -> list[str]:
    lines = []
    for rank, result in enumerate(results, 1):
        where = ""
        if result.kind != MediaKind.PHOTO and result.start_s is not None:
            where = f" at {clock(result.start_s)}"
        when = (
            datetime.fromtimestamp(result.taken_at).strftime("%Y-%m-%d")
            if result.taken_at
            else "          "
        )
        line = f"{rank:>3}  {result.score:6.2f}  {result.kind:<5}  {when}  {display(result.path)}"
        line += where
        if result.text:
            label = WHY.get(result.matched_by, "")
            line += f'  {label}"{result.text.strip()}"'
        if result.offline:
            line += "  (offline)"
        lines.append(line)
    return lines


def status_lines(status: LibraryStatus) -> list[str]:
    lines = [f"Data dir: {display(status.data_dir)}"]
    model = status.model
    if model.problem:
        lines.append(f"CLIP model: {model.label}: {model.problem}")
    else:
        if model.weights_present:
            weights = "weights present"
        else:
            where = display(model.weights_location) if model.weights_location else "?"
            weights = f"weights not downloaded yet (will be fetched on first use into {where})"
        lines.append(f"CLIP model: {model.label}, {weights}; {model.indexed_files} files embedded")
    for name, count in status.other_models:
        lines.append(f"  older model {name}: {count} files embedded")
    speech = status.speech
    if speech.problem:
        lines.append(f"Speech model: {speech.label}: {speech.problem}")
    else:
        where = display(speech.location) if speech.location else "?"
        state = (
            "present" if speech.present else f"not downloaded yet (will be fetched into {where})"
        )
        lines.append(f"Speech model: {speech.label}, {state}")
    if speech.waiting:
        lines.append(f"  {speech.waiting} recording(s)/soundtrack(s) still to transcribe")
    reading = "read" if status.reading_text else "not read (turned off)"
    lines.append(f"Text in pictures: {reading}")
    if status.words_waiting:
        lines.append(f"  {status.words_waiting} file(s) whose words are still to gather")
    lines.append("Folders:")
    if not status.roots:
        lines.append("  none yet: run  mediasift index FOLDER")
    for root in status.roots:
        state = "online" if root.online else f"{root.state.upper()}: {root.reason}; files kept"
        scanned = (
            datetime.fromtimestamp(root.last_scan_at).strftime("%Y-%m-%d %H:%M")
            if root.last_scan_at
            else "never"
        )
        lines.append(
            f"  {display(root.path)}  {state}, {root.indexed} indexed, last scan {scanned}"
        )
    by_kind: dict[str, Counter[str]] = {}
    for count in status.counts:
        kind = str(count.kind) if count.kind else "unidentified"
        by_kind.setdefault(kind, Counter())[str(count.status)] += count.count
    lines.append(f"Files ({status.pending} waiting in the queue):" if status.pending else "Files:")
    if not by_kind:
        lines.append("  none")
    order = [str(s) for s in MediaStatus]
    for kind, counter in sorted(by_kind.items()):
        states = ", ".join(f"{counter[s]} {s}" for s in order if counter[s])
        lines.append(f"  {kind}: {states}")
    if status.failures:
        lines.append(f"Failed files ({len(status.failures)}):")
        lines.extend(f"  {display(f.path)}: {f.reason}" for f in status.failures)
    if status.notes:
        lines.append(f"Notes ({len(status.notes)}):")
        lines.extend(f"  {display(n.path)}: {n.note}" for n in status.notes)
    if status.scan_issues:
        lines.append(f"Skipped folders and links ({len(status.scan_issues)}):")
        lines.extend(f"  {display(i.path)}: {i.reason}" for i in status.scan_issues)
    return lines


def details_lines(details: MediaDetails, transcript: list[TranscriptLine]) -> list[str]:
    lines = [display(details.path)]
    facts = [str(details.kind) if details.kind else "unidentified", str(details.status)]
    if details.duration_s:
        facts.append(clock(details.duration_s))
    if details.width and details.height:
        facts.append(f"{details.width}x{details.height}")
    if details.taken_at:
        facts.append(datetime.fromtimestamp(details.taken_at).strftime("%Y-%m-%d %H:%M"))
    if details.frames:
        facts.append(f"{details.frames} frames embedded")
    if details.language:
        facts.append(f"language {details.language}")
    lines.append("  " + ", ".join(facts))
    if details.error:
        lines.append(f"  failed: {details.error}")
    if details.speech_state == PartState.PENDING:
        lines.append("  transcript: still to be made")
    if details.speech_note:
        lines.append(f"  transcript: {details.speech_note}")
    for start, end, text, _ in transcript:
        lines.append(f"  [{clock(start)} - {clock(end)}] {text}")
    if details.kind in (MediaKind.PHOTO, MediaKind.VIDEO) and details.text_state is None:
        lines.append("  text in the picture: still to be read")
    elif details.text_read:
        lines.append("  text in the picture:")
    for line in details.text_read:
        at = f"[{clock(line.start_s)}] " if line.start_s is not None else ""
        where = " at ({:.2f}, {:.2f}) {:.2f}x{:.2f}".format(*line.box) if line.box else ""
        lines.append(f"    {at}{line.text}{where}")
    for kind, text in details.about:
        lines.append(f"  {kind}: {text}")
    return lines


def details_json(details: MediaDetails, transcript: list[TranscriptLine]) -> dict[str, object]:
    return {
        **json_path(details.path),
        "kind": str(details.kind) if details.kind else None,
        "status": str(details.status),
        "error": details.error,
        "duration_s": details.duration_s,
        "width": details.width,
        "height": details.height,
        "taken_at": datetime.fromtimestamp(details.taken_at).isoformat(timespec="seconds")
        if details.taken_at
        else None,
        "frames": details.frames,
        "language": details.language,
        "transcript_state": details.speech_state,
        "transcript_note": details.speech_note,
        "transcript": [
            {"start_s": start, "end_s": end, "text": text, "language": lang}
            for start, end, text, lang in transcript
        ],
        "text_state": details.text_state,
        "text_in_image": [
            {
                "text": line.text,
                "box": list(line.box) if line.box else None,
                "confidence": round(line.confidence, 3) if line.confidence is not None else None,
                "start_s": line.start_s,
            }
            for line in details.text_read
        ],
        "about": [{"source": str(kind), "text": text} for kind, text in details.about],
    }


def model_lines(states: list[ModelState]) -> list[str]:
    lines = []
    for family in ModelFamily:
        lines.append(
            "CLIP models (search by words and images):"
            if family == ModelFamily.CLIP
            else "Whisper models (speech):"
        )
        for state in (s for s in states if s.entry.family == family):
            entry = state.entry
            flags = ["IN USE" if state.in_use else "", _presence(state)]
            lines.append(f"  {entry.name}  {', '.join(f for f in flags if f)}")
            lines.append(f"      {entry.role}; {entry.speed}")
            lines.append(f"      quality: {entry.quality}")
            understood = "speech" if family == ModelFamily.WHISPER else "descriptions"
            lines.append(f"      {understood} in: {languages_label(entry.languages)}")
            if entry.needs:
                lines.append(f"      needs: pip install 'mediasift[{entry.needs}]'")
    return lines


def _presence(state: ModelState) -> str:
    """Whether the model is here and usable, in one phrase; an incomplete one says what is
    missing and that a download fetches just that."""
    if state.present:
        return "present"
    if state.incomplete:
        return (
            f"incomplete: the weights are here but {state.incomplete} "
            f"(mediasift models download {state.entry.name} fetches it)"
        )
    return f"not here ({state.entry.download_mb} MB to download)"


def model_json(state: ModelState) -> dict[str, object]:
    entry = state.entry
    return {
        "name": entry.name,
        "family": str(entry.family),
        "role": entry.role,
        "download_mb": entry.download_mb,
        "speed": entry.speed,
        "quality": entry.quality,
        "default": entry.default,
        "present": state.present,
        "incomplete": str(state.incomplete) if state.incomplete else None,
        "languages": list(entry.languages),
        "understands": languages_label(entry.languages),
        "in_use": state.in_use,
        "location": json_name(state.location),
        "needs": entry.needs,
    }
