"""The ``kb-searchbox`` directive: a search form for the landing page.

Markdown pages may not carry raw HTML, so the form comes from this directive.
It submits to Sphinx's own search page and works without JavaScript. Its
stylesheet, ``static/kb-searchbox.css``, is linked only from pages with the form.
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..builders import is_web_html
from ..state import PARALLEL_SAFE

FORM = """<form class="kb-searchbox" action="{action}" method="get" role="search">
  <label for="kb-search-input">Search the knowledge base</label>
  <input id="kb-search-input" type="search" name="q" autocomplete="off"
         placeholder="e.g. IPNB, attachment, defence mechanism">
  <button type="submit">Search</button>
</form>"""


class SearchBox(nodes.General, nodes.Element):
    """Placeholder replaced by the form once the output page is known."""


class SearchBoxDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [SearchBox()]


def render(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(SearchBox)):
        if is_web_html(app.builder):
            action = relative_uri(app.builder.get_target_uri(docname), "search.html")
            node.replace_self(nodes.raw("", FORM.format(action=action), format="html"))
        else:
            node.replace_self([])


def add_stylesheet(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and any(
        'class="kb-searchbox"' in node.astext() for node in doctree.findall(nodes.raw)
    ):
        app.add_css_file("kb-searchbox.css")


def setup(app: Sphinx) -> dict:
    app.add_node(SearchBox)
    app.add_directive("kb-searchbox", SearchBoxDirective)
    app.connect("doctree-resolved", render)
    app.connect("html-page-context", add_stylesheet)
    return PARALLEL_SAFE
