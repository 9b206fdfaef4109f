"""Where a ``mediasift search --json`` process spends its time (run by bench_instant.py).

    MEDIASIFT_DATA_DIR=... python bench/search_split.py "query text"

The command's own steps, in its order (``commands.run`` opening the library read-only,
``commands._show`` searching and printing the JSON, here to /dev/null), timed from this
interpreter's start (``/proc/self/stat``): nothing is imported before the first mark but
``os``, ``sys`` and ``time``. Prints one JSON line of seconds per step.
"""

import os
import sys
import time


def _since_process_start() -> float:
    with open("/proc/self/stat") as f:
        started = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - started / os.sysconf("SC_CLK_TCK")


def main() -> int:
    marks = [("interpreter", _since_process_start())]
    clock = time.perf_counter()

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter() - clock))

    import contextlib

    from mediasift.core.cli import commands, main  # noqa: F401  (what the command imports)
    from mediasift.core.config import resolve_settings
    from mediasift.core.library import Library
    from mediasift.core.search.query import Query

    mark("imports")
    query = sys.argv[1]
    with Library(resolve_settings(os.environ), readonly=True) as library:
        mark("library open")
        encoder = library.query_encoder()
        mark("query encoder open")
        encoder.encode_texts([query + " (warm-up)"])
        mark("one encode")
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            commands._show(library, Query(text=query), True)
        mark("search and JSON")
        again = time.perf_counter()
        library.search(Query(text=query + " again"))
        search_again_s = time.perf_counter() - again
    steps = {}
    previous = 0.0
    for name, at in marks[1:]:
        steps[name] = at - previous
        previous = at
    with open("/proc/self/status") as f:
        peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024
    import json

    print(
        json.dumps(
            {
                "interpreter_s": marks[0][1],
                "steps": steps,
                "total_s": marks[0][1] + previous,
                "search_again_s": search_again_s,
                "torch_imported": "torch" in sys.modules,
                "peak_rss_mb": peak,
                "load_1m": os.getloadavg()[0],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
