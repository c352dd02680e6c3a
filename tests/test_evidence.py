"""The evidence layer on a small test project: claims, the evidence map, study types,
retraction notices, review dates and JSON-LD (tests/roots/test-evidence)."""

import json
import re
import shutil
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kb.features.review import add_months

ROOT = Path(__file__).parent / "roots" / "test-evidence"
# 2026-11-30 and 2028-01-01, 00:00 UTC
NOW = "1764460800"
LATER = "1830297600"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT, tmp_path / "src"))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)


def build(srcdir: Path, buildername: str = "html", outdir: Path | None = None):
    warnings = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=outdir or srcdir / "_build",
        warning=warnings,
        status=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


def page(app, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text("utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


class Scripts(HTMLParser):
    """The contents of the page's <script type="application/ld+json"> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.found[-1] += data


def json_ld(html: str) -> list[dict]:
    parser = Scripts()
    parser.feed(html)
    return [json.loads(text) for text in parser.found]


# -- Claims -------------------------------------------------------------------------------------


def test_clean_build_has_no_warnings(project):
    _, warnings = build(project)
    assert warnings == ""


def test_a_claim_shows_its_label_in_text_linked_to_the_scale(project):
    app, _ = build(project)
    html = page(app, "articles/one")
    label = re.search(r'<a class="kb-certainty kb-certainty-moderate"([^>]*)>([^<]*)</a>', html)
    assert label, html
    assert label[2] == "Moderate certainty"
    assert 'href="../scale.html#certainty-moderate"' in label[1]
    assert 'data-kb-meaning="The evidence is good, but new research' in label[1]
    assert 'id="certainty-moderate"' in page(app, "scale")
    # Its citation is a footnote citation like any other.
    claim = html.split('id="claim-1"', 1)[1].split("</div>", 1)[0]
    assert 'href="#footcite-smith2020"' in claim


def test_a_claim_label_is_bold_text_outside_html(project):
    app, warnings = build(project, "text")
    assert warnings == ""
    text = (Path(app.outdir) / "articles" / "one.txt").read_text("utf-8")
    assert "**Moderate certainty**: brains change with practice." in " ".join(text.split())


def test_an_unknown_certainty_stops_the_build_at_its_line(project):
    article = project / "articles" / "one.md"
    edit(article, ":::{claim} moderate", ":::{claim} fairly sure")
    _, warnings = build(project)
    line = line_of(article, "{claim} fairly sure")
    assert f"one.md:{line}: WARNING: unknown certainty 'fairly sure'" in warnings
    assert "moderate (Moderate certainty)" in warnings
    assert "[kb.claim_certainty]" in warnings


def test_a_claim_without_a_citation_stops_the_build_at_its_line(project):
    article = project / "articles" / "one.md"
    edit(article, ":::{claim} moderate\n:cite: smith2020\n", ":::{claim} moderate\n")
    _, warnings = build(project)
    line = line_of(article, "{claim} moderate")
    assert f"one.md:{line}: WARNING: claim without a citation" in warnings
    assert "[kb.claim_citation]" in warnings


# -- The evidence map ---------------------------------------------------------------------------


def map_text(app) -> str:
    html = page(app, "map")
    body = html.split("<h1", 1)[1].split('<div class="sphinxsidebar"', 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))


def test_the_map_groups_every_claim_by_certainty_with_counts(project):
    app, _ = build(project)
    text = map_text(app)
    assert "4 claims on 2 pages" in text
    for counted in (
        "High certainty: 1 claim",
        "Moderate certainty: 1 claim",
        "Low certainty: 1 claim",
        "Very low certainty: 0 claims",
        "Untested idea: 1 claim",
    ):
        assert counted in text
    order = [
        text.index(f"{label} (")
        for label in ("High certainty", "Moderate certainty", "Low certainty", "Untested idea")
    ]
    assert order == sorted(order)
    html = page(app, "map")
    assert 'href="articles/one.html#claim-1"' in html
    assert "Care heals everyone. Verdict: Untested." in text


def test_the_map_is_the_same_after_an_incremental_build(project, tmp_path):
    build(project)
    edit(project / "articles" / "two.md", ":::{claim} Low certainty", ":::{claim} very-low")
    edit(project / "articles" / "two.md", "care helps some people.\n:::", "care helps a few.\n:::")
    incremental, _ = build(project)
    clean_copy = Path(
        shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    )
    clean, _ = build(clean_copy)
    assert "Very low certainty: 1 claim" in map_text(incremental)
    assert "Care helps a few." in map_text(incremental)
    assert page(incremental, "map") == page(clean, "map")


def test_the_map_is_in_the_epub(project):
    app, warnings = build(project, "epub")
    assert warnings == ""
    text = (Path(app.outdir) / "map.xhtml").read_text("utf-8")
    assert "Moderate certainty (1 claim)" in text


# -- Citations: study type, retractions ---------------------------------------------------------


def test_each_reference_names_its_study_type(project):
    app, _ = build(project)
    html = page(app, "articles/one")
    note = html.split('id="footcite-smith2020"', 1)[1].split("</aside>", 1)[0]
    assert "Study type: Meta-analysis." in note
    assert 'href="https://doi.org/10.1000/smith2020"' in note


def test_a_retracted_source_is_flagged_wherever_it_is_cited(project):
    app, _ = build(project)
    html = page(app, "articles/one")
    marks = re.findall(r'href="#footcite-jones2019"[^>]*>.*?</a><strong class="kb-source-mark">'
                       r" \(retracted\)</strong>", html)  # fmt: skip
    assert len(marks) == 2  # in the text and in the claim
    note = html.split('id="footcite-jones2019"', 1)[1].split("</aside>", 1)[0]
    assert "Retracted on 2024-05-31" in note
    assert 'href="https://doi.org/10.1000/retraction-jones2019"' in note
    assert "kb-source-mark" not in page(app, "articles/two")
    text = map_text(app)
    assert "jones2019: retracted on 2024-05-31 (notice). Cited in: Article one" in text
    assert "Cites a retracted or corrected source: jones2019." in text


def test_an_entry_without_a_study_type_stops_the_build(project):
    edit(project / "refs.bib", "  studytype = {cohort}\n", "")
    edit(project / "refs.bib", "  pages     = {21--30},\n", "  pages     = {21--30}\n")
    _, warnings = build(project)
    assert f"refs.bib:{line_of(project / 'refs.bib', '@article{lee2018')}: ERROR:" in warnings
    assert "entry 'lee2018' lacks the field 'studytype'" in warnings
    assert "meta-analysis" in warnings


def test_an_unknown_study_type_or_a_bad_retraction_stops_the_build(project):
    edit(project / "refs.bib", "{cohort}", "{anecdote}")
    edit(project / "refs.bib", "{2024-05-31, https", "{last year, https")
    _, warnings = build(project)
    assert "entry 'lee2018' has the unknown studytype 'anecdote'" in warnings
    assert "entry 'jones2019': write 'retracted' as a date and the link" in warnings
    assert "[kb.bibliography]" in warnings


# -- Review dates and JSON-LD -------------------------------------------------------------------


def test_articles_show_their_review_dates(project):
    app, _ = build(project)
    one, two = page(app, "articles/one"), page(app, "articles/two")
    assert "Last reviewed: 2026-01-01 · Next review due: 2029-01-01" in one
    assert (
        "Last reviewed: 2025-06-15 · Next review due: 2027-06-15"
        " · Evidence searched up to: 2025-05-01"
    ) in two
    assert "Review overdue" not in one + two


def test_a_page_past_its_review_date_shows_a_notice(project, monkeypatch):
    build(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    app, warnings = build(project)  # incremental: the page fell due since the last build
    assert warnings == ""
    two = page(app, "articles/two")
    assert "Review overdue" in two
    assert "was due for review on 2027-06-15" in two
    assert "Review overdue" not in page(app, "articles/one")


def test_review_interval_counts_months():
    from datetime import date

    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 12) == date(2027, 1, 31)


def test_articles_carry_valid_json_ld(project):
    app, _ = build(project)
    (data,) = json_ld(page(app, "articles/two"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2025-06-15"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
    assert data["name"] == "Article two"
    assert json_ld(page(app, "map")) == []


def test_the_sitemap_has_lastmod(project):
    warnings = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=project,
        confoverrides={"html_baseurl": "https://example.org/kb/"},
        warning=warnings,
        status=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text("utf-8")
    assert (
        "<url><loc>https://example.org/kb/articles/two.html</loc>"
        "<lastmod>2025-06-15</lastmod></url>"
    ) in sitemap


def test_a_review_date_that_is_not_iso_stops_the_build(project):
    article = project / "articles" / "two.md"
    edit(article, "next_review: 2027-06-15", "next_review: next summer")
    _, warnings = build(project)
    line = line_of(article, "next_review:")
    assert f"two.md:{line}: WARNING: 'next_review' must be an ISO date" in warnings
    assert "[kb.front_matter]" in warnings


def test_two_builds_with_the_same_date_are_identical(project, tmp_path):
    first, _ = build(project, outdir=tmp_path / "first")
    second, _ = build(project, outdir=tmp_path / "second")
    for name in ("articles/one", "articles/two", "map", "scale"):
        assert page(first, name) == page(second, name), name
