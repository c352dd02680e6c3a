"""pybtex's plugin lookups are cached, and still find the same plugins."""

from importlib import metadata

import pybtex.plugin
import pytest
from pybtex.style.formatting import BaseStyle

from sphinx_kb import upstream
from sphinx_kb.speedups import pybtexcache


@pytest.fixture(autouse=True)
def patched():
    """pybtex patched as a build patches it, and given back afterwards."""
    upstream.apply(pybtexcache.PATCH, pybtexcache.replacements())
    yield
    upstream.restore(pybtexcache.PATCH)


def test_lookups_are_cached_and_correct():
    pybtexcache._entry_points.cache_clear()
    first = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    second = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    expected = next(iter(metadata.entry_points(group="pybtex.style.formatting", name="plain")))
    assert first is second is expected.load()
    info = pybtexcache._entry_points.cache_info()
    assert info.misses == 1
    assert info.hits >= 1


def test_runtime_plugins_still_win():

    class Custom(pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")):
        pass

    pybtex.plugin.register_plugin("pybtex.style.formatting", "kbtest", Custom)
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "kbtest") is Custom


def _entry(title: str):
    from pybtex.database import Entry, Person

    entry = Entry("article", fields={"title": title, "journal": "J", "year": "2020"})
    entry.key = "smith2020"
    entry.persons["author"] = [Person("Smith, Jane")]
    return entry


def _plain(**options):
    return pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")(**options)


def _text(formatted) -> str:
    return formatted.text.render_as("text")


def test_formatted_entries_are_reused_and_equal_to_pybtex_own():
    entry = _entry("On {M}emory")
    first = _plain().format_entry(label="", entry=entry)
    again = _plain().format_entry(label="", entry=entry)
    own = upstream.original(BaseStyle, "format_entry")(_plain(), "", entry)
    assert again is first
    assert _text(first) == _text(own) == "Jane Smith. On Memory. J, 2020."


def test_a_changed_entry_or_style_is_formatted_afresh():
    before = _plain().format_entry(label="", entry=_entry("Old title"))
    after = _plain().format_entry(label="", entry=_entry("New title"))
    short = _plain(abbreviate_names=True).format_entry(label="", entry=_entry("New title"))
    labelled = _plain().format_entry(label="7", entry=_entry("New title"))
    assert "Old title" in _text(before)
    assert "New title" in _text(after)
    assert _text(short).startswith("J. Smith.")
    assert labelled.label == "7"


def test_whole_groups_are_listed_as_pybtex_lists_them():
    names = set(pybtex.plugin.enumerate_plugin_names("pybtex.style.formatting"))
    assert {"plain", "unsrt"} <= names
