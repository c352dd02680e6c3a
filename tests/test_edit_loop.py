"""The contributor's edit loop: what a rebuild writes.

A build with nothing to do leaves every file of the output folder as it was,
content and time stamp (a preview watching the folder does not reload); after an
article's body is edited, only the files that show that body change; and the
folder still equals a clean build of the same sources.

Each test builds its own copy of tests/roots/test-kb with Sphinx's test app.
"""

import datetime
import re
import shutil
from pathlib import Path

import pytest
from sphinx.builders.html._assets import _file_checksum_inner

from sphinx_kb.speedups import nothingtodo

from .helpers import differing_files

ROOT = Path(__file__).parent / "roots" / "test-kb"
EVIDENCE = Path(__file__).parent / "roots" / "test-evidence"
REFERENCES = (
    "---\ndescription: Every work cited.\n---\n\n# References\n\n```{bibliography}\n:all:\n```\n"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
EDITED = Path("articles") / "alpha.md"
# The edited page, its copy of the source, and the search index that holds its words.
BODY_EDIT_CHANGES = {"articles/alpha.html", "_sources/articles/alpha.md.txt", "searchindex.js"}
# After a title edit: the pages that show the title too (toctree, sidebar, lists).
TITLE_SHOWN_IN = {"index.html", "topics/brain.html", "topics/care.html"}
KEPT = "nothing changed: indices and generated pages are kept as they are"


@pytest.fixture
def build(make_app, tmp_path):
    """Build a copy of the test root into its own folder (the same for the same name)."""

    def run(name: str = "src", root: Path = ROOT):
        src = tmp_path / name
        if not src.exists():
            shutil.copytree(root, src)
        # Sphinx keeps static files' checksums for the life of the process; a new
        # process, as each `make html` is, starts without them.
        _file_checksum_inner.cache_clear()
        app = make_app("html", srcdir=src)
        try:
            app.build()
        finally:
            app.cleanup()
        warnings = ANSI.sub("", app.warning.getvalue())
        assert warnings == "", warnings
        return app

    return run


@pytest.fixture
def build_out(build):
    """As build, returning the output folder."""

    def run(name: str = "src") -> Path:
        return Path(build(name).outdir)

    return run


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each file's time stamp and content, by its path in the folder."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in folder.rglob("*")
        if path.is_file()
    }


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def test_a_build_with_nothing_to_do_touches_no_file(build):
    out = Path(build().outdir)
    before = snapshot(out)
    assert "genindex.html" in before and "topics/brain.html" in before
    app = build()
    assert KEPT in ANSI.sub("", app.status.getvalue())
    assert changed(before, snapshot(out)) == set()


def test_a_missing_index_is_made_again(build):
    out = Path(build().outdir)
    genindex = (out / "genindex.html").read_bytes()
    (out / "genindex.html").unlink()
    app = build()
    assert KEPT not in ANSI.sub("", app.status.getvalue())
    assert (out / "genindex.html").read_bytes() == genindex


def test_a_new_day_finishes_the_build_again(build, monkeypatch):
    build()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    monkeypatch.setattr(nothingtodo, "today", lambda: tomorrow)
    assert KEPT not in ANSI.sub("", build().status.getvalue())
    assert KEPT in ANSI.sub("", build().status.getvalue())


def test_a_body_edit_changes_only_the_files_that_show_it(build_out, tmp_path):
    build = build_out
    out = build()
    before = snapshot(out)
    article = tmp_path / "src" / EDITED
    article.write_text(
        article.read_text("utf-8") + "\nAlpha ends with a sentence never seen before.\n", "utf-8"
    )
    build()
    assert changed(before, snapshot(out)) == BODY_EDIT_CHANGES
    # Incremental = clean: a fresh build of the edited sources gives the same files.
    shutil.copytree(tmp_path / "src", tmp_path / "fresh", ignore=shutil.ignore_patterns("_build"))
    assert differing_files(out, build("fresh")) == []


def written(app) -> set[str]:
    """The documents the build wrote, from its "writing output" lines."""
    lines = ANSI.sub("", app.status.getvalue()).replace("\r", "\n").splitlines()
    return {
        line.rsplit("] ", 1)[1].strip()
        for line in lines
        if line.startswith("writing output... [") and "] " in line
    }


def test_a_body_edit_does_not_write_the_landing_page_again(build, tmp_path):
    build()
    article = tmp_path / "src" / EDITED
    article.write_text(article.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    assert written(build()) == {"articles/alpha"}


def test_a_title_edit_writes_the_pages_that_show_it(build_out, tmp_path):
    build = build_out
    out = build()
    before = snapshot(out)
    article = tmp_path / "src" / EDITED
    article.write_text(
        article.read_text("utf-8").replace("# Alpha article", "# Alpha, renamed"), "utf-8"
    )
    build()
    assert changed(before, snapshot(out)) >= TITLE_SHOWN_IN
    shutil.copytree(tmp_path / "src", tmp_path / "fresh", ignore=shutil.ignore_patterns("_build"))
    assert differing_files(out, build("fresh")) == []


@pytest.fixture
def references(tmp_path) -> Path:
    """A copy of tests/roots/test-evidence with a page listing every entry of its .bib file."""
    src = tmp_path / "src"
    shutil.copytree(EVIDENCE, src)
    (src / "references.md").write_text(REFERENCES, encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("scale\n", "scale\nreferences\n"), "utf-8")
    return src


def test_a_bibliography_is_formatted_again_only_when_something_changed(
    build, references, monkeypatch
):
    from sphinxcontrib.bibtex.domain import BibtexDomain

    formatted = []
    get_formatted_entries = BibtexDomain.get_formatted_entries

    def counted(self, *args, **kwargs):
        formatted.append(args[0])
        return get_formatted_entries(self, *args, **kwargs)

    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", counted)
    out = Path(build(root=EVIDENCE).outdir)
    assert formatted, "the references page has a bibliography"
    page = (out / "references.html").read_bytes()
    formatted.clear()
    build(root=EVIDENCE)
    assert formatted == []
    bib = references / "refs.bib"
    bib.write_text(bib.read_text("utf-8") + "\n", "utf-8")
    build(root=EVIDENCE)
    assert formatted
    assert (out / "references.html").read_bytes() == page
