"""Time `make serve`: from saving an article to the server answering with the new text.

For each corpus size, a synthetic corpus (corpus.py) is built once by the live server
of tools/serve/; then one article's body is edited ROUNDS times, and each time the
clock runs from writing the file to the first HTTP response for that page that holds
the new sentence (the page is fetched every 10 ms). Beside it: the time from the start
of the rebuild to its pages written, as wall time and as CPU time of the building
thread (which other processes on the machine do not inflate), and the time until the
whole rebuild has finished (topic and term pages, indices, search index).

usage: python benchmarks/serve.py [N ...]        (default: 1000)
"""

import os
import sys
import time
import urllib.request
from pathlib import Path

from corpus import generate

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tools.serve.builder import WarmBuilder  # noqa: E402
from tools.serve.server import LiveServer  # noqa: E402

WORK = HERE / "_work"
ROUNDS = 5
FETCH_EVERY = 0.01


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def measure(count: int) -> dict:
    source, out = WORK / f"serve-corpus-{count}", WORK / f"serve-out-{count}"
    paths = generate(source, count)
    jobs = os.environ.get("BENCH_JOBS", "auto")
    builder = WarmBuilder(source, out, ["-q", "-j", jobs], status=None, warning=None)
    server = LiveServer(builder, [], "127.0.0.1", 0)
    started = time.perf_counter()
    server.start()
    first = time.perf_counter() - started
    edited = paths[len(paths) // 2]
    url = server.url + f"articles/{edited.stem}.html"
    served, finished, pages, cpu = [], [], [], []
    try:
        for round_ in range(ROUNDS):
            words = f"Sentence number {round_} of the serve benchmark."
            builds = server.status.builds
            text = edited.read_text("utf-8") + f"\n{words}\n"
            start = time.perf_counter()
            edited.write_text(text, "utf-8")
            while words not in fetch(url):
                time.sleep(FETCH_EVERY)
            served.append(time.perf_counter() - start)
            server.status.wait_for_build(builds, 300)
            finished.append(time.perf_counter() - start)
            result = server.last
            assert result.ok, result.log
            pages.append(result.pages_seconds)
            cpu.append(result.pages_cpu_seconds)
    finally:
        server.stop()
    return {
        "count": count,
        "first": first,
        "served": served,
        "finished": finished,
        "pages": pages,
        "cpu": cpu,
    }


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def main(sizes: list[int]) -> None:
    print(
        "Save -> served: from writing the file to the first response with the new text.\n"
        "Build -> written: from the start of the warm rebuild to its pages written\n"
        "(wall, and CPU time of the building thread). Medians of "
        f"{ROUNDS} body edits; the whole rebuild (topics, terms, indices, search) after it.\n"
    )
    print(
        f"{'N':>6}  {'first build':>11}  {'save->served':>12}  {'(max)':>6}  "
        f"{'build->written':>14}  {'(CPU)':>6}  {'whole rebuild':>13}"
    )
    for count in sizes:
        r = measure(count)
        print(
            f"{count:>6}  {r['first']:>9.1f} s  {_median(r['served']):>10.2f} s  "
            f"{max(r['served']):>4.2f} s  {_median(r['pages']):>12.2f} s  "
            f"{_median(r['cpu']):>4.2f} s  {_median(r['finished']):>11.2f} s",
            flush=True,
        )


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000])
