"""Format the ``{bibliography}`` lists again only when something they follow from changed.

sphinxcontrib-bibtex formats every entry of every ``{bibliography}`` directive on
every build (``BibtexDomain.env_updated``), even one that read no page: for this
site's list of references (167 entries) over 1 second, about 40% of a build with
nothing to do. The formatted entries are kept in the environment; they follow from
the pages (their bibliography directives and citations, which change only when a
page is read or removed), the configuration (a change re-reads every page) and the
``.bib`` files. So when no page was read or removed and the ``.bib`` files have the
times they had when the entries were formatted, the entries kept are used.

It replaces ``BibtexDomain.env_updated`` of sphinxcontrib-bibtex 2.7
(``VERIFIED_BIBTEX``), calling it whenever the entries must be formatted; with
another version it changes nothing and says so with ``-v``. Upstream,
sphinxcontrib-bibtex would need to cache the formatted entries by their inputs.
"""

from importlib import metadata

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)

VERIFIED_BIBTEX = "2.7"
# In the cite domain's data, so it is saved with the entries it describes.
KEY = "kb_formatted_from"


def bib_times(domain) -> list:
    return sorted((str(path), info.mtime) for path, info in domain.bibdata.bibfiles.items())


def mark_read(app: Sphinx, env: BuildEnvironment, docnames) -> None:
    if docnames:
        app._kb_pages_read = True


def mark_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    app._kb_pages_read = True


def patch_domain(app: Sphinx) -> None:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    if getattr(BibtexDomain, "_kb_cached", False):
        return  # patched by an earlier application in this process
    env_updated = BibtexDomain.env_updated

    def format_if_needed(self):
        app = self.env._app
        formatted_from = bib_times(self)
        if not getattr(app, "_kb_pages_read", True) and self.data.get(KEY) == formatted_from:
            return []
        result = env_updated(self)
        self.data[KEY] = formatted_from
        return result

    BibtexDomain._kb_cached = True
    BibtexDomain.env_updated = format_if_needed


def start(app: Sphinx) -> None:
    app._kb_pages_read = False


def setup(app: Sphinx) -> dict:
    try:
        version = metadata.version("sphinxcontrib-bibtex")
    except metadata.PackageNotFoundError:
        return PARALLEL_SAFE
    if ".".join(version.split(".")[:2]) != VERIFIED_BIBTEX:
        logger.verbose(
            "sphinx_kb.speedups.bibliographycache: checked with sphinxcontrib-bibtex %s only; "
            "%s formats its bibliographies on every build",
            VERIFIED_BIBTEX,
            version,
        )
        return PARALLEL_SAFE
    patch_domain(app)
    app.connect("builder-inited", start)
    app.connect("env-purge-doc", mark_purged)
    app.connect("env-before-read-docs", mark_read)
    return PARALLEL_SAFE
