"""Per-document data kept on the build environment, safe for parallel and incremental builds.

Each feature keeps a ``{docname: value}`` dict on the environment under its own
attribute. Registering it here drops a document's value when Sphinx re-reads or
removes it (``env-purge-doc``) and merges the values read in parallel
processes (``env-merge-info``).
"""

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def get(env: BuildEnvironment, attr: str) -> dict:
    if not hasattr(env, attr):
        setattr(env, attr, {})
    return getattr(env, attr)


def register(app: Sphinx, attr: str) -> None:
    def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        get(env, attr).pop(docname, None)

    def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other) -> None:
        theirs = get(other, attr)
        get(env, attr).update({d: theirs[d] for d in docnames if d in theirs})

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)


# What every sub-extension returns from setup(): its state is merged as above.
PARALLEL_SAFE = {"parallel_read_safe": True, "parallel_write_safe": True}
