"""Build benchmark: the knowledge base's configuration against stock Sphinx + Furo.

For each corpus size and shape (nine sections with different tags, or one
section whose articles all share three tags: see corpus.py) it measures a clean
build, three incremental rebuilds (after editing one article's body, after
changing one article's title, and with no change), each as a whole process from
start to exit (Python, imports and all: what a contributor waits for), the
processor time of each build (which, unlike wall time, other work on a shared
machine does not lengthen), the files of the output folder a no-change build
touched (written, or their time stamp changed), peak memory, HTML bytes per
article page, the pages that grow with the site (the glossary, the largest topic
and term pages, the search page and the data files the search page loads: the
search index, page weights and glossary) and the largest page of all, for the
full configuration ("kb"), for the extension with Furo's own sidebar
("kb-furo-nav": the extension's cost alone) and without our extension ("stock":
Sphinx + Furo as they come).
It prints a table, checks that no page of the "kb" configuration is larger than
PAGE_LIMIT_KB (300 KB of HTML) and writes benchmarks/_work/results.json. Every build runs
with ``-j`` from BENCH_JOBS, as ``make html`` runs (``make bench`` passes JOBS).
Incremental builds run BENCH_REPEAT times (1 by default) and the shortest counts,
as other work on the machine only ever makes a build slower. BENCH_SHAPES and
BENCH_CONFIGS (space-separated names) measure only some shapes or configurations.

usage: python benchmarks/run.py [N ...]        (default: 10 100 1000)
"""

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from corpus import SHAPES, generate

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"
PAGE_LIMIT_KB = 300
SEARCH_DATA = ("searchindex.js", "_static/kb-pages.js", "_static/kb-terms.js")
CONFIGS = {"kb": {}, "kb-furo-nav": {"KB_BENCH_FURO_NAV": "1"}, "stock": {"KB_BENCH_STOCK": "1"}}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(source: Path, out: Path, env: dict) -> dict:
    """One build in a new process.

    "seconds" is the process's wall time, start to exit; "cpu" the processor time of
    the process and its workers, which other work on the machine does not lengthen.
    """
    start, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), str(source), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise SystemExit(f"build of {source} failed:\n{result.stderr[-2000:]}")
    measured = json.loads(lines[-1])
    return {**measured, "seconds": time.perf_counter() - start, "cpu": _children_cpu() - cpu}


def repeated(source: Path, out: Path, env: dict, before_each) -> dict:
    """The shortest of BENCH_REPEAT builds, each after calling before_each(round)."""
    runs = []
    for round_ in range(int(os.environ.get("BENCH_REPEAT", "1"))):
        before_each(round_)
        runs.append(build(source, out, env))
    return min(runs, key=lambda r: r["seconds"])


def stamps(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _kb(size: int) -> float:
    return round(size / 1024, 1)


def page_sizes(html: Path) -> dict:
    """The sizes of the pages that grow with the site, and of the largest page, in KB."""
    sizes = {p.relative_to(html).as_posix(): p.stat().st_size for p in html.rglob("*.html")}

    def largest(folder: str) -> float:
        return _kb(max((n for p, n in sizes.items() if p.startswith(folder)), default=0))

    biggest = max(sizes, key=sizes.get)
    data = sum((html / f).stat().st_size for f in SEARCH_DATA if (html / f).exists())
    return {
        "glossary_kb": _kb(sizes.get("glossary.html", 0)),
        "topic_max_kb": largest("topics/"),
        "term_max_kb": largest("terms/"),
        "search_kb": _kb(sizes["search.html"]),
        "search_data_kb": _kb(data),
        "largest_page": f"{biggest} {_kb(sizes[biggest])}",
    }


def measure(count: int, shape: str, name: str, env: dict) -> dict:
    source = WORK / f"corpus-{count}-{shape}-{name}"
    out = WORK / f"out-{count}-{shape}-{name}"
    paths = generate(source, count, shape=shape)
    if out.exists():
        subprocess.run(["rm", "-rf", str(out)], check=True)
    clean = build(source, out, env)
    edited = paths[len(paths) // 2]

    def edit_body(round_: int) -> None:
        text = edited.read_text("utf-8")
        edited.write_text(text + f"\nOne more sentence ({round_ + 1}).\n", "utf-8")

    def edit_title(round_: int) -> None:
        title = f"# Renamed ({round_ + 1}) synthetic article"
        text = re.sub(r"^# .*$", title, edited.read_text("utf-8"), count=1, flags=re.MULTILINE)
        edited.write_text(text, "utf-8")

    body = repeated(source, out, env, edit_body)
    title = repeated(source, out, env, edit_title)
    before = stamps(out / "html")
    nochange = repeated(source, out, env, lambda round_: None)
    after = stamps(out / "html")
    touched = sum(1 for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    pages = sorted((out / "html" / "articles").glob("*.html"))
    return {
        "articles": count,
        "shape": shape,
        "config": name,
        "clean_s": round(clean["seconds"], 2),
        "edit_body_s": round(body["seconds"], 2),
        "edit_title_s": round(title["seconds"], 2),
        "no_change_s": round(nochange["seconds"], 2),
        "no_change_files": touched,
        "clean_cpu_s": round(clean["cpu"], 2),
        "edit_body_cpu_s": round(body["cpu"], 2),
        "edit_title_cpu_s": round(title["cpu"], 2),
        "no_change_cpu_s": round(nochange["cpu"], 2),
        "peak_mb": round(max(r["peak_mb"] for r in (clean, body, title, nochange)), 1),
        "html_kb_per_article": round(sum(p.stat().st_size for p in pages) / len(pages) / 1024, 1),
        "searchindex_kb": round((out / "html" / "searchindex.js").stat().st_size / 1024, 1),
        **page_sizes(out / "html"),
    }


def find(rows: list[dict], count: int, shape: str, config: str) -> dict | None:
    key = (count, shape, config)
    return next((r for r in rows if (r["articles"], r["shape"], r["config"]) == key), None)


def chosen(variable: str, names) -> list[str]:
    wanted = os.environ.get(variable, "").split() or list(names)
    unknown = set(wanted) - set(names)
    if unknown:
        raise SystemExit(f"{variable}: unknown {', '.join(sorted(unknown))}: one of {names}")
    return wanted


def main() -> None:
    counts = [int(n) for n in sys.argv[1:]] or [10, 100, 1000]
    shapes, configs = chosen("BENCH_SHAPES", SHAPES), chosen("BENCH_CONFIGS", list(CONFIGS))
    WORK.mkdir(exist_ok=True)
    rows = [
        measure(n, shape, name, CONFIGS[name])
        for n in counts
        for shape in shapes
        for name in configs
    ]
    columns = list(rows[0])
    print(f"builds with -j {os.environ.get('BENCH_JOBS', 'auto')}")
    print(" | ".join(columns))
    for measured in rows:
        print(" | ".join(str(measured[c]) for c in columns))
    for name in ("kb", "kb-furo-nav"):
        if name not in configs or "stock" not in configs:
            continue
        print(f"\nratio {name} / stock (time columns):")
        for n in counts:
            for shape in shapes:
                mine, stock = find(rows, n, shape, name), find(rows, n, shape, "stock")
                ratios = {c: round(mine[c] / stock[c], 2) for c in columns if c.endswith("_s")}
                print(f"  N={n} {shape}: {ratios}")
    print(f"\npages over {PAGE_LIMIT_KB} KB (kb):")
    over = [r for r in rows if r["config"] == "kb" and _largest_kb(r) > PAGE_LIMIT_KB]
    for measured in over:
        print(f"  N={measured['articles']}: {measured['largest_page']} KB")
    if not over:
        print("  none")
    # Keep the figures of sizes measured in earlier runs.
    results = WORK / "results.json"
    earlier = json.loads(results.read_text("utf-8")) if results.exists() else []
    measured = {(r["articles"], r["shape"], r["config"]) for r in rows}
    kept = [
        r
        for r in earlier
        if (r["articles"], r.get("shape", "sections"), r["config"]) not in measured
    ]
    results.write_text(json.dumps(kept + rows, indent=2) + "\n", encoding="utf-8")
    if over:
        raise SystemExit(f"a page is larger than {PAGE_LIMIT_KB} KB")


def _largest_kb(row: dict) -> float:
    return float(row["largest_page"].rsplit(" ", 1)[1])


if __name__ == "__main__":
    main()
