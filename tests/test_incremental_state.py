"""What the extension keeps between builds: an incremental build writes what a clean one writes.

- A link without its own text shows the title of the page it points to, so a
  new title must reach every page that links that way, wherever the link is
  written from (``[](b.md)`` in MyST, ``{doc}`` with ``..``).
- A topic page whose content is unchanged is not written again, so a build that
  changes nothing leaves the topic pages as they are, and a changed tag
  rewrites only the topic pages it changes.
- An environment saved by an older version of the extension, whose stored data
  may have another shape, is set aside and the site is read again from scratch.
"""

import pickle
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sphinx_kb

from .helpers import assert_built_cleanly, sphinx_build

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))


def build(srcdir: Path) -> Path:
    """Build a source folder into its _build as ``make html`` does; return the HTML folder.

    Each build is a process of its own, as a contributor's builds are.
    """
    assert_built_cleanly(sphinx_build(srcdir, srcdir / "_build"))
    return srcdir / "_build" / "html"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


class _Links(HTMLParser):
    """The text of every link in a page's main content, by address."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <article role="main">: the nesting depth of <article>
        self.href: str | None = None
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article" and (self.depth or attributes.get("role") == "main"):
            self.depth += 1
        elif tag == "a" and self.depth and attributes.get("href"):
            self.href = attributes["href"]
            self.found.setdefault(self.href, "")

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.href is not None:
            self.found[self.href] += data


def links(html: Path, page: str) -> dict[str, str]:
    parser = _Links()
    parser.feed((html / f"{page}.html").read_text("utf-8"))
    return parser.found


def pages(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in sorted(html.rglob("*.html"))}


def assert_same_as_clean_build(html: Path, project: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_build"))
    assert pages(html) == pages(build(clean))


# -- Links without their own text ----------------------------------------------------------

NOTE = """---
description: {description}
orphan: true
---

# {title}

{body}
"""


def _notes(project: Path, link: str) -> None:
    """notes/a.md links with ``link``; the pages it may point to are outside every toctree.

    Outside every toctree, no sidebar or previous/next link shows their titles, so
    only the untitled link can make the linking page change.
    """
    write(project / "notes" / "a.md", NOTE.format(description="A.", title="A", body=link))
    write(project / "notes" / "b.md", NOTE.format(description="B.", title="Bee", body="B."))
    write(project / "other.md", NOTE.format(description="O.", title="Other", body="O."))


@pytest.mark.parametrize(
    ("link", "path", "title", "href"),
    [
        ("See [](b.md).", "notes/b.md", "Bee", "b.html"),
        ("See {doc}`../other`.", "other.md", "Other", "../other.html"),
    ],
    ids=["myst-relative", "doc-role-up"],
)
def test_untitled_link_shows_a_new_title_after_an_incremental_build(
    project, tmp_path, link, path, title, href
):
    _notes(project, link)
    assert links(build(project), "notes/a")[href] == title
    edit(project / path, f"# {title}", "# Renamed")
    html = build(project)
    assert links(html, "notes/a")[href] == "Renamed"
    assert_same_as_clean_build(html, project, tmp_path)


# -- Topic pages ---------------------------------------------------------------------------


def topic_times(html: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in sorted((html / "topics").glob("*.html"))}


def test_build_without_change_leaves_topic_pages_alone(project):
    before = topic_times(build(project))
    assert set(before) == {"index", "brain", "care", "methods"}
    assert topic_times(build(project)) == before


def test_a_changed_tag_rewrites_only_the_topic_pages_it_changes(project, tmp_path):
    before = topic_times(build(project))
    # Alpha leaves "care" for "methods": the two topics and the counts on the index change.
    edit(project / "articles" / "alpha.md", "tags: [brain, care]", "tags: [brain, methods]")
    html = build(project)
    after = topic_times(html)
    assert {name for name in after if after[name] != before[name]} == {"care", "methods", "index"}
    assert_same_as_clean_build(html, project, tmp_path)


def test_a_missing_or_damaged_topic_page_is_written_again(project, tmp_path):
    topics = build(project) / "topics"
    (topics / "care.html").unlink()
    (topics / "brain.html").write_text("cut off", "utf-8")
    assert_same_as_clean_build(build(project), project, tmp_path)
    assert not list(topics.glob(".*"))


def test_a_build_that_changes_no_term_page_leaves_term_pages_alone(project):
    """Without the speed-ups too: term pages, like topic pages, are written only if changed."""
    options = ("-D", "kb_backlinks_limit=1", "-D", "kb_speedups=0")

    def term_times() -> dict[str, int]:
        assert_built_cleanly(sphinx_build(project, project / "_build", *options))
        folder = project / "_build" / "html" / "terms"
        return {p.stem: p.stat().st_mtime_ns for p in sorted(folder.glob("*.html"))}

    before = term_times()
    assert before, "the project has terms used on more than one page"
    edit(project / "articles" / "alpha.md", "tags: [brain, care]", "tags: [brain, methods]")
    assert term_times() == before


# -- Environments saved by an older version ------------------------------------------------


def test_environment_of_an_older_version_is_read_again_from_scratch(project, tmp_path):
    build(project)
    saved = project / "_build" / "doctrees" / "environment.pickle"
    env = pickle.loads(saved.read_bytes())
    assert env.version["sphinx_kb"] == sphinx_kb.ENV_VERSION
    # What an older version saved: another number, and data of a shape this one cannot read.
    env.version = {**env.version, "sphinx_kb": sphinx_kb.ENV_VERSION - 1}
    for name in vars(env):
        if name.startswith("kb_"):
            setattr(env, name, "an older shape")
    saved.write_bytes(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta, renamed")

    result = sphinx_build(project, project / "_build")
    assert_built_cleanly(result)
    assert "build environment version not current" in result.stdout
    assert pickle.loads(saved.read_bytes()).version["sphinx_kb"] == sphinx_kb.ENV_VERSION
    assert_same_as_clean_build(project / "_build" / "html", project, tmp_path)
