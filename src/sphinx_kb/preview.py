"""Term previews: a glossary term's definition pops up over the links to it.

Only pages whose body links to a glossary term get ``kb-preview.js`` and
``kb-preview.css``; other pages and the EPUB get nothing. The script fetches the
term data (``kb-terms.js``) the first time a preview is wanted, so that a page
costs no more to open for having term links. The behaviour lives in those
static files; without JavaScript a term link is an ordinary link to the glossary.
"""

from docutils import nodes
from sphinx.application import Sphinx

from .termdata import add_to_page, is_web_html


def has_term_links(doctree: nodes.document) -> bool:
    # A resolved {term} reference renders its text in an inline with class "std-term".
    return any("std-term" in node["classes"] for node in doctree.findall(nodes.inline))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and is_web_html(app.builder) and has_term_links(doctree):
        add_to_page(app, "kb-preview.js", "kb-preview.css", lazy=True)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_assets)
