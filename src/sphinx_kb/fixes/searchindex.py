"""Keep index entries (the glossary's exact-term search hits) across incremental builds.

Sphinx collects a page's index entries while it writes the page, after the
environment has been saved, and does not read them back from the previous
``searchindex.js``; so an incremental build that does not rewrite the glossary
drops every glossary term from the search index (Sphinx issue 12599). This
module saves the entries when a build finishes and restores those of pages
that still exist before the next build writes anything.

It reads and fills ``BuildEnvironment._search_index_index_entries``, where
Sphinx keeps those entries, for the Sphinx versions in
``sphinx_kb.upstream.VERIFIED``; with others it does nothing (the glossary's
terms may then be missing from search after an incremental build, as in
Sphinx itself). It is a fix, not a speed-up: ``kb_speedups = False`` keeps it.
"""

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .. import upstream
from ..state import PARALLEL_SAFE

PATCH = "fixes.searchindex"
SAVED = "kb-search-index-entries.json"


def _saved(app: Sphinx) -> Path:
    return Path(app.doctreedir) / SAVED


def restore(app: Sphinx, env: BuildEnvironment) -> None:
    path = _saved(app)
    if app.builder.name != "html" or not path.exists():
        return
    entries = env._search_index_index_entries
    for docname, saved in json.loads(path.read_text(encoding="utf-8")).items():
        if docname in env.found_docs and docname not in entries:
            entries[docname] = [tuple(entry) for entry in saved]


def save(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    entries = {
        docname: found
        for docname, found in sorted(app.env._search_index_index_entries.items())
        if docname in app.env.found_docs
    }
    _saved(app).write_text(json.dumps(entries, sort_keys=True), encoding="utf-8")


def on_config_inited(app: Sphinx, config: Config) -> None:
    if upstream.enabled(PATCH, config, speedup=False):
        app.connect("env-updated", restore)
        app.connect("build-finished", save)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return PARALLEL_SAFE
