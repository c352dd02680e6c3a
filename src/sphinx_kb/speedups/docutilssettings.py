"""Set up docutils' settings once per build instead of once per page.

For every page it reads, Sphinx 9 builds a docutils ``OptionParser`` from the
reader's and the parser's setting specifications (about 150 options) and reads
docutils' configuration files, only to take its default values: about 1.5 ms a
page, 1.5 s of processor time at 1,000 articles. MyST then builds another one
for a placeholder document it discards. A parser depends only on the kinds of
components, on the defaults it is given and on the configuration files, which
do not change during a build; so it is kept, and each page still gets its own
fresh ``Values`` from it. Other defaults get a parser of their own.

It replaces ``sphinx.util.docutils._get_settings`` and the
``get_default_settings`` that ``myst_parser.mdit_to_docutils.base`` imports
from docutils, doing what they do, with the parser kept, for the versions in
``sphinx_kb.upstream.VERIFIED``; with others it changes nothing. No upstream
issue is filed: docutils deprecates ``OptionParser`` for an argparse parser to
come, which would be the place to make default settings cheap.

Pages also stop looking up docutils' own stylesheets (``stylesheet_path``) on
disk: Sphinx's HTML translator finds them for every page, about 0.7 ms, and its
templates never link them.
"""

import copy
import warnings
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import upstream
from ..state import PARALLEL_SAFE

PATCH = "speedups.docutilssettings"
_parsers: dict[tuple, tuple[dict, Any]] = {}


def cached_get_settings(*components, defaults: Mapping[str, Any], read_config_files: bool = False):
    from docutils.frontend import OptionParser
    from docutils.utils import DependencyList

    kinds = tuple(c if isinstance(c, type) else type(c) for c in components)
    key = (kinds, read_config_files, tuple(sorted(defaults)))
    cached = _parsers.get(key)
    if cached is None or cached[0] != defaults:
        # As Sphinx does: OptionParser is deprecated in favour of an argparse parser to come.
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
            parser = OptionParser(
                components=components, defaults=defaults, read_config_files=read_config_files
            )
        cached = _parsers[key] = (dict(defaults), parser)
    settings = cached[1].get_default_values()
    # Values are shared with the kept parser. Read from configuration files, the
    # defaults hold one DependencyList: a fresh parser makes one per page, and
    # sharing it would give every page the files included by the pages before it.
    settings.record_dependencies = DependencyList()
    for name, value in vars(settings).items():
        if isinstance(value, list | dict | set):
            setattr(settings, name, copy.copy(value))
    return settings


def cached_default_settings(*components):
    """docutils.frontend.get_default_settings: no defaults, no configuration files."""
    return cached_get_settings(*components, defaults={})


def replacements() -> list[tuple[object, str, object]]:
    import myst_parser.mdit_to_docutils.base as myst_base
    import sphinx.util.docutils

    return [
        (sphinx.util.docutils, "_get_settings", cached_get_settings),
        (myst_base, "get_default_settings", cached_default_settings),
    ]


def skip_docutils_stylesheets(app: Sphinx) -> None:
    app.env.settings["stylesheet_path"] = []


def on_config_inited(app: Sphinx, config: Config) -> None:
    if upstream.enabled(PATCH, config, speedup=True):
        upstream.apply(PATCH, replacements())
        app.connect("builder-inited", skip_docutils_stylesheets)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    return PARALLEL_SAFE
