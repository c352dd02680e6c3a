"""A sidebar that costs the same on every page, however large the site grows.

Furo renders the whole site's navigation into every page: it asks Sphinx for
the full toctree (which walks every document) and re-parses the result with
BeautifulSoup, so a build does O(N) work per page and O(N^2) in all. Furo's
maintainer declined a navigation-depth option (furo pull requests 128 and 674);
furo pull request 939, still open, removes only the re-parse. This module
renders the sidebar itself through Furo's documented override point, the
template ``sidebar/navigation.html`` (in ``sphinx_kb/html/templates/``), which
shows ``kb_navigation`` from the page's context. The renderer:

- reads the site's sections (the captioned toctrees of the root document) once
  per build;
- shows every section caption, the articles of the reader's current section,
  and the articles of any section with at most ``kb_nav_section_limit`` pages;
  a larger section the reader is not in is shown as one link into it;
- renders each section's links once per build for each folder of pages, and
  marks the current page with Furo's own classes, so it works without JavaScript.

Furo's ``html-page-context`` handler (priority 500) computes its own tree
whether a template shows it or not, from the page context's ``toctree``
function, and computes nothing when the context has none. So a handler that
runs just before it puts ``kb_navigation`` in the context and sets ``toctree``
aside, and one that runs just after it puts ``toctree`` back for any template
that calls it. No Furo internals are touched: should a later Furo compute its
tree another way, the pages stay the same and only the saving is lost (the
benchmark's "kb-furo-nav" configuration shows the difference).
``kb_nav_patch = False`` leaves Furo's own navigation in place.

Sphinx rewrites only the pages it considers outdated, so when a page title
changes, other pages would keep showing the old title in their sidebar,
previous/next links and untitled cross-references. After reading, this module
compares the titles it shows with those of the last build and returns the
pages that show a changed title, so Sphinx writes them again.
"""

from html import escape

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import docname_join
from sphinx.util.osutil import relative_uri

from .. import state
from ..builders import is_web_html
from ..i18n import _
from ..state import PARALLEL_SAFE

CONTEXT = "kb_navigation"  # read by templates/sidebar/navigation.html
SET_ASIDE = "_kb_toctree"
SECTIONS_SHOWN = "kb_nav_sections_shown"
TITLES_SHOWN = "kb_nav_titles_shown"
DOC_REFS = "kb_untitled_doc_refs"
CACHE = "_kb_nav_sections"
LINKS = "_kb_nav_links"

Section = tuple[str, tuple[str, ...]]


def sections(app: Sphinx) -> tuple[Section, ...]:
    """(caption, docnames) for each toctree of the root document, cached per build."""
    cached = getattr(app, CACHE, None)
    if cached is not None:
        return cached
    env = app.env
    found: list[Section] = []
    root = env.get_doctree(env.config.root_doc)
    for toctree in root.findall(addnodes.toctree):
        docs = tuple(ref for _, ref in toctree["entries"] if ref in env.titles)
        found.append((toctree.get("caption") or "", docs))
    result = tuple(found)
    setattr(app, CACHE, result)
    return result


def _visible(section: Section, pagename: str, limit: int) -> bool:
    return pagename in section[1] or len(section[1]) <= limit


def _links(app: Sphinx, index: int, docs: tuple[str, ...], folder: str) -> list[str]:
    """The list items of one section for pages in one folder, rendered once per build.

    A relative address depends only on the folder of the page it is written
    into, so the pages of a folder share their links.
    """
    cache = getattr(app, LINKS, None)
    if cache is None:
        cache = {}
        setattr(app, LINKS, cache)
    key = (index, folder)
    if key not in cache:
        builder, titles = app.builder, app.env.titles
        base = f"{folder}/\0" if folder else "\0"  # no page has this name
        cache[key] = [
            '<li class="toctree-l1"><a class="reference internal" '
            f'href="{relative_uri(base, builder.get_target_uri(doc))}">'
            f"{escape(titles[doc].astext())}</a></li>"
            for doc in docs
        ]
    return cache[key]


def render(app: Sphinx, pagename: str) -> str:
    """The sidebar navigation HTML of one page."""
    builder, titles = app.builder, app.env.titles
    base = builder.get_target_uri(pagename)
    folder = base.rpartition("/")[0]
    limit = app.config.kb_nav_section_limit
    html = []
    for index, (caption, docs) in enumerate(sections(app)):
        if caption:
            html.append(
                '<p class="caption" role="heading" aria-level="2">'
                f'<span class="caption-text">{escape(caption)}</span></p>'
            )
        current = pagename in docs
        html.append('<ul class="current">' if current else "<ul>")
        if _visible((caption, docs), pagename, limit):
            links = _links(app, index, docs, folder)
            if current:
                here = (
                    '<li class="toctree-l1 current current-page">'
                    '<a class="current reference internal" href="#">'
                    f"{escape(titles[pagename].astext())}</a></li>"
                )
                links = [
                    here if doc == pagename else link for doc, link in zip(docs, links, strict=True)
                ]
            html.extend(links)
        elif docs:
            uri = relative_uri(base, builder.get_target_uri(docs[0]))
            more = escape(_("{count} articles in {section}")).format(
                count=len(docs), section=escape(caption)
            )
            html.append(
                f'<li class="toctree-l1 kb-nav-more"><a class="reference internal" '
                f'href="{uri}">{more}</a></li>'
            )
        html.append("</ul>")
    return "\n".join(html) + "\n"


def install(app: Sphinx) -> None:
    """Give the pages of a Furo site this sidebar, unless ``kb_nav_patch`` is off."""
    if not app.config.kb_nav_patch or app.config.html_theme != "furo":
        return
    if not is_web_html(app.builder):
        return
    # Furo's handler has the default priority, 500.
    app.connect("html-page-context", _before_furo, priority=499)
    app.connect("html-page-context", _after_furo, priority=501)


def _before_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context[CONTEXT] = render(app, pagename)
    if "toctree" in context:
        context[SET_ASIDE] = context.pop("toctree")


def _after_furo(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if SET_ASIDE in context:
        context["toctree"] = context.pop(SET_ASIDE)


def _untitled_refs(app: Sphinx, doctree: nodes.document) -> None:
    """Record the pages this page links to without a title of its own.

    Each target is named as the reference resolver names it: MyST has already
    made the target of ``[](b.md)`` a full document name, while ``{doc}`` and
    MyST's other links (``[](b)``) are relative to the page's folder unless
    they start with ``/``, and may climb out of it (``../glossary``).
    """
    docname = app.env.docname
    targets = set()
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refexplicit") or not ref.get("reftarget"):
            continue
        kind, domain = ref.get("reftype"), ref.get("refdomain")
        if kind == "myst" and domain == "doc":
            targets.add(ref["reftarget"])
        elif kind == "doc" or (kind == "myst" and domain is None):
            targets.add(docname_join(ref.get("refdoc", docname), ref["reftarget"]))
    state.get(app.env, DOC_REFS)[docname] = sorted(targets)


def outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages that show a title which changed since the last build, or all if sections did."""
    setattr(app, CACHE, None)
    setattr(app, LINKS, None)
    structure = sections(app)
    titles = {doc: env.titles[doc].astext() for doc in env.found_docs if doc in env.titles}
    moved = state.changed(env, SECTIONS_SHOWN, dict(enumerate(structure)))
    renamed = state.changed(env, TITLES_SHOWN, titles)
    if moved:
        return sorted(env.found_docs)
    if not renamed:
        return []
    limit = app.config.kb_nav_section_limit
    stale = set()
    for section in structure:
        docs = section[1]
        if renamed & set(docs):
            stale |= set(env.found_docs) if len(docs) <= limit else set(docs)
    for doc, (_parent, previous, following) in env.collect_relations().items():
        if previous in renamed or following in renamed:
            stale.add(doc)
    for doc, targets in state.get(env, DOC_REFS).items():
        if renamed & set(targets):
            stale.add(doc)
    return sorted(stale & set(env.found_docs))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.html.theme")  # templates/sidebar/navigation.html
    app.setup_extension("sphinx_kb.i18n")
    state.register(app, DOC_REFS)
    app.connect("builder-inited", install)
    app.connect("doctree-read", _untitled_refs)
    app.connect("env-updated", outdated)
    return PARALLEL_SAFE
