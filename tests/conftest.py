"""Fixtures: one clean build of the real site, shared by the tests that read its output."""

import os
from pathlib import Path

import pytest

from .helpers import DOCS, sphinx_build

# Sphinx colours its messages when CI=true is set, as CI does; the tests read those
# messages as plain text, in this process and in the builds it starts.
os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """A clean, warning-free build of docs/ into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(DOCS, out)
    return result, out


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    result, out = site_build
    assert result.returncode == 0, result.stderr
    return out / "html"


# Sphinx's own fixtures (make_app and friends) for the tests that build tests/roots.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """The small Sphinx projects of ``@pytest.mark.sphinx(testroot=...)``: tests/roots/test-*."""
    return Path(__file__).parent / "roots"
