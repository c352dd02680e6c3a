"""Term data (kb-terms.js) and where the preview and search scripts are loaded.

Each test builds its own copy of tests/roots/test-terms with Sphinx's test app.
"""

import json
import re
import zlib
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest

from .helpers import clean_copy, sphinx_build
from .markup import parse

pytestmark = pytest.mark.sphinx("html", testroot="terms")

TERMS_JS = Path("_static") / "kb-terms.js"
HEADER = "// The glossary of this site, made by the sphinx_kb extension. Do not edit.\n"
OURS = ("kb-terms", "kb-preview", "kb-search")

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
def built(build):
    """Build this test's copy of the test root (or srcdir) and return the app."""

    def run(builder: str = "html", **options):
        app, warnings = build(builder, **options)
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


def ours(document: Element) -> list[Element]:
    """The page's <script> elements with an attribute (name or value) of ours."""
    return [
        script
        for script in document.iter("script")
        if any("kb-" in f"{name}={value}" for name, value in script.attrib.items())
    ]


def test_term_data_lists_every_entry_with_its_names_url_and_definition(built):
    app = built()
    assert term_data(app.outdir) == EXPECTED


@pytest.mark.parametrize(
    ("builder", "neuron_url"),
    [
        ("dirhtml", "glossary/#term-neuron"),
        ("singlehtml", "index.html#term-neuron"),
    ],
)
def test_term_urls_follow_the_builder(built, builder, neuron_url):
    app = built(builder)
    urls = {entry["names"][0]: entry["url"] for entry in term_data(app.outdir)}
    assert urls["neuron"] == neuron_url


def test_term_data_is_byte_identical_across_builds(built, project, tmp_path):
    first = built()
    second = built(srcdir=clean_copy(project, tmp_path / "second"))
    assert (first.outdir / TERMS_JS).read_bytes() == (second.outdir / TERMS_JS).read_bytes()


@pytest.fixture
def cli_build(project, tmp_path):
    """Build a copy of the test root with the sphinx command; the same copy every call.

    Incremental builds need a new process each time, as in real use: Sphinx
    caches the checksums of static files for the life of the process.
    """
    src = project
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


def test_preview_loads_on_pages_with_term_links(built):
    """A short loader only: it fetches the script, which fetches the data and its styles."""
    app = built()
    static = app.outdir / "_static"
    script = f"kb-preview.js?v={zlib.crc32((static / 'kb-preview.js').read_bytes()):08x}"
    terms = f"kb-terms.js?v={zlib.crc32((static / 'kb-terms.js').read_bytes()):08x}"
    styles = f"kb-preview.css?v={zlib.crc32((static / 'kb-preview.css').read_bytes()):08x}"
    for name, prefix in (("articles/neurons.html", "../"), ("glossary.html", "")):
        html = page(app.outdir, name)
        document = parse(html)
        assert ours(document) == [], name
        (loader,) = [
            script.text
            for script in document.iter("script")
            if not script.attrib and (script.text or "").startswith("(() => {\n  const previewed")
        ]
        assert f'script.src = "{prefix}_static/{script}";' in loader
        assert json.dumps({"kbStyles": styles, "kbTerms": terms}) in loader
        assert "kb-preview.css" not in html.replace(f"<script>{loader}</script>", "")
        assert "kb-search" not in html
    for asset in ("kb-preview.js", "kb-preview.css", "kb-terms.js"):
        assert (app.outdir / "_static" / asset).is_file(), asset


@pytest.mark.parametrize("name", ["index.html", "about.html", "finding-help.html", "genindex.html"])
def test_pages_without_term_links_load_nothing(built, name):
    app = built()
    html = page(app.outdir, name)
    assert not any(asset in html for asset in OURS)


def test_search_page_loads_the_search_and_ranking_scripts_and_their_data(built):
    app = built()
    html = page(app.outdir, "search.html")
    document = parse(html)
    scripts = ours(document)
    assert len(scripts) == 4
    assert scripts[0].get("src").startswith("_static/kb-terms.js?v=")
    assert scripts[1].get("src").startswith("_static/kb-search.js?v=")
    assert scripts[2].get("src").startswith("_static/kb-pages.js?v=")
    assert scripts[3].get("src").startswith("_static/kb-rank.js?v=")
    assert all(script.get("defer") == "defer" for script in scripts)
    styles = [link.get("href", "") for link in document.iter("link")]
    assert any(href.startswith("_static/kb-search.css?v=") for href in styles)
    assert "kb-preview" not in html


def test_epub_gets_no_term_data_scripts_or_styles(built):
    app = built("epub")
    files = [path for path in app.outdir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".xhtml" for path in files)
    for path in files:
        assert not path.name.startswith(OURS), path
        if path.suffix in {".xhtml", ".opf", ".ncx"}:
            text = path.read_text(encoding="utf-8")
            assert not any(asset in text for asset in OURS), path
