"""A notice at the top of every article, such as a health warning (``kb_notice_text``).

A site that sets ``kb_notice_text`` gets it on every article, and on any other
page whose text matches ``kb_notice_topics``: this site shows a health notice on
pages that touch suicide, self-harm, abuse or trauma, such as the glossary. It
ends with a link to ``kb_help_page``, titled as that page is; the help page and the
landing page, which carry their own urgent-help line, have no notice. It is added
to the doctree rather than to the Markdown source, so that line numbers in
warnings still match the file the author edits. The title and text go through the
extension's message catalog (``i18n.py``), as its other words do.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..content import head
from ..content.articles import is_article
from ..i18n import _
from ..state import PARALLEL_SAFE


def _notice(docname: str, config: Config) -> nodes.admonition:
    paragraph = nodes.paragraph("", "", nodes.Text(_(config.kb_notice_text)))
    if config.kb_help_page:
        # No text of its own: the link shows the help page's title.
        paragraph += addnodes.pending_xref(
            "",
            nodes.inline("", ""),
            refdomain="std",
            reftype="doc",
            reftarget="/" + config.kb_help_page,
            refexplicit=False,
            refdoc=docname,
            refwarn=True,
        )
        paragraph += nodes.Text(".")
    return nodes.admonition(
        "", nodes.title("", _(config.kb_notice_title)), paragraph, classes=["kb-notice"]
    )


def needs_notice(docname: str, text: str, config: Config) -> bool:
    """Articles always; other pages when their text touches one of ``kb_notice_topics``."""
    if not config.kb_notice_text or docname in (config.kb_help_page, config.root_doc):
        return False
    topics = config.kb_notice_topics
    return is_article(config, docname) or bool(topics and re.search(topics, text, re.IGNORECASE))


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not app.config.kb_notice_text or not needs_notice(docname, doctree.astext(), app.config):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    head.insert(section, _notice(docname, app.config))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.i18n")
    # Before other doctree-read handlers (500), so that they see the notice: the record
    # of links shown with their target's title (features/navigation.py) takes in its link.
    app.connect("doctree-read", add_notice, priority=400)
    return PARALLEL_SAFE
