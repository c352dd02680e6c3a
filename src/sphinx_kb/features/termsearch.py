"""Term-aware search: the search page shows the glossary entry that a query names.

On Sphinx's search page only, ``kb-search.js`` reads the query and, when it is a
glossary term or one of its aliases, shows that entry above the full-text
results, which Sphinx's own search script goes on producing as usual.
"""

from sphinx.application import Sphinx

from ..builders import is_web_html
from ..state import PARALLEL_SAFE
from .termdata import add_to_page

SEARCH_PAGE = "search"


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # The search page is generated, so it has no doctree; a document named "search" would.
    if pagename == SEARCH_PAGE and doctree is None and is_web_html(app.builder):
        add_to_page(app, "kb-search.js", "kb-search.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.features.termdata")
    app.connect("html-page-context", add_assets)
    return PARALLEL_SAFE
