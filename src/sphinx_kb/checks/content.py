"""Content checks made when a page is read: problems Sphinx itself lets through.

- Raw content. HTML written into a Markdown page (a block or inline) and the
  ``{raw}`` directive and role could carry a script into the site, so a pull
  request may not add any. docutils' ``raw_enabled`` setting is switched off,
  the ``raw`` directive and role are refused with advice, and every raw node
  read from a source file is reported and dropped. (The landing page's
  ``{kb-searchbox}`` makes its form as a raw node only later, when the page is
  written, so it is not affected.)
- Images without alt text.
- Articles without a title, with two titles, or with no text.
- Glossary entries: a term defined twice, or an alias that is also another
  entry's name.

Each problem is a warning of type "kb" that names the file and line and says
what to do, so a ``-W`` build stops; nothing here raises.
"""

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.parsers.rst.directives.misc import Raw
from sphinx.application import Sphinx
from sphinx.config import Config

from ..content import glossary
from ..content.articles import is_article
from ..state import PARALLEL_SAFE
from ..warnings import source_line, warn, warn_at

NOTICE_CLASS = "kb-notice"

RAW_ADVICE = (
    "pages may not carry raw HTML or other raw markup, which could run scripts on the site: "
    "write it in Markdown or with a directive instead (for a note to editors, start a line "
    "with %)"
)


# -- Raw content --------------------------------------------------------------------------


class RefusedRaw(Directive):
    """The ``raw`` directive, refused: it only reports where it was used."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = Raw.option_spec  # the same options, so only this one warning is given
    has_content = True

    def run(self) -> list[nodes.Node]:
        _refuse("directive", *self.state_machine.get_source_and_line(self.lineno))
        return []


def refused_raw_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    _refuse("role", *inliner.reporter.get_source_and_line(lineno))
    return [nodes.Text(text)], []


def _refuse(kind: str, source: str | None, line: int | None) -> None:
    warn(
        f"the raw {kind} is switched off: {RAW_ADVICE}",
        location=f"{source}:{line}" if source and line else None,
        subtype="raw",
    )


def disable_raw(app: Sphinx) -> None:
    """docutils' own switch, for anything that reads it (such as roles derived from raw)."""
    app.env.settings["raw_enabled"] = False


def check_raw(doctree: nodes.document, docname: str) -> None:
    reported = set()
    for node in list(doctree.findall(nodes.raw)):
        where = source_line(node)
        if where not in reported:  # inline HTML gives a node per tag: one warning per line
            reported.add(where)
            fmt = (node.get("format", "") or "raw").upper()
            warn_at(f"raw {fmt} is not allowed: {RAW_ADVICE}", node, docname, "raw")
        node.parent.remove(node)


# -- Images ---------------------------------------------------------------------------------


def check_images(doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(nodes.image):
        if not str(node.get("alt", "")).strip():
            uri = node.get("uri", "")
            warn_at(
                f"image {uri!r} has no alt text: describe what it shows for readers who "
                "cannot see it, as ![what it shows](file.png) or with ':alt:' on the "
                "image or figure directive",
                node,
                docname,
                "image_alt",
            )


# -- Articles: title and text ---------------------------------------------------------------


def _in_notice_or_title(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.title) or NOTICE_CLASS in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def check_article_shape(doctree: nodes.document, docname: str, config: Config) -> None:
    if not is_article(config, docname):
        return
    titles = [child for child in doctree.children if isinstance(child, nodes.section)]
    if not titles:
        warn_at(
            "article has no title: put one '# Title' line after the front matter",
            None,
            docname,
            "article_title",
        )
        return
    for extra in titles[1:]:
        warn_at(
            f"article has a second title {extra[0].astext()!r}: an article has one '#' "
            "title; make this a '##' section under it",
            extra[0],
            docname,
            "article_title",
        )
    has_text = any(
        paragraph.astext().strip() and not _in_notice_or_title(paragraph)
        for paragraph in doctree.findall(nodes.paragraph)
    )
    if not has_text:
        warn_at(
            "article is empty: write a one-paragraph summary under the title, a 'Key points' "
            "list, the body and the references (make new-article starts from a template)",
            titles[0][0],
            docname,
            "empty_article",
        )


# -- Glossary -----------------------------------------------------------------------------


def _names(doctree: nodes.document) -> list[tuple[str, int, bool, str, nodes.term]]:
    """(name, line, is the entry's term, the entry's term, node) of every glossary name."""
    names = []
    for item in glossary.items(doctree):
        terms = item.terms
        for position, term in enumerate(terms):
            names.append((term.astext(), term.line or 0, position == 0, terms[0].astext(), term))
    return names


def check_glossary(doctree: nodes.document, docname: str) -> None:
    """Each name, term or alias, may belong to one glossary entry only, and once."""
    groups: dict[str, list] = {}
    for name in _names(doctree):
        groups.setdefault(name[0].lower(), []).append(name)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda name: (not name[2], name[1]))  # the first term, else first alias
        _, owner_line, owner_is_term, owner_entry, _ = group[0]
        for name, _, is_term, entry, node in group[1:]:
            where = f"line {owner_line}" if owner_line else "another line"
            if is_term:
                message = (
                    f"glossary term {name!r} is defined twice (also on {where}): merge the "
                    "two entries into one"
                )
                subtype = "duplicate_term"
            elif entry.lower() == owner_entry.lower():
                message = f"glossary entry {entry!r} lists {name!r} twice: remove one of them"
                subtype = "duplicate_term"
            else:
                other = "a term of its own" if owner_is_term else f"an alias of {owner_entry!r}"
                message = (
                    f"glossary alias {name!r} (of {entry!r}) is also {other} on {where}: a "
                    "name may belong to one entry only; remove the alias or merge the entries"
                )
                subtype = "alias_clash"
            warn_at(message, node, docname, subtype)


def check(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    check_raw(doctree, docname)
    check_images(doctree, docname)
    check_article_shape(doctree, docname, app.config)
    check_glossary(doctree, docname)


def setup(app: Sphinx) -> dict:
    app.add_directive("raw", RefusedRaw, override=True)
    app.add_role("raw", refused_raw_role, override=True)
    app.connect("builder-inited", disable_raw)
    app.connect("doctree-read", check)
    return PARALLEL_SAFE
