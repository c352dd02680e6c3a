"""Write a page's toctree parents again only when what their toctree shows of it changed.

After a page is read again, Sphinx writes every page whose toctree lists it (the
landing page, for an article), since the toctree shows the page's title and
sections. After a body edit these are the same as before, and the parent is
written to give the same file: at 1,000 articles in one section, a landing page
whose toctree lists all of them, about a tenth of the rebuild's work.

This module remembers, before a page is read again, what a toctree shows of it
(its title, its table of contents, the pages its own toctrees include and its
``tocdepth``), and when the writing starts it hides from Sphinx the toctree
parents of the pages for which none of that changed, until the build finishes.
The environment is saved before the writing starts, so what is saved is whole.
It only uses events (``env-purge-doc``, ``write-started``, ``build-finished``).
"""

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..state import PARALLEL_SAFE


def shown(env: BuildEnvironment, docname: str) -> tuple:
    """What a toctree that lists the page shows of it."""
    title = env.titles.get(docname)
    toc = env.tocs.get(docname)
    return (
        title.pformat() if title is not None else None,
        toc.pformat() if toc is not None else None,
        tuple(env.toctree_includes.get(docname, ())),
        env.metadata.get(docname, {}).get("tocdepth"),
    )


def remember(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    if docname in env.all_docs:
        app._kb_shown_before = getattr(app, "_kb_shown_before", {})
        app._kb_shown_before.setdefault(docname, shown(env, docname))


def hide_unchanged(app: Sphinx, builder) -> None:
    if not app.config.kb_speedups:
        return
    before = getattr(app, "_kb_shown_before", {})
    env = app.env
    unchanged = {
        docname
        for docname, was in before.items()
        if docname in env.all_docs and shown(env, docname) == was
    }
    if not unchanged:
        return
    app._kb_files_to_rebuild = env.files_to_rebuild
    env.files_to_rebuild = {
        docname: parents
        for docname, parents in env.files_to_rebuild.items()
        if docname not in unchanged
    }


def restore(app: Sphinx, exception: Exception | None) -> None:
    kept = getattr(app, "_kb_files_to_rebuild", None)
    if kept is not None:
        app.env.files_to_rebuild = kept
        app._kb_files_to_rebuild = None
    app._kb_shown_before = {}


def setup(app: Sphinx) -> dict:
    # Before the collectors (500) forget the page.
    app.connect("env-purge-doc", remember, priority=100)
    app.connect("write-started", hide_unchanged)
    app.connect("build-finished", restore)
    return PARALLEL_SAFE
