"""Glossary backlinks: under each entry, the pages and sections that use the term.

On a large site a term is used on hundreds of pages, and listing them all made
the glossary of 1,000 articles weigh 1.3 MB. So in web HTML the "Used in" line
lists the first ``kb_backlinks_limit`` pages and links to the term's own page
(``features/termpages.py``, in the folder ``kb_terms_folder``) for the rest; the
EPUB, which has no such pages, lists them all.

An entry that no page uses is reported as a warning naming the term, so a
``-W`` build fails until the term is linked somewhere or removed.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .. import state
from ..builders import has_generated_pages
from ..content.glossary import GLOSSARY, entry_index, items, uses_by_doc
from ..i18n import _
from ..state import PARALLEL_SAFE
from ..warnings import warn

SHOWN = "kb_backlinks_shown"
# The backlinks of the current build, worked out once when reading ends. Kept on
# the application, not the environment, so they are not pickled with it.
FOUND = "_kb_backlinks_found"


def backlinks(env: BuildEnvironment) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Entry anchor -> {docname: [(section id, section title), ...]}, in document order."""
    index = entry_index(env)
    found: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for docname in sorted(uses_by_doc(env)):
        for use in uses_by_doc(env)[docname]:
            entry = index.get(use.term)
            if entry is None:
                continue
            sections = found.setdefault(entry.anchor, {}).setdefault(docname, [])
            if (use.section_id, use.section_title) not in sections:
                sections.append((use.section_id, use.section_title))
    return found


def term_page(config: Config, anchor: str) -> str:
    """The term page of the entry with this anchor (``term-neuron`` -> ``terms/neuron``)."""
    return f"{config.kb_terms_folder}/{anchor.removeprefix('term-')}"


def current_backlinks(app: Sphinx) -> dict[str, dict[str, list[tuple[str, str]]]]:
    found = getattr(app, FOUND, None)
    return found if found is not None else backlinks(app.env)


def warn_unused(app: Sphinx, env: BuildEnvironment) -> None:
    used = current_backlinks(app)
    for docname, entries in sorted(state.get(env, GLOSSARY).items()):
        for entry in entries:
            if entry.anchor not in used:
                warn(
                    "glossary term %r is used on no page: link it with {term} where it "
                    "is first used, or remove it",
                    entry.names[0],
                    location=(docname, entry.line),
                    subtype="unused_term",
                )


def page_links(app: Sphinx, pages: dict[str, list[tuple[str, str]]], uris: dict) -> list[str]:
    """One link per page, followed by links to the sections that use the term, as HTML.

    On a large site the glossary's lines held tens of thousands of nodes, which
    took longer to build and write than the rest of the page; strings cost next
    to nothing.
    """
    links = []
    for page, sections in pages.items():
        uri = escape(uris[page])
        title = app.env.titles[page].astext()
        link = f'<a href="{uri}">{escape(title)}</a>'
        inner = [
            f'<a href="{uri}#{escape(sid)}">{escape(stitle)}</a>'
            for sid, stitle in sections
            if stitle != title
        ]
        links.append(f"{link} ({', '.join(inner)})" if inner else link)
    return links


def _used_in(
    app: Sphinx,
    pages: dict[str, list[tuple[str, str]]],
    uris: dict[str, str],
    more: str | None,
) -> nodes.Node:
    """The "Used in" line of one entry; with ``more``, the first pages and a link to all."""
    limit = app.config.kb_backlinks_limit
    if more is None or len(pages) <= limit:
        links = page_links(app, pages, uris)
    else:
        shown = dict(list(pages.items())[:limit])
        rest = len(pages) - limit
        all_pages = escape(_("all {count} pages").format(count=len(pages)))
        and_more = escape(_("and {count} more").format(count=rest))
        links = [
            *page_links(app, shown, uris),
            f'{and_more} (<a href="{escape(more)}">{all_pages}</a>)',
        ]
    used_in = escape(_("Used in") + ": ")
    html = f'<p class="kb-used-in"><strong>{used_in}</strong>{"; ".join(links)}</p>\n'
    return nodes.raw("", html, format="html")


def add_backlinks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname not in state.get(app.env, GLOSSARY):
        return
    found = current_backlinks(app)
    # A page can be listed under hundreds of terms: work each address out once.
    pages_used = {page for pages in found.values() for page in pages}
    uris = {page: app.builder.get_relative_uri(docname, page) for page in sorted(pages_used)}
    for item in items(doctree):
        anchor = item.terms[0]["ids"][0]
        pages = found.get(anchor)
        if pages:
            more = None
            if has_generated_pages(app.builder):
                more = app.builder.get_relative_uri(docname, term_page(app.config, anchor))
            item.definition.append(_used_in(app, pages, uris, more))


def glossary_outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the glossary when its backlinks, or the titles they show, changed."""
    found = backlinks(env)
    setattr(app, FOUND, found)
    shown = {
        anchor: {page: (env.titles[page].astext(), sections) for page, sections in pages.items()}
        for anchor, pages in found.items()
    }
    return sorted(state.get(env, GLOSSARY)) if state.changed(env, SHOWN, shown) else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.glossary")
    app.setup_extension("sphinx_kb.i18n")
    app.connect("env-updated", glossary_outdated)
    app.connect("env-check-consistency", warn_unused)
    app.connect("doctree-resolved", add_backlinks)
    return PARALLEL_SAFE
