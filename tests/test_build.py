"""The real site builds warning-free and every page is where a reader expects it."""

import pickle
import re

from .helpers import DOCS, article_paths, assert_built_cleanly, search_index
from .kbsource import glossary_entries
from .markup import read, text


def test_clean_build_is_warning_free(site_build):
    assert_built_cleanly(site_build[0])


def test_core_pages_are_built(site):
    for page in ("index", "glossary", "references", "finding-help", "about", "search"):
        assert (site / f"{page}.html").is_file(), page


def test_every_article_is_built(site):
    articles = article_paths()
    assert len(articles) >= 6
    for source in articles:
        assert (site / "articles" / f"{source.stem}.html").is_file(), source.name


def test_every_source_page_is_in_a_toctree(site):
    with (site.parent / "doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    reachable, queue = set(), [env.config.root_doc]
    while queue:
        doc = queue.pop()
        if doc not in reachable:
            reachable.add(doc)
            queue.extend(env.toctree_includes.get(doc, []))
    sources = {
        str(path.relative_to(DOCS).with_suffix(""))
        for path in DOCS.rglob("*.md")
        if "_build" not in path.parts
    }
    assert sources, "no Markdown sources found"
    assert sources - reachable == set()


def test_search_index_holds_every_glossary_term(site):
    index = search_index(site)
    # Sphinx lists glossary terms as index entries (its objects skip priority -1 terms).
    indexed = {name.lower() for name in index["indexentries"]}
    for entry in glossary_entries():
        for name in entry.names:
            assert name.lower() in indexed, name


def test_articles_carry_description_and_last_updated(site):
    for source in article_paths():
        page = read(site / "articles" / f"{source.stem}.html")
        assert page.findall(".//meta[@name='description'][@content]"), source.name
        assert page.findall(".//meta[@property='og:description'][@content]"), source.name
        assert re.search(r"Last updated on \d{4}-\d{2}-\d{2}", text(page)), source.name
