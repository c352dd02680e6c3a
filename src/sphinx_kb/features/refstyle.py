"""The reference style "kb": pybtex's "plain", with long author lists shortened.

A list of more than three authors shows the first three and "et al.", as the
Vancouver and APA styles do for long lists. Readers need the first authors, the
title and the journal to find a work; a reference list of full author lists makes
article pages heavier without helping them. The bibliography keeps every name.
Choose it with ``bibtex_default_style = "kb"`` in conf.py.
"""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence

from ..state import PARALLEL_SAFE

NAME = "kb"
SHOWN = 3


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


def register() -> None:
    register_plugin("pybtex.style.formatting", NAME, Style, force=True)


def setup(app) -> dict:
    register()
    return PARALLEL_SAFE
