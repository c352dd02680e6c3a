"""`make new-article`: a correctly shaped draft that builds warning-free, in the right toctree."""

import re
import subprocess
import sys

import pytest

from .helpers import ARTICLES, ROOT, copy_project, sphinx_build
from .kbsource import front_matter_and_body

TEMPLATE_MARKER = "TODO"


def _make_new_article(project, **variables) -> subprocess.CompletedProcess:
    assignments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "new-article",
         f"PYTHON={sys.executable}", *assignments],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _toctree_entries(index_text: str, caption: str) -> list[str]:
    block = re.search(
        r"^```\{toctree\}\n:caption: " + re.escape(caption) + r"\n(.*?)^```",
        index_text,
        re.M | re.S,
    )
    assert block, caption
    return [x for x in block.group(1).splitlines() if x.strip() and not x.startswith(":")]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def test_new_article_builds_warning_free_in_its_section(project, tmp_path):
    result = _make_new_article(
        project, SLUG="does-sleep-shape-memory", TITLE="Does sleep shape memory?",
        SECTION="The changing brain",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    draft = project / "docs" / "articles" / "does-sleep-shape-memory.md"
    text = draft.read_text(encoding="utf-8")
    front, body = front_matter_and_body(text)
    assert re.search(r"^reviewed: \d{4}-\d{2}-\d{2}$", front, re.M)
    assert re.search(r"^tags: \[[a-z-]+(, [a-z-]+)*\]$", front, re.M)
    assert body.lstrip().startswith("# Does sleep shape memory?\n")
    for part in ("## Key points", "How strong is the evidence?", "## References"):
        assert part in body
    assert body.rstrip().endswith("```{footbibliography}\n```")

    index = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert _toctree_entries(index, "The changing brain")[-1] == "articles/does-sleep-shape-memory"

    build = sphinx_build(project / "docs", tmp_path / "out")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    html = (tmp_path / "out" / "html" / "articles" / "does-sleep-shape-memory.html").read_text(
        encoding="utf-8"
    )
    assert "kb-notice" in html


def test_new_article_goes_where_its_tags_are(project):
    result = _make_new_article(project, SLUG="talking-helps", TITLE="Does talking help?",
                               TAGS="psychotherapy")  # fmt: skip
    assert result.returncode == 0, result.stderr
    index = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "articles/talking-helps" in _toctree_entries(index, "Therapy")
    text = (project / "docs" / "articles" / "talking-helps.md").read_text(encoding="utf-8")
    assert "tags: [psychotherapy]" in text


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"SLUG": "x", "TITLE": "X?"}, "give SECTION"),
        ({"SLUG": "Not_A_Slug", "TITLE": "X?", "SECTION": "Therapy"}, "lowercase words joined"),
        ({"SLUG": "fine", "TITLE": "X?", "SECTION": "Astrology"}, 'SECTION is one of "The'),
        ({"SLUG": "fine", "TITLE": "X?", "TAGS": "phrenology"}, "unknown tag 'phrenology'"),
        ({"SLUG": "does-therapy-work", "TITLE": "X?", "TAGS": "trauma"}, "exists already"),
        ({"SLUG": "fine", "SECTION": "Therapy"}, "give the title"),
    ],
    ids=["no-section-or-tags", "bad-slug", "unknown-section", "unknown-tag", "exists", "no-title"],
)
def test_new_article_refuses_bad_input_clearly(project, variables, words):
    before = sorted(p.name for p in (project / "docs" / "articles").iterdir())
    index = (project / "docs" / "index.md").read_text(encoding="utf-8")
    result = _make_new_article(project, **variables)
    assert result.returncode != 0
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "docs" / "articles").iterdir()) == before
    assert (project / "docs" / "index.md").read_text(encoding="utf-8") == index


def test_no_article_keeps_template_placeholders():
    left = [p.name for p in ARTICLES.glob("*.md") if TEMPLATE_MARKER in p.read_text("utf-8")]
    assert left == [], f"replace the {TEMPLATE_MARKER} lines of the template in these"


def test_template_marks_what_to_write():
    template = (ROOT / "tools" / "article-template.md").read_text(encoding="utf-8")
    assert TEMPLATE_MARKER in template


def test_new_article_can_start_from_a_registered_source(project):
    result = _make_new_article(
        project, SLUG="talking-helps", TITLE="Does talking help?", TAGS="psychotherapy",
        SOURCES="does-therapy-really-work",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    front, _ = front_matter_and_body(
        (project / "docs" / "articles" / "talking-helps.md").read_text(encoding="utf-8")
    )
    assert re.search(r"^sources: \[does-therapy-really-work\]$", front, re.M)
    index = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "articles/talking-helps" in _toctree_entries(index, "Therapy")


def test_new_article_refuses_an_unknown_source(project):
    before = sorted(p.name for p in (project / "docs" / "articles").iterdir())
    result = _make_new_article(
        project, SLUG="talking-helps", TITLE="Does talking help?", TAGS="psychotherapy",
        SOURCES="no-such-source",
    )  # fmt: skip
    assert result.returncode != 0
    assert "unknown source 'no-such-source'" in result.stderr
    assert "make import-source" in result.stderr
    assert sorted(p.name for p in (project / "docs" / "articles").iterdir()) == before
