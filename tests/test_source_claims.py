"""A source's claims page, made from its claims alone (sourceclaims.py), on the evidence test
project (tests/roots/test-evidence) with sources registered at test time."""

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from sphinx_kb.content.fingerprint import Fingerprint

from .test_evidence import NOW, ROOT, build, edit, map_text, page

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


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)


def register(folder: Path, source_id: str, title: str) -> None:
    folder.mkdir(exist_ok=True)
    data = {"title": title, "fingerprint": Fingerprint.of_text(SOURCE_TEXT).to_data()}
    (folder / f"{source_id}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """The evidence project with one registered source, its claims page and a list of sources."""
    source = Path(shutil.copytree(ROOT, tmp_path / "src"))
    register(tmp_path / "sources", "first-source", "The first source")
    (source / "first.md").write_text(FIRST, encoding="utf-8")
    (source / "sources.md").write_text("# Sources\n\n```{kb-sources}\n```\n", encoding="utf-8")
    (source / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\ncare\n  Looking after someone.\n```\n", encoding="utf-8"
    )
    edit(source / "index.md", "finding-help\n", "finding-help\nsources\nglossary\nfirst\n")
    return source


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def table_rows(html: str) -> list[tuple[str, ...]]:
    table = re.search(r'<table class="[^"]*kb-source-claims.*?</table>', html, re.DOTALL)
    assert table, "the page has no table of claims"
    body = table.group(0).split("<tbody>", 1)[1]
    return [
        tuple(text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def source_entry(html: str, source_id: str) -> str:
    return html.split(f'id="source-{source_id}"', 1)[1].split("</dl>", 1)[0]


def test_the_table_lists_every_claim_with_its_verdict_in_order(project):
    app, warnings = build(project)
    assert warnings == ""
    html = page(app, "first")
    assert table_rows(html) == [
        ("1", "Brains keep changing.", "Nuanced", "Article one"),
        ("2a", "Practice works.", "Supported", "Article one , Article two"),
        ("2b", "Care heals everyone .", "Untested", "Article two"),
    ]
    # each number links to its claim, each article to its page, the summary's term to the glossary
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    assert re.findall(r'href="#(source-claim-\w+)"', table) == [
        "source-claim-1",
        "source-claim-2a",
        "source-claim-2b",
    ]
    assert 'href="articles/two.html"' in table and 'href="glossary.html#term-care"' in table


def test_a_source_claim_shows_the_claim_its_verdict_and_its_certainty(project):
    app, _ = build(project)
    html = page(app, "first")
    claim = html.split('id="source-claim-1"', 1)[1].split("</div>", 1)[0]
    assert "The claim: Brains change all through life, whatever one does." in text_of(claim)
    assert "Verdict: Nuanced · Evidence: Moderate certainty" in text_of(claim)
    assert 'class="kb-certainty kb-certainty-moderate"' in claim
    assert 'href="#footcite-smith2020"' in claim
    assert "Why: only some parts change." in text_of(html)


def test_the_map_and_the_source_list_show_the_claims(project):
    app, _ = build(project)
    text = map_text(app)
    assert "Brains change all through life, whatever one does. Verdict: Nuanced." in text
    assert "Practice works. Verdict: Supported." in text
    assert 'href="first.html#source-claim-2b"' in page(app, "map")
    entry = source_entry(page(app, "sources"), "first-source")
    assert re.findall(r'href="(\w+)\.html"', entry) == ["first"]
    assert "Its claims checked" in text_of(entry)


def test_a_second_source_gets_its_own_claims_page_without_code(project, tmp_path):
    register(tmp_path / "sources", "second-source", "The second source")
    (project / "second.md").write_text(SECOND, encoding="utf-8")
    edit(project / "index.md", "\nfirst\n", "\nfirst\nsecond\n")
    app, warnings = build(project)
    assert warnings == ""
    assert table_rows(page(app, "second")) == [
        ("1", "Sleep fixes memory.", "Overstated", "Article two")
    ]
    assert [row[0] for row in table_rows(page(app, "first"))] == ["1", "2a", "2b"]
    listing = page(app, "sources")
    assert re.findall(r'href="(\w+)\.html"', source_entry(listing, "second-source")) == ["second"]
    assert re.findall(r'href="(\w+)\.html"', source_entry(listing, "first-source")) == ["first"]


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
def test_a_bad_source_claim_is_reported_at_its_line(project, old, new, message):
    edit(project / "first.md", old, new)
    lines = (project / "first.md").read_text("utf-8").splitlines()
    # the claim that is reported: the second claim 2a when a number is used twice
    line = [n for n, text in enumerate(lines, 1) if text == ":::{source-claim} 2a"][-1]
    _, warnings = build(project)
    assert f"first.md:{line}: WARNING: {message}" in warnings, warnings
    assert "[kb." in warnings


def test_incremental_build_equals_clean_after_editing_one_source_claim(project, tmp_path):
    build(project)
    edit(project / "first.md", ":verdict: Supported", ":verdict: Overstated")
    edit(project / "first.md", ":summary: Practice works.", ":summary: Practice always works.")
    incremental, warnings = build(project)
    assert warnings == ""
    clean_copy = Path(
        shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    )
    clean, _ = build(clean_copy)
    assert ("2a", "Practice always works.", "Overstated", "Article one , Article two") in (
        table_rows(page(incremental, "first"))
    )
    assert "Verdict: Overstated." in map_text(incremental)
    for name in ("first", "map", "sources"):
        assert page(incremental, name) == page(clean, name), name


def test_a_claims_page_added_later_is_linked_from_the_source_list(project, tmp_path):
    build(project)
    # an orphan page: no toctree changes, so only the check of the list rewrites the About page
    more = SECOND.replace("second-source", "first-source").replace("second", "further")
    (project / "more.md").write_text(f"---\norphan: true\n---\n{more}", encoding="utf-8")
    incremental, warnings = build(project)
    assert warnings == ""
    entry = source_entry(page(incremental, "sources"), "first-source")
    assert re.findall(r'href="(\w+)\.html"', entry) == ["first", "more"]
    clean_copy = Path(
        shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    )
    clean, _ = build(clean_copy)
    assert page(incremental, "sources") == page(clean, "sources")
