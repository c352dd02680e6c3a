"""The health-information notice shown at the top of pages about distressing topics.

Every article carries it, and so does any other page whose text touches suicide,
self-harm, abuse or trauma (``kb_notice_topics``), such as the claims page or the
glossary. The help page it links to, and the landing page with its own urgent-help
line, do not. It is added to the doctree rather than to the Markdown source, so that
line numbers in warnings still match the file the author edits.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..config import NOTICE_TEXT
from ..content import head
from ..content.articles import is_article
from ..state import PARALLEL_SAFE

HELP_DOC = "finding-help"


def _notice(docname: str) -> nodes.admonition:
    link = addnodes.pending_xref(
        "",
        nodes.inline("", "Finding help"),
        refdomain="std",
        reftype="doc",
        reftarget="/" + HELP_DOC,
        refexplicit=True,
        refdoc=docname,
        refwarn=True,
    )
    paragraph = nodes.paragraph("", "", nodes.Text(NOTICE_TEXT), link, nodes.Text("."))
    return nodes.admonition(
        "", nodes.title("", "Health information"), paragraph, classes=["kb-notice"]
    )


def needs_notice(docname: str, text: str, root_doc: str, topics: str) -> bool:
    """Articles always; other pages when their text touches a distressing topic."""
    if docname in (HELP_DOC, root_doc):
        return False
    return is_article(docname) or re.search(topics, text, re.IGNORECASE) is not None


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    text = doctree.astext()
    if not needs_notice(docname, text, app.config.root_doc, app.config.kb_notice_topics):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    head.insert(section, _notice(docname))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", add_notice)
    return PARALLEL_SAFE
