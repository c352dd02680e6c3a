"""Cache pybtex work that gives the same answer every time during a build.

sphinxcontrib-bibtex builds a pybtex style for every ``{footcite}`` role, and
pybtex finds each part of a style (labels, names, sorting) by scanning every
installed distribution's entry points with ``importlib.metadata``. On this
knowledge base that scan was about a third of a clean build's time. The set of
installed distributions does not change during a build, so the scan's result
is cached. Plugins registered at run time (``pybtex.plugin.register_plugin``)
are looked up by pybtex before entry points and are not affected.

The role then formats the cited entry again for every citation, decoding its
LaTeX fields each time (about 5 ms a citation). A formatted entry depends only
on the style, its name style, whether names are abbreviated, the label and the
entry itself, so it is kept per entry object: an entry read again from a
changed ``.bib`` file is a new object and is formatted afresh.
"""

import functools
from importlib import metadata

import pybtex.plugin
from pybtex.style.formatting import BaseStyle

from ..state import PARALLEL_SAFE

_format_entry = BaseStyle.format_entry
_formatted: dict[tuple, tuple[object, object]] = {}


@functools.cache
def _entry_points(group: str, name: str) -> tuple[metadata.EntryPoint, ...]:
    return tuple(metadata.entry_points(group=group, name=name))


def cached_entry_points(*, group: str, name: str) -> tuple[metadata.EntryPoint, ...]:
    return _entry_points(group, name)


def cached_format_entry(self: BaseStyle, label, entry, bib_data=None):
    """BaseStyle.format_entry, remembered for entries formatted without cross-references."""
    if bib_data is not None:
        return _format_entry(self, label, entry, bib_data)
    key = (type(self), type(self.name_style), self.abbreviate_names, label, entry.key, id(entry))
    cached = _formatted.get(key)
    if cached is not None and cached[0] is entry:
        return cached[1]
    formatted = _format_entry(self, label, entry)
    # The entry is kept with its result, so its id cannot be reused by another object.
    _formatted[key] = (entry, formatted)
    return formatted


def setup(app) -> dict:
    pybtex.plugin.entry_points = cached_entry_points
    BaseStyle.format_entry = cached_format_entry
    return PARALLEL_SAFE
