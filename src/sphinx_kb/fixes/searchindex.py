"""Keep ``searchindex.js`` after an incremental build equal to a clean build's.

Two gaps of Sphinx's incremental search index are closed here:

- Index entries (the glossary's exact-term search hits). Sphinx collects a
  page's index entries while it writes the page, after the environment has been
  saved, and does not read them back from the previous ``searchindex.js``; so an
  incremental build that does not rewrite the glossary drops every glossary term
  from the search index (Sphinx issue 12599). This module saves the entries when
  a build finishes and restores those of pages that still exist before the next
  build writes anything.
- Words of no page. The previous ``searchindex.js`` is loaded and
  ``IndexBuilder.prune`` removes from each word the pages that are rewritten or
  deleted, but keeps the word: a word only a deleted page had (or only the old
  text of an edited page) stays in the index with no page (``"sleep": []``). No
  upstream issue is filed for it. On ``html-collect-pages``, after every page is
  written and before the index is dumped, the words whose set of pages is empty
  are dropped (a clean build has none).

It reads and fills ``BuildEnvironment._search_index_index_entries``, where
Sphinx keeps those entries, and the builder's indexer (``IndexBuilder._mapping``
and ``_title_mapping``), for the Sphinx versions in
``sphinx_kb.upstream.VERIFIED``; with others it does nothing (the glossary's
terms may then be missing from search after an incremental build, and words of
no page kept, as in Sphinx itself). It is a fix, not a speed-up:
``kb_speedups = False`` keeps it.
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


def drop_words_of_no_page(app: Sphinx) -> list:
    """Drop the words pruning left without a page; no page is added (html-collect-pages)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return []


def on_config_inited(app: Sphinx, config: Config) -> None:
    if upstream.enabled(PATCH, config, speedup=False):
        app.connect("env-updated", restore)
        app.connect("html-collect-pages", drop_words_of_no_page)
        app.connect("build-finished", save)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return PARALLEL_SAFE
