"""Shared helpers for the tests: copying the project and running real Sphinx builds."""

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARTICLES = DOCS / "articles"
IGNORED = shutil.ignore_patterns(
    ".venv", ".tox", ".git", "_build", "__pycache__", "node_modules", "_work", "*.egg-info"
)


def copy_project(dest: Path) -> Path:
    """Copy the project's sources (not its builds or environments) into dest."""
    shutil.copytree(ROOT, dest, ignore=IGNORED)
    return dest


def sphinx_build(
    srcdir: Path, outdir: Path, *options: str, builder: str = "html", env: dict | None = None
) -> subprocess.CompletedProcess:
    """Build like `make html` does (warnings are errors) and capture the output."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-M",
        builder,
        str(srcdir),
        str(outdir),
        "-W",
        "--keep-going",
        "-n",
        *options,
    ]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def article_paths() -> list[Path]:
    return sorted(ARTICLES.glob("*.md"))


def assert_built_cleanly(result: subprocess.CompletedProcess) -> None:
    """The build exited 0 and printed no warning or error."""
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr


def differing_files(left: Path, right: Path, ignore: tuple[str, ...] = ()) -> list[str]:
    """Relative paths of files that differ or exist on one side only (names in ignore aside)."""
    found = []
    compared = filecmp.dircmp(left, right, ignore=[*filecmp.DEFAULT_IGNORES, *ignore])
    found += [str(Path(compared.left, name).relative_to(left)) for name in compared.left_only]
    found += [str(Path(compared.right, name).relative_to(right)) for name in compared.right_only]
    found += [str(Path(compared.left, name).relative_to(left)) for name in compared.diff_files]
    for name in compared.subdirs:
        found += [f"{name}/{path}" for path in differing_files(left / name, right / name, ignore)]
    return sorted(found)
