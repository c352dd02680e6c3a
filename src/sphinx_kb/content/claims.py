"""Claims as data: a statement, how certain it is, and the works that back it.

In an article's "How strong is the evidence?" note, each finding is a claim::

    :::{claim} moderate
    :cite: declerck2020registered, nave2015does
    Oxytocin does not reliably increase trust in humans.
    :::

The argument names a level of ``kb_certainty_scale`` (its key or its label);
``:cite:`` lists one or more keys of the bibliography, which are cited as
``{footcite:p}`` would cite them; an optional ``:verdict:`` keeps a second
judgement (such as the claims page's verdict on a claim's wording). The claim
renders as a paragraph that opens with the level's label in text, a link to the
scale's definitions carrying the level's meaning for the preview script
(kb-preview.js). An unknown level, a claim without a citation or without a
statement is a warning of type "kb" at the claim's file and line, so ``-W``
stops the build.

Every claim is recorded in the environment (``kb_claims``, per document) for
the evidence map.
"""

from html import escape
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .. import state
from ..builders import is_html
from ..state import PARALLEL_SAFE
from ..warnings import warn
from . import certainty

CLAIMS = "kb_claims"


class certainty_label(nodes.Inline, nodes.TextElement):
    """A claim's certainty label: text, with the level's key and meaning."""


def listed(value: str | None) -> list[str]:
    """The items of an option written as a list: "a, b; c" -> ["a", "b", "c"]."""
    return [key.strip() for key in (value or "").replace(";", ",").split(",") if key.strip()]


class Claim(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict] = {"cite": directives.unchanged, "verdict": directives.unchanged}

    def _warn(self, message: str, subtype: str) -> None:
        warn(message, location=self.get_location(), subtype=subtype)

    def run(self) -> list[nodes.Node]:
        level = certainty.find(self.config, self.arguments[0])
        if level is None:
            known = ", ".join(
                f"{item['key']} ({item['label']})" for item in self.config.kb_certainty_scale
            )
            self._warn(
                f"unknown certainty {self.arguments[0]!r}: use a level of kb_certainty_scale: "
                f"{known}",
                "claim_certainty",
            )
            return []
        keys = listed(self.options.get("cite"))
        if not keys:
            self._warn(
                "claim without a citation: add ':cite: key' with the bibliography key(s) of "
                "the work(s) the article cites for it",
                "claim_citation",
            )
            return []
        if not self.content:
            self._warn("claim without a statement: write the claim under its options", "claim")
            return []
        body = self.parse_content_to_nodes()
        statement = " ".join(node.astext() for node in body).strip()
        cites = self.parse_text_to_nodes(f"{{footcite:p}}`{','.join(keys)}`")
        paragraphs = [node for node in body if isinstance(node, nodes.paragraph)]
        if not paragraphs:
            paragraphs = [nodes.paragraph()]
            body.append(paragraphs[0])
        first, last = paragraphs[0], paragraphs[-1]
        label = certainty_label("", level["label"], key=level["key"], meaning=level["meaning"])
        first.insert(0, nodes.Text(": "))
        first.insert(0, label)
        last += nodes.Text(" ")
        for paragraph in cites:
            last.extend(paragraph.children)
        records = state.get(self.env, CLAIMS).setdefault(self.env.docname, [])
        ident = f"claim-{len(records) + 1}"
        records.append(
            {
                "id": ident,
                "certainty": level["key"],
                "statement": statement,
                "cites": keys,
                "verdict": self.options.get("verdict", "").strip(),
            }
        )
        if len(body) == 1:  # the usual one paragraph: no wrapper, so pages stay light
            body[0]["ids"].append(ident)
            body[0]["classes"].append("kb-claim")
            return body
        return [nodes.container("", *body, ids=[ident], classes=["kb-claim"])]


def claims_by_doc(env) -> dict[str, list[dict]]:
    return state.get(env, CLAIMS)


def has_claims(doctree: nodes.document) -> bool:
    return any(True for _ in doctree.findall(certainty_label))


def _plain_citations(doctree: nodes.document) -> None:
    """A claim's citations as plain links to the references, without back-links.

    The works a claim cites are cited in the article's text too; a claim's
    citation is a short link to the same reference, so that the reference does
    not list a back-link for each and the page stays light.
    """
    footnotes = {ident: note for note in doctree.findall(nodes.footnote) for ident in note["ids"]}
    for claim in doctree.findall(nodes.Element):
        if "kb-claim" not in claim.get("classes", ()):
            continue
        for ref in list(claim.findall(nodes.footnote_reference)):
            note = footnotes.get(ref.get("refid", ""))
            if note is None:
                continue
            for ident in ref["ids"]:
                if ident in note["backrefs"]:
                    note["backrefs"].remove(ident)
            link = nodes.reference(
                "", f"[{ref.astext()}]", refid=ref["refid"], classes=["footnote-reference"]
            )
            ref.parent.replace(ref, link)


def resolve_labels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Point each label at the scale's definitions; outside HTML it is bold text."""
    _plain_citations(doctree)
    page = certainty.scale_page(app.env)
    for label in list(doctree.findall(certainty_label)):
        if not is_html(app.builder):
            label.replace_self(nodes.strong("", label.astext()))
            continue
        if page is not None:
            base = app.builder.get_target_uri(docname)
            target = app.builder.get_target_uri(page)
            uri = "" if target == base else relative_uri(base, target)
            label["refuri"] = f"{uri}#{certainty.anchor(label['key'])}"


def visit_label(self, node: certainty_label) -> None:
    classes = f"kb-certainty kb-certainty-{escape(node['key'])}"
    meaning = escape(node["meaning"])
    if node.get("refuri"):
        href = escape(node["refuri"])
        self.body.append(f'<strong><a class="{classes}" href="{href}" data-kb-meaning="{meaning}">')
    else:
        self.body.append(f'<strong class="{classes}" tabindex="0" data-kb-meaning="{meaning}">')


def depart_label(self, node: certainty_label) -> None:
    self.body.append("</a></strong>" if node.get("refuri") else "</strong>")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.certainty")
    app.add_node(certainty_label, html=(visit_label, depart_label))
    app.add_directive("claim", Claim)
    state.register(app, CLAIMS)
    # After the citations are marked (features.citations, 500): a claim's citations then
    # become plain links, which keep the "(retracted)" mark placed after them.
    app.connect("doctree-resolved", resolve_labels, priority=600)
    return PARALLEL_SAFE
