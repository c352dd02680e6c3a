"""A term used on many pages: the glossary lists the first few and links to the term's page."""

from pathlib import Path

import pytest

from .helpers import edit, main, tree, used_in
from .markup import anchors, by_class, links, markup, one, parse, text

pytestmark = pytest.mark.sphinx("html", testroot="kb")


def test_glossary_lists_the_first_pages_and_links_to_all(build):
    app, warnings = build(kb_backlinks_limit=1)
    assert warnings == ""
    memory = used_in(tree(app, "glossary"), "term-memory")  # used by alpha and gamma
    assert _pages(memory) == ["articles/alpha.html", "terms/memory.html"]
    assert text(memory).endswith("; and 1 more (all 2 pages)")
    assert anchors(memory)[-1] == ("terms/memory.html", "all 2 pages")
    term_page = main(tree(app, "terms/memory"))
    assert [text(heading) for heading in term_page.iter("h1")] == [
        "Pages that use \u201cmemory\u201d"
    ]
    assert ("../glossary.html#term-memory", "memory") in anchors(term_page)
    uses = one(by_class(term_page, "kb-term-uses", "ul"), "list of uses")
    assert _pages(uses) == ["../articles/alpha.html", "../articles/gamma.html"]
    assert ("../articles/alpha.html#keeping", "Keeping") in anchors(uses)


def _pages(element) -> list[str]:
    """The links to whole pages (no #anchor), in order."""
    return [href for href in links(element) if "#" not in href]


def test_a_term_within_the_limit_has_no_page(build):
    app, _ = build()  # the default limit is above the two uses of any term here
    assert not (Path(app.outdir) / "terms").exists()
    memory = used_in(tree(app, "glossary"), "term-memory")
    assert _pages(memory) == ["articles/alpha.html", "articles/gamma.html"]
    assert "more" not in markup(memory)


def test_a_page_no_longer_needed_is_removed(project, build):
    app, _ = build(kb_backlinks_limit=1)
    assert (Path(app.outdir) / "terms" / "memory.html").exists()
    edit(project / "articles" / "gamma.md", "{term}`memory`", "memory")
    app, warnings = build(kb_backlinks_limit=1)
    assert warnings == ""
    assert not (Path(app.outdir) / "terms" / "memory.html").exists()
    assert "more" not in markup(used_in(tree(app, "glossary"), "term-memory"))


def test_epub_lists_every_use(build):
    app, _ = build("epub", kb_backlinks_limit=1)
    glossary = parse((Path(app.outdir) / "glossary.xhtml").read_text("utf-8"))
    memory = used_in(glossary, "term-memory")
    assert _pages(memory) == ["articles/alpha.xhtml", "articles/gamma.xhtml"]
    assert "more" not in markup(memory)
    assert not (Path(app.outdir) / "terms").exists()
