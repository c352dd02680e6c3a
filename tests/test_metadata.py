"""Page metadata: the description in Open Graph tags (sphinxext-opengraph) and the sitemap."""

import re
import shutil
from pathlib import Path

import pytest

from .test_extension import ROOTS, build, edit, page

BASE = "https://kb.example.org/"
WITH_OPENGRAPH = ["myst_parser", "sphinx_kb", "sphinxext.opengraph"]


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))


def _meta(html: str, kind: str, name: str) -> list[str]:
    return re.findall(rf'<meta {kind}="{re.escape(name)}" content="([^"]*)"', html)


def _locations(app) -> list[str]:
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text("utf-8")
    return re.findall(r"<loc>([^<]*)</loc>", sitemap)


def test_open_graph_takes_the_front_matter_description(project):
    app, warnings = build(project, extensions=WITH_OPENGRAPH, html_baseurl=BASE, ogp_site_url=BASE)
    assert warnings == ""
    html = page(app, "articles/alpha")
    # Not the page's first words ("Alpha starts here."), which sphinxext-opengraph would use.
    assert _meta(html, "property", "og:description") == ["Alpha explains neurons."]
    assert _meta(html, "name", "description") == ["Alpha explains neurons."]
    assert _meta(html, "property", "og:url") == [BASE + "articles/alpha.html"]
    assert _meta(html, "property", "og:title") == ["Alpha article"]
    assert _meta(html, "property", "og:image") == []
    assert not (Path(app.outdir) / "_images").exists()


def test_sitemap_lists_every_page_and_the_generated_ones(project):
    app, _ = build(project, html_baseurl=BASE, kb_backlinks_limit=1)
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


def test_sitemap_after_an_incremental_build_equals_a_clean_one(project, tmp_path):
    app, _ = build(project, html_baseurl=BASE, kb_backlinks_limit=1)
    clean = _locations(app)
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta, renamed")
    app, warnings = build(project, html_baseurl=BASE, kb_backlinks_limit=1)
    assert warnings == ""
    assert _locations(app) == clean
