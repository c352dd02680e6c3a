"""Read the Docs: the config is valid and its own build command succeeds."""

import os
import subprocess
import sys

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
