"""Footnotes and reference lists stay out of the full-text search index."""

import pytest

from .helpers import edit, search_index, tree
from .markup import by_class

pytestmark = pytest.mark.sphinx("html", testroot="kb")


def test_footnotes_are_left_out_of_the_index(project, build):
    edit(
        project / "articles" / "alpha.md",
        "Alpha starts here.",
        "Alpha starts here, quillwort in hand.[^book]\n\n[^book]: Zorblax, The Quagmire Volume.",
    )
    app, warnings = build()
    assert warnings == ""
    terms = search_index(app.outdir)["terms"]
    assert "quillwort" in terms, "the body is indexed"
    assert not {"zorblax", "quagmir", "quagmire"} & set(terms)
    footnotes = by_class(tree(app, "articles/alpha"), "footnote", "aside")
    assert footnotes
    assert all("no-search" in footnote.get("class").split() for footnote in footnotes)
