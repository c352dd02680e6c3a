"""Look up pybtex's plugins once per process instead of once per citation.

sphinxcontrib-bibtex builds a pybtex style for every ``{footcite}`` role, and
pybtex finds each part of a style (labels, names, sorting) by scanning every
installed distribution's entry points with ``importlib.metadata``. On this
knowledge base that scan was about a third of a clean build's time. The set of
installed distributions does not change during a build, so the scan's result
is cached. Plugins registered at run time (``pybtex.plugin.register_plugin``)
are looked up by pybtex before entry points and are not affected.
"""

import functools
from importlib import metadata

import pybtex.plugin


@functools.cache
def _entry_points(group: str, name: str) -> tuple[metadata.EntryPoint, ...]:
    return tuple(metadata.entry_points(group=group, name=name))


def cached_entry_points(*, group: str, name: str) -> tuple[metadata.EntryPoint, ...]:
    return _entry_points(group, name)


def setup(app) -> None:
    pybtex.plugin.entry_points = cached_entry_points
