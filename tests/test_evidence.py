"""The evidence layer on a small test project: claims, the evidence map, study types,
retraction notices, review dates and JSON-LD (tests/roots/test-evidence)."""

import itertools
import re
from pathlib import Path
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

import pytest

from sphinx_kb.features.review import add_months

from .helpers import LATER, clean_copy, edit, json_ld, line_of, main, map_text, page, tree
from .markup import by_class, by_id, links, one, text

pytestmark = [
    pytest.mark.sphinx("html", testroot="evidence"),
    pytest.mark.usefixtures("fixed_today"),
]


def marked(document: Element, href: str) -> list[Element]:
    """The links to href that are followed at once by the mark of a retracted source."""
    found = []
    for parent in document.iter():
        children = list(parent)
        for link, after in itertools.pairwise(children):
            if (
                link.tag == "a"
                and link.get("href") == href
                and not link.tail
                and after.tag == "strong"
                and after.get("class") == "kb-source-mark"
                and "".join(after.itertext()) == " (retracted)"
            ):
                found.append(link)
    return found


# -- Claims -------------------------------------------------------------------------------------


def test_clean_build_has_no_warnings(build):
    _, warnings = build()
    assert warnings == ""


def test_a_claim_shows_its_label_in_text_linked_to_the_scale(build):
    app, _ = build()
    html = tree(app, "articles/one")
    label = one(by_class(html, "kb-certainty-moderate", "a"), "moderate label")
    assert label.get("class") == "kb-certainty kb-certainty-moderate"
    assert text(label) == "Moderate certainty"
    assert label.get("href") == "../scale.html#certainty-moderate"
    assert label.get("data-kb-meaning").startswith("The evidence is good, but new research")
    assert by_id(tree(app, "scale"), "certainty-moderate") is not None
    # Its citation is a footnote citation like any other.
    assert "#footcite-smith2020" in links(by_id(html, "claim-1"))


def test_a_claim_label_is_bold_text_outside_html(build):
    app, warnings = build("text")
    assert warnings == ""
    text = (Path(app.outdir) / "articles" / "one.txt").read_text("utf-8")
    assert "**Moderate certainty**: brains change with practice." in " ".join(text.split())


def test_an_unknown_certainty_stops_the_build_at_its_line(project, build):
    article = project / "articles" / "one.md"
    edit(article, ":::{claim} moderate", ":::{claim} fairly sure")
    _, warnings = build()
    line = line_of(article, "{claim} fairly sure")
    assert f"one.md:{line}: WARNING: unknown certainty 'fairly sure'" in warnings
    assert "moderate (Moderate certainty)" in warnings
    assert "[kb.claim_certainty]" in warnings


def test_a_claim_without_a_citation_stops_the_build_at_its_line(project, build):
    article = project / "articles" / "one.md"
    edit(article, ":::{claim} moderate\n:cite: smith2020\n", ":::{claim} moderate\n")
    _, warnings = build()
    line = line_of(article, "{claim} moderate")
    assert f"one.md:{line}: WARNING: claim without a citation" in warnings
    assert "[kb.claim_citation]" in warnings


# -- The evidence map ---------------------------------------------------------------------------


def test_the_map_groups_every_claim_by_certainty_with_counts(build):
    app, _ = build()
    shown = map_text(app)
    assert "4 claims on 2 pages" in shown
    for counted in (
        "High certainty: 1 claim",
        "Moderate certainty: 1 claim",
        "Low certainty: 1 claim",
        "Very low certainty: 0 claims",
        "Untested idea: 1 claim",
    ):
        assert counted in shown
    order = [
        shown.index(f"{label} (")
        for label in ("High certainty", "Moderate certainty", "Low certainty", "Untested idea")
    ]
    assert order == sorted(order)
    assert "articles/one.html#claim-1" in links(main(tree(app, "map")))
    assert "Care heals everyone. Verdict: Untested." in shown


def test_the_map_is_the_same_after_an_incremental_build(project, build, tmp_path):
    build()
    edit(project / "articles" / "two.md", ":::{claim} Low certainty", ":::{claim} very-low")
    edit(project / "articles" / "two.md", "care helps some people.\n:::", "care helps a few.\n:::")
    incremental, _ = build()
    clean, _ = build(srcdir=clean_copy(project, tmp_path / "clean"))
    assert "Very low certainty: 1 claim" in map_text(incremental)
    assert "Care helps a few." in map_text(incremental)
    assert page(incremental, "map") == page(clean, "map")


def test_the_map_is_in_the_epub(build):
    app, warnings = build("epub")
    assert warnings == ""
    book_map = ElementTree.parse(Path(app.outdir) / "map.xhtml").getroot()
    assert "Moderate certainty (1 claim)" in text(book_map)


# -- Citations: study type, retractions ---------------------------------------------------------


def test_each_reference_names_its_study_type(build):
    app, _ = build()
    note = by_id(tree(app, "articles/one"), "footcite-smith2020")
    assert "Study type: Meta-analysis." in text(note)
    assert "https://doi.org/10.1000/smith2020" in links(note)


def test_a_retracted_source_is_flagged_wherever_it_is_cited(build):
    app, _ = build()
    html = tree(app, "articles/one")
    assert len(marked(html, "#footcite-jones2019")) == 2  # in the text and in the claim
    note = by_id(html, "footcite-jones2019")
    assert "Retracted on 2024-05-31" in text(note)
    assert "https://doi.org/10.1000/retraction-jones2019" in links(note)
    assert "kb-source-mark" not in page(app, "articles/two")
    shown = map_text(app)
    assert "jones2019: retracted on 2024-05-31 (notice). Cited in: Article one" in shown
    assert "Cites a retracted or corrected source: jones2019." in shown


def test_an_entry_without_a_study_type_stops_the_build(project, build):
    edit(project / "refs.bib", "  studytype = {cohort}\n", "")
    edit(project / "refs.bib", "  pages     = {21--30},\n", "  pages     = {21--30}\n")
    _, warnings = build()
    assert f"refs.bib:{line_of(project / 'refs.bib', '@article{lee2018')}: ERROR:" in warnings
    assert "entry 'lee2018' lacks the field 'studytype'" in warnings
    assert "meta-analysis" in warnings


def test_an_unknown_study_type_or_a_bad_retraction_stops_the_build(project, build):
    edit(project / "refs.bib", "{cohort}", "{anecdote}")
    edit(project / "refs.bib", "{2024-05-31, https", "{last year, https")
    _, warnings = build()
    assert "entry 'lee2018' has the unknown studytype 'anecdote'" in warnings
    assert "entry 'jones2019': write 'retracted' as a date and the link" in warnings
    assert "[kb.bibliography]" in warnings


# -- Review dates and JSON-LD -------------------------------------------------------------------


def review_dates(document: Element) -> str:
    return text(one(by_class(document, "kb-review-dates", "p"), "line of review dates"))


def test_articles_show_their_review_dates(build):
    app, _ = build()
    first, second = tree(app, "articles/one"), tree(app, "articles/two")
    assert review_dates(first) == "Last reviewed: 2026-01-01 · Next review due: 2029-01-01"
    assert review_dates(second) == (
        "Last reviewed: 2025-06-15 · Next review due: 2027-06-15"
        " · Evidence searched up to: 2025-05-01"
    )
    assert "Review overdue" not in page(app, "articles/one") + page(app, "articles/two")


def test_a_page_past_its_review_date_shows_a_notice(build, monkeypatch):
    build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    app, warnings = build()  # incremental: the page fell due since the last build
    assert warnings == ""
    two = text(main(tree(app, "articles/two")))
    assert "Review overdue" in two
    assert "was due for review on 2027-06-15" in two
    assert "Review overdue" not in page(app, "articles/one")


def test_review_interval_counts_months():
    from datetime import date

    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 12) == date(2027, 1, 31)


def test_articles_carry_valid_json_ld(build):
    app, _ = build()
    (data,) = json_ld(tree(app, "articles/two"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2025-06-15"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["dateModified"])
    assert data["name"] == "Article two"
    assert json_ld(tree(app, "map")) == []


def test_the_sitemap_has_lastmod(build):
    app, _ = build(html_baseurl="https://example.org/kb/")
    sitemap = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    urls = [[(child.tag.rsplit("}", 1)[-1], child.text) for child in url] for url in sitemap]
    assert [("loc", "https://example.org/kb/articles/two.html"), ("lastmod", "2025-06-15")] in urls


def test_a_review_date_that_is_not_iso_stops_the_build(project, build):
    article = project / "articles" / "two.md"
    edit(article, "next_review: 2027-06-15", "next_review: next summer")
    _, warnings = build()
    line = line_of(article, "next_review:")
    assert f"two.md:{line}: WARNING: 'next_review' must be an ISO date" in warnings
    assert "[kb.front_matter]" in warnings


def test_two_builds_with_the_same_date_are_identical(build, tmp_path):
    first, _ = build(builddir=tmp_path / "first")
    second, _ = build(builddir=tmp_path / "second")
    for name in ("articles/one", "articles/two", "map", "scale"):
        assert page(first, name) == page(second, name), name
