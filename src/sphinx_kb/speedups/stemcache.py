"""Stem each word once per build for the search index, not once per page.

Sphinx's search indexer remembers stems only within one page (the
``functools.cache`` around ``self.lang.stem`` in
``sphinx.search.IndexBuilder.feed``), so a word used on every page is stemmed
again for every page; with the Snowball stemmer that was a quarter of the
writing time of a 1,000-article build. A stem depends only on the word and the
language, so this module registers, with Sphinx's extension point
``app.add_search_language``, an English search language that is Sphinx's own
(``sphinx.search.en.SearchEnglish``: same stop words, same JavaScript stemmer)
with its stems kept for the life of the indexer, that is, for the build. No
upstream issue is filed. Sites in other languages keep Sphinx's own.

``add_search_language`` sets ``sphinx.search.languages["en"]`` for the whole
process, so the registration goes through ``sphinx_kb.upstream``: it is made
only for the Sphinx versions verified there, and a later application in the
same process with ``kb_speedups = False`` gets Sphinx's own English back.
"""

import functools

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import upstream
from ..state import PARALLEL_SAFE

PATCH = "speedups.stemcache"


@functools.cache
def english_with_kept_stems() -> type:
    """Sphinx's SearchEnglish whose stem() remembers every word it was given."""
    from sphinx.search.en import SearchEnglish

    class SearchEnglishKeptStems(SearchEnglish):
        def __init__(self, options: dict[str, str]) -> None:
            super().__init__(options)
            self.stem = functools.cache(super().stem)

    return SearchEnglishKeptStems


def on_config_inited(app: Sphinx, config: Config) -> None:
    from sphinx.search import languages

    if upstream.enabled(PATCH, config, speedup=True):
        language = english_with_kept_stems()
        upstream.apply(
            PATCH,
            [(languages, language.lang, language)],
            install=lambda _languages, _lang, cls: app.add_search_language(cls),
        )


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return PARALLEL_SAFE
