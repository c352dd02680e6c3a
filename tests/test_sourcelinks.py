"""Edit and report links: present with a repository address, absent without one."""

import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from sphinx.errors import ConfigError

from sphinx_kb.features.sourcelinks import github_address, source_directory

from .helpers import ROOT
from .test_extension import ROOTS, build, page

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "content-error.yml"
REPO = "https://github.com/example-org/relational-brain"
RTD = ("READTHEDOCS_GIT_CLONE_URL", "READTHEDOCS_VERSION_TYPE", "READTHEDOCS_GIT_IDENTIFIER")


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))


@pytest.fixture(autouse=True)
def _no_read_the_docs(monkeypatch):
    for name in RTD:
        monkeypatch.delenv(name, raising=False)


def _edit_link(html: str) -> str | None:
    match = re.search(r'<a class="muted-link" href="([^"]+)" rel="edit"', html)
    return unescape(match.group(1)) if match else None


def _report_link(html: str) -> str | None:
    match = re.search(r'<p class="kb-report"><a href="([^"]+)">Report a problem', html)
    return unescape(match.group(1)) if match else None


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


def test_without_an_address_pages_have_no_links(project):
    app, warnings = build(project)
    assert warnings == ""
    html = page(app, "articles/alpha")
    assert _edit_link(html) is None
    assert _report_link(html) is None
    assert "Report a problem" not in html


def test_edit_link_opens_the_page_source(project):
    app, warnings = build(project, kb_repository=REPO, html_baseurl="https://kb.example/")
    assert warnings == ""
    source = project.name + "/articles/alpha.md"
    assert _edit_link(page(app, "articles/alpha")) == f"{REPO}/edit/main/{source}"
    assert _edit_link(page(app, "index")) == f"{REPO}/edit/main/{project.name}/index.md"


def test_report_link_fills_in_the_content_error_form(project):
    app, _ = build(project, kb_repository=REPO, html_baseurl="https://kb.example/")
    link = urlsplit(_report_link(page(app, "articles/alpha")))
    assert f"{link.scheme}://{link.netloc}{link.path}" == f"{REPO}/issues/new"
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert query["template"] == FORM.name
    title = app.env.titles["articles/alpha"].astext()
    assert query["title"] == form["title"] + title
    fields = {field["id"] for field in form["body"] if "id" in field}
    assert set(query) - {"template", "title"} <= fields, "every other parameter is a form field"
    assert query["page"] == f"{title} (https://kb.example/articles/alpha.html)"


def test_generated_pages_have_no_report_link(project):
    app, _ = build(project, kb_repository=REPO)
    assert _report_link(page(app, "search")) is None
    assert _report_link(page(app, "topics/brain")) is None


def test_read_the_docs_address_and_branch_win(project, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", "git@github.com:rtd-org/kb.git")
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "branch")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "review/spring")
    app, _ = build(project, kb_repository=REPO)
    html = page(app, "articles/alpha")
    edit = f"https://github.com/rtd-org/kb/edit/review/spring/{project.name}/articles/alpha.md"
    assert _edit_link(html) == edit
    assert _report_link(html).startswith("https://github.com/rtd-org/kb/issues/new?")


def test_pull_request_builds_edit_the_default_branch(project, monkeypatch):
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", REPO)
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "external")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "42")
    app, _ = build(project)
    assert "/edit/main/" in _edit_link(page(app, "articles/alpha"))


def test_an_address_that_is_not_github_stops_the_build(project):
    with pytest.raises(ConfigError, match=r"kb_repository is 'gitlab\.com/a/b'.*OWNER/NAME"):
        build(project, kb_repository="gitlab.com/a/b")
