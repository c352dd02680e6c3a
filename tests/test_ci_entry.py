"""`.ci/run` fails when a test fails and when no test runs at all (pytest exit 5)."""

import os
import subprocess

from .helpers import ROOT


def _ci_run(pytest_args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTEST_ARGS": f"-p no:cacheprovider {pytest_args}"},
        check=False,
    )


def test_ci_fails_when_a_test_fails(tmp_path):
    (tmp_path / "test_broken.py").write_text("def test_broken():\n    assert 1 == 2\n")
    result = _ci_run(str(tmp_path))
    assert result.returncode != 0
    assert "1 failed" in result.stdout


def test_ci_fails_when_no_test_runs(tmp_path):
    result = _ci_run(str(tmp_path))
    assert result.returncode != 0
    assert "no tests ran" in result.stdout


def test_ci_passes_when_tests_pass(tmp_path):
    (tmp_path / "test_fine.py").write_text("def test_fine():\n    assert 1 + 1 == 2\n")
    result = _ci_run(str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
