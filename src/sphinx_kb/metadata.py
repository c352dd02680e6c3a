"""Page metadata: meta and Open Graph descriptions, and a sitemap.

The front-matter ``description`` of a page becomes its ``<meta name="description">``
and ``og:description``. When ``html_baseurl`` is set (Read the Docs sets it from
READTHEDOCS_CANONICAL_URL), ``sitemap.xml`` lists every page under that address,
with its ``lastmod`` date where known (review.py: git's date, else the review date).
"""

from html import escape
from pathlib import Path

from sphinx.application import Sphinx

from .frontmatter import page_info
from .review import modified


def add_meta(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    description = page_info(app.env, pagename)["description"]
    if not description:
        return
    title = context.get("title") or ""
    # Self-closed, so that the EPUB's XHTML stays well-formed.
    tags = [
        f'<meta name="description" content="{escape(description)}" />',
        f'<meta property="og:title" content="{escape(title)}" />',
        f'<meta property="og:description" content="{escape(description)}" />',
        '<meta property="og:type" content="article" />',
    ]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    base = app.config.html_baseurl
    if exception is not None or not base or app.builder.name != "html":
        return
    base = base if base.endswith("/") else base + "/"
    urls = []
    for doc in sorted(app.env.found_docs):
        lastmod = modified(app.env, doc)
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        urls.append(
            f"  <url><loc>{escape(base + app.builder.get_target_uri(doc))}</loc>{extra}</url>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )
    (Path(app.outdir) / "sitemap.xml").write_text(xml, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta)
    app.connect("build-finished", write_sitemap)
