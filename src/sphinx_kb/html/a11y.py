"""Accessible markup, for faults axe-core found in what docutils, Sphinx and Furo write.

tests/browser/test_axe.py runs axe-core's WCAG 2.2 A and AA rules on every
page. The faults it found in markup this project does not write itself are
corrected where the markup is made, by the HTML translator of every HTML
builder (the EPUB's too, as reading systems read the same roles): this module
derives a translator from the one the builder would use, so it composes with a
translator a site sets itself.

* Bibliographies: docutils gives each citation ``role="doc-biblioentry"``
  inside a ``role="list"``. DPUB-ARIA 1.1 deprecates that role, and a list
  whose children are not list items is invalid (axe: aria-deprecated-role,
  aria-required-children). Each citation is written as a ``listitem``.
* The captions of toctrees, in a page or in Furo's own navigation (which
  Sphinx renders with the same translator), are ``<p role="heading">`` without
  the ``aria-level`` that role requires (axe: aria-required-attr). They are
  written with level 2, the level a heading role has by default. The
  extension's own sidebar (features/navigation.py) writes the same.
* Code blocks scroll sideways on narrow screens, so keyboard users must be
  able to focus them to scroll (axe: scrollable-region-focusable). The
  translator highlights code with a Pygments formatter whose ``wrap()`` (the
  method Pygments documents for changing the wrapping markup) writes
  ``<pre tabindex="0">``.

docutils and Sphinx write the first two tags in methods that take no extra
attributes, and docutils' ``starttag()`` sorts the attributes it is given (so
``aria-level`` would come first), so the translator calls those methods and
amends the one tag each has just written. Nothing is repaired after a page is
rendered. Furo re-serializes its own navigation with BeautifulSoup, which sorts
attributes too: with ``kb_nav_patch = False`` its captions read
``<p aria-level="2" class="caption" role="heading">``.

With Furo, two templates (added by ``html/theme.py``) correct the theme:
``templates/page.html`` puts a skip link first on the page
(docs/_static/kb-site.css makes Furo's drawer toggles, checkboxes before Furo's
own skip link, reachable from the keyboard, and hides Furo's skip link), and
``templates/search.html`` gives the search page the h1 it lacked, above
Sphinx's "Search Results" heading.
"""

import copy
import functools
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..builders import is_html
from ..state import PARALLEL_SAFE


class FocusablePre:
    """A Pygments HTML formatter part: the code's ``<pre>`` can take keyboard focus."""

    def wrap(self, source) -> Iterator[tuple[int, str]]:
        for kind, text in super().wrap(source):
            if kind == 0 and text.startswith("<pre"):  # kind 0: wrapping markup, not code
                text = '<pre tabindex="0"' + text.removeprefix("<pre")
            yield kind, text


@functools.cache
def focusable(formatter: type) -> type:
    if issubclass(formatter, FocusablePre):
        return formatter
    return type(f"Focusable{formatter.__name__}", (FocusablePre, formatter), {})


class AccessibleMarkup:
    """The part of the HTML translator that writes the markup described above."""

    def __init__(self, document: nodes.document, builder, *args, **kwargs) -> None:
        super().__init__(document, builder, *args, **kwargs)
        if getattr(self, "highlighter", None) is not None:
            highlighter = copy.copy(self.highlighter)  # the builder's stays as it is
            highlighter.formatter = focusable(highlighter.formatter)
            self.highlighter = highlighter

    def _amend(self, index: int, old: str, new: str) -> None:
        self.body[index] = self.body[index].replace(old, new, 1)

    def visit_citation(self, node: nodes.citation) -> None:
        super().visit_citation(node)
        self._amend(-1, 'role="doc-biblioentry"', 'role="listitem"')

    def visit_title(self, node: nodes.title) -> None:
        start = len(self.body)
        super().visit_title(node)
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            self._amend(start, 'role="heading"', 'role="heading" aria-level="2"')


@functools.cache
def accessible(translator: type) -> type:
    return type(f"Accessible{translator.__name__}", (AccessibleMarkup, translator), {})


def use_accessible_translator(app: Sphinx) -> None:
    builder = app.builder
    if not is_html(builder):
        return
    translator = builder.get_translator_class()
    if not issubclass(translator, AccessibleMarkup):
        app.set_translator(builder.name, accessible(translator), override=True)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.html.theme")  # templates/page.html, templates/search.html
    app.connect("builder-inited", use_accessible_translator)
    return PARALLEL_SAFE
