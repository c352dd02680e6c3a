"""Page metadata: the meta description, the description for Open Graph, and a sitemap.

The front-matter ``description`` of a page becomes its ``<meta name="description">``.
Open Graph tags come from sphinxext-opengraph; it takes a page's ``og:`` metadata as
given, so this module hands it the same description (it would otherwise use the
page's first 200 characters). It runs first, and sphinxext-opengraph then adds no
second meta description.

When ``html_baseurl`` is set (Read the Docs sets it from READTHEDOCS_CANONICAL_URL),
``sitemap.xml`` lists every page under that address, the generated topic and term
pages included (not the search page or the index), with its ``lastmod`` date where
known (features/review.py: git's date, else the review date). sphinx-sitemap is not used: it
lists only the pages written by the current build, so after an incremental build
its sitemap lacks every unchanged page (its issue 13), and it lists pages in the
order parallel processes wrote them, so two builds of the same sources differ.
"""

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from ..content.frontmatter import page_info
from ..speedups.unchangedwrites import write_if_changed
from ..state import PARALLEL_SAFE
from .review import modified


def add_meta(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    description = page_info(app.env, pagename)["description"]
    if not description:
        return
    # Self-closed, so that the EPUB's XHTML stays well-formed.
    tag = f'<meta name="description" content="{escape(description)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag
    # A copy: the page's metadata belongs to the environment.
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}


def pages(app: Sphinx) -> list[tuple[str, str | None]]:
    """(page address relative to the site, lastmod or None) for every page of the sitemap."""
    found = [
        (app.builder.get_target_uri(doc), modified(app.env, doc)) for doc in app.env.found_docs
    ]
    outdir = Path(app.outdir)
    for folder in (app.config.kb_topics_folder, app.config.kb_terms_folder):
        for path in (outdir / folder).glob(f"*{app.builder.out_suffix}"):
            found.append((path.relative_to(outdir).as_posix(), None))
    return sorted(found)


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    base = app.config.html_baseurl
    if exception is not None or not base or app.builder.name != "html":
        return
    base = base if base.endswith("/") else base + "/"
    urls = []
    for address, lastmod in pages(app):
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        urls.append(f"  <url><loc>{escape(base + address)}</loc>{extra}</url>")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )
    write_if_changed(Path(app.outdir) / "sitemap.xml", xml.encode("utf-8"))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.setup_extension("sphinx_kb.features.backlinks")
    app.setup_extension("sphinx_kb.features.review")
    app.setup_extension("sphinx_kb.features.tags")
    # Before sphinxext-opengraph's handler (500), which reads the description.
    app.connect("html-page-context", add_meta, priority=400)
    app.connect("build-finished", write_sitemap)
    return PARALLEL_SAFE
