"""A term used on many pages: the glossary lists the first few and links to the term's page."""

import re
import shutil
from pathlib import Path

import pytest

from .test_extension import ROOTS, build, edit, page, used_in


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"#]+)">', html)


def test_glossary_lists_the_first_pages_and_links_to_all(project):
    app, warnings = build(project, kb_backlinks_limit=1)
    assert warnings == ""
    memory = used_in(page(app, "glossary"), "term-memory")  # used by alpha and gamma
    assert _links(memory) == ["articles/alpha.html", "terms/memory.html"]
    assert 'and 1 more (<a href="terms/memory.html">all 2 pages</a>)' in memory
    term_page = page(app, "terms/memory")
    assert "<h1>Pages that use \u201cmemory\u201d</h1>" in term_page
    assert 'href="../glossary.html#term-memory">memory</a>' in term_page
    uses = term_page.split('<ul class="kb-term-uses">', 1)[1].split("</ul>", 1)[0]
    assert _links(uses) == ["../articles/alpha.html", "../articles/gamma.html"]
    assert 'href="../articles/alpha.html#keeping">Keeping</a>' in uses


def test_a_term_within_the_limit_has_no_page(project):
    app, _ = build(project)  # the default limit is above the two uses of any term here
    assert not (Path(app.outdir) / "terms").exists()
    memory = used_in(page(app, "glossary"), "term-memory")
    assert _links(memory) == ["articles/alpha.html", "articles/gamma.html"]
    assert "more" not in memory


def test_a_page_no_longer_needed_is_removed(project):
    app, _ = build(project, kb_backlinks_limit=1)
    assert (Path(app.outdir) / "terms" / "memory.html").exists()
    edit(project / "articles" / "gamma.md", "{term}`memory`", "memory")
    app, warnings = build(project, kb_backlinks_limit=1)
    assert warnings == ""
    assert not (Path(app.outdir) / "terms" / "memory.html").exists()
    assert "more" not in used_in(page(app, "glossary"), "term-memory")


def test_epub_lists_every_use(project):
    app, _ = build(project, "epub", kb_backlinks_limit=1)
    glossary = (Path(app.outdir) / "glossary.xhtml").read_text("utf-8")
    memory = used_in(glossary, "term-memory")
    assert "alpha.xhtml" in memory and "gamma.xhtml" in memory and "more" not in memory
    assert not (Path(app.outdir) / "terms").exists()
