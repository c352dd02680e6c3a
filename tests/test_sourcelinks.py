"""Edit and report links: present with a repository address, absent without one."""

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from sphinx.errors import ConfigError

from sphinx_kb.features.sourcelinks import github_address, source_directory

from .helpers import ROOT, page, tree
from .markup import by_class, text

pytestmark = pytest.mark.sphinx("html", testroot="kb")

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "content-error.yml"
REPO = "https://github.com/example-org/relational-brain"
RTD = ("READTHEDOCS_GIT_CLONE_URL", "READTHEDOCS_VERSION_TYPE", "READTHEDOCS_GIT_IDENTIFIER")


@pytest.fixture(autouse=True)
def _no_read_the_docs(monkeypatch):
    for name in RTD:
        monkeypatch.delenv(name, raising=False)


def _edit_link(app, name: str) -> str | None:
    """Where the page's edit link (Furo's, rel="edit") leads; None if it has none."""
    links = by_class(tree(app, name), "muted-link", "a")
    edits = [link.get("href") for link in links if link.get("rel") == "edit"]
    assert len(edits) <= 1, edits
    return edits[0] if edits else None


def _report_link(app, name: str) -> str | None:
    """Where the page's "Report a problem" link leads; None if it has none."""
    reports = [
        link.get("href")
        for line in by_class(tree(app, name), "kb-report", "p")
        for link in line.iter("a")
        if text(link).startswith("Report a problem")
    ]
    assert len(reports) <= 1, reports
    return reports[0] if reports else None


@pytest.mark.parametrize(
    "url",
    [
        REPO,
        REPO + ".git",
        REPO + "/",
        "git@github.com:example-org/relational-brain.git",
        "ssh://git@github.com/example-org/relational-brain.git",
    ],
)
def test_clone_addresses_become_the_web_address(url):
    assert github_address(url) == REPO


@pytest.mark.parametrize("url", ["https://gitlab.com/a/b", "http://github.com/a/b", "a/b", ""])
def test_other_addresses_are_not_github(url):
    assert github_address(url) is None


def test_source_directory_is_relative_to_the_checkout():
    assert source_directory(ROOT / "docs") == "docs/"


def test_without_an_address_pages_have_no_links(build):
    app, warnings = build()
    assert warnings == ""
    assert _edit_link(app, "articles/alpha") is None
    assert _report_link(app, "articles/alpha") is None
    assert "Report a problem" not in page(app, "articles/alpha")


def test_edit_link_opens_the_page_source(project, build):
    app, warnings = build(kb_repository=REPO, html_baseurl="https://kb.example/")
    assert warnings == ""
    source = project.name + "/articles/alpha.md"
    assert _edit_link(app, "articles/alpha") == f"{REPO}/edit/main/{source}"
    assert _edit_link(app, "index") == f"{REPO}/edit/main/{project.name}/index.md"


def test_report_link_fills_in_the_content_error_form(build):
    app, _ = build(kb_repository=REPO, html_baseurl="https://kb.example/")
    link = urlsplit(_report_link(app, "articles/alpha"))
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{REPO}/issues/new"
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert query["template"] == FORM.name
    title = app.env.titles["articles/alpha"].astext()
    assert query["title"] == form["title"] + title
    fields = {field["id"] for field in form["body"] if "id" in field}
    assert set(query) - {"template", "title"} <= fields, "every other parameter is a form field"
    assert query["page"] == f"{title} (https://kb.example/articles/alpha.html)"


def test_generated_pages_have_no_report_link(build):
    app, _ = build(kb_repository=REPO)
    assert _report_link(app, "search") is None
    assert _report_link(app, "topics/brain") is None


def test_read_the_docs_address_and_branch_win(project, build, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", "git@github.com:rtd-org/kb.git")
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "branch")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "review/spring")
    app, _ = build(kb_repository=REPO)
    edit = f"https://github.com/rtd-org/kb/edit/review/spring/{project.name}/articles/alpha.md"
    assert _edit_link(app, "articles/alpha") == edit
    assert _report_link(app, "articles/alpha").startswith(
        "https://github.com/rtd-org/kb/issues/new?"
    )


def test_pull_request_builds_edit_the_default_branch(build, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", REPO)
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "external")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "42")
    app, _ = build()
    assert "/edit/main/" in _edit_link(app, "articles/alpha")


def test_an_address_that_is_not_github_stops_the_build(build):
    with pytest.raises(ConfigError, match=r"kb_repository is 'gitlab\.com/a/b'.*OWNER/NAME"):
        build(kb_repository="gitlab.com/a/b")
