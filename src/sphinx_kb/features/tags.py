"""Tags: shown on each article, one topic page per tag, and a Topics index.

Tags come from article front matter and must be in ``kb_tags`` (checked in
content/frontmatter.py). Topic pages are generated HTML pages (like Sphinx's general
index), so they need no source files; they are not part of the EPUB.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..builders import has_generated_pages
from ..content import head
from ..content.articles import is_article
from ..content.frontmatter import page_info
from ..html.generated import write_page
from ..state import PARALLEL_SAFE

TOPICS = "topics"


def topic_page(tag: str) -> str:
    return f"{TOPICS}/{tag}"


def articles_by_tag(app: Sphinx) -> dict[str, list[str]]:
    """Tag -> its articles, sorted by title then docname; every configured tag is present."""
    env = app.env
    found: dict[str, list[str]] = {tag: [] for tag in app.config.kb_tags}
    for docname in sorted(env.found_docs):
        if is_article(docname):
            for tag in page_info(env, docname)["tags"]:
                found[tag].append(docname)
    for docs in found.values():
        docs.sort(key=lambda d: (env.titles[d].astext().lower(), d))
    return found


def add_tag_list(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    tags = page_info(app.env, docname)["tags"] if is_article(docname) else []
    section = next(iter(doctree.findall(nodes.section)), None)
    if not tags or section is None:
        return
    paragraph = nodes.paragraph("", "", classes=["kb-tags"])
    if has_generated_pages(app.builder):
        base = app.builder.get_target_uri(docname)
        index = relative_uri(base, app.builder.get_target_uri(topic_page("index")))
        paragraph += nodes.reference("", "", nodes.strong("", "Topics"), refuri=index)
        paragraph += nodes.Text(": ")
    else:
        paragraph += nodes.strong("", "Topics: ")
    for number, tag in enumerate(tags):
        if number:
            paragraph += nodes.Text(", ")
        label = app.config.kb_tags[tag]
        if has_generated_pages(app.builder):
            uri = relative_uri(base, app.builder.get_target_uri(topic_page(tag)))
            paragraph += nodes.reference("", label, refuri=uri, classes=["kb-tag"])
        else:
            paragraph += nodes.Text(label)
    head.insert(section, paragraph)


def _article_list(app: Sphinx, page: str, docnames: list[str]) -> str:
    base = app.builder.get_target_uri(page)
    items = []
    for docname in docnames:
        uri = relative_uri(base, app.builder.get_target_uri(docname))
        title = escape(app.env.titles[docname].astext())
        description = escape(page_info(app.env, docname)["description"])
        items.append(f'<li><a href="{uri}">{title}</a><br>{description}</li>')
    return '<ul class="kb-topic-articles">\n' + "\n".join(items) + "\n</ul>"


def _pages(app: Sphinx):
    by_tag = articles_by_tag(app)
    index = topic_page("index")
    rows = []
    for tag, label in app.config.kb_tags.items():
        page = topic_page(tag)
        uri = relative_uri(app.builder.get_target_uri(index), app.builder.get_target_uri(page))
        count = len(by_tag[tag])
        noun = "article" if count == 1 else "articles"
        rows.append(f'<li><a href="{uri}">{escape(label)}</a> ({count} {noun})</li>')
        body = f"<h1>Topic: {escape(label)}</h1>\n" + (
            _article_list(app, page, by_tag[tag]) if by_tag[tag] else "<p>No articles yet.</p>"
        )
        yield page, f"Topic: {label}", body
    body = (
        "<h1>Topics</h1>\n<p>Every article is tagged with one or more topics.</p>\n"
        '<ul class="kb-topics">\n' + "\n".join(rows) + "\n</ul>"
    )
    yield index, "Topics", body


def collect_pages(app: Sphinx) -> list:
    """Write the topic pages whose HTML changed; leave the others as they are.

    They are written here rather than handed to Sphinx, which would write every
    one of them on every build (html/generated.py).
    """
    if has_generated_pages(app.builder):
        for page, title, body in _pages(app):
            write_page(app, page, {"title": title, "body": body})
    return []


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.connect("doctree-resolved", add_tag_list)
    app.connect("html-collect-pages", collect_pages)
    return PARALLEL_SAFE
