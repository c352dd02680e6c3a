"""What the extension keeps on the build environment, and the pages it makes stale.

Sphinx reads only the documents that changed and writes only the pages it read,
so whatever a page shows from other documents must say when it is stale. Two
kinds of state do so, the same way in every feature:

- Per-document data, such as the claims or the review date read from a page: a
  ``{docname: value}`` dict on the environment under the feature's own
  attribute, kept by a ``Registry`` (an ``EnvironmentCollector``). It drops a
  document's value when Sphinx reads the document again or it is removed, and
  merges the values read by parallel processes. A subclass may name documents
  to read again (``get_outdated_docs``).
- What pages show that is worked out from all documents, such as the glossary's
  "Used in" lines or the titles in the sidebar: after reading, on
  ``env-updated``, a feature works out what each page would show now and passes
  it to ``changed``, which keeps it for the next build and returns what differs
  from the last one; the feature returns the pages that show it, so Sphinx
  writes them again.

All of it is pickled with the environment: when its shape changes,
``ENV_VERSION`` in ``__init__.py`` goes up.
"""

from collections.abc import Hashable, Mapping, Set

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

_ABSENT = object()


def get(env: BuildEnvironment, attr: str) -> dict:
    if not hasattr(env, attr):
        setattr(env, attr, {})
    return getattr(env, attr)


class Registry(EnvironmentCollector):
    """``{docname: value}`` under ``attr``, right after re-reads, removals and parallel reads.

    The feature fills it while reading; a subclass may fill it in ``process_doc``.
    """

    attr: str

    def __init__(self, attr: str | None = None) -> None:
        if attr is not None:
            self.attr = attr

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        get(env, self.attr).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        theirs = get(other, self.attr)
        get(env, self.attr).update({d: theirs[d] for d in docnames if d in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        pass


def register(app: Sphinx, attr: str) -> None:
    """Keep the per-document dict ``attr`` right (see ``Registry``)."""
    Registry(attr).enable(app)


def changed(env: BuildEnvironment, attr: str, shown: Mapping[Hashable, object]) -> set:
    """Keep what a set of pages shows under ``attr``; return the keys shown differently before.

    ``shown`` maps each key (a page, a term, a source) to what is shown for it.
    A key added or gone counts as changed; on a first build, with nothing kept,
    every key does.
    """
    before = getattr(env, attr, None)
    setattr(env, attr, shown)
    if before is None:
        return set(shown)
    return {
        key
        for key in before.keys() | shown.keys()
        if before.get(key, _ABSENT) != shown.get(key, _ABSENT)
    }


# What every sub-extension returns from setup(): its state is merged as above.
PARALLEL_SAFE = {"parallel_read_safe": True, "parallel_write_safe": True}
