"""The health-information notice shown at the top of every article.

It is added to the doctree rather than to the Markdown source, so that line
numbers in warnings still match the file the author edits.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .articles import is_article

NOTICE_TEXT = (
    "This article is for education. It does not replace care from a qualified "
    "professional. If you are struggling or worried about someone, see "
)
HELP_DOC = "/finding-help"


def _notice(docname: str) -> nodes.admonition:
    link = addnodes.pending_xref(
        "",
        nodes.inline("", "Finding help"),
        refdomain="std",
        reftype="doc",
        reftarget=HELP_DOC,
        refexplicit=True,
        refdoc=docname,
        refwarn=True,
    )
    paragraph = nodes.paragraph("", "", nodes.Text(NOTICE_TEXT), link, nodes.Text("."))
    return nodes.admonition(
        "", nodes.title("", "Health information"), paragraph, classes=["kb-notice"]
    )


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not is_article(docname):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    section.insert(1, _notice(docname))


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", add_notice)
