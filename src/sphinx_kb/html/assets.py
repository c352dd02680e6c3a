"""Stylesheets and scripts only on the pages that use them, so that every page weighs less.

Sphinx, Furo and sphinx-design link all their files from every page. An article,
which uses none of them, loaded 20 KB of Pygments styles, 55 KB of sphinx-design
styles and 17 KB of scripts it did not need: about 215 KB on a first visit, now
about 105 KB (tests/browser/test_weight.py holds every article to 120 KB). So, on
the pages of web HTML builders (the EPUB is left as it is):

* sphinx-design's stylesheet and Furo's ``furo-extensions.css`` (which styles
  sphinx-design and extensions this site does not use: copy buttons, inline
  tabs, panels and Read the Docs' old sidebar widgets) are linked only from
  pages whose doctree holds a sphinx-design node, such as the landing page's
  cards, or when Read the Docs' sidebar widgets are on the page; sphinx-design's
  tab script only from pages with tabs;
* Pygments' stylesheet is linked only from pages with highlighted code;
* Sphinx's ``doctools.js`` and ``sphinx_highlight.js`` (with the options they
  read, ``documentation_options.js``) mark the searched words on a page opened
  from the search results. A page built from a document loads them only then,
  through a short inline script. conf.py turns off the "/"
  shortcut to the search box, which doctools.js would otherwise provide on
  every page (a one-key shortcut that cannot be turned off fails WCAG 2.1.4).

Generated pages (search, index, topics, terms) keep Sphinx's scripts as they are. The
files are still copied into ``_static``; pages merely stop linking to them.
"""

import json
import re

from docutils import nodes
from sphinx.application import Sphinx

from ..builders import is_web_html
from ..state import PARALLEL_SAFE

DESIGN_STYLES = ("sphinx-design", "design-style", "furo-extensions")
DESIGN_SCRIPTS = ("design-tabs",)
PYGMENTS = "pygments.css"
SEARCH_HELPERS = ("documentation_options.js", "doctools.js", "sphinx_highlight.js")
# Loads Sphinx's search helpers when the reader comes from the search results.
LOADER = """(() => {{
  let found = new URLSearchParams(location.search).has("highlight");
  try {{ found ||= !!localStorage.getItem("sphinx_highlight_terms"); }} catch {{}}
  if (found) for (const src of {sources}) {{
    document.head.append(Object.assign(document.createElement("script"), {{ async: false, src }}));
  }}
}})();"""


def page_needs(doctree: nodes.document) -> dict[str, bool]:
    """Which optional assets a page's doctree calls for, found in one walk of it."""
    needs = {"design": False, "tabs": False, "code": False}
    for node in doctree.findall(nodes.Element):
        classes = node.get("classes", ())
        if (
            type(node).__module__.startswith("sphinx_design")
            or any(name.startswith("sd-") for name in classes)
            or (isinstance(node, nodes.raw) and 'class="sd-' in node.astext())
        ):
            needs["design"] = True
        if "sd-tab-set" in classes:
            needs["tabs"] = True
        # Code blocks, and the code role with a language, are highlighted.
        if isinstance(node, (nodes.literal_block, nodes.doctest_block)) or (
            isinstance(node, nodes.literal) and "code" in classes
        ):
            needs["code"] = True
    return needs


def _name(asset) -> str:
    return str(asset.filename).rsplit("/", 1)[-1]


def _drop(assets: list, names: tuple[str, ...]) -> list:
    """Remove the assets whose file name starts with one of names; return them."""
    dropped = [asset for asset in assets if _name(asset).startswith(names)]
    assets[:] = [asset for asset in assets if asset not in dropped]
    return dropped


def _load_on_demand(app: Sphinx, context: dict, scripts: list) -> None:
    sources = []
    for script in sorted(scripts, key=lambda script: script.priority):  # Sphinx's order
        match = re.search(r'\bsrc="([^"]+)"', context["js_tag"](script))
        if match:
            sources.append(match.group(1))
    if sources:
        app.add_js_file(None, body=LOADER.format(sources=json.dumps(sources)))


def trim(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not is_web_html(app.builder) or "css_files" not in context:
        return
    # Modified in place: Sphinx renders these very lists, and restores them for the next page.
    css, scripts = context["css_files"], context["script_files"]
    needs = page_needs(doctree) if doctree is not None else {}
    if not needs.get("design") and not context.get("READTHEDOCS"):
        _drop(css, DESIGN_STYLES)
    if not needs.get("tabs"):
        _drop(scripts, DESIGN_SCRIPTS)
    if not needs.get("code"):
        _drop(css, (PYGMENTS,))
    if doctree is not None:
        _load_on_demand(app, context, _drop(scripts, SEARCH_HELPERS))


def setup(app: Sphinx) -> dict:
    # After the other handlers, so that the files they add are seen too.
    app.connect("html-page-context", trim, priority=900)
    return PARALLEL_SAFE
