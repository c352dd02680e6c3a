"""The sidebar comes through Furo's own template; the HTML translator writes accessible markup.

Built from tests/roots/test-sidebar: three articles in one section, with at most
two pages shown for a section the reader is not in, and a reference section.
"""

from html.parser import HTMLParser
from pathlib import Path

import furo
import pytest
from sphinx.builders.html import StandaloneHTMLBuilder

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


class Elements(HTMLParser):
    """Every element of a page: its tag, its attributes and the classes of its ancestors."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, dict]] = []
        self.found: list[tuple[str, dict, list[str]]] = []
        self.text: dict[int, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        ancestors = [cls for _, a in self.open for cls in a.get("class", "").split()]
        self.found.append((tag, attrs, ancestors))
        if tag not in VOID:
            self.open.append((tag, attrs | {"_index": len(self.found) - 1}))

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, attrs in self.open:
            index = attrs["_index"]
            self.text[index] = self.text.get(index, "") + data


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text("utf-8"))
    return parser


def sidebar_links(page: Elements) -> dict[str, str]:
    """The sidebar's links: text to address."""
    return {
        page.text.get(index, "").strip(): attrs["href"]
        for index, (tag, attrs, ancestors) in enumerate(page.found)
        if tag == "a" and "sidebar-tree" in ancestors
    }


def sidebar_items(page: Elements) -> list[dict]:
    return [
        attrs for tag, attrs, ancestors in page.found if tag == "li" and "sidebar-tree" in ancestors
    ]


@pytest.mark.sphinx("html", testroot="sidebar", srcdir="sidebar-template")
def test_the_sidebar_comes_through_furos_template_without_patching_furo(app):
    app.build()
    assert app._warning.getvalue() == ""
    alpha = elements(app.outdir / "articles" / "alpha.html")
    assert sidebar_links(alpha) == {
        "Alpha article": "#",
        "Beta article": "beta.html",
        "Gamma article": "gamma.html",
        "Finding help": "../finding-help.html",
    }
    current = [item for item in sidebar_items(alpha) if "current-page" in item["class"].split()]
    assert len(current) == 1
    # A section larger than kb_nav_section_limit, seen from outside it: one link into it.
    helping = elements(app.outdir / "finding-help.html")
    assert sidebar_links(helping) == {
        "3 articles in Articles": "articles/alpha.html",
        "Finding help": "#",
    }
    assert furo._compute_navigation_tree.__module__ == "furo"


@pytest.fixture
def toctree_calls(monkeypatch) -> list[str]:
    """The pages whose whole-site toctree the HTML builder is asked for (Furo's costly tree)."""
    calls = []
    original = StandaloneHTMLBuilder._get_local_toctree

    def spy(self, docname, collapse=True, **kwargs):
        calls.append(docname)
        return original(self, docname, collapse, **kwargs)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree", spy)
    return calls


@pytest.mark.sphinx("html", testroot="sidebar", srcdir="sidebar-cost")
def test_furo_never_builds_the_whole_sites_tree_but_templates_keep_toctree(app, toctree_calls):
    seen = {}

    def look(app, pagename, templatename, context, doctree):
        seen[pagename] = (callable(context.get("toctree")), context.get("furo_navigation_tree"))

    app.connect("html-page-context", look, priority=900)
    app.build()
    assert toctree_calls == []
    assert seen["articles/alpha"] == (True, "")
    assert seen["index"] == (True, "")


@pytest.mark.sphinx(
    "html",
    testroot="sidebar",
    confoverrides={"kb_nav_patch": False},
    srcdir="sidebar-stock",
)
def test_without_the_setting_furos_own_tree_is_shown(app, toctree_calls):
    app.build()
    assert "finding-help" in toctree_calls
    helping = elements(app.outdir / "finding-help.html")
    assert sidebar_links(helping) == {
        "Alpha article": "articles/alpha.html",
        "Beta article": "articles/beta.html",
        "Gamma article": "articles/gamma.html",
        "Finding help": "#",
    }


@pytest.mark.sphinx("html", testroot="sidebar", srcdir="sidebar-version")
def test_another_furo_version_keeps_the_sidebar_without_a_warning(
    make_app, app_params, monkeypatch
):
    monkeypatch.setattr(furo, "__version__", "2099.1.1")
    app = make_app(*app_params.args, **app_params.kwargs)
    app.build()
    assert app._warning.getvalue() == ""
    helping = elements(app.outdir / "finding-help.html")
    assert "3 articles in Articles" in sidebar_links(helping)


def assert_accessible(page: Elements) -> None:
    headings = [attrs for _, attrs, _ in page.found if attrs.get("role") == "heading"]
    assert headings
    assert all(attrs.get("aria-level") == "2" for attrs in headings), headings
    assert not [attrs for _, attrs, _ in page.found if attrs.get("role") == "doc-biblioentry"]


@pytest.mark.sphinx("html", testroot="sidebar", srcdir="sidebar-markup")
def test_the_translator_writes_accessible_markup(app):
    app.build()
    alpha = elements(app.outdir / "articles" / "alpha.html")
    assert_accessible(alpha)
    code = [
        attrs for tag, attrs, ancestors in alpha.found if tag == "pre" and "highlight" in ancestors
    ]
    assert code
    assert all(attrs.get("tabindex") == "0" for attrs in code)
    helping = elements(app.outdir / "finding-help.html")
    assert_accessible(helping)
    citations = [
        attrs for _, attrs, _ in helping.found if "citation" in attrs.get("class", "").split()
    ]
    assert [attrs["role"] for attrs in citations] == ["listitem"]
    index = elements(app.outdir / "index.html")  # the toctrees in the page itself
    assert_accessible(index)
    # Markup rendered outside a page (Sphinx renders titles and toctrees so) is the same.
    citation = next(app.env.get_doctree("finding-help").findall(lambda n: n.tagname == "citation"))
    assert 'role="listitem"' in app.builder.render_partial(citation)["fragment"]


@pytest.mark.sphinx("singlehtml", testroot="sidebar", srcdir="sidebar-single")
def test_the_single_page_is_accessible_too(app):
    app.build()
    assert_accessible(elements(app.outdir / "index.html"))
