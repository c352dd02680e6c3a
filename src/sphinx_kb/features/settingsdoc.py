"""The ``kb-settings`` and ``kb-warnings`` directives: the extension's own reference lists.

``kb-settings`` lists every setting a site can put in its ``conf.py``
(``config.SETTINGS``, those the extension works out itself aside) with its meaning
and default, as a definition list: a table of three columns, with names and
defaults that cannot wrap, would scroll sideways on a phone. ``kb-warnings`` lists
every warning subtype (``warnings.SUBTYPES``) in a table. Both are made from the
declarations themselves, so the page that shows them cannot fall out of date.
"""

import json

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..config import SETTINGS
from ..state import PARALLEL_SAFE
from ..warnings import SUBTYPES, TYPE

# A default longer than this is described, not shown (the certainty scale, for one).
SHORT = 40


def default_text(value: object) -> nodes.Node:
    """A default as readers of the table need it: the value, or what it is."""
    if value in ("", (), [], {}):
        return nodes.emphasis("", "none")
    # Written as in conf.py: texts in double quotes, a list where a tuple is declared.
    shown = json.dumps(value) if isinstance(value, str) else repr(value)
    if isinstance(value, tuple):
        shown = (
            "[" + ", ".join(json.dumps(v) if isinstance(v, str) else repr(v) for v in value) + "]"
        )
    if len(shown) <= SHORT:
        return nodes.literal("", shown)
    count = len(value)
    noun = "entries" if isinstance(value, dict) else "items"
    return nodes.Text(f"{count} {noun}, in src/sphinx_kb/config.py")


def table(header: tuple[str, ...], rows: list[tuple[nodes.Node, ...]], widths) -> nodes.table:
    group = nodes.tgroup(cols=len(header))
    group += [nodes.colspec(colwidth=width) for width in widths]
    head = nodes.row()
    for title in header:
        head += nodes.entry("", nodes.paragraph("", title))
    group += nodes.thead("", head)
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += nodes.entry("", nodes.paragraph("", "", cell))
        body += row
    group += body
    return nodes.table("", group, classes=["kb-reference-table"])


class SettingsList(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        found = nodes.definition_list(classes=["kb-settings"])
        for setting in SETTINGS:
            if setting.internal:
                continue
            found += nodes.definition_list_item(
                "",
                nodes.term("", "", nodes.literal("", setting.name), ids=[setting.name]),
                nodes.definition(
                    "",
                    nodes.paragraph("", setting.description),
                    nodes.paragraph("", "Default: ", default_text(setting.default)),
                ),
            )
        return [found]


class WarningsTable(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [
            (nodes.literal("", f"{TYPE}.{subtype}"), nodes.Text(meaning))
            for subtype, meaning in sorted(SUBTYPES.items())
        ]
        return [table(("Warning", "When it is given"), rows, (3, 7))]


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.config")
    app.add_directive("kb-settings", SettingsList)
    app.add_directive("kb-warnings", WarningsTable)
    return PARALLEL_SAFE
