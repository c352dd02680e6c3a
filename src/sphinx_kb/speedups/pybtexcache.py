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

It replaces ``pybtex.plugin.entry_points`` (the ``importlib.metadata``
function pybtex's ``find_plugin`` calls) and
``pybtex.style.formatting.BaseStyle.format_entry``, for the pybtex versions in
``sphinx_kb.upstream.VERIFIED``. No upstream issue is filed with pybtex (Pygments
made the same change for its own plugins: pygments pull request 2979). Without
pybtex installed, this module does nothing.
"""

import functools
from importlib import metadata

from sphinx.application import Sphinx

from .. import upstream
from ..state import PARALLEL_SAFE

PATCH = "speedups.pybtexcache"
_formatted: dict[tuple, tuple[object, object]] = {}


@functools.cache
def _entry_points(group: str, name: str | None) -> tuple[metadata.EntryPoint, ...]:
    if name is None:  # pybtex.plugin.enumerate_plugin_names asks for a whole group
        return tuple(metadata.entry_points(group=group))
    return tuple(metadata.entry_points(group=group, name=name))


def cached_entry_points(*, group: str, name: str | None = None) -> tuple[metadata.EntryPoint, ...]:
    return _entry_points(group, name)


def cached_format_entry(self, label, entry, bib_data=None):
    """BaseStyle.format_entry, remembered for entries formatted without cross-references."""
    from pybtex.style.formatting import BaseStyle

    format_entry = upstream.original(BaseStyle, "format_entry")
    if bib_data is not None:
        return format_entry(self, label, entry, bib_data)
    key = (type(self), type(self.name_style), self.abbreviate_names, label, entry.key, id(entry))
    cached = _formatted.get(key)
    if cached is not None and cached[0] is entry:
        return cached[1]
    formatted = format_entry(self, label, entry)
    # The entry is kept with its result, so its id cannot be reused by another object.
    _formatted[key] = (entry, formatted)
    return formatted


def replacements() -> list[tuple[object, str, object]]:
    import pybtex.plugin
    from pybtex.style.formatting import BaseStyle

    return [
        (pybtex.plugin, "entry_points", cached_entry_points),
        (BaseStyle, "format_entry", cached_format_entry),
    ]


def setup(app: Sphinx) -> dict:
    upstream.connect(app, PATCH, replacements, speedup=True)
    return PARALLEL_SAFE
