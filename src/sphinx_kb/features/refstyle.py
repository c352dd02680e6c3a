"""The reference style "kb": pybtex's "plain", with long author lists shortened.

A list of more than three authors shows the first three and "et al.", as the
Vancouver and APA styles do for long lists. Readers need the first authors, the
title and the journal to find a work; a reference list of full author lists makes
article pages heavier without helping them. The bibliography keeps every name.
Choose it with ``bibtex_default_style = "kb"`` in conf.py.

It is registered through pybtex's plugin interface (``register_plugin``) when
the build uses sphinxcontrib-bibtex (the ``bibtex`` extra of this package), and
pybtex is imported then, not when this module is.
"""

import functools

from sphinx.application import Sphinx
from sphinx.config import Config

from ..state import PARALLEL_SAFE

NAME = "kb"
SHOWN = 3


@functools.cache
def style() -> type:
    """The style class (made once: pybtex is imported here)."""
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.template import FieldIsMissing, join, node, sentence

    @node
    def names_shortened(children, context, role, **kwargs):
        """The names of role, the first SHOWN and "et al." when there are more."""
        if children:
            raise ValueError(children)
        try:
            persons = context["entry"].persons[role]
        except KeyError:
            raise FieldIsMissing(role, context["entry"]) from None
        style = context["style"]
        formatted = [style.format_name(person, style.abbreviate_names) for person in persons]
        if len(formatted) > SHOWN:
            return join(sep=", ")[(*formatted[:SHOWN], "et al.")].format_data(context)
        return join(**kwargs)[formatted].format_data(context)

    class Style(PlainStyle):
        def format_names(self, role, as_sentence=True):
            formatted = names_shortened(role, sep=", ", sep2=" and ", last_sep=", and ")
            return sentence[formatted] if as_sentence else formatted

    return Style


def register() -> None:
    from pybtex.plugin import register_plugin

    register_plugin("pybtex.style.formatting", NAME, style(), force=True)


def register_if_cited(app: Sphinx, config: Config) -> None:
    if "bibtex_bibfiles" in config:  # sphinxcontrib-bibtex is in use
        register()


# Before the default priority: checks.bibliography formats every entry with the
# chosen style on config-inited.
REGISTER_FIRST = 400


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", register_if_cited, priority=REGISTER_FIRST)
    return PARALLEL_SAFE
