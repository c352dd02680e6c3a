"""Term pages: every page that uses a glossary term, for terms used on many pages.

The glossary lists the first ``kb_backlinks_limit`` pages that use a term
(``features/backlinks.py``); a term used on more gets a generated page,
``<kb_terms_folder>/<anchor>.html``, listing all of them with their sections, and the
glossary links to it. Like the topic pages, these pages need no source file;
a page no longer needed is removed. Builders without generated pages (EPUB,
single HTML) list every use in the glossary instead.
"""

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..builders import has_generated_pages
from ..content.glossary import all_entries
from ..html.generated import write_page
from ..i18n import _
from ..state import PARALLEL_SAFE
from .backlinks import current_backlinks, page_links, term_page


def _pages(app: Sphinx):
    limit = app.config.kb_backlinks_limit
    entries = {entry.anchor: (docname, entry) for docname, entry in all_entries(app.env)}
    for anchor, pages in sorted(current_backlinks(app).items()):
        if len(pages) <= limit or anchor not in entries:
            continue
        glossary, entry = entries[anchor]
        page = term_page(app.config, anchor)
        uris = {doc: app.builder.get_relative_uri(page, doc) for doc in pages}
        back = f"{app.builder.get_relative_uri(page, glossary)}#{anchor}"
        name = entry.names[0]
        items = "\n".join(f"<li>{link}</li>" for link in page_links(app, pages, uris))
        title = _("Pages that use \u201c{term}\u201d").format(term=name)
        link = f'<a href="{escape(back)}">{escape(name)}</a>'
        # The link is put in after escaping, so a translation cannot add markup.
        lead = escape(_("{count} pages link to {term} in the glossary:")).format(
            count=len(pages), term=link
        )
        body = f'<h1>{escape(title)}</h1>\n<p>{lead}</p>\n<ul class="kb-term-uses">\n{items}\n</ul>'
        yield page, title, body


def collect_pages(app: Sphinx) -> list:
    """Write the term pages whose HTML changed, and remove those no term needs any more.

    They are written here, as the topic pages are, rather than handed to Sphinx,
    which would write every one of them on every build (html/generated.py).
    """
    if not has_generated_pages(app.builder):
        return []
    wanted = set()
    for page, title, body in _pages(app):
        wanted.add(page)
        write_page(app, page, {"title": title, "body": body})
    folder = app.config.kb_terms_folder
    for path in sorted((Path(app.outdir) / folder).glob(f"*{app.builder.out_suffix}")):
        if f"{folder}/{path.stem}" not in wanted:
            path.unlink()
    return []


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.glossary")
    app.setup_extension("sphinx_kb.features.backlinks")
    app.setup_extension("sphinx_kb.i18n")
    app.connect("html-collect-pages", collect_pages)
    return PARALLEL_SAFE
