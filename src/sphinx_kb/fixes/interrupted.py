"""After a build that did not finish, build everything again, as a clean build would.

Sphinx saves the environment (``doctrees/environment.pickle``) once it has read
the sources and before it writes a single page, and it writes what covers the
whole site only at the end: ``searchindex.js`` is loaded from the previous build,
only the pages written this time are fed to it, and it is dumped last. A build
stopped while writing pages (Ctrl-C, a cancelled CI job, an out-of-memory kill,
a crash) leaves pages written without their index entries beside an
environment already pickled as up to date. The next build writes only the
missing pages and warns "search index couldn't be loaded, but not all documents
will be built"; the one after that succeeds quietly, and every page written
before the interruption stays out of search until ``_build`` is deleted. A page
cut off by SIGKILL is newer than its source, so it is never written again
either. Sphinx itself deletes the saved environment when a build fails with an
exception (``Sphinx.build``), but Ctrl-C raises ``KeyboardInterrupt``, which is
not an ``Exception``, and nothing runs at all on SIGKILL.

So each build leaves a mark in the doctrees folder when it starts reading,
one per output folder (``kb-unfinished-<digest of the folder's path>``: an
interrupted HTML build is still seen after an EPUB build that shares the
doctrees), and removes it when the build finishes without an exception, after
every other ``build-finished`` handler (a warning under ``--keep-going`` still
leaves a complete site). The mark stays out of the output folder, which is
served, published and, for the EPUB, zipped whole. A build that finds the mark
of an earlier one says so in one line and, before the environment is loaded,
does what Sphinx does after a failed build: it deletes the saved environment,
and with it this extension's saved search-index entries (fixes/searchindex.py). Every
page is then read and written again, the search index starts empty, and
everything made from all pages (``searchindex.js``, ``objects.inv``, the
sitemap, topic pages, the glossary's "Used in" lines, related articles,
``kb-terms.js``, the EPUB's table of contents) is made as a clean build makes
it.

Rewriting only the pages (keeping the environment) would cost less, but it
would trust state saved at an unknown moment of the interrupted build, such as a
file cut off by SIGKILL or the record of which topic pages are current. An
interruption is rare, and one clean build is what a contributor would otherwise
have to know to ask for (``make clean html``). The mark is per output folder, so
``make serve`` (sphinx-autobuild, which runs the same build into the same
folders) recovers the same way when it is started again.
"""

import hashlib
from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..state import PARALLEL_SAFE
from . import searchindex as searchfix

logger = logging.getLogger(__name__)
MARK = "kb-unfinished-{}"
# After every other build-finished handler: the mark goes only once all of them ran.
LAST = 900


def mark_of(app: Sphinx) -> Path:
    """The mark of an unfinished build into this application's output folder."""
    digest = hashlib.sha256(str(Path(app.outdir).resolve()).encode()).hexdigest()[:12]
    return Path(app.doctreedir) / MARK.format(digest)


def start_afresh_after_unfinished_build(app: Sphinx, config: Config) -> None:
    if not mark_of(app).exists():
        return
    logger.info(
        "The previous build into %s did not finish (interrupted, killed or failed): "
        "reading and writing every page again, as a clean build does.",
        app.outdir,
    )
    for saved in (ENV_PICKLE_FILENAME, searchfix.SAVED):
        (Path(app.doctreedir) / saved).unlink(missing_ok=True)


def mark_unfinished(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    mark = mark_of(app)
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.write_text(
        f"A build into {app.outdir} started and has not finished. If no build is running,\n"
        "it was interrupted: the next one reads and writes every page again.\n",
        encoding="utf-8",
    )


def mark_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        mark_of(app).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", start_afresh_after_unfinished_build)
    # Each build reads first (if only to find nothing changed), also the second
    # build of an application that builds twice; no page is written before.
    app.connect("env-before-read-docs", mark_unfinished)
    app.connect("build-finished", mark_finished, priority=LAST)
    return PARALLEL_SAFE
