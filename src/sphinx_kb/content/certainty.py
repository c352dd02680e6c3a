"""The site's one certainty scale, and a directive that lists it where it is explained.

``kb_certainty_scale`` in conf.py declares the levels, strongest first: each has a
``key`` (what a claim names), a ``label`` (what readers see) and a ``meaning`` (one
plain sentence). The default is adapted from GRADE, the scale Cochrane reviews use,
with a last level for theory that no study has tested. A scale that is not of
that shape stops the build at once with a configuration error.

``{certainty-scale}`` writes the levels as a definition list, each with the
anchor ``certainty-<key>``; claim labels link there, so a reader without
JavaScript can still look a label up.
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from .. import state
from ..state import PARALLEL_SAFE

SCALE_PAGES = "kb_certainty_scale_pages"


def levels(config: Config) -> dict[str, dict]:
    """The scale's levels by key, in the scale's order (strongest first)."""
    return {level["key"]: level for level in config.kb_certainty_scale}


def find(config: Config, name: str) -> dict | None:
    """The level a claim names, by key or by label, ignoring case."""
    wanted = name.strip().casefold()
    for level in config.kb_certainty_scale:
        if wanted in (level["key"].casefold(), level["label"].casefold()):
            return level
    return None


def anchor(key: str) -> str:
    return f"certainty-{key}"


class CertaintyScale(SphinxDirective):
    """``{certainty-scale}``: the levels of ``kb_certainty_scale`` as a definition list."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        state.get(self.env, SCALE_PAGES)[self.env.docname] = True
        definitions = nodes.definition_list(classes=["kb-certainty-scale"])
        for level in self.config.kb_certainty_scale:
            term = nodes.term("", "", nodes.strong("", level["label"]), ids=[anchor(level["key"])])
            definition = nodes.definition("", nodes.paragraph("", level["meaning"]))
            definitions += nodes.definition_list_item("", term, definition)
        return [definitions]


def scale_page(env) -> str | None:
    """The document that lists the scale, where claim labels link to."""
    pages = sorted(state.get(env, SCALE_PAGES))
    return pages[0] if pages else None


def setup(app: Sphinx) -> dict:
    state.register(app, SCALE_PAGES)
    app.add_directive("certainty-scale", CertaintyScale)
    return PARALLEL_SAFE
