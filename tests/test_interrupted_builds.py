"""A build stopped by Ctrl-C or killed, while reading or writing, serial or with -j: the
next `make html` (or `make serve`) gives the same site as a clean build, search included.

Each case starts a build of a synthetic site in its own process group, signals the
group once part of the documents are read or written, builds again as `make html`
does (once more if that reports a warning, as a contributor would) and compares the
site file by file with one clean build of the same sources.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from sphinx_kb.fixes import interrupted

from .helpers import ROOT, benchmark_corpus, differing_files, search_index

generate = benchmark_corpus().generate

# Enough articles for a writing phase of several seconds on a two-core machine.
ARTICLES = 200
# With a canonical address, as on Read the Docs, the build writes a sitemap too.
ENV = {
    **os.environ,
    "SOURCE_DATE_EPOCH": "1700000000",
    "NO_COLOR": "1",
    "READTHEDOCS_CANONICAL_URL": "https://example.org/",
}
STOPS_WITHIN = 10  # seconds from Ctrl-C to the last process of the build gone
PATIENCE = 300  # seconds to wait for a phase to be reached, or a server to answer
ANNOUNCEMENT = "did not finish (interrupted, killed or failed)"


def makefile_options() -> list[str]:
    """The sphinx-build options of `make html`: the Makefile's SPHINXOPTS with its JOBS."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    value = {
        name: re.search(rf"^{name}\s*\?=\s*(.*)$", makefile, re.MULTILINE).group(1).strip()
        for name in ("SPHINXOPTS", "JOBS")
    }
    return value["SPHINXOPTS"].replace("$(JOBS)", value["JOBS"]).split()


def make_html(source: Path, out: Path, jobs: str | None = None, builder: str = "html") -> list:
    options = makefile_options()
    if jobs is not None:
        options[options.index("-j") + 1] = jobs
    return [sys.executable, "-m", "sphinx", "-M", builder, str(source), str(out), *options]


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)


def start(command: list[str], log: Path) -> subprocess.Popen:
    """Start a command in a process group of its own, as a terminal runs `make html`."""
    with log.open("w") as output:
        return subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=ENV, start_new_session=True
        )


def wait_for(condition, process: subprocess.Popen | None, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert process is None or process.poll() is None, f"ended before {what}"
        assert time.monotonic() < deadline, f"no {what} within {PATIENCE} s"
        time.sleep(0.02)


def live_members(group: int) -> list[int]:
    """Processes of the group that are still running (zombies are done)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def stop(process: subprocess.Popen, sig: signal.Signals) -> float:
    """Signal the whole group; return the seconds until none of its processes is left."""
    began = time.monotonic()
    os.killpg(process.pid, sig)
    process.wait(timeout=PATIENCE)
    while live_members(process.pid) and time.monotonic() - began < PATIENCE:
        time.sleep(0.02)
    assert live_members(process.pid) == [], "processes of the build were left behind"
    return time.monotonic() - began


def pages(html: Path) -> list[Path]:
    return list((html / "articles").glob("*.html"))


def indexed_documents(html: Path) -> list[str]:
    return search_index(html)["docnames"]


def assert_same_site(html: Path, clean: Path) -> None:
    assert len(indexed_documents(html)) == len(indexed_documents(clean)) == ARTICLES + 3
    # The sitemap lists every page but the search page and the index.
    listed = [p for p in clean.rglob("*.html") if p.name not in {"search.html", "genindex.html"}]
    assert (clean / "sitemap.xml").read_text(encoding="utf-8").count("<url>") == len(listed)
    assert differing_files(html, clean, ignore=(".buildinfo",)) == []


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("interrupted") / "src"
    generate(folder, ARTICLES)
    return folder


@pytest.fixture(scope="module")
def clean(source, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    result = run(make_html(source, out))
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.mark.sphinx("html", testroot="kb")
def test_only_a_build_that_did_not_finish_makes_the_next_one_start_afresh(build):
    first, _ = build()
    assert list(Path(first.doctreedir).glob("kb-unfinished-*")) == []
    assert not build()[0].fresh_env_used  # a finished build: the next one goes on from it
    interrupted.mark_of(first).write_text("", encoding="utf-8")  # as a killed build leaves it
    again, _ = build()
    assert again.fresh_env_used
    assert ANNOUNCEMENT in again.status.getvalue()
    assert not interrupted.mark_of(again).exists()


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "j2"])
@pytest.mark.parametrize("phase", ["reading", "writing"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "sigkill"])
def test_the_build_after_an_interrupted_one_equals_a_clean_build(
    source, clean, tmp_path, sig, phase, jobs
):
    out = tmp_path / "out"
    html, doctrees = out / "html", out / "doctrees"
    build = start(make_html(source, out, jobs), tmp_path / "interrupted.log")
    if phase == "reading":
        read = doctrees / "articles"
        wait_for(lambda: len(list(read.glob("*.doctree"))) >= ARTICLES // 4, build, "reading")
    else:
        wait_for(lambda: len(pages(html)) >= ARTICLES // 4, build, "writing")
    seconds = stop(build, sig)
    if sig == signal.SIGINT:
        assert seconds < STOPS_WITHIN
    if phase == "reading":
        assert not (doctrees / "environment.pickle").exists() and pages(html) == []
    else:
        assert 0 < len(pages(html)) < ARTICLES and not (html / "searchindex.js").exists()

    first = rebuilt = run(make_html(source, out))
    if rebuilt.returncode != 0 or "WARNING" in rebuilt.stderr:
        rebuilt = run(make_html(source, out))  # as a contributor would, after a warning
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert_same_site(html, clean)
    assert first.returncode == 0 and "WARNING" not in first.stderr, first.stderr
    assert [line for line in first.stdout.splitlines() if ANNOUNCEMENT in line] != []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def test_make_serve_started_again_after_a_kill_serves_the_whole_site(source, clean, tmp_path):
    out = tmp_path / "out"
    port = str(free_port())
    serve = [
        str(Path(sys.executable).parent / "sphinx-autobuild"),
        *("--host", "127.0.0.1", "--port", port),
        *(str(source), str(out / "html"), "-d", str(out / "doctrees")),
        *makefile_options(),
    ]
    server = start(serve, tmp_path / "killed.log")
    wait_for(lambda: len(pages(out / "html")) >= ARTICLES // 4, server, "writing")
    stop(server, signal.SIGKILL)
    server = start(serve, tmp_path / "restarted.log")
    try:
        index = f"http://127.0.0.1:{port}/searchindex.js"
        wait_for(lambda: served(index) is not None, server, "answer from the server")
        assert (out / "html" / "searchindex.js").read_bytes() == served(index)
        assert_same_site(out / "html", clean)
        assert ANNOUNCEMENT in (tmp_path / "restarted.log").read_text()
    finally:
        stop(server, signal.SIGINT)


def book(folder: Path) -> dict[str, bytes]:
    """The files inside the EPUB (the archive itself differs in its timestamps)."""
    with zipfile.ZipFile(next(folder.glob("*.epub"))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_epub_after_a_killed_build_equals_a_clean_one(source, tmp_path):
    clean, out = tmp_path / "clean", tmp_path / "out"
    assert run(make_html(source, clean, builder="epub")).returncode == 0
    build = start(make_html(source, out, builder="epub"), tmp_path / "killed.log")
    written = out / "epub" / "articles"
    wait_for(lambda: len(list(written.glob("*.xhtml"))) >= ARTICLES // 4, build, "writing")
    stop(build, signal.SIGKILL)
    # A kill that comes while a page is being written leaves it cut off, and newer
    # than its source: make that happen every time, not by chance.
    sorted(written.glob("*.xhtml"))[0].write_text("", encoding="utf-8")
    rebuilt = run(make_html(source, out, builder="epub"))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert book(out / "epub") == book(clean / "epub")
    ignored = (".buildinfo", next((clean / "epub").glob("*.epub")).name)
    assert differing_files(out / "epub", clean / "epub", ignore=ignored) == []
