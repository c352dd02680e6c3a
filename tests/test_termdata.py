"""Term data (kb-terms.js) and where the preview and search scripts are loaded.

Each test builds its own copy of tests/roots/test-terms with Sphinx's test app.
"""

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest

from .helpers import sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-terms"
TERMS_JS = Path("_static") / "kb-terms.js"
HEADER = "// The glossary of this site, made by the sphinx_kb extension. Do not edit.\n"
OURS = ("kb-terms", "kb-preview", "kb-search")
ANSI = re.compile(r"\x1b\[[0-9;]*m")

EXPECTED = [
    {
        "names": ["defense mechanism", "defence mechanism"],
        "url": "glossary.html#term-defense-mechanism",
        "definition": "A mostly automatic mental habit that shields a person from painful "
        "feelings, such as \u201cdenial\u201d.",
    },
    {
        "names": ["neuron", "nerve cell"],
        "url": "glossary.html#term-neuron",
        "definition": "A cell that carries signals in the brain and nerves.",
    },
    {
        "names": ["synapse"],
        "url": "glossary.html#term-synapse",
        "definition": "The contact point between two nerve cells.",
    },
]


@pytest.fixture
def build(make_app, tmp_path):
    """Build a copy of the test root (the same copy for the same name) and return the app."""

    def run(builder: str = "html", name: str = "src"):
        src = tmp_path / name
        if not src.exists():
            shutil.copytree(ROOT, src)
        app = make_app(builder, srcdir=src)
        try:
            app.build()
        finally:
            app.cleanup()  # unregister its nodes and roles, so that a second app starts clean
        warnings = ANSI.sub("", app.warning.getvalue())
        assert warnings == "", warnings
        return app

    return run


def term_data(outdir: Path) -> list[dict]:
    text = (outdir / TERMS_JS).read_text(encoding="utf-8")
    assert text.isascii()
    assert text.startswith(HEADER)
    match = re.fullmatch(r"window\.KB_TERMS = (\[.*\]);\n", text[len(HEADER) :], re.DOTALL)
    assert match, text
    return json.loads(match.group(1))


def page(outdir: Path, name: str) -> str:
    return (outdir / name).read_text(encoding="utf-8")


def script_tags(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_term_data_lists_every_entry_with_its_names_url_and_definition(build):
    app = build()
    assert term_data(app.outdir) == EXPECTED


@pytest.mark.parametrize(
    ("builder", "neuron_url"),
    [
        ("dirhtml", "glossary/#term-neuron"),
        ("singlehtml", "index.html#term-neuron"),
    ],
)
def test_term_urls_follow_the_builder(build, builder, neuron_url):
    app = build(builder)
    urls = {entry["names"][0]: entry["url"] for entry in term_data(app.outdir)}
    assert urls["neuron"] == neuron_url


def test_term_data_is_byte_identical_across_builds(build):
    first = build(name="first")
    second = build(name="second")
    assert (first.outdir / TERMS_JS).read_bytes() == (second.outdir / TERMS_JS).read_bytes()


@pytest.fixture
def cli_build(tmp_path):
    """Build a copy of the test root with the sphinx command; the same copy every call.

    Incremental builds need a new process each time, as in real use: Sphinx
    caches the checksums of static files for the life of the process.
    """
    src = shutil.copytree(ROOT, tmp_path / "src")
    out = tmp_path / "out"

    def run() -> str:
        result = sphinx_build(src, out)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run.src, run.html = src, out / "html"
    return run


def test_term_data_is_rewritten_by_an_incremental_build(cli_build):
    cli_build()
    data = cli_build.html / TERMS_JS
    original = data.read_bytes()
    data.unlink()
    log = cli_build()
    assert "0 added, 0 changed, 0 removed" in log
    assert data.read_bytes() == original


def test_changed_glossary_updates_the_data_and_every_page_that_loads_it(cli_build):
    cli_build()
    glossary = cli_build.src / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace("The contact point", "The tiny gap"), encoding="utf-8")
    log = cli_build()
    assert "0 added, 1 changed, 0 removed" in log
    data = cli_build.html / TERMS_JS
    assert "The tiny gap between two nerve cells." in data.read_text(encoding="utf-8")
    checksum = f"{zlib.crc32(data.read_bytes()):08x}"
    for name in ("articles/neurons.html", "glossary.html", "search.html"):
        assert f"kb-terms.js?v={checksum}" in page(cli_build.html, name), name


def test_preview_loads_on_pages_with_term_links(build):
    """A short loader only: it fetches the script, which fetches the data and its styles."""
    app = build()
    static = app.outdir / "_static"
    script = f"kb-preview.js?v={zlib.crc32((static / 'kb-preview.js').read_bytes()):08x}"
    terms = f"kb-terms.js?v={zlib.crc32((static / 'kb-terms.js').read_bytes()):08x}"
    styles = f"kb-preview.css?v={zlib.crc32((static / 'kb-preview.css').read_bytes()):08x}"
    for name, prefix in (("articles/neurons.html", "../"), ("glossary.html", "")):
        html = page(app.outdir, name)
        assert [tag for tag in script_tags(html) if "kb-" in tag] == [], name
        (loader,) = re.findall(r"<script>\(\(\) => \{\n  const previewed.*?</script>", html, re.S)
        assert f'script.src = "{prefix}_static/{script}";' in loader
        assert json.dumps({"kbStyles": styles, "kbTerms": terms}) in loader
        assert "kb-preview.css" not in html.replace(loader, "")
        assert "kb-search" not in html
    for asset in ("kb-preview.js", "kb-preview.css", "kb-terms.js"):
        assert (app.outdir / "_static" / asset).is_file(), asset


@pytest.mark.parametrize("name", ["index.html", "about.html", "finding-help.html", "genindex.html"])
def test_pages_without_term_links_load_nothing(build, name):
    app = build()
    html = page(app.outdir, name)
    assert not any(asset in html for asset in OURS)


def test_search_page_loads_the_search_and_ranking_scripts_and_their_data(build):
    app = build()
    html = page(app.outdir, "search.html")
    scripts = [tag for tag in script_tags(html) if "kb-" in tag]
    assert len(scripts) == 4
    assert 'src="_static/kb-terms.js?v=' in scripts[0]
    assert 'src="_static/kb-search.js?v=' in scripts[1]
    assert 'src="_static/kb-pages.js?v=' in scripts[2]
    assert 'src="_static/kb-rank.js?v=' in scripts[3]
    assert all('defer="defer"' in tag for tag in scripts)
    assert 'href="_static/kb-search.css?v=' in html
    assert "kb-preview" not in html


def test_epub_gets_no_term_data_scripts_or_styles(build):
    app = build("epub")
    files = [path for path in app.outdir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".xhtml" for path in files)
    for path in files:
        assert not path.name.startswith(OURS), path
        if path.suffix in {".xhtml", ".opf", ".ncx"}:
            text = path.read_text(encoding="utf-8")
            assert not any(asset in text for asset in OURS), path
