"""Page metadata: the description in Open Graph tags (sphinxext-opengraph) and the sitemap."""

from pathlib import Path
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import pytest

from .helpers import edit, tree

pytestmark = pytest.mark.sphinx("html", testroot="kb")

BASE = "https://kb.example.org/"
WITH_OPENGRAPH = ["myst_parser", "sphinx_kb", "sphinxext.opengraph"]


def _meta(html: Element, kind: str, value: str) -> list[str]:
    """The content of every <meta> of the page whose attribute kind is value."""
    return [meta.get("content") for meta in html.findall(f".//meta[@{kind}='{value}']")]


def _locations(app) -> list[str]:
    root = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    return [loc.text for loc in root.findall(".//{*}loc")]


def test_open_graph_takes_the_front_matter_description(build):
    app, warnings = build(extensions=WITH_OPENGRAPH, html_baseurl=BASE, ogp_site_url=BASE)
    assert warnings == ""
    html = tree(app, "articles/alpha")
    # Not the page's first words ("Alpha starts here."), which sphinxext-opengraph would use.
    assert _meta(html, "property", "og:description") == ["Alpha explains neurons."]
    assert _meta(html, "name", "description") == ["Alpha explains neurons."]
    assert _meta(html, "property", "og:url") == [BASE + "articles/alpha.html"]
    assert _meta(html, "property", "og:title") == ["Alpha article"]
    assert _meta(html, "property", "og:image") == []
    assert not (Path(app.outdir) / "_images").exists()


def test_sitemap_lists_every_page_and_the_generated_ones(build):
    app, _ = build(html_baseurl=BASE, kb_backlinks_limit=1)
    found = _locations(app)
    assert found == sorted(found)
    for address in (
        "articles/alpha.html",
        "glossary.html",
        "topics/brain.html",
        "topics/index.html",
    ):
        assert BASE + address in found, address
    assert BASE + "terms/memory.html" in found, "a term page"
    assert not {BASE + "search.html", BASE + "genindex.html"} & set(found)


def test_sitemap_after_an_incremental_build_equals_a_clean_one(project, build):
    app, _ = build(html_baseurl=BASE, kb_backlinks_limit=1)
    clean = _locations(app)
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta, renamed")
    app, warnings = build(html_baseurl=BASE, kb_backlinks_limit=1)
    assert warnings == ""
    assert _locations(app) == clean
