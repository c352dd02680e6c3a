"""Read the Docs: the config is valid and its own build command succeeds."""

import ast
import os
import subprocess
import sys

import yaml

from .helpers import ROOT, copy_project

CANONICAL = "https://relational-brain.example.org/en/latest/"


def check_schema(path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs"]
    return subprocess.run([*command, str(path)], capture_output=True, text=True, check=False)


def test_config_matches_the_published_schema():
    result = check_schema(ROOT / ".readthedocs.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_config(tmp_path):
    broken = tmp_path / ".readthedocs.yaml"
    broken.write_text("version: 2\nformats: [pdf, floppy]\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.readthedocs",
            broken,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0


def test_read_the_docs_build_command(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
        "-d", "_build/doctrees", "-D", "language=en", ".", str(out),
    ]  # fmt: skip
    result = subprocess.run(
        command,
        cwd=project / "docs",
        capture_output=True,
        text=True,
        env={**os.environ, "READTHEDOCS_CANONICAL_URL": CANONICAL},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{CANONICAL}index.html"' in index


def test_search_ranking_matches_the_site_search():
    """Read the Docs' search.ranking gives each page the weight the site's search page does."""
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    conf = ast.parse((ROOT / "docs" / "conf.py").read_text(encoding="utf-8"))
    ranking = next(
        ast.literal_eval(node.value)
        for node in conf.body
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", "") == "kb_search_ranking"
    )
    expected = {
        pattern if pattern.endswith("*") else f"{pattern}.html": value
        for pattern, value in ranking.items()
    }
    assert config["search"]["ranking"] == expected
