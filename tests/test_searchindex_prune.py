"""After an incremental build, searchindex.js keeps no word of a deleted or edited-away text.

Sphinx loads the previous index and prunes the rewritten and deleted pages from each word,
but keeps the word with no page ("sleepwalking": []); sphinx_kb.fixes.searchindex drops
such words. Each test builds a copy of tests/roots/test-kb, changes it, builds it again in
the same folder, and compares the index with that of a clean build of the changed sources.
"""

import shutil
from pathlib import Path

import pytest

from sphinx_kb import upstream
from sphinx_kb.fixes import searchindex

from .helpers import search_index

pytestmark = pytest.mark.sphinx("html", testroot="kb")

UNIQUE = "sleepwalking"  # in gamma only; its stem is "sleepwalk"


def _clean_index(build, project: Path, tmp_path: Path) -> dict:
    clean = shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    app, warnings = build(srcdir=clean)
    assert warnings == ""
    return search_index(app.outdir)


def _words(index: dict) -> set[str]:
    return set(index["terms"]) | set(index["titleterms"])


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_the_words_of_a_deleted_page_leave_the_index(build, project, tmp_path):
    gamma = project / "articles" / "gamma.md"
    _append(gamma, f"\nGamma is about {UNIQUE}.\n")
    app, warnings = build()
    assert warnings == ""
    assert "sleepwalk" in search_index(app.outdir)["terms"]

    gamma.unlink()
    index_md = project / "index.md"
    text = index_md.read_text(encoding="utf-8")
    assert text.count("articles/gamma\n") == 1
    index_md.write_text(text.replace("articles/gamma\n", ""), encoding="utf-8")
    app, warnings = build()
    assert warnings == ""
    incremental = search_index(app.outdir)

    assert "sleepwalk" not in _words(incremental)
    assert "gamma" not in _words(incremental)
    assert incremental == _clean_index(build, project, tmp_path)


def test_a_word_edited_out_of_a_page_leaves_the_index(build, project, tmp_path):
    gamma = project / "articles" / "gamma.md"
    text = gamma.read_text(encoding="utf-8")
    _append(gamma, f"\nGamma is about {UNIQUE}.\n")
    app, warnings = build()
    assert warnings == ""
    assert "sleepwalk" in search_index(app.outdir)["terms"]

    gamma.write_text(text, encoding="utf-8")
    app, warnings = build()
    assert warnings == ""
    incremental = search_index(app.outdir)

    assert "sleepwalk" not in incremental["terms"]
    assert incremental == _clean_index(build, project, tmp_path)


def _listens(make_app, app_params) -> bool:
    args, kwargs = app_params
    app = make_app(*args, **kwargs)
    app.cleanup()
    handlers = [listener.handler for listener in app.events.listeners["html-collect-pages"]]
    return searchindex.drop_words_of_no_page in handlers


def test_the_fix_applies_only_to_the_verified_sphinx(make_app, app_params, monkeypatch):
    assert _listens(make_app, app_params)
    installed = upstream.installed
    monkeypatch.setattr(
        upstream, "installed", lambda dist: "99.0" if dist == "sphinx" else installed(dist)
    )
    assert not _listens(make_app, app_params)
