"""Format the ``{bibliography}`` lists again only when something they follow from changed.

sphinxcontrib-bibtex formats every entry of every ``{bibliography}`` directive on
every build (``BibtexDomain.env_updated``), even one that read no page: for this
site's list of references (167 entries) over 1 second, about 40% of a build with
nothing to do. The formatted entries are kept in the environment; they follow from
the pages (their bibliography directives and citations, which change only when a
page is read or removed), the configuration (a change re-reads every page) and the
``.bib`` files. So when no page was read or removed and the ``.bib`` files have the
times they had when the entries were formatted, the entries kept are used.

It replaces ``BibtexDomain.env_updated`` of sphinxcontrib-bibtex 2.7, calling it
whenever the entries must be formatted, under the policy of ``upstream.py`` (the
versions it was checked against; ``-v`` says when it is skipped). No upstream
issue is filed. Upstream,
sphinxcontrib-bibtex would need to cache the formatted entries by their inputs.
"""

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .. import upstream
from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)

PATCH = "speedups.bibliographycache"
# In the cite domain's data, so it is saved with the entries it describes.
KEY = "kb_formatted_from"


def bib_times(domain) -> list:
    return sorted((str(path), info.mtime) for path, info in domain.bibdata.bibfiles.items())


def mark_read(app: Sphinx, env: BuildEnvironment, docnames) -> None:
    if docnames:
        app._kb_pages_read = True


def mark_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    app._kb_pages_read = True


def replacements() -> list[tuple[object, str, object]]:
    """The domain's env_updated, formatting only when something it formats changed."""
    from sphinxcontrib.bibtex.domain import BibtexDomain

    env_updated = upstream.original(BibtexDomain, "env_updated")

    def format_if_needed(self):
        app = self.env._app
        formatted_from = bib_times(self)
        if not getattr(app, "_kb_pages_read", True) and self.data.get(KEY) == formatted_from:
            return []
        result = env_updated(self)
        self.data[KEY] = formatted_from
        return result

    return [(BibtexDomain, "env_updated", format_if_needed)]


def start(app: Sphinx) -> None:
    app._kb_pages_read = False


def setup(app: Sphinx) -> dict:
    upstream.connect(app, PATCH, replacements, speedup=True)
    app.connect("builder-inited", start)
    app.connect("env-purge-doc", mark_purged)
    app.connect("env-before-read-docs", mark_read)
    return PARALLEL_SAFE
