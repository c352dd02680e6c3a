"""Patches of other projects: one table of verified versions, skipped quietly outside it.

The applications here are only set up (patches are applied on config-inited),
not built: each is a copy of tests/roots/test-kb made with Sphinx's test app.
"""

import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_kb import upstream
from sphinx_kb.fixes import searchindex
from sphinx_kb.speedups import parallel, stemcache

from .helpers import ROOT

KB_ROOT = Path(__file__).parent / "roots" / "test-kb"
LOCK = ROOT / "docs" / "requirements.txt"
SPEEDUPS = [name for name in upstream.VERIFIED if name.startswith("speedups.")]


def _pins() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s;\\]+)", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return pins


def _targets() -> list[tuple[str, object, str]]:
    """(patch, owner, attribute) of every replacement, the projects imported here."""
    from sphinx.search import languages

    found = [
        (name, owner, attribute)
        for name in upstream.VERIFIED
        if hasattr(module := importlib.import_module(f"sphinx_kb.{name}"), "replacements")
        for owner, attribute, _ in module.replacements()
    ]
    return [*found, ("speedups.stemcache", languages, "en")]


def _is_ours(value: object) -> bool:
    return getattr(value, "__module__", "").startswith("sphinx_kb.")


def _patched() -> dict[str, bool]:
    """Patch -> whether each of its targets holds this extension's replacement."""
    state: dict[str, list[bool]] = {}
    for name, owner, attribute in _targets():
        value = owner[attribute] if isinstance(owner, dict) else getattr(owner, attribute)
        state.setdefault(name, []).append(_is_ours(value))
    assert all(len(set(flags)) == 1 for flags in state.values()), state  # all or none
    return {name: flags[0] for name, flags in state.items()}


@pytest.fixture
def setup_app(make_app, tmp_path):
    """Set up an application on a fresh copy of the test root (config-inited has run)."""
    count = 0

    def run(**confoverrides):
        nonlocal count
        count += 1
        src = tmp_path / f"src{count}"
        shutil.copytree(KB_ROOT, src)
        app = make_app("html", srcdir=src, confoverrides=confoverrides, verbosity=1)
        app.cleanup()  # unregister its nodes and roles, so that the next app starts clean
        return app

    return run


def test_verified_versions_are_the_locked_ones():
    """Fails when `make lock` moves a patched project: re-read its code, then update VERIFIED."""
    pins = _pins()
    assert "sphinx" in pins  # the lock was read
    moved = {
        f"{patch}: {dist}": (pins.get(dist), versions)
        for patch, table in upstream.VERIFIED.items()
        for dist, versions in table.items()
        if pins.get(dist) not in versions
    }
    assert moved == {}


def test_every_patch_names_the_upstream_issue_or_says_none_is_filed():
    for name in upstream.VERIFIED:
        doc = importlib.import_module(f"sphinx_kb.{name}").__doc__
        assert re.search(r"issue \d+|No\s+upstream\s+issue\s+is\s+filed", doc), name


def test_the_extension_imports_without_the_patched_projects():
    """`import sphinx_kb` and every patch module import with pybtex and Furo absent."""
    modules = ["sphinx_kb", "sphinx_kb.upstream", "sphinx_kb.features.refstyle"]
    modules += [f"sphinx_kb.{name}" for name in upstream.VERIFIED]
    code = (
        "import sys\n"
        "for absent in ('pybtex', 'furo', 'sphinxcontrib.bibtex'):\n"
        "    sys.modules[absent] = None  # import fails, as if not installed\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "print(sorted(m for m in ('myst_parser', 'snowballstemmer') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"  # nor are the others imported before setup


def test_patches_apply_once_and_stay_idempotent(setup_app):
    from sphinx.builders import Builder

    setup_app()
    setup_app()  # a second application in the same process
    assert _patched() == dict.fromkeys(SPEEDUPS, True)
    assert Builder._read_parallel is parallel.read_parallel
    # Applying twice did not wrap the replacement around itself.
    assert upstream.original(Builder, "_read_parallel").__module__ == "sphinx.builders"


def test_kb_speedups_false_applies_no_speedup_but_the_fixes(setup_app):
    setup_app()  # patched, as an earlier application of this process leaves them
    app = setup_app(kb_speedups=False)
    assert _patched() == dict.fromkeys(SPEEDUPS, False)
    assert searchindex.restore in _listeners(app, "env-updated")
    status = app.status.getvalue()
    for name in SPEEDUPS:
        assert f"sphinx_kb: {name} is not applied: kb_speedups = False" in status
    assert "sphinx_kb" not in app.warning.getvalue()
    setup_app()
    assert _patched() == dict.fromkeys(SPEEDUPS, True)


def test_an_unverified_version_skips_the_patch_with_a_verbose_message(setup_app, monkeypatch):
    installed = upstream.installed
    monkeypatch.setattr(
        upstream, "installed", lambda dist: "99.0" if dist == "sphinx" else installed(dist)
    )
    setup_app()  # applied before? (an earlier app) the originals come back
    app = setup_app()
    status = app.status.getvalue()
    expected = "sphinx_kb: {} is not applied: sphinx 99.0 is not a verified version (9.0.4)"
    for name in ("speedups.parallel", "speedups.stemcache", "fixes.searchindex"):
        assert expected.format(name) in status
    assert "sphinx_kb" not in app.warning.getvalue()  # never a warning
    assert _patched()["speedups.parallel"] is False
    assert _patched()["speedups.stemcache"] is False
    assert _patched()["speedups.pybtexcache"] is True  # pybtex's version is verified
    assert searchindex.restore not in _listeners(app, "env-updated")
    monkeypatch.undo()
    setup_app()
    assert _patched() == dict.fromkeys(SPEEDUPS, True)


def test_a_missing_distribution_skips_its_patch(setup_app, monkeypatch):
    installed = upstream.installed
    monkeypatch.setattr(
        upstream, "installed", lambda dist: None if dist == "pybtex" else installed(dist)
    )
    app = setup_app()
    assert "sphinx_kb: speedups.pybtexcache is not applied: pybtex is not installed" in (
        app.status.getvalue()
    )
    assert _patched()["speedups.pybtexcache"] is False


def test_the_stem_cache_is_sphinx_english_with_kept_stems(setup_app):
    from sphinx.search import languages
    from sphinx.search.en import SearchEnglish

    setup_app()
    language = languages["en"]({})
    assert language.__class__ is stemcache.english_with_kept_stems()
    assert isinstance(language, SearchEnglish)
    own = SearchEnglish({})
    assert [language.stem(w) for w in ("Running", "stems", "running")] == [
        own.stem(w) for w in ("Running", "stems", "running")
    ]
    assert language.stem.cache_info().hits == 0  # "Running" and "running": two words
    language.stem("stems")
    assert language.stem.cache_info().hits == 1


def _listeners(app, event: str) -> list:
    return [listener.handler for listener in app.events.listeners[event]]


def test_speedups_change_nothing_but_speed(make_app, tmp_path):
    """The same pages and the same recorded dependencies with kb_speedups on and off."""
    results = {}
    for flag in (True, False):
        src = tmp_path / f"speedups-{flag}"
        shutil.copytree(KB_ROOT, src)
        (src / "shared.txt").write_text("Shared words about the {term}`synapse`.\n", "utf-8")
        alpha = src / "articles" / "alpha.md"  # read first: a shared list would leak from it
        alpha.write_text(alpha.read_text("utf-8") + "\n```{include} ../shared.txt\n```\n", "utf-8")
        app = make_app("html", srcdir=src, confoverrides={"kb_speedups": flag})
        try:
            app.build()
        finally:
            app.cleanup()
        kept = type(app.builder.indexer.lang) is stemcache.english_with_kept_stems()
        assert kept is flag
        outdir = Path(app.outdir)
        pages = {
            str(path.relative_to(outdir)): path.read_bytes()
            for path in sorted(outdir.rglob("*"))
            if path.is_file() and path.name != ".buildinfo"
        }
        dependencies = {
            doc: sorted(Path(dep).name for dep in deps)
            for doc, deps in app.env.dependencies.items()
            if deps
        }
        results[flag] = (pages, dependencies)
    assert results[True][1] == {"articles/alpha": ["shared.txt"]}
    assert results[True][1] == results[False][1]
    assert results[True][0].keys() == results[False][0].keys()
    differing = [
        name for name in results[True][0] if results[True][0][name] != results[False][0][name]
    ]
    assert differing == []
