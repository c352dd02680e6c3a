"""Reference lists and footnotes stay out of full-text search.

A search for a word found only in a cited work's title (such as "defence", in
"The Ego and the Mechanisms of Defence") listed every article citing it, with the
title as the snippet. Sphinx leaves out of its index any element with the class
``no-search``; this module gives that class to footnotes (the citations of
``{footbibliography}``) and citations (the reference list of ``{bibliography}``).

Sphinx's search page cuts each snippet around the first place the page's text
holds a searched word. A page now matches only words of its title, body or
index entries, which come before its footnotes, so no snippet quotes them.
"""

from docutils import nodes
from sphinx.application import Sphinx

from ..state import PARALLEL_SAFE

CLASS = "no-search"
LEFT_OUT = (nodes.footnote, nodes.citation)


def mark(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(lambda n: isinstance(n, LEFT_OUT)):
        if CLASS not in node["classes"]:
            node["classes"].append(CLASS)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", mark)
    return PARALLEL_SAFE
