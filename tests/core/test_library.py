"""The engine end to end through :class:`Library`: index, search, similar, change, status."""

from __future__ import annotations

import io
import os
import shutil
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import LibraryError, ModelUnavailableError
from mediasift.core.kinds import MediaKind
from mediasift.core.library import Library
from mediasift.core.run_control import RunControl
from mediasift.core.search.query import Query
from tests.conftest import PHOTOS, TinyClip


def paths(results) -> list[str]:
    return [r.path.name for r in results]


def test_similar_finds_the_photo_itself_first_and_a_resized_copy_next(
    settings: Settings, photo_folder: Path
) -> None:
    original = photo_folder / "astronaut.png"
    small = Image.open(original).resize((256, 256))
    small.save(photo_folder / "astronaut-small.jpg", quality=80)
    with Library(settings) as library:
        summary = library.index([photo_folder])
        assert summary.indexed == 7 and summary.failed == 0
        results = library.similar(original, limit=7)
    assert paths(results)[0] == "astronaut.png"
    assert results[0].best.similarity == pytest.approx(1.0, abs=1e-4)
    assert paths(results)[1] == "astronaut-small.jpg"
    assert results[0].score >= results[1].score >= results[-1].score


def test_example_image_outside_the_library_works(
    settings: Settings, photo_folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "example.jpg"
    Image.open(photo_folder / "coffee.png").convert("RGB").save(outside, quality=85)
    with Library(settings) as library:
        library.index([photo_folder])
        assert paths(library.similar(outside, limit=1)) == ["coffee.png"]
        buffer = io.BytesIO()
        Image.open(photo_folder / "chelsea.png").save(buffer, "PNG")
        assert paths(library.similar(buffer.getvalue(), limit=1)) == ["chelsea.png"]


def test_text_search_returns_well_formed_results(settings: Settings, photo_folder: Path) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        results = library.search(Query(text="a cat sitting on a sofa", limit=3))
    assert len(results) == 3
    for result in results:
        item = result.as_json()
        assert item["kind"] == "photo"
        assert isinstance(item["score"], float)
        assert item["start_s"] is None and item["end_s"] is None and item["text"] is None
        assert Path(str(item["path"])).is_file()
        assert Path(str(item["thumbnail"])).is_file()
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_unchanged_reindex_encodes_nothing(
    settings: Settings, photo_folder: Path, encode_calls: list[int]
) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
    assert sum(encode_calls) == 6
    with Library(settings) as library:
        summary = library.index()
        assert (summary.unchanged, summary.indexed, summary.reused) == (6, 0, 0)
        assert not library.encoder_loaded  # not even the model was loaded
    assert sum(encode_calls) == 6


def test_rename_and_move_keep_the_vector_without_encoding(
    settings: Settings, photo_folder: Path, encode_calls: list[int]
) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        before = library.similar(photo_folder / "rocket.jpg", limit=1)[0]
    encoded = sum(encode_calls)
    (photo_folder / "trip" / "day1").mkdir(parents=True)
    os.rename(photo_folder / "rocket.jpg", photo_folder / "trip" / "day1" / "launch.jpg")
    with Library(settings) as library:
        summary = library.index()
        assert (summary.indexed, summary.reused, summary.removed) == (0, 1, 0)
        after = library.similar(photo_folder / "trip" / "day1" / "launch.jpg", limit=1)[0]
        assert library.status().counts[0].count == 6
    assert sum(encode_calls) == encoded  # no re-indexing (queries encode with ONNX Runtime)
    assert after.path.name == "launch.jpg"
    assert after.best.segment_id == before.best.segment_id  # the very same vector row
    assert after.thumbnail == before.thumbnail


def test_copy_reuses_vectors_and_both_are_found(
    settings: Settings, photo_folder: Path, encode_calls: list[int]
) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        encoded = sum(encode_calls)
        shutil.copy2(photo_folder / "horse.png", photo_folder / "horse-copy.png")
        summary = library.index()
        assert (summary.indexed, summary.reused) == (0, 1)
        assert sum(encode_calls) == encoded
        found = paths(library.similar(photo_folder / "horse.png", limit=2))
    assert sorted(found) == ["horse-copy.png", "horse.png"]


def test_changed_content_is_reencoded_and_deleted_files_leave(
    settings: Settings, photo_folder: Path
) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        Image.open(photo_folder / "chelsea.png").rotate(90).save(photo_folder / "coffee.png")
        (photo_folder / "horse.png").unlink()
        summary = library.index()
        assert (summary.indexed, summary.removed) == (1, 1)
        results = library.similar(photo_folder / "astronaut.png", limit=50)
        assert "horse.png" not in paths(results)
        assert len(results) == 5
        assert library.similar(photo_folder / "coffee.png", limit=1)[0].best.similarity == (
            pytest.approx(1.0, abs=1e-4)
        )


def test_switching_model_never_mixes_vectors(
    settings: Settings, photo_folder: Path, other_tiny_clip: TinyClip
) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        old_model = library.clip_source.model_id
    other = replace(settings, clip=other_tiny_clip.choice)
    with Library(other) as library:
        # Until the new model has embedded the whole library, search runs on the old one
        # (its own query vectors against its own stored vectors: never mixed).
        assert library.search_source().model_id == old_model
        assert paths(library.similar(photo_folder / "coffee.png", limit=1)) == ["coffee.png"]
        # A re-embedding stopped half-way still leaves search on the old model.
        control = RunControl()
        stop_early = _stop_after_first_batch(control)
        assert library.index(control=control, on_event=stop_early).cancelled
        assert 0 < library.status().model.indexed_files < 6
        assert library.search_source().model_id == old_model
        summary = library.index()
        assert summary.indexed + summary.reused > 0 and library.status().model.indexed_files == 6
        assert library.search_source().model_id == library.clip_source.model_id != old_model
        assert paths(library.similar(photo_folder / "coffee.png", limit=1)) == ["coffee.png"]
        status = library.status()
        assert [count for _, count in status.other_models] == [6]
    # The model used last is remembered: a run that names no model uses it.
    implicit = replace(settings, clip_is_explicit=False)
    with Library(implicit) as library:
        assert library.clip_source.model_id == Library(other).clip_source.model_id


def _stop_after_first_batch(control: RunControl):
    from mediasift.core.index.events import IndexProgress

    def watch(event: object) -> None:
        if isinstance(event, IndexProgress):  # the first file is in hand: stop there
            control.stop()

    return watch


def _dated_jpeg(path: Path, color: tuple[int, int, int], taken: str) -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = taken
    Image.new("RGB", (96, 96), color).save(path, "JPEG", exif=exif)


def test_filters_by_kind_folder_and_date(settings: Settings, tmp_path: Path) -> None:
    root = tmp_path / "pics"
    (root / "2019").mkdir(parents=True)
    (root / "2023").mkdir()
    _dated_jpeg(root / "2019" / "old.jpg", (200, 30, 30), "2019:05:01 10:00:00")
    _dated_jpeg(root / "2023" / "new.jpg", (30, 30, 200), "2023:05:01 10:00:00")
    with Library(settings) as library:
        library.index([root])
        everything = Query(text="a photo", limit=10)
        assert sorted(paths(library.search(everything))) == ["new.jpg", "old.jpg"]
        after = replace(everything, after=datetime(2022, 1, 1).timestamp())
        assert paths(library.search(after)) == ["new.jpg"]
        before = replace(everything, before=datetime(2022, 1, 1).timestamp())
        assert paths(library.search(before)) == ["old.jpg"]
        under = replace(everything, under=root / "2019")
        assert paths(library.search(under)) == ["old.jpg"]
        assert library.search(replace(everything, kinds=frozenset({MediaKind.VIDEO}))) == []
        assert library.search(replace(everything, min_score=1e9)) == []


def test_negative_terms_push_results_away(settings: Settings, photo_folder: Path) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
        plain = {r.path.name: r.score for r in library.search(Query(text="space", limit=6))}
        pushed = library.search(Query(text="space", negatives=("a cup of coffee",), limit=6))
    drops = {r.path.name: plain[r.path.name] - r.score for r in pushed}
    assert all(drop >= -1e-9 for drop in drops.values())
    assert max(drops.values()) > 0


def test_folders_must_exist_and_stay_clear_of_the_data_dir(
    settings: Settings, tmp_path: Path
) -> None:
    with Library(settings) as library:
        with pytest.raises(LibraryError, match="does not exist"):
            library.index([tmp_path / "nope"])
        with pytest.raises(LibraryError, match="never writes into library folders"):
            library.index([settings.data_dir.parent])
        with pytest.raises(LibraryError, match="no folders"):
            library.index()


def test_offline_folder_is_kept(settings: Settings, photo_folder: Path) -> None:
    with Library(settings) as library:
        library.index([photo_folder])
    away = photo_folder.with_name("unplugged")
    photo_folder.rename(away)
    with Library(settings) as library:
        summary = library.index()
        assert summary.offline_roots == [photo_folder]
        assert summary.removed == 0
        status = library.status()
        assert not status.roots[0].online
        assert status.counts[0].count == 6


def test_heic_and_avif_photos_are_indexed(settings: Settings, tmp_path: Path) -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()
    folder = tmp_path / "phone"
    folder.mkdir()
    source = Image.open(PHOTOS / "coffee.png").convert("RGB")
    source.save(folder / "IMG_0001.HEIC")
    source.save(folder / "IMG_0002.avif")
    with Library(settings) as library:
        summary = library.index([folder])
        assert (summary.indexed, summary.failed) == (2, 0)
        assert sorted(paths(library.similar(PHOTOS / "coffee.png", limit=2))) == [
            "IMG_0001.HEIC",
            "IMG_0002.avif",
        ]


def test_a_run_stopped_by_a_missing_model_is_resumed(
    settings: Settings, photo_folder: Path
) -> None:
    missing = replace(settings, clip=ClipChoice("ViT-B-32", "laion2b_s34b_b79k"))
    with Library(missing) as library, pytest.raises(ModelUnavailableError, match="looked for"):
        library.index([photo_folder])
    with Library(settings) as library:
        summary = library.index()
    assert (summary.indexed, summary.resumed, summary.unchanged) == (6, 6, 0)


def test_pause_holds_the_run_and_resume_finishes_it(
    settings: Settings,
    photo_folder: Path,
    encode_calls: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Paused before the first file and again after the first batch: while held, nothing
    is encoded; resumed, the run finishes without encoding anything twice."""
    from mediasift.core.models.clip import ClipEncoder

    control = RunControl()
    second_pause = threading.Event()
    counting = ClipEncoder.encode_images

    def pause_after_first_batch(self: ClipEncoder, batch):  # type: ignore[no-untyped-def]
        vectors = counting(self, batch)
        if not second_pause.is_set():
            control.pause()  # as a user would, while the batch is being written
            second_pause.set()
        return vectors

    monkeypatch.setattr(ClipEncoder, "encode_images", pause_after_first_batch)
    control.pause()
    progress: list[object] = []
    with Library(replace(settings, batch_size=2)) as library:
        library.add_roots([photo_folder])
        worker = threading.Thread(
            target=lambda: progress.append(library.index(control=control)), daemon=True
        )
        worker.start()
        assert control.holding.wait(60), "the run never reached a checkpoint"
        assert encode_calls == [] and progress == []  # held before any work
        control.resume()
        assert second_pause.wait(60), "the first batch was never encoded"
        assert control.holding.wait(60), "the second pause was not honoured"
        held_at = sum(encode_calls)
        assert held_at == 2 and worker.is_alive() and progress == []
        assert control.holding.is_set() and sum(encode_calls) == held_at  # still held
        control.resume()
        worker.join(timeout=120)
        assert not worker.is_alive()
    assert progress[0].indexed == 6  # type: ignore[attr-defined]
    assert sum(encode_calls) == 6  # every photo once, none twice


def test_cancel_releases_a_paused_run(settings: Settings, photo_folder: Path) -> None:
    control = RunControl()
    control.pause()
    with Library(settings) as library:
        library.add_roots([photo_folder])
        outcome: list[object] = []
        worker = threading.Thread(target=lambda: outcome.append(library.index(control=control)))
        worker.start()
        assert control.holding.wait(60), "the run never reached a checkpoint"
        control.stop()
        worker.join(timeout=30)
        assert not worker.is_alive() and outcome[0].cancelled  # type: ignore[attr-defined]


def test_the_model_catalog_is_listed_even_when_the_configured_weights_are_gone(
    settings: Settings, tiny_clip: TinyClip, tmp_path: Path
) -> None:
    """The app's Models page must open to fix exactly this: a weights file that moved."""
    gone = replace(settings, clip=ClipChoice(str(tiny_clip.config), str(tmp_path / "moved.pt")))
    with Library(gone) as library:
        with pytest.raises(ModelUnavailableError):
            library.clip_source  # noqa: B018 - the configured model cannot be resolved
        states = library.model_manager().states()
    assert states and not any(s.in_use for s in states if s.entry.family == "clip")
