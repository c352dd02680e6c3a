"""The extension's warnings: one type, ``kb``, its documented subtypes, and ``warn()``.

Every warning the extension gives has the type ``kb`` and one of the subtypes
below, so a site can silence one kind in ``conf.py``
(``suppress_warnings = ["kb.unused_term"]``) and a reader of the log sees
``[kb.<subtype>]`` after the message. A test reads every call in the package
and fails on a subtype that is not listed here, so the list stays the whole truth.
"""

from docutils import nodes
from sphinx.util import logging

TYPE = "kb"

SUBTYPES = {
    "alias_clash": "a glossary alias is also the name of another entry",
    "article_title": "an article has no '#' title, or more than one",
    "bibliography": "a bibliography entry lacks its study type or has a malformed notice",
    "claim": "a {claim} block has no statement",
    "claim_certainty": "a claim names a level that is not in kb_certainty_scale",
    "claim_citation": "a claim cites no work",
    "config": "a kb_* setting in conf.py has the wrong type or shape",
    "copied_text": "a page repeats a run of words from a registered source",
    "duplicate_term": "two glossary entries share a name",
    "empty_article": "an article has no text under its title",
    "file": "a page includes or shows a file from outside the source folder",
    "front_matter": "an article's front matter is missing a field or has a wrong value",
    "image_alt": "an image has no alt text",
    "link_target": "a link uses a scheme other than http, https or mailto",
    "open_fence": "a directive fence is opened and never closed",
    "raw": "raw HTML or another raw format in a page",
    "remote": "a page shows a picture or table from another site",
    "source_claim": "a {source-claim} block is malformed",
    "source_claim_article": "a {source-claim} block names a page that does not exist",
    "source_claim_source": "a {source-claim} block names a source that is not registered",
    "source_claim_verdict": "a {source-claim} block gives a verdict that is not in kb_verdicts",
    "source_file": "a registered source file cannot be read",
    "unknown_source": "a page names a source that is not registered",
    "unused_term": "a glossary entry that no page links to",
}

logger = logging.getLogger("sphinx_kb")


def node_location(node: nodes.Node | None, docname: str) -> object:
    """The node's own file and line (an included file's, if it came from one)."""
    source, line = source_line(node)
    return f"{source}:{line}" if source and line else (docname, line or 1)


def source_line(node: nodes.Node | None) -> tuple[str | None, int | None]:
    """The file and line of the node, or of the nearest enclosing node that has a line."""
    while node is not None:
        if node.line:
            return node.source, node.line
        node = node.parent
    return None, None


def warn_at(message: str, node: nodes.Node | None, docname: str, subtype: str) -> None:
    """Warn at the node's own file and line (an included file's, if it came from one)."""
    warn(message, subtype=subtype, location=node_location(node, docname))


def warn(message: str, *args: object, subtype: str, location: object = None) -> None:
    """Warn with the type ``kb`` and a documented subtype, at a location Sphinx understands."""
    logger.warning(message, *args, location=location, type=TYPE, subtype=subtype)
