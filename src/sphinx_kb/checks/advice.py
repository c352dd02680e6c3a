"""Say what to do: advice added to warnings that Sphinx and other extensions raise.

Sphinx, MyST and sphinxcontrib-bibtex name the file and line of a problem and
what is wrong ("term not in glossary: 'x'"), but not how to fix it. This module
adds one sentence of advice to those warnings, chosen by the warning's type and
subtype (the ``[ref.term]`` shown after it), which stay as they are, so
``suppress_warnings`` works as before.

The advice is added by a filter on the handler that prints warnings; Sphinx sets
that handler up before it loads extensions, for every application it creates.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

from .. import state
from ..content.glossary import GLOSSARY
from ..state import PARALLEL_SAFE


def _source(app: Sphinx, docname: str) -> str:
    """A document's file as a contributor sees it: docs/glossary.md."""
    path = Path(app.env.doc2path(docname))
    srcdir = Path(app.srcdir)
    return str(srcdir.name / path.relative_to(srcdir)) if path.is_relative_to(srcdir) else str(path)


def _glossary(app: Sphinx) -> str:
    files = [_source(app, doc) for doc in sorted(state.get(app.env, GLOSSARY))]
    return " or ".join(files) or "the glossary"


def _bibliography(app: Sphinx) -> str:
    srcdir = Path(app.srcdir)
    files = getattr(app.config, "bibtex_bibfiles", None) or ["references.bib"]
    # bibcheck may have swapped a faulty file for a checked copy outside the sources.
    shown = [str(srcdir.name / Path(f)) for f in files if not Path(f).is_absolute()]
    return " or ".join(shown) or "the bibliography"


def _root(app: Sphinx) -> str:
    return _source(app, app.config.root_doc)


ADVICE: dict[tuple[str, str], Callable[[Sphinx], str]] = {
    ("ref", "term"): lambda app: (
        f"link a term that {_glossary(app)} defines (or one of its aliases), or add the "
        "term there with a plain definition"
    ),
    ("ref", "ref"): lambda app: (
        "use a label that exists ('(label)=' on the line above a heading), or link the "
        "section as [text](page.md#heading-anchor)"
    ),
    ("ref", "doc"): lambda app: (
        "give the path of an existing page, relative to this file and without '.md'"
    ),
    ("myst", "xref_missing"): lambda app: (
        "point the link at an existing page (other-page.md), a heading on it "
        "(other-page.md#heading-anchor) or a label, or give a full https:// address"
    ),
    ("myst", "header"): lambda app: (
        "give each heading one '#' more than the heading it belongs under "
        "('##' under '#', '###' under '##')"
    ),
    ("bibtex", "key_not_found"): lambda app: (
        f"cite a key that {_bibliography(app)} has, or add the source there with "
        "details you have checked against a public record"
    ),
    ("toc", "not_included"): lambda app: (
        f"list it in a toctree, such as one in {_root(app)} (make new-article does this "
        "for a new article)"
    ),
    ("image", "not_readable"): lambda app: (
        "put the image file in the folder of the page and check its name"
    ),
}


class AdviceFilter(logging.Filter):
    """Append what to do to the warnings listed in ADVICE."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        key = (getattr(record, "type", None), getattr(record, "subtype", None))
        advise = ADVICE.get(key)  # type: ignore[arg-type]
        if advise is None or getattr(record, "kb_advised", False):
            return True
        try:
            advice = advise(self.app)
        except Exception:  # advice is a courtesy: never let it break the warning itself
            return True
        if record.args:
            advice = advice.replace("%", "%%")
        record.msg = f"{record.msg}: {advice}"
        record.kb_advised = True
        return True


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.glossary")
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
            isinstance(f, AdviceFilter) for f in handler.filters
        ):
            # First, so the advice comes before the " [type.subtype]" Sphinx appends.
            handler.filters.insert(0, AdviceFilter(app))
    return PARALLEL_SAFE
