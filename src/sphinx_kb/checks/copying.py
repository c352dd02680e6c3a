"""The copy guard: no page may repeat 10 or more consecutive words of a registered source.

Pages restructure their sources in their own words. When Sphinx reads a page
(every page: articles, the glossary, About, ...), its Markdown source, front
matter included, is compared with the fingerprint of every source in
``sources/`` (content/fingerprint.py): a run of ``RUN`` or more consecutive words that it
shares with a source, after lowercasing and ignoring punctuation, markup and
quote style, is a warning naming the file, the line where the run starts and
its length in words, so a ``-W`` build stops. A quotation of fewer than ten
words, such as a title in quotation marks, passes.

Files included into a page (``{include}``, as the Contributing page includes
CONTRIBUTING.md) are checked as themselves, with their own file and line.

The check reads the raw file as the author wrote it, so line numbers are exact
and it finds the same runs as a plain word-run comparison of the files would.
It runs only for pages that are read, so an incremental build checks only what
changed; a change to the registry re-reads every page (see features/sources.py).
"""

import os
from pathlib import Path

from sphinx.application import Sphinx

from ..content.fingerprint import RUN, find_copies
from ..features.sources import registry
from ..state import PARALLEL_SAFE
from ..warnings import warn


def _check(app: Sphinx, text: str, where) -> None:
    """Warn at where(line) about each run of text copied from a registered source."""
    known = registry(app)
    if not known:
        return
    fingerprints = [(source_id, item.fingerprint) for source_id, item in known.items()]
    for copy in find_copies(text, fingerprints):
        warn(
            "%d consecutive words (from %r...) are the same as in the source %s (%s): "
            "rewrite them in your own words; a quotation must be shorter than %d words, in "
            "quotation marks, and cited",
            copy.length,
            copy.first_words,
            known[copy.source].credit(),
            copy.source,
            RUN,
            location=where(copy.line),
            subtype="copied_text",
        )


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    _check(app, source[0], lambda line: (docname, line))


def check_included(app: Sphinx, path: Path, docname: str, content: list[str]) -> None:
    """A file included into a page (CONTRIBUTING.md on the site) is checked as itself."""
    included = os.path.normpath(Path(app.srcdir, path))
    _check(app, content[0], lambda line: f"{included}:{line}")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.features.sources")
    app.connect("source-read", check_page)
    app.connect("include-read", check_included)
    return PARALLEL_SAFE
