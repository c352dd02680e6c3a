"""A source's claims page, made from its claims alone (sourceclaims.py), on the evidence test
project (tests/roots/test-evidence) with sources registered at test time."""

from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import yaml

from sphinx_kb.content.fingerprint import Fingerprint

from .helpers import clean_copy, edit, fields, main, map_text, page, source_entry, tree
from .markup import by_class, by_id, links, one, text

pytestmark = [
    pytest.mark.sphinx("html", testroot="evidence"),
    pytest.mark.usefixtures("fixed_today"),
]

SOURCE_TEXT = (
    "Gardens grow best when the soil is kept loose and the water comes early in the day, "
    "long before the sun is high over the beds and the paths."
)

FIRST = """# Checking the first source

```{source-claims}
```

## Claim 1

:::{source-claim} 1
:source: first-source
:summary: Brains keep changing.
:verdict: Nuanced
:certainty: moderate
:cite: smith2020
:articles: articles/one
Brains change all through life, whatever one does.
:::

Why: only some parts change.

## Claim 2

:::{source-claim} 2a
:source: first-source
:summary: Practice works.
:verdict: Supported
:certainty: high
:cite: jones2019
:articles: articles/one, articles/two
:::

:::{source-claim} 2b
:source: first-source
:summary: Care heals {term}`everyone <care>`.
:verdict: Untested
:certainty: untested
:cite: lee2018
:articles: /articles/two
:::
"""

SECOND = """# Checking the second source

```{source-claims}
```

:::{source-claim} 1
:source: second-source
:summary: Sleep fixes memory.
:verdict: Overstated
:certainty: low
:cite: lee2018
:articles: articles/two
:::
"""


def register(folder: Path, source_id: str, title: str) -> None:
    folder.mkdir(exist_ok=True)
    data = {"title": title, "fingerprint": Fingerprint.of_text(SOURCE_TEXT).to_data()}
    (folder / f"{source_id}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


@pytest.fixture(autouse=True)
def sources(project, tmp_path) -> None:
    """The evidence project with one registered source, its claims page and a list of sources."""
    register(tmp_path / "sources", "first-source", "The first source")
    (project / "first.md").write_text(FIRST, encoding="utf-8")
    (project / "sources.md").write_text("# Sources\n\n```{kb-sources}\n```\n", encoding="utf-8")
    (project / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\ncare\n  Looking after someone.\n```\n", encoding="utf-8"
    )
    edit(project / "index.md", "finding-help\n", "finding-help\nsources\nglossary\nfirst\n")


def table_rows(document: Element) -> list[tuple[str, ...]]:
    """The cells of the table of claims, row by row, as text."""
    table = one(by_class(document, "kb-source-claims", "table"), "table of claims")
    rows = table.find("tbody").findall("tr")
    return [tuple(text(cell) for cell in row.findall("td")) for row in rows]


def checked_pages(document: Element, source_id: str) -> list[str]:
    """The pages that the source's entry lists under "Its claims checked"."""
    entry = source_entry(document, source_id)
    return links(fields(entry[-1])["Its claims checked"])


def test_the_table_lists_every_claim_with_its_verdict_in_order(build):
    app, warnings = build()
    assert warnings == ""
    html = tree(app, "first")
    assert table_rows(html) == [
        ("1", "Brains keep changing.", "Nuanced", "Article one"),
        ("2a", "Practice works.", "Supported", "Article one, Article two"),
        ("2b", "Care heals everyone.", "Untested", "Article two"),
    ]
    # each number links to its claim, each article to its page, the summary's term to the glossary
    table = links(one(by_class(html, "kb-source-claims", "table"), "table of claims"))
    assert [href for href in table if href.startswith("#source-claim-")] == [
        "#source-claim-1",
        "#source-claim-2a",
        "#source-claim-2b",
    ]
    assert "articles/two.html" in table and "glossary.html#term-care" in table


def test_a_source_claim_shows_the_claim_its_verdict_and_its_certainty(build):
    app, _ = build()
    html = tree(app, "first")
    claim = by_id(html, "source-claim-1")
    assert "The claim: Brains change all through life, whatever one does." in text(claim)
    assert "Verdict: Nuanced · Evidence: Moderate certainty" in text(claim)
    labels = by_class(claim, "kb-certainty", "a")
    assert [label.get("class") for label in labels] == ["kb-certainty kb-certainty-moderate"]
    assert "#footcite-smith2020" in links(claim)
    assert "Why: only some parts change." in text(main(html))


def test_the_map_and_the_source_list_show_the_claims(build):
    app, _ = build()
    shown = map_text(app)
    assert "Brains change all through life, whatever one does. Verdict: Nuanced." in shown
    assert "Practice works. Verdict: Supported." in shown
    assert "first.html#source-claim-2b" in links(main(tree(app, "map")))
    assert checked_pages(tree(app, "sources"), "first-source") == ["first.html"]


def test_a_second_source_gets_its_own_claims_page_without_code(project, build, tmp_path):
    register(tmp_path / "sources", "second-source", "The second source")
    (project / "second.md").write_text(SECOND, encoding="utf-8")
    edit(project / "index.md", "\nfirst\n", "\nfirst\nsecond\n")
    app, warnings = build()
    assert warnings == ""
    assert table_rows(tree(app, "second")) == [
        ("1", "Sleep fixes memory.", "Overstated", "Article two")
    ]
    assert [row[0] for row in table_rows(tree(app, "first"))] == ["1", "2a", "2b"]
    listing = tree(app, "sources")
    assert checked_pages(listing, "second-source") == ["second.html"]
    assert checked_pages(listing, "first-source") == ["first.html"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (":verdict: Supported", ":verdict: Debunked", "unknown verdict 'Debunked'"),
        (
            ":source: first-source\n:summary: Practice",
            ":source: nope\n:summary: Practice",
            "unknown source 'nope'",
        ),
        (
            ":articles: articles/one, articles/two",
            ":articles: articles/one, articles/three",
            "unknown page 'articles/three'",
        ),
        (":certainty: high", ":certainty: certain", "unknown certainty 'certain'"),
        (":cite: jones2019\n", "", "source claim without a citation"),
        ("{source-claim} 2b", "{source-claim} 2a", "claim 2a is on this page twice"),
    ],
)
def test_a_bad_source_claim_is_reported_at_its_line(project, build, old, new, message):
    edit(project / "first.md", old, new)
    lines = (project / "first.md").read_text("utf-8").splitlines()
    # the claim that is reported: the second claim 2a when a number is used twice
    line = [n for n, text in enumerate(lines, 1) if text == ":::{source-claim} 2a"][-1]
    _, warnings = build()
    assert f"first.md:{line}: WARNING: {message}" in warnings, warnings
    assert "[kb." in warnings


def test_incremental_build_equals_clean_after_editing_one_source_claim(project, build, tmp_path):
    build()
    edit(project / "first.md", ":verdict: Supported", ":verdict: Overstated")
    edit(project / "first.md", ":summary: Practice works.", ":summary: Practice always works.")
    incremental, warnings = build()
    assert warnings == ""
    clean, _ = build(srcdir=clean_copy(project, tmp_path / "clean"))
    assert ("2a", "Practice always works.", "Overstated", "Article one, Article two") in (
        table_rows(tree(incremental, "first"))
    )
    assert "Verdict: Overstated." in map_text(incremental)
    for name in ("first", "map", "sources"):
        assert page(incremental, name) == page(clean, name), name


def test_a_claims_page_added_later_is_linked_from_the_source_list(project, build, tmp_path):
    build()
    # an orphan page: no toctree changes, so only the check of the list rewrites the About page
    more = SECOND.replace("second-source", "first-source").replace("second", "further")
    (project / "more.md").write_text(f"---\norphan: true\n---\n{more}", encoding="utf-8")
    incremental, warnings = build()
    assert warnings == ""
    assert checked_pages(tree(incremental, "sources"), "first-source") == [
        "first.html",
        "more.html",
    ]
    clean, _ = build(srcdir=clean_copy(project, tmp_path / "clean"))
    assert page(incremental, "sources") == page(clean, "sources")
