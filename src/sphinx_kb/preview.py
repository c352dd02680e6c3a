"""Previews: a glossary term's definition pops up over the links to it.

So do a claim's certainty label (the level's meaning) and a footnote citation
(the reference, with its study type). Only pages whose body has one of these
get ``kb-preview.js`` and ``kb-preview.css``; other pages and the EPUB get nothing.
The script fetches the term data (``kb-terms.js``) the first time a term preview
is wanted, so that a page costs no more to open for having term links. The
behaviour lives in those static files; without JavaScript each of these is an
ordinary link: to the glossary, to the certainty scale or to the reference.
"""

from docutils import nodes
from sphinx.application import Sphinx

from .claims import has_claims
from .termdata import add_to_page, is_web_html


def has_term_links(doctree: nodes.document) -> bool:
    # A resolved {term} reference renders its text in an inline with class "std-term".
    return any("std-term" in node["classes"] for node in doctree.findall(nodes.inline))


def has_footnote_citations(doctree: nodes.document) -> bool:
    return any(
        (ref.get("refid") or "").startswith("footcite-")
        for ref in doctree.findall(nodes.footnote_reference)
    )


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not is_web_html(app.builder):
        return
    terms = has_term_links(doctree)
    if terms or has_claims(doctree) or has_footnote_citations(doctree):
        add_to_page(app, "kb-preview.js", "kb-preview.css", lazy=True, terms=terms)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_assets)
