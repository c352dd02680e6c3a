"""The extension's words in another language: a site's ``sphinx_kb`` catalog is used.

The cookery site (tests/roots/test-recipes) is built in German twice: with a
``sphinx_kb.mo`` in its ``locale_dirs`` (written here with Babel, which Sphinx
itself depends on), and without one. Only the first shows the translated words,
so the translation comes from the catalog, not from Sphinx's own German.
"""

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from bs4 import BeautifulSoup

from .helpers import assert_built_cleanly, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-recipes"
GERMAN = {
    "Related articles": "Verwandte Anleitungen",
    "Topics": "Themen",
    "Search the knowledge base": "Rezepte durchsuchen",
    "e.g. {examples}": "z. B. {examples}",
    "Used in": "Verwendet in",
}


def build(tmp_path: Path, catalog: bool) -> Path:
    src = shutil.copytree(ROOT, tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nlanguage = "de"\nlocale_dirs = ["locale"]\n')
    if catalog:
        messages = Catalog(locale="de", domain="sphinx_kb")
        for english, german in GERMAN.items():
            messages.add(english, german)
        messages.add(
            ("{count} article", "{count} articles"), ("{count} Anleitung", "{count} Anleitungen")
        )
        folder = src / "locale" / "de" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "sphinx_kb.mo").open("wb") as mo:
            write_mo(mo, messages)
    result = sphinx_build(src, tmp_path / "out")
    assert_built_cleanly(result)
    return tmp_path / "out" / "html"


def words(html: Path) -> dict[str, str]:
    """The extension's words as one site shows them."""
    guide = BeautifulSoup((html / "guides" / "bread.html").read_text("utf-8"), "html.parser")
    index = BeautifulSoup((html / "index.html").read_text("utf-8"), "html.parser")
    glossary = BeautifulSoup((html / "glossary.html").read_text("utf-8"), "html.parser")
    topics = BeautifulSoup((html / "categories" / "index.html").read_text("utf-8"), "html.parser")
    return {
        "related": next(guide.find("section", id="kb-related-articles").find("h2").strings),
        "tags": guide.find("p", class_="kb-tags").find("strong").get_text(),
        "label": index.find("form", class_="kb-searchbox").find("label").get_text(),
        "placeholder": index.find("input", id="kb-search-input")["placeholder"],
        "used in": glossary.find("p", class_="kb-used-in").find("strong").get_text(),
        "count": topics.find("ul", class_="kb-topics").find("li").get_text(),
    }


def test_a_site_catalog_translates_the_extensions_words(tmp_path):
    assert words(build(tmp_path / "translated", catalog=True)) == {
        "related": "Verwandte Anleitungen",
        "tags": "Themen",
        "label": "Rezepte durchsuchen",
        "placeholder": "z. B. bread, roux",
        "used in": "Verwendet in: ",
        "count": "Baking (2 Anleitungen)",
    }
    assert words(build(tmp_path / "untranslated", catalog=False)) == {
        "related": "Related articles",
        "tags": "Topics",
        "label": "Search the knowledge base",
        "placeholder": "e.g. bread, roux",
        "used in": "Used in: ",
        "count": "Baking (2 articles)",
    }
