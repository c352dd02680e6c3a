"""The evidence map: every claim of the site, grouped by certainty, with counts.

A page holding ``{evidence-map}`` lists, for each level of ``kb_certainty_scale``
in order, how many claims have that level and each claim's statement, linked to
the claim in its page. A last section lists the cited works with a recorded
retraction or correction and the pages that cite them. The list is made when
the page is written, from the claims every page recorded when it was read; the
page is read again whenever any document changes, so an incremental build
writes the same map as a clean one.
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .. import state
from ..content import certainty, claims
from ..state import PARALLEL_SAFE
from . import citations

MAPS = "kb_evidence_maps"


class evidence_map(nodes.General, nodes.Element):
    """Placeholder, replaced by the map when the page is written."""


class EvidenceMap(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        state.get(self.env, MAPS)[self.env.docname] = True
        return [evidence_map()]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _link(app: Sphinx, here: str, docname: str, anchor: str, text: str) -> nodes.reference:
    base = app.builder.get_target_uri(here)
    uri = relative_uri(base, app.builder.get_target_uri(docname))
    return nodes.reference("", text, refuri=f"{uri}#{anchor}" if anchor else uri, internal=True)


def _ordered_claims(env: BuildEnvironment) -> list[tuple[str, dict]]:
    found = claims.claims_by_doc(env)
    docs = sorted(found, key=lambda d: (_title(env, d).casefold(), d))
    return [(docname, claim) for docname in docs for claim in found[docname]]


def _section(ident: str, title: str) -> nodes.section:
    section = nodes.section(ids=[ident])
    section += nodes.title("", title)
    return section


def _level_section(app, here, level, found) -> nodes.section:
    section = _section(
        f"map-{level['key']}",
        f"{level['label']} ({_plural(len(found), 'claim', 'claims')})",
    )
    section += nodes.paragraph("", level["meaning"], classes=["kb-map-meaning"])
    if not found:
        section += nodes.paragraph("", "No claim has this level yet.")
        return section
    items = nodes.bullet_list(classes=["kb-map-claims"])
    bib = citations.entries(app.env)
    for docname, claim in found:
        statement = claim["statement"]
        paragraph = nodes.paragraph("", statement[:1].upper() + statement[1:] + " ")
        if claim.get("verdict"):
            paragraph += nodes.Text(f"Verdict: {claim['verdict']}. ")
        paragraph += nodes.Text("(")
        paragraph += _link(app, here, docname, claim["id"], _title(app.env, docname))
        paragraph += nodes.Text(")")
        flagged = [key for key in claim["cites"] if key in bib and citations.notices(bib[key])]
        if flagged:
            paragraph += nodes.Text(" ")
            paragraph += nodes.strong(
                "", f"Cites a retracted or corrected source: {', '.join(flagged)}."
            )
        items += nodes.list_item("", paragraph)
    section += items
    return section


def _notices_section(app: Sphinx, here: str) -> nodes.section:
    section = _section("map-retractions", "Retracted or corrected sources")
    bib = citations.entries(app.env)
    cited = citations.cited_by_doc(app.env)
    flagged = [key for key in sorted(bib) if citations.notices(bib[key])]
    if not flagged:
        section += nodes.paragraph("", "No cited source has a recorded retraction or correction.")
        return section
    items = nodes.bullet_list(classes=["kb-map-notices"])
    for key in flagged:
        paragraph = nodes.paragraph("", "")
        paragraph += nodes.literal("", key)
        for kind, date, link in citations.notices(bib[key]):
            paragraph += nodes.Text(f": {kind.lower()} on {date} (")
            paragraph += nodes.reference("", "notice", refuri=link)
            paragraph += nodes.Text(")")
        pages = sorted(doc for doc, keys in cited.items() if key in keys)
        paragraph += nodes.Text(". Cited in: " if pages else ". Not cited on any page.")
        for number, docname in enumerate(pages):
            if number:
                paragraph += nodes.Text(", ")
            paragraph += _link(app, here, docname, "", _title(app.env, docname))
        items += nodes.list_item("", paragraph)
    section += items
    return section


def build_map(app: Sphinx, here: str) -> list[nodes.Node]:
    all_claims = _ordered_claims(app.env)
    by_level = {key: [] for key in certainty.levels(app.config)}
    for docname, claim in all_claims:
        by_level.setdefault(claim["certainty"], []).append((docname, claim))
    summary = nodes.bullet_list(classes=["kb-map-summary"])
    for level in app.config.kb_certainty_scale:
        paragraph = nodes.paragraph("", "")
        paragraph += nodes.reference("", level["label"], refid=f"map-{level['key']}", internal=True)
        paragraph += nodes.Text(f": {_plural(len(by_level[level['key']]), 'claim', 'claims')}")
        summary += nodes.list_item("", paragraph)
    pages = len({docname for docname, _ in all_claims})
    intro = nodes.paragraph(
        "",
        f"{_plural(len(all_claims), 'claim', 'claims')} on "
        f"{_plural(pages, 'page', 'pages')}, by certainty:",
    )
    result: list[nodes.Node] = [intro, summary]
    for level in app.config.kb_certainty_scale:
        result.append(_level_section(app, here, level, by_level[level["key"]]))
    result.append(_notices_section(app, here))
    return result


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(evidence_map)):
        parent = placeholder.parent
        index = parent.index(placeholder)
        content = build_map(app, docname)
        parent[index : index + 1] = content


class Maps(state.Registry):
    """The pages that hold a map: read again whenever any document is added, changed or removed."""

    attr = MAPS

    def get_outdated_docs(self, app: Sphinx, env: BuildEnvironment, added, changed, removed):
        if not (added or changed or removed):
            return []
        return sorted(doc for doc in state.get(env, MAPS) if doc in env.found_docs)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.certainty")
    app.setup_extension("sphinx_kb.content.claims")
    app.setup_extension("sphinx_kb.features.citations")
    app.add_node(evidence_map)
    app.add_directive("evidence-map", EvidenceMap)
    app.add_env_collector(Maps)
    app.connect("doctree-resolved", fill)
    return PARALLEL_SAFE
