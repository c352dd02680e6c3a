"""Accessibility repairs to the HTML that docutils and Sphinx write, found by axe-core.

tests/browser/test_axe.py runs axe-core's WCAG 2.2 A and AA rules on every
page; these are the faults it found in markup that this project does not
write itself, repaired on each page as it is written:

* Bibliographies: docutils gives each citation ``role="doc-biblioentry"``
  inside a ``role="list"``. DPUB-ARIA 1.1 deprecates that role, and a list
  whose children are not list items is invalid (axe: aria-deprecated-role,
  aria-required-children). Each citation becomes a ``listitem``.
* The captions of the navigation's sections are ``<p role="heading">``
  without the ``aria-level`` that role requires (axe: aria-required-attr).
  They get level 2, the level a heading role has by default.
* Code blocks scroll sideways on narrow screens, so keyboard users must be
  able to focus them to scroll (axe: scrollable-region-focusable).

The EPUB gets the same repairs, as reading systems read the same roles.

With Furo, two templates repair the theme: ``templates/page.html`` puts a skip
link first on the page (docs/_static/kb-site.css makes Furo's drawer toggles,
checkboxes before Furo's own skip link, reachable from the keyboard, and hides
Furo's skip link), and ``templates/search.html`` gives the search page the h1
it lacked, above Sphinx's "Search Results" heading.
"""

import re

from sphinx.application import Sphinx
from sphinx.config import Config

from ..builders import is_html
from ..state import PARALLEL_SAFE
from . import TEMPLATES

CITATION = 'role="doc-biblioentry"'
CAPTION = re.compile(r'(<p class="caption" role="heading")(?![^>]*\baria-level=)')
CODE = '<div class="highlight"><pre>'


def repair_navigation(html: str) -> str:
    return CAPTION.sub(r'\1 aria-level="2"', html)


def repair_body(html: str) -> str:
    html = html.replace(CITATION, 'role="listitem"')
    html = html.replace(CODE, '<div class="highlight"><pre tabindex="0">')
    return repair_navigation(html)  # a toctree shown in the page has the same captions


def repair(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not is_html(app.builder):
        return
    if isinstance(context.get("body"), str):
        context["body"] = repair_body(context["body"])
    # Furo's navigation, possibly replaced by our own (this handler runs after both).
    if isinstance(context.get("furo_navigation_tree"), str):
        context["furo_navigation_tree"] = repair_navigation(context["furo_navigation_tree"])


def add_templates(app: Sphinx, config: Config) -> None:
    if config.html_theme == "furo" and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", repair, priority=900)
    return PARALLEL_SAFE
