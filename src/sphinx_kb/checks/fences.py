"""Fences left open: a directive (```` ```{note} ````, ``:::{note}``) with no closing fence.

Markdown lets an open fence run on to the end of the page (or of the directive
around it), or to the closing fence of the next directive, whose opening line
then becomes text. So a forgotten closing fence silently moves the rest of the
page into a note, a card or a code block. Each page is read once more, by the
Markdown parser MyST uses, before MyST reads it; a fence that runs out before
its closing fence, or that holds another opening fence as long as its own,
stops the build at the line where it opened. The content of a directive is
Markdown too, and checked in the same way; the content of a code block is not.

The fence's opening line is then blanked in what MyST reads, so the page that
is built does not hide the rest of its text inside the directive."""

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from sphinx.application import Sphinx

from ..state import PARALLEL_SAFE
from ..warnings import warn

# Directives whose content is not Markdown: a fence-like line in them is just text.
LITERAL = frozenset({
    "code", "code-block", "sourcecode", "code-cell", "literalinclude", "include", "math",
    "csv-table", "raw", "eval-rst", "parsed-literal", "toctree", "glossary", "bibliography",
    "footbibliography", "mermaid", "graphviz",
})  # fmt: skip
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.+-]+)\}")
FENCES = ("fence", "colon_fence")
MOST_REPORTS = 10


def _parser() -> MarkdownIt:
    # Only the block structure matters, so the inline rules (most of the work) are off.
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)
    md.disable("inline")
    return md


PARSER = _parser()


def _closed(token, lines: list[str]) -> bool:
    start, end = token.map
    if end - start < 2 or end > len(lines):
        return False
    last = lines[end - 1].lstrip(" \t>")
    char = token.markup[0]
    return re.fullmatch(rf"{re.escape(char)}{{{len(token.markup)},}}[ \t]*", last) is not None


def _takes_a_later_close(token) -> bool:
    """The fence holds another opening fence as long as its own, so it was closed by that
    fence's closing line: the fence before it is the one left open."""
    char = re.escape(token.markup[0])
    opening = re.compile(rf"^ {{0,3}}{char}{{{len(token.markup)},}}[ \t]*[^\s{char}]", re.M)
    return opening.search(token.content) is not None


def first_open_fence(text: str, offset: int = 0) -> tuple[int, str, str] | None:
    """(0-based line, what it opens, its fence) of the first fence in text left open."""
    lines = text.splitlines()
    for token in PARSER.parse(text):
        if token.type not in FENCES or token.map is None:
            continue
        match = DIRECTIVE.match(token.info.strip())
        what = f"the {{{match['name']}}} directive" if match else "this code block"
        if _takes_a_later_close(token) or not _closed(token, lines):
            return offset + token.map[0], what, token.markup
        if match and match["name"] not in LITERAL:
            inner = first_open_fence(token.content, offset + token.map[0] + 1)
            if inner is not None:
                return inner
    return None


def check(app: Sphinx, docname: str, source: list[str]) -> None:
    text = source[0]
    if "```" not in text and "~~~" not in text and ":::" not in text:
        return
    found = False
    # Each fence left open hides the ones after it, so look again once it is set aside.
    for _ in range(MOST_REPORTS):
        problem = first_open_fence(text)
        if problem is None:
            break
        line, what, fence = problem
        warn(
            f"{what} has no closing fence, so it takes in the rest of the page: end it "
            f"with a line of {fence} after its content",
            location=(docname, line + 1),
            subtype="open_fence",
        )
        lines = text.split("\n")
        lines[line] = ""
        text = "\n".join(lines)
        found = True
    if found:
        source[0] = text


def setup(app: Sphinx) -> dict:
    app.connect("source-read", check)
    return PARALLEL_SAFE
