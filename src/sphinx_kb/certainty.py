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
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from . import envdata

SCALE_PAGES = "kb_certainty_scale_pages"

DEFAULT_SCALE = [
    {
        "key": "high",
        "label": "High certainty",
        "meaning": "Many good studies agree, and new research is unlikely to change the finding.",
    },
    {
        "key": "moderate",
        "label": "Moderate certainty",
        "meaning": "The evidence is good, but new research could change the finding.",
    },
    {
        "key": "low",
        "label": "Low certainty",
        "meaning": (
            "The evidence is limited or flawed, so new research may well change the finding."
        ),
    },
    {
        "key": "very-low",
        "label": "Very low certainty",
        "meaning": "The evidence is so thin or weak that the finding is very uncertain.",
    },
    {
        "key": "untested",
        "label": "Untested idea",
        "meaning": "A theory that no trial or other direct study has tested yet.",
    },
]


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


def validate(app: Sphinx, config: Config) -> None:
    scale = config.kb_certainty_scale
    problem = None
    if not isinstance(scale, (list, tuple)) or not scale:
        problem = "must be a non-empty list of levels, strongest first"
    else:
        for number, level in enumerate(scale, 1):
            fields = ("key", "label", "meaning")
            if not isinstance(level, dict) or any(
                not isinstance(level.get(field), str) or not level[field].strip()
                for field in fields
            ):
                problem = f"level {number} needs the text fields 'key', 'label' and 'meaning'"
                break
        else:
            keys = [level["key"] for level in scale]
            if len(set(keys)) != len(keys):
                problem = "two levels share a key; give each level its own"
    if problem:
        raise ConfigError(f"kb_certainty_scale {problem} (see the default in sphinx_kb.certainty)")


class CertaintyScale(SphinxDirective):
    """``{certainty-scale}``: the levels of ``kb_certainty_scale`` as a definition list."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        envdata.get(self.env, SCALE_PAGES)[self.env.docname] = True
        definitions = nodes.definition_list(classes=["kb-certainty-scale"])
        for level in self.config.kb_certainty_scale:
            term = nodes.term("", "", nodes.strong("", level["label"]), ids=[anchor(level["key"])])
            definition = nodes.definition("", nodes.paragraph("", level["meaning"]))
            definitions += nodes.definition_list_item("", term, definition)
        return [definitions]


def scale_page(env) -> str | None:
    """The document that lists the scale, where claim labels link to."""
    pages = sorted(envdata.get(env, SCALE_PAGES))
    return pages[0] if pages else None


def setup(app: Sphinx) -> None:
    app.add_config_value(
        "kb_certainty_scale",
        DEFAULT_SCALE,
        "env",
        types=frozenset({list, tuple}),
        description="Certainty levels, strongest first: dicts with key, label and meaning.",
    )
    envdata.register(app, SCALE_PAGES)
    app.add_directive("certainty-scale", CertaintyScale)
    app.connect("config-inited", validate)
