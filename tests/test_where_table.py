"""CONTRIBUTING.md's "Where do I change…" table stays true.

Every file or folder it names exists, it answers each question a contributor asks
first, and it names every subpackage of the extension, so a new one cannot be left out.
"""

import re

from .helpers import ROOT

GUIDE = ROOT / "CONTRIBUTING.md"
PACKAGE = ROOT / "src" / "sphinx_kb"
QUESTIONS = (
    "An article",
    "A term",
    "A tag",
    "A build step",
    "A reader feature",
    "A build error and its message",
    "Build speed",
)


def table() -> dict[str, str]:
    """The table's rows: what to change -> where to look."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Where do I change…\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("To change", "---"):
            rows[cells[0]] = cells[1]
    return rows


def named_paths(rows: dict[str, str]) -> list[str]:
    """The code spans that are paths: they hold a slash or a file's extension."""
    spans = [span for where in rows.values() for span in re.findall(r"`([^`]+)`", where)]
    return [s for s in spans if "/" in s or re.search(r"\.(py|md|bib|css|toml)$", s)]


def test_it_answers_the_first_questions():
    assert set(QUESTIONS) <= set(table())


def test_every_path_it_names_exists():
    paths = named_paths(table())
    assert len(paths) > 10
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert missing == []


def test_it_names_every_subpackage_of_the_extension():
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert len(subpackages) >= 6
    named = set(named_paths(table()))
    assert [name for name in subpackages if f"src/sphinx_kb/{name}/" not in named] == []
