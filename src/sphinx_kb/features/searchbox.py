"""The ``kb-searchbox`` directive: a search form for the landing page.

Markdown pages may not carry raw HTML, so the form comes from this directive.
It submits to Sphinx's own search page and works without JavaScript. Its
placeholder shows the site's example queries (``kb_search_examples``), if any. Its
stylesheet, ``static/kb-searchbox.css``, is linked only from pages with the form.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..builders import is_web_html
from ..i18n import _
from ..state import PARALLEL_SAFE

FORM = """<form class="kb-searchbox" action="{action}" method="get" role="search">
  <label for="kb-search-input">{label}</label>
  <input id="kb-search-input" type="search" name="q" autocomplete="off"{placeholder}>
  <button type="submit">{button}</button>
</form>"""


def form(action: str, examples: list[str] | tuple[str, ...]) -> str:
    """The form's HTML, its words in the site's language."""
    placeholder = ""
    if examples:
        text = _("e.g. {examples}").format(examples=", ".join(examples))
        placeholder = f'\n         placeholder="{escape(text)}"'
    return FORM.format(
        action=escape(action),
        label=escape(_("Search the knowledge base")),
        placeholder=placeholder,
        button=escape(_("Search")),
    )


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
            html = form(action, app.config.kb_search_examples)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.replace_self([])


def add_stylesheet(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and any(
        'class="kb-searchbox"' in node.astext() for node in doctree.findall(nodes.raw)
    ):
        app.add_css_file("kb-searchbox.css")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.i18n")
    app.add_node(SearchBox)
    app.add_directive("kb-searchbox", SearchBoxDirective)
    app.connect("doctree-resolved", render)
    app.connect("html-page-context", add_stylesheet)
    return PARALLEL_SAFE
