"""pybtex's plugin lookups are cached, and still find the same plugins."""

from importlib import metadata

import pybtex.plugin

from sphinx_kb import pybtexcache


def test_lookups_are_cached_and_correct():
    pybtexcache.setup(None)
    pybtexcache._entry_points.cache_clear()
    first = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    second = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    expected = next(iter(metadata.entry_points(group="pybtex.style.formatting", name="plain")))
    assert first is second is expected.load()
    info = pybtexcache._entry_points.cache_info()
    assert info.misses == 1
    assert info.hits >= 1


def test_runtime_plugins_still_win():
    pybtexcache.setup(None)

    class Custom(pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")):
        pass

    pybtex.plugin.register_plugin("pybtex.style.formatting", "kbtest", Custom)
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "kbtest") is Custom
