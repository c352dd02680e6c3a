"""The contributor machinery stays in step: CI, templates, hooks, guide, changelog, Makefile.

`make lint` itself runs here once on a clean copy of the project (and must pass)
and once on a copy with faults in it (and must fail, naming them).
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import DOCS, ROOT, copy_project

GITHUB = ROOT / ".github"
WORKFLOW = GITHUB / "workflows" / "ci.yml"
PREVIEW = GITHUB / "workflows" / "preview.yml"
FORMS = GITHUB / "ISSUE_TEMPLATE"
VENV = Path(sys.executable).parent.parent


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _conf_value(name: str):
    for node in ast.parse((DOCS / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"conf.py does not set {name}")


def _captions() -> list[str]:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```\{toctree\}\n(.*?)^```", index, re.M | re.S)
    return [
        re.search(r"^:caption: (.*)$", block, re.M).group(1)
        for block in blocks
        if re.search(r"^articles/", block, re.M)
    ]


def _steps(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


# -- CI ----------------------------------------------------------------------------------------


def test_workflow_runs_ci_entry_on_every_pull_request():
    workflow = _yaml(WORKFLOW)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers
    test = workflow["jobs"]["test"]
    assert ".ci/run" in _steps(test), "the test job must run .ci/run, as contributors do"
    assert "schedule" in test["if"] and "!=" in test["if"]


def test_workflow_checks_external_links_weekly():
    workflow = _yaml(WORKFLOW)
    (schedule,) = workflow[True]["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    linkcheck = workflow["jobs"]["linkcheck"]
    assert "make linkcheck" in _steps(linkcheck)
    assert "schedule" in linkcheck["if"]


def test_a_workflow_asks_crossref_about_the_sources_weekly():
    workflow = _yaml(GITHUB / "workflows" / "sources.yml")
    (schedule,) = workflow[True]["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    (job,) = workflow["jobs"].values()
    assert "make check-sources" in _steps(job)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "check-sources:" in makefile and "tools/check_sources.py" in makefile


def test_workflow_uses_the_python_of_read_the_docs():
    python = _yaml(ROOT / ".readthedocs.yaml")["build"]["tools"]["python"]
    for job in _yaml(WORKFLOW)["jobs"].values():
        assert job["container"].startswith(f"python:{python}-"), job["name"]


def test_preview_workflow_links_the_read_the_docs_build():
    workflow = _yaml(PREVIEW)
    assert workflow[True] == {"pull_request_target": {"types": ["opened"]}}
    assert workflow["permissions"] == {"pull-requests": "write"}, "no more than it needs"
    (job,) = workflow["jobs"].values()
    (step,) = job["steps"]  # the pull request's code is never checked out
    assert step["uses"] == "readthedocs/actions/preview@v1"
    assert step["with"]["project-slug"] == "${{ vars.READTHEDOCS_PROJECT }}"
    assert job["if"] == "vars.READTHEDOCS_PROJECT != ''", "skipped until the slug is set"
    assert "{docs-pr-index-url}" in step["with"]["message-template"]


def test_workflows_pin_actions_to_a_major_version():
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        for job in _yaml(path)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), (path, step)


def test_contributing_explains_the_preview():
    guide = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    assert "READTHEDOCS_PROJECT" in guide and "preview" in guide


def test_ci_entry_runs_make_test():
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)


# -- Templates ---------------------------------------------------------------------------------


def test_issue_forms_exist():
    names = {_yaml(path)["name"] for path in FORMS.glob("*.yml")}
    assert names >= {"Suggest an article", "Report an error in the content", "Report a bug"}


def test_article_suggestions_offer_the_sections_of_the_landing_page():
    form = _yaml(FORMS / "suggest-article.yml")
    (section,) = [field for field in form["body"] if field.get("id") == "section"]
    assert section["attributes"]["options"] == [*_captions(), "Not sure"]


def test_pull_request_checklist_names_the_checks():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.*(?:\n {6}.*)*)", template, re.M)
    assert len(boxes) >= 8
    for check in ("`make test`", "`make lint`", "`make linkcheck`", "`CHANGELOG.md`", "alt text"):
        assert any(check in box for box in boxes), check


def test_every_make_target_the_docs_name_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set()
    for path in ("README.md", "CONTRIBUTING.md", ".github/pull_request_template.md"):
        text = (ROOT / path).read_text(encoding="utf-8")
        named |= set(re.findall(r"(?:`|^)make ([a-z][a-z-]+)", text, re.M))
    assert named - targets == set()


# -- The guide and the changelog ---------------------------------------------------------------


def test_contributing_lists_every_tag():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for slug, label in _conf_value("kb_tags").items():
        assert f"| `{slug}` | {label} |" in guide, slug


def test_contributing_names_the_sections():
    guide = " ".join((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split())
    for caption in _captions():
        assert f'"{caption}"' in guide.replace(
            '"Relationships and trauma"', '"Relationships and trauma"'
        )


def test_changelog_keeps_a_changelog_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in text
    releases = re.findall(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert releases[0] == ("Unreleased", "")
    assert ("0.1.0", "2026-11-26") in releases
    kinds = set(re.findall(r"^### (.*)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


# -- Lint ----------------------------------------------------------------------------------------


def test_hooks_are_local_and_need_no_download():
    config = _yaml(ROOT / ".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    for needed in (
        "ruff-check", "ruff-format", "codespell", "trailing-whitespace", "end-of-file-fixer",
        "check-yaml", "check-readthedocs",
    ):  # fmt: skip
        assert needed in hooks
    assert {hook["language"] for hook in hooks.values()} == {"system"}
    for hook in hooks.values():
        tool = hook["entry"].split()[0]
        assert (VENV / "bin" / tool).exists(), (
            f"{tool} is not in {VENV}: add it to tests/requirements.in"
        )


def _git_copy(tmp_path: Path) -> Path:
    """A copy of the project as a git repository holding the files the project tracks."""
    project = copy_project(tmp_path / "project")
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, text=True, check=False
    )
    files = [f for f in tracked.stdout.split("\0") if f and (project / f).is_file()]
    git = ["git", "-C", str(project), "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "--", *(files or ["."])], check=True)
    return project


def _make_lint(project: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    ready = [f"-o{VENV / '.docs-installed'}", f"-o{VENV / '.tests-installed'}"]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), *ready, "lint", f"VENVDIR={VENV}"],
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        check=False,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to run the hooks")
def test_make_lint_passes(tmp_path):
    result = _make_lint(_git_copy(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    for hook in ("ruff (lint)", "codespell", "Read the Docs config schema", "YAML syntax"):
        assert re.search(re.escape(hook) + r".*Passed", result.stdout), hook


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to run the hooks")
def test_make_lint_fails_on_faults_and_names_them(tmp_path):
    project = _git_copy(tmp_path)
    misspelt = "".join(("T", "e", "h"))  # written whole, it would be a fault in this file
    faults = {
        "docs/note.md": f"{misspelt} brain changes. \n",  # and a trailing space
        "tools/messy.py": "x = {  'a':1 }\n",
        ".readthedocs.yaml": "version: 2\nformats: [floppy]\n",
    }
    for name, text in faults.items():
        (project / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(project), "add", "--", *faults], check=True)
    result = _make_lint(project, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/note.md:1: {misspelt} ==> The" in output
    assert re.search(r"tools/messy\.py.*\n(.*\n){0,4}.*x = \{\"a\": 1\}", output), output
    assert "Fixing docs/note.md" in output  # the trailing space
    assert re.search(r"Read the Docs config schema\.+Failed", output)
    assert "'floppy'" in output
