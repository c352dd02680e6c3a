"""docutils settings made once per build are the same settings, fresh for every page."""

import pytest
import sphinx.util.docutils
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone
from myst_parser.parsers.sphinx_ import MystParser

from sphinx_kb import upstream
from sphinx_kb.speedups import docutilssettings as settingscache


def _settings(function, defaults):
    return function(standalone.Reader, MystParser(), defaults=defaults, read_config_files=False)


def test_kept_parser_gives_what_sphinx_gives_and_fresh_values_each_time():
    settingscache._parsers.clear()
    defaults = {"traceback": True, "raw_enabled": False}
    first = _settings(settingscache.cached_get_settings, defaults)
    second = _settings(settingscache.cached_get_settings, dict(defaults))
    sphinx_own = _settings(upstream.original(sphinx.util.docutils, "_get_settings"), defaults)
    assert len(settingscache._parsers) == 1
    assert first is not second
    assert first.record_dependencies is not second.record_dependencies
    assert vars(first).keys() == vars(sphinx_own).keys()
    assert first.raw_enabled is False and sphinx_own.raw_enabled is False
    first.raw_enabled = True  # one page's settings never leak into the next page's
    assert _settings(settingscache.cached_get_settings, defaults).raw_enabled is False


def test_other_defaults_get_their_own_parser():
    settingscache._parsers.clear()
    on = _settings(settingscache.cached_get_settings, {"raw_enabled": True})
    off = _settings(settingscache.cached_get_settings, {"raw_enabled": False})
    assert (on.raw_enabled, off.raw_enabled) == (True, False)


def test_default_settings_equal_docutils_own():
    ours = settingscache.cached_default_settings(RSTParser)
    theirs = get_default_settings(RSTParser)
    assert ours is not settingscache.cached_default_settings(RSTParser)
    assert {k: v for k, v in vars(ours).items() if k != "record_dependencies"} == {
        k: v for k, v in vars(theirs).items() if k != "record_dependencies"
    }


@pytest.mark.sphinx("html", testroot="kb")
def test_pages_do_not_look_up_docutils_stylesheets(build):
    app, _ = build()
    assert app.builder.docsettings.stylesheet_path == []


def test_pages_never_share_the_files_they_depend_on():
    """Read with configuration files, as Sphinx reads pages: each page its own dependency list."""
    settingscache._parsers.clear()

    def page():
        return settingscache.cached_get_settings(
            standalone.Reader, MystParser(), defaults={"traceback": True}, read_config_files=True
        )

    first = page()
    first.record_dependencies.add("included.md")
    second = page()
    assert second.record_dependencies.list == []
    assert second.record_dependencies is not first.record_dependencies
