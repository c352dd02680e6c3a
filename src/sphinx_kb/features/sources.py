"""Sources: the pages restructured from each source article, credited on both ends.

- The registry (``sources/*.yaml`` beside ``docs/``, ``kb_sources_dir`` in
  conf.py; see content/sourceregistry.py) is read once per build. A file with a problem
  is reported with its file and line. Its digest is a configuration value, so
  adding, editing or removing a source re-reads every page (each page's copy
  check and credit line depend on it).
- A page whose front matter has ``sources: [<id>, ...]`` shows, under its title,
  "Restructured from: TITLE by AUTHOR (PUBLISHER)", the title linking to the
  source's address or, where it has none, to its entry on the About page. An ID
  that no file registers is reported with the page's file and line.
- The ``{kb-sources}`` directive (on the About page) lists every registered
  source with its attribution and the pages restructured from it. The list is
  made when pages are written, from what every page declares, and the page that
  holds it is written again whenever that changes. A source's entry also links
  to the pages that check its claims (``{source-claim}``, features/sourceclaims.py).
"""

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .. import state
from ..content import head
from ..content.frontmatter import page_info
from ..content.sourceregistry import Source, SourceFileError, digest, read_source, source_paths
from ..state import PARALLEL_SAFE
from ..warnings import warn

REGISTRY = "_kb_sources"  # on the application: read from disk by every build, never pickled
DECLARED = "kb_page_sources"  # docname -> the registered source IDs it declares
LISTS = "kb_source_lists"  # docname -> True for pages holding {kb-sources}
SHOWN = "kb_source_lists_shown"
CLAIMS = "kb_source_claims"  # docname -> the source claims it checks (features/sourceclaims.py)
CREDIT_CLASS = "kb-source-credit"
ANCHOR = "source-{}"
NO_LICENCE = (
    "not stated: the text belongs to its author and publisher, and none of it is copied here"
)


def registry(app: Sphinx) -> dict[str, Source]:
    return getattr(app, REGISTRY, {})


def load_registry(app: Sphinx, config: Config) -> None:
    folder = Path(app.confdir, config.kb_sources_dir)
    paths = source_paths(folder)
    found: dict[str, Source] = {}
    for path in paths:
        try:
            source = read_source(path)
        except SourceFileError as error:
            warn(
                "%s",
                error,
                location=f"{error.path}:{error.line}",
                subtype="source_file",
            )
            continue
        found[source.id] = source
    setattr(app, REGISTRY, found)
    config.kb_sources_digest = digest(paths)


# -- Pages that declare sources -----------------------------------------------------------


def check_declared(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the registered IDs a page declares; report anything else at its line."""
    docname = app.env.docname
    declared = page_info(app.env, docname).get("sources")
    if declared is None:
        return
    value, line = declared
    known = registry(app)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        warn(
            "'sources' must be a list of source IDs, such as [does-therapy-really-work]",
            location=(docname, line),
            subtype="unknown_source",
        )
        return
    for source_id in value:
        if source_id not in known:
            choices = ", ".join(sorted(known)) or "none yet"
            warn(
                "unknown source %r in 'sources': use the ID of a file in sources/ (%s), "
                "or register the source first with make import-source",
                source_id,
                choices,
                location=(docname, line),
                subtype="unknown_source",
            )
    ids = list(dict.fromkeys(v for v in value if v in known))
    if ids:
        state.get(app.env, DECLARED)[docname] = ids


def _list_page(env: BuildEnvironment) -> str | None:
    pages = sorted(state.get(env, LISTS))
    return pages[0] if pages else None


def _title_link(app: Sphinx, docname: str, source: Source) -> nodes.Node:
    title = f"\u201c{source.title}\u201d"
    if source.url:
        return nodes.reference("", title, refuri=source.url)
    page = _list_page(app.env)
    if page is None:
        return nodes.Text(title)
    uri = app.builder.get_relative_uri(docname, page) if page != docname else ""
    return nodes.reference("", title, refuri=f"{uri}#{ANCHOR.format(source.id)}", internal=True)


def _credit(app: Sphinx, docname: str, ids: list[str]) -> nodes.paragraph:
    paragraph = nodes.paragraph("", "", classes=[CREDIT_CLASS])
    paragraph += nodes.strong("", "Restructured from: ")
    for number, source_id in enumerate(ids):
        source = registry(app)[source_id]
        if number:
            paragraph += nodes.Text("; ")
        paragraph += _title_link(app, docname, source)
        rest = f" by {source.author}" if source.author else ""
        rest += f" ({source.publisher})" if source.publisher else ""
        paragraph += nodes.Text(rest)
    paragraph += nodes.Text(".")
    return paragraph


def add_credit(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    ids = [i for i in state.get(app.env, DECLARED).get(docname, []) if i in registry(app)]
    section = next(iter(doctree.findall(nodes.section)), None)
    if not ids or section is None:
        return
    head.insert(section, _credit(app, docname, ids))


# -- The list of sources -------------------------------------------------------------------


class source_list(nodes.General, nodes.Element):
    """Where the list of sources goes; replaced when the page is written."""


class SourcesDirective(SphinxDirective):
    """``{kb-sources}``: every registered source and the pages made from it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        state.get(self.env, LISTS)[self.env.docname] = True
        return [source_list()]


def pages_by_source(app: Sphinx) -> dict[str, list[str]]:
    """Source ID -> the pages restructured from it, by title; every source is present."""
    env = app.env
    found: dict[str, list[str]] = {source_id: [] for source_id in registry(app)}
    for docname, ids in state.get(env, DECLARED).items():
        if docname in env.found_docs:
            for source_id in ids:
                found.setdefault(source_id, []).append(docname)
    for docnames in found.values():
        docnames.sort(key=lambda d: (env.titles[d].astext().lower(), d))
    return found


def _field(name: str, *body: nodes.Node) -> nodes.field:
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", *body))


def claim_pages(env: BuildEnvironment) -> dict[str, list[str]]:
    """Source ID -> the pages that check its claims ({source-claim}), in name order."""
    found: dict[str, list[str]] = {}
    records = state.get(env, CLAIMS)
    for docname in sorted(records):
        if docname in env.found_docs:
            for record in records[docname]:
                pages = found.setdefault(record["source"], [])
                if docname not in pages:
                    pages.append(docname)
    return found


def _links(app: Sphinx, docname: str, pages: list[str]) -> nodes.bullet_list:
    items = nodes.bullet_list()
    for page in pages:
        uri = app.builder.get_relative_uri(docname, page)
        link = nodes.reference("", app.env.titles[page].astext(), refuri=uri, internal=True)
        items += nodes.list_item("", nodes.paragraph("", "", link))
    return items


def _entry(
    app: Sphinx, docname: str, source: Source, pages: list[str], checked: list[str]
) -> list[nodes.Node]:
    heading = nodes.paragraph("", "", classes=["kb-source"], ids=[ANCHOR.format(source.id)])
    title = nodes.strong("", f"\u201c{source.title}\u201d")
    heading += nodes.reference("", "", title, refuri=source.url) if source.url else title
    if source.author:
        heading += nodes.Text(f" by {source.author}")
    fields = nodes.field_list()
    published = source.publisher
    if source.category:
        published += f", in the category \u201c{source.category}\u201d"
    if published:
        fields += _field("Published", nodes.paragraph("", published.strip(", ")))
    if source.date:
        fields += _field("Date", nodes.paragraph("", source.date))
    if source.url:
        link = nodes.reference("", source.url, refuri=source.url)
        fields += _field("Address", nodes.paragraph("", "", link))
    fields += _field("Licence", nodes.paragraph("", source.licence or NO_LICENCE))
    if pages:
        fields += _field("Pages made from it", _links(app, docname, pages))
    else:
        fields += _field("Pages made from it", nodes.paragraph("", "none yet"))
    if checked:
        fields += _field("Its claims checked", _links(app, docname, checked))
    entry: list[nodes.Node] = [heading]
    if source.summary:
        entry.append(nodes.paragraph("", source.summary))
    entry.append(fields)
    return entry


def fill_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(source_list))
    if not placeholders:
        return
    by_source = pages_by_source(app)
    checked = claim_pages(app.env)
    known = registry(app)
    ordered = sorted(known.values(), key=lambda s: (s.title.lower(), s.id))
    content: list[nodes.Node] = []
    for source in ordered:
        content.extend(
            _entry(app, docname, source, by_source.get(source.id, []), checked.get(source.id, []))
        )
    if not content:
        content = [nodes.paragraph("", "No source is registered yet.")]
    for placeholder in placeholders:
        placeholder.replace_self([node.deepcopy() for node in content])


def lists_outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Write the page with the list again when its pages, or their titles, changed."""
    shown = {
        source_id: [(page, env.titles[page].astext()) for page in pages]
        for source_id, pages in pages_by_source(app).items()
    }
    for source_id, pages in claim_pages(env).items():
        shown[f"claims of {source_id}"] = [(page, env.titles[page].astext()) for page in pages]
    return sorted(state.get(env, LISTS)) if state.changed(env, SHOWN, shown) else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.add_node(source_list)
    app.add_directive("kb-sources", SourcesDirective)
    state.register(app, DECLARED)
    state.register(app, LISTS)
    app.connect("config-inited", load_registry)
    app.connect("doctree-read", check_declared)
    app.connect("doctree-resolved", add_credit)
    app.connect("doctree-resolved", fill_lists)
    app.connect("env-updated", lists_outdated)
    return PARALLEL_SAFE
