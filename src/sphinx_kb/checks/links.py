"""Link targets: http, https, mailto, relative links and the project's own references only.

A ``javascript:``, ``vbscript:``, ``data:`` or ``file:`` address would run a
script or open a file on the reader's machine. MyST does not make such a
Markdown link (``[text](javascript:...)``, ``<javascript:...>`` or a reference
definition ``[name]: javascript:...``) into a link: it leaves the Markdown on
the page as text, a silently wrong page. Directives still can make one
(sphinx-design's ``button-link`` and card ``:link:``, an image's ``:target:``,
a toctree entry ``Title <javascript://...>``). Each is refused with the file and
line, and the address is taken out of the page.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..state import PARALLEL_SAFE
from ..warnings import source_line, warn, warn_at

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
UNSAFE = r"(?:javascript|vbscript|data|file)"
# Link syntax that MyST left as text because of its address: ](addr , ]: addr , <addr
LEFT_AS_TEXT = re.compile(
    rf"(?:(?P<paren>\]\()\s*<?|\]:[ \t]*<?|(?P<angle><))\s*(?P<address>{UNSAFE}\s*:)", re.I
)
SCHEME = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*):", re.I)
# Browsers ignore these characters inside an address, so java\tscript: is javascript:.
IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
LITERAL = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math)
ADVICE = (
    "link only to http:// or https:// addresses, mailto: addresses, pages of this site "
    "(other-page.md) or labels; an address that runs a script or opens a file on the "
    "reader's computer is not allowed"
)


def unsafe_scheme(address: str) -> str | None:
    """The scheme of an address that is not allowed, or None for an allowed address."""
    match = SCHEME.match(IGNORED_BY_BROWSERS.sub("", address))
    if match is None or match["scheme"].lower() in SAFE_SCHEMES:
        return None
    return match["scheme"].lower()


def _end_of_address(text: str, start: int, opener: str) -> int:
    """Where the address that begins at start ends: at its closing bracket or line end."""
    closer = {"(": ")", "<": ">"}.get(opener)
    depth = 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "\n" or (closer is None and char.isspace()):
            return index
        if opener == "(" and char == "(":
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _without_addresses(text: str) -> str:
    while match := LEFT_AS_TEXT.search(text):
        opener = "(" if match["paren"] else "<" if match["angle"] else ""
        start = match.start("address")
        text = text[:start] + text[_end_of_address(text, start, opener) :]
    return text


def _line_in(element: nodes.Node, text_node: nodes.Text, offset: int) -> int | None:
    """The source line of a place in a text node, counted from its paragraph's first line."""
    _, line = source_line(element)
    if line is None:
        return None
    before = 0
    for node in element.findall(nodes.Text):
        if node is text_node:
            return line + before + str(node)[:offset].count("\n")
        before += str(node).count("\n")
    return line


def _owner(node: nodes.Node) -> nodes.Node:
    """The nearest enclosing element with a line of its own."""
    parent = node.parent
    while parent is not None and not parent.line:
        parent = parent.parent
    return parent if parent is not None else node.parent


def check_text(doctree: nodes.document, docname: str) -> None:
    for text in list(doctree.findall(nodes.Text)):
        match = LEFT_AS_TEXT.search(str(text))
        if match is None or isinstance(text.parent, LITERAL):
            continue
        if any(isinstance(a, LITERAL) for a in _ancestors(text)):
            continue
        owner = _owner(text)
        source, _ = source_line(owner)
        line = _line_in(owner, text, match.start())
        address = match["address"].rstrip(": \t").lower()
        warn(
            f"a link to a {address}: address, which MyST shows as plain text: {ADVICE}",
            location=f"{source}:{line}" if source and line else (docname, line),
            subtype="link_target",
        )
        text.parent.replace(text, nodes.Text(_without_addresses(str(text))))


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def check_references(doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(nodes.reference)):
        scheme = unsafe_scheme(str(node.get("refuri", "")))
        if scheme is None:
            continue
        warn_at(f"a link to a {scheme}: address: {ADVICE}", node, docname, "link_target")
        if unsafe_scheme(node.astext().strip()):  # a link that shows its own address
            node.parent.remove(node)
        else:
            node.replace_self(nodes.inline("", "", *node.children))
    for toctree in doctree.findall(addnodes.toctree):
        entries = toctree.get("entries", [])
        for _title, ref in entries:
            if (scheme := unsafe_scheme(str(ref))) is not None:
                warn_at(
                    f"a toctree entry links to a {scheme}: address: {ADVICE}",
                    toctree,
                    docname,
                    "link_target",
                )
        toctree["entries"] = [(t, r) for t, r in entries if unsafe_scheme(str(r)) is None]


def check(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    check_text(doctree, docname)
    check_references(doctree, docname)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", check)
    return PARALLEL_SAFE
