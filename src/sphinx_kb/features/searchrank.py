"""Search ranking: the page that answers a query comes first, not a page that lists it.

Sphinx's search page scores a result by where the words were found (title,
text, index entry) and breaks ties alphabetically, so a query such as "EMDR"
put the glossary's index entry, or the claims page, above the article about it.
Sphinx's documented hook for this is a ``Scorer.score`` function; this module
supplies one on the search page only:

- every page gets the weight of the first ``kb_search_ranking`` pattern that
  matches its document name (from -10 to 10, as Read the Docs' ``search.ranking``
  takes them, so the two stay alike; a test compares them);
- a page whose title or front-matter description contains every word of the
  query ranks above the rest.

The page data goes to ``_static/kb-pages.js`` (``window.KB_PAGES``), written once
the sources are read and only when it changed; ``kb-rank.js`` reads it.
"""

import fnmatch
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..builders import is_web_html
from ..content.frontmatter import page_info
from ..state import PARALLEL_SAFE

FILENAME = "kb-pages.js"
HEADER = "// Titles, descriptions and search weights of this site's pages. Do not edit.\n"
SEARCH_PAGE = "search"


def weight(docname: str, ranking: dict[str, int]) -> int:
    """The weight of the first pattern in ``ranking`` that matches, or 0."""
    return next((w for pattern, w in ranking.items() if fnmatch.fnmatch(docname, pattern)), 0)


def pages(env: BuildEnvironment, ranking: dict[str, int]) -> dict[str, dict]:
    found = {}
    for docname in sorted(env.found_docs):
        title = env.titles[docname].astext() if docname in env.titles else ""
        words = f"{title} {page_info(env, docname)['description']}".strip()
        found[docname] = {"w": weight(docname, ranking), "d": words}
    return found


def script(data: dict[str, dict]) -> str:
    lines = ",\n".join(
        f"{json.dumps(name, ensure_ascii=True)}: {json.dumps(page, ensure_ascii=True)}"
        for name, page in data.items()
    )
    return f"{HEADER}window.KB_PAGES = {{\n{lines}\n}};\n"


def write(app: Sphinx, env: BuildEnvironment) -> None:
    if not is_web_html(app.builder):
        return
    target = Path(app.outdir) / "_static" / FILENAME
    text = script(pages(env, app.config.kb_search_ranking))
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if pagename == SEARCH_PAGE and doctree is None and is_web_html(app.builder):
        app.add_js_file(FILENAME, loading_method="defer")
        app.add_js_file("kb-rank.js", loading_method="defer")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.connect("env-updated", write)
    # After the term search's scripts (500), whichever part loads first.
    app.connect("html-page-context", add_assets, priority=510)
    return PARALLEL_SAFE
