"""The "kb" reference style: long author lists end in "et al.", short ones are whole."""

from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin

from sphinx_kb.features import refstyle


def _authors(count: int) -> str:
    refstyle.register()
    entry = Entry(
        "article",
        fields={"title": "T", "journal": "J", "year": "2020"},
        persons={"author": [Person(f"Author{n}, A.") for n in range(count)]},
    )
    style = find_plugin("pybtex.style.formatting", "kb")()
    return style.format_entry("key", entry).text.render_as("text")


def test_more_than_three_authors_are_shortened():
    text = _authors(5)
    assert text.startswith("A. Author0, A. Author1, A. Author2, et al. T.")
    assert "Author3" not in text


def test_three_authors_are_all_shown():
    assert _authors(3).startswith("A. Author0, A. Author1, and A. Author2. T.")
