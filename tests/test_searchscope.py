"""Footnotes and reference lists stay out of the full-text search index."""

import json
import re
import shutil
from pathlib import Path

from .test_extension import ROOTS, build, edit, page


def _terms(app) -> dict:
    text = (Path(app.outdir) / "searchindex.js").read_text("utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S)[1])["terms"]


def test_footnotes_are_left_out_of_the_index(tmp_path):
    project = Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))
    edit(
        project / "articles" / "alpha.md",
        "Alpha starts here.",
        "Alpha starts here, quillwort in hand.[^book]\n\n[^book]: Zorblax, The Quagmire Volume.",
    )
    app, warnings = build(project)
    assert warnings == ""
    terms = _terms(app)
    assert "quillwort" in terms, "the body is indexed"
    assert not {"zorblax", "quagmir", "quagmire"} & set(terms)
    html = page(app, "articles/alpha")
    assert re.search(r'<aside class="footnote[^"]*\bno-search\b', html)
