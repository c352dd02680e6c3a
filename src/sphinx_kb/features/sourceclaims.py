"""A source's claims page: each claim of a source article, checked, and a table made from them.

A page that checks a registered source (see features/sources.py) writes each of the
source's claims, in this project's words, as a ``{source-claim}``::

    :::{source-claim} 10a
    :source: does-therapy-really-work
    :summary: Therapy helps, on average.
    :verdict: Supported
    :certainty: high
    :cite: smith1977meta, cuijpers2019eysenck
    :articles: articles/does-therapy-work
    The claim in full, if it needs more words than the summary.
    :::

The argument is the claim's number (``1``, ``10a``). ``:source:`` names a file
of the registry; ``:verdict:`` is one of ``kb_verdicts`` (whether the wording
matches the research); ``:certainty:`` a level of ``kb_certainty_scale`` (how
firm that research is); ``:cite:`` the bibliography keys, as for ``{claim}``;
``:articles:`` the pages that treat the claim (document names, as ``{doc}``
takes them). The content, when there is one, is the claim in full and is shown
after "The claim:"; the paragraphs that follow the directive say why.

It renders the claim and a line "Verdict: ... · Evidence: <certainty label>"
with its citations, and is recorded as a claim for the evidence map (with its
verdict). ``{source-claims}`` puts, where it stands, a table of the page's
source claims in order: number, summary, verdict and articles. A page thus
becomes a source's claims page by its claims alone; the About page's entry for
the source links to it (``sources.claim_pages``).

A missing or unknown source, verdict, certainty or article, a claim without a
citation or summary, and a number used twice on a page are each a warning of
type "kb" at the claim's file and line, so ``-W`` stops the build.
"""

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .. import state
from ..content import certainty, claims
from ..state import PARALLEL_SAFE
from ..warnings import warn
from . import sources

SOURCE_CLAIMS = sources.CLAIMS  # docname -> [{number, source, verdict, articles}]
NUMBER = re.compile(r"[0-9]+[a-z]?")


class source_claim_row(nodes.General, nodes.Element):
    """One claim's row for the page's table; turned into the table when the page is read."""


class source_claims_table(nodes.General, nodes.Element):
    """Where the page's table of claims goes."""


class SourceClaim(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict] = {
        "source": directives.unchanged,
        "summary": directives.unchanged,
        "verdict": directives.unchanged,
        "certainty": directives.unchanged,
        "cite": directives.unchanged,
        "articles": directives.unchanged,
    }

    def _warn(self, message: str, subtype: str) -> list[nodes.Node]:
        warn(message, location=self.get_location(), subtype=subtype)
        return []

    def _article(self, name: str) -> str | None:
        """The document a name in ':articles:' points to, as {doc} reads it, if it exists."""
        name = name.removesuffix(".md")
        if name.startswith("/"):
            docname = name[1:]
        else:
            folder = self.env.docname.rpartition("/")[0]
            docname = f"{folder}/{name}" if folder else name
        parts: list[str] = []
        for part in docname.split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        docname = "/".join(parts)
        return docname if docname in self.env.found_docs else None

    def _check(self) -> dict | list[nodes.Node]:
        number = self.arguments[0].strip()
        if not NUMBER.fullmatch(number):
            return self._warn(
                f"source claim number {number!r}: use a number, with a letter for a part (1, 10a)",
                "source_claim",
            )
        known = sources.registry(self.env._app)
        source = self.options.get("source", "").strip()
        if source not in known:
            choices = ", ".join(sorted(known)) or "none yet"
            return self._warn(
                f"unknown source {source!r} in ':source:': use the ID of a file in "
                f"sources/ ({choices})",
                "source_claim_source",
            )
        verdicts = self.config.kb_verdicts
        verdict = self.options.get("verdict", "").strip()
        found = next((v for v in verdicts if v.casefold() == verdict.casefold()), None)
        if found is None:
            return self._warn(
                f"unknown verdict {verdict!r} in ':verdict:': use one of kb_verdicts: "
                f"{', '.join(verdicts)}",
                "source_claim_verdict",
            )
        level = certainty.find(self.config, self.options.get("certainty", ""))
        if level is None:
            scale = ", ".join(item["key"] for item in self.config.kb_certainty_scale)
            return self._warn(
                f"unknown certainty {self.options.get('certainty', '')!r} in ':certainty:': "
                f"use a level of kb_certainty_scale: {scale}",
                "claim_certainty",
            )
        keys = claims.listed(self.options.get("cite"))
        if not keys:
            return self._warn(
                "source claim without a citation: add ':cite: key' with the bibliography "
                "key(s) of the main work(s) behind the verdict",
                "claim_citation",
            )
        summary = " ".join(self.options.get("summary", "").split())
        if not summary:
            return self._warn(
                "source claim without a summary: add ':summary:' with the claim in one "
                "short sentence, for the page's table",
                "source_claim",
            )
        articles = []
        for name in claims.listed(self.options.get("articles")):
            docname = self._article(name)
            if docname is None:
                return self._warn(
                    f"unknown page {name!r} in ':articles:': use a document name such as "
                    "articles/does-therapy-work",
                    "source_claim_article",
                )
            articles.append(docname)
        records = state.get(self.env, SOURCE_CLAIMS).setdefault(self.env.docname, [])
        if any(record["number"] == number for record in records):
            return self._warn(f"claim {number} is on this page twice", "source_claim")
        return {
            "number": number,
            "source": source,
            "verdict": found,
            "level": level,
            "cites": keys,
            "summary": summary,
            "articles": articles,
        }

    def _verdict_line(self, claim: dict) -> nodes.paragraph:
        level = claim["level"]
        line = nodes.paragraph("", "Verdict: ", classes=["kb-verdict"])
        line += nodes.strong("", claim["verdict"])
        line += nodes.Text(" \u00b7 Evidence: ")
        line += claims.certainty_label(
            "", level["label"], key=level["key"], meaning=level["meaning"]
        )
        line += nodes.Text(" ")
        for paragraph in self.parse_text_to_nodes(f"{{footcite:p}}`{','.join(claim['cites'])}`"):
            line.extend(paragraph.children)
        return line

    def _row(self, claim: dict, ident: str) -> source_claim_row:
        row = source_claim_row(number=claim["number"], ident=ident, verdict=claim["verdict"])
        summary = nodes.paragraph()
        for paragraph in self.parse_text_to_nodes(self.options["summary"]):
            summary.extend(paragraph.children)
        articles = nodes.paragraph()
        for number, docname in enumerate(claim["articles"]):
            if number:
                articles += nodes.Text(", ")
            articles += addnodes.pending_xref(
                "",
                nodes.inline("", docname),
                refdomain="std",
                reftype="doc",
                reftarget=f"/{docname}",
                refexplicit=False,
                refwarn=True,
                refdoc=self.env.docname,
            )
        row += summary
        row += articles
        return row

    def run(self) -> list[nodes.Node]:
        claim = self._check()
        if isinstance(claim, list):
            return claim
        ident = f"source-claim-{claim['number']}"
        body: list[nodes.Node] = []
        statement = claim["summary"]
        if self.content:
            body = self.parse_content_to_nodes()
            statement = " ".join(node.astext() for node in body).strip()
            first = next((n for n in body if isinstance(n, nodes.paragraph)), None)
            if first is not None:
                first.insert(0, nodes.Text("The claim: "))
        body.append(self._verdict_line(claim))
        state.get(self.env, SOURCE_CLAIMS)[self.env.docname].append(
            {key: claim[key] for key in ("number", "source", "verdict", "articles")}
        )
        claims.claims_by_doc(self.env).setdefault(self.env.docname, []).append(
            {
                "id": ident,
                "certainty": claim["level"]["key"],
                "statement": statement,
                "cites": claim["cites"],
                "verdict": claim["verdict"],
            }
        )
        container = nodes.container("", *body, ids=[ident], classes=["kb-claim", "kb-source-claim"])
        return [container, self._row(claim, ident)]


class SourceClaimsTable(SphinxDirective):
    """``{source-claims}``: the table of the page's source claims."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [source_claims_table()]


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", *children)


def _table(rows: list[source_claim_row]) -> nodes.table:
    table = nodes.table(classes=["kb-source-claims"])
    group = nodes.tgroup(cols=4)
    table += group
    for width in (1, 8, 2, 5):
        group += nodes.colspec(colwidth=width)
    head = nodes.row()
    for text in ("#", "The claim, in short", "Verdict", "Articles"):
        head += _cell(nodes.paragraph("", text))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for row in rows:
        summary, articles = row.children
        number = nodes.paragraph()
        number += nodes.reference("", row["number"], refid=row["ident"], internal=True)
        body += nodes.row(
            "",
            _cell(number),
            _cell(summary.deepcopy()),
            _cell(nodes.paragraph("", row["verdict"])),
            _cell(articles.deepcopy()),
        )
    group += body
    return table


def make_table(app: Sphinx, doctree: nodes.document) -> None:
    """Put the page's claims into its table; the rows leave the page's flow."""
    rows = list(doctree.findall(source_claim_row))
    for placeholder in list(doctree.findall(source_claims_table)):
        if rows:
            placeholder.replace_self(_table(rows))
        else:
            placeholder.replace_self(nodes.paragraph("", "This page checks no claim yet."))
    for row in rows:
        row.parent.remove(row)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.certainty")
    app.setup_extension("sphinx_kb.content.claims")
    app.setup_extension("sphinx_kb.features.sources")
    app.add_node(source_claim_row)
    app.add_node(source_claims_table)
    app.add_directive("source-claim", SourceClaim)
    app.add_directive("source-claims", SourceClaimsTable)
    state.register(app, SOURCE_CLAIMS)
    app.connect("doctree-read", make_table)
    return PARALLEL_SAFE
