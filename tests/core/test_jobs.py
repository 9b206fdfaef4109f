"""The one loop's jobs: typed, merged when they pile up, run in order, paused and cancelled."""

from __future__ import annotations

import threading
from pathlib import Path

from mediasift.core.config import Settings
from mediasift.core.index.events import IndexSummary
from mediasift.core.library import Library
from mediasift.core.service.jobs import ApplyChanges, IndexFolders, JobQueue, RemoveFolder
from mediasift.core.service.sync import LiveSync


def test_jobs_of_one_sort_merge_and_others_keep_their_order() -> None:
    jobs = JobQueue()
    a, b, c = Path("/a"), Path("/b"), Path("/c")
    for job in (
        ApplyChanges((a,)),
        ApplyChanges((b,)),
        RemoveFolder(c),
        IndexFolders((a,)),
        IndexFolders((b,)),
        IndexFolders(),
        IndexFolders(),
    ):
        jobs.put(job)
    assert jobs.take(0.1) == ApplyChanges((a, b))
    assert jobs.take(0.1) == RemoveFolder(c)
    assert jobs.take(0.1) == IndexFolders((a, b))
    # "everything" never swallows a new folder, nor is swallowed by one
    assert jobs.take(0.1) == IndexFolders()
    assert jobs.take(0.1) is None


def test_everything_and_a_new_folder_both_run() -> None:
    jobs = JobQueue()
    jobs.put(IndexFolders())
    jobs.put(IndexFolders((Path("/new"),)))
    assert jobs.take(0.1) == IndexFolders()
    assert jobs.take(0.1) == IndexFolders((Path("/new"),))


def test_a_paused_loop_holds_each_job_and_cancel_stops_only_the_job_in_hand(
    settings: Settings, photo_folder: Path, tmp_path: Path
) -> None:
    summaries: list[IndexSummary] = []
    done = threading.Event()
    with Library(settings) as library:
        sync = LiveSync(library, on_summary=summaries.append, on_job_done=lambda job: done.set())
        sync.pause()
        stop = threading.Event()
        runner = threading.Thread(target=sync.run, args=(stop,), kwargs={"reconcile": False})
        runner.start()
        try:
            sync.submit(IndexFolders((photo_folder,)))
            assert sync.wait_held(60), "the job did not hold while paused"
            assert summaries == []
            sync.cancel()
            assert done.wait(60)
            assert summaries[-1].cancelled and summaries[-1].indexed == 0
            done.clear()
            sync.resume()
            sync.submit(IndexFolders())  # the next job runs as usual
            assert done.wait(120)
            assert not summaries[-1].cancelled and summaries[-1].indexed == 6
        finally:
            stop.set()
            runner.join(30)
        assert not runner.is_alive()
