"""What the glossary defines and where each page uses its terms.

Collected when a document is read: the glossary's entries (every name of an
entry, its anchor, its definition as plain text and its source line) and, for
every other page, the ``{term}`` references it makes and the section each
stands in. Backlinks, previews, search and related articles all read this.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import state
from ..state import PARALLEL_SAFE

GLOSSARY = "kb_glossary"
USES = "kb_term_uses"


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]
    anchor: str
    definition: str
    line: int

    @property
    def keys(self) -> set[str]:
        return {name.lower() for name in self.names}


@dataclass(frozen=True)
class Use:
    term: str
    section_id: str
    section_title: str


def _definition_text(definition: nodes.definition) -> str:
    first = next(iter(definition.findall(nodes.paragraph)), None)
    return first.astext().strip() if first is not None else ""


@dataclass(frozen=True)
class Item:
    """One entry of a glossary as it stands in a doctree: its names and its definition."""

    terms: tuple[nodes.term, ...]
    definition: nodes.definition


def items(doctree: nodes.document) -> Iterator[Item]:
    """Every entry of every glossary of the doctree, in document order: the one walk."""
    for glossary in doctree.findall(addnodes.glossary):
        for item in glossary.findall(nodes.definition_list_item):
            yield Item(
                terms=tuple(c for c in item.children if isinstance(c, nodes.term)),
                definition=next(c for c in item.children if isinstance(c, nodes.definition)),
            )


def _entries(doctree: nodes.document) -> list[Entry]:
    return [
        Entry(
            names=tuple(t.astext() for t in item.terms),
            anchor=item.terms[0]["ids"][0],
            definition=_definition_text(item.definition),
            line=item.terms[0].line or 1,
        )
        for item in items(doctree)
    ]


def _uses(doctree: nodes.document) -> list[Use]:
    uses = []
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("reftype") != "term":
            continue
        section = ref.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        if section is None:
            continue
        uses.append(Use(ref["reftarget"].lower(), section["ids"][0], section[0].astext()))
    return uses


GLOSSARY_OPENING = re.compile(r"^\s*(`{3,}|:{3,})\{glossary\}")


def _first_content_line(lines: list[str], opening: int) -> int | None:
    """The 1-based line of a directive's first content line, after its options."""
    number = opening + 1
    if number <= len(lines) and lines[number - 1].strip() == "---":  # options as YAML
        number = next(
            (n + 1 for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip() == "---"),
            len(lines) + 1,
        )
    while number <= len(lines) and (
        not lines[number - 1].strip() or lines[number - 1].lstrip().startswith(":")
    ):
        number += 1
    return number if number <= len(lines) else None


def fix_term_lines(app: Sphinx, doctree: nodes.document) -> None:
    """Give each glossary term the line it has in its Markdown file.

    MyST hands a directive its content with lines counted from the first content
    line, so Sphinx records glossary terms at lines relative to the block. Each
    block's first term stands on its first content line, which fixes the offset.
    """
    by_source: dict[str, list[addnodes.glossary]] = {}
    for glossary in doctree.findall(addnodes.glossary):
        by_source.setdefault(glossary.source or "", []).append(glossary)
    for source, glossaries in by_source.items():
        if not source.endswith(".md"):
            continue
        try:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        openings = [n for n, line in enumerate(lines, 1) if GLOSSARY_OPENING.match(line)]
        if len(openings) != len(glossaries):  # cannot tell which block is which
            continue
        for glossary, opening in zip(glossaries, openings, strict=True):
            terms = [term for term in glossary.findall(nodes.term) if term.line is not None]
            first = _first_content_line(lines, opening)
            if terms and first:
                offset = first - min(term.line for term in terms)
                for term in terms:
                    term.line += offset


def collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    entries = _entries(doctree)
    if entries:
        state.get(app.env, GLOSSARY)[docname] = entries
    else:
        state.get(app.env, USES)[docname] = _uses(doctree)


def all_entries(env: BuildEnvironment) -> list[tuple[str, Entry]]:
    """(glossary docname, entry) for every entry, in a stable order."""
    return [(doc, e) for doc, entries in sorted(state.get(env, GLOSSARY).items()) for e in entries]


def entry_index(env: BuildEnvironment) -> dict[str, Entry]:
    """Every lowercased name or alias -> its entry."""
    return {key: entry for _, entry in all_entries(env) for key in entry.keys}


def uses_by_doc(env: BuildEnvironment) -> dict[str, list[Use]]:
    return state.get(env, USES)


def setup(app: Sphinx) -> dict:
    state.register(app, GLOSSARY)
    state.register(app, USES)
    # Before collect and the content checks, which report these lines.
    app.connect("doctree-read", fix_term_lines, priority=400)
    # After the handlers that move content between sections (the claims table),
    # so that a use is recorded in the section where readers see it.
    app.connect("doctree-read", collect, priority=600)
    return PARALLEL_SAFE
