"""The test harness: Sphinx's own fixtures on the projects in tests/roots, and one clean build of
the real site shared by the tests that read its output.

A test that builds a small project names it with a mark, in Sphinx's idiom:

    @pytest.mark.sphinx("html", testroot="kb")   # tests/roots/test-kb
    def test_something(app): app.build() ...

Each test gets its own copy of the root (the `project` fixture is its folder), so a test may
edit the sources before it builds them with the `build` fixture.
"""

import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from .helpers import DOCS, NOW, ROOTS, sphinx_build

# Sphinx's own fixtures: make_app, app, app_params and the sphinx mark.
pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session", autouse=True)
def _plain_messages():
    """Sphinx colours its messages when CI=true is set, as CI does; the tests read those
    messages as plain text, in this process and in the builds it starts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_COLOR", "1")
        yield


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the sphinx mark's testroot="NAME" is found: tests/roots/test-NAME."""
    return ROOTS


@pytest.fixture
def app_params(request, app_params, rootdir, tmp_path):
    """Sphinx's parameters, with the test root copied into this test's own folder.

    Sphinx's fixture copies a test root to a folder named after it, shared by every test of
    the session; here each test that names no srcdir has its own copy, which it may edit, and
    its own build folder.
    """
    args, kwargs = app_params
    marked = {}
    for mark in reversed(list(request.node.iter_markers("sphinx"))):
        marked.update(mark.kwargs)
    if "srcdir" not in marked:
        root = rootdir / f"test-{marked.get('testroot', 'root')}"
        srcdir = Path(shutil.copytree(root, tmp_path / "src"))
        kwargs = {**kwargs, "srcdir": srcdir}
        if "builddir" not in marked:
            kwargs["builddir"] = srcdir / "_build"
    return type(app_params)(args, kwargs)


@pytest.fixture
def project(app_params) -> Path:
    """The folder of this test's copy of its test root."""
    return Path(app_params.kwargs["srcdir"])


@pytest.fixture
def build(app_params, make_app):
    """Build this test's project (after any edits), return the app and its warnings as text.

    build("epub") uses another builder; srcdir= builds another folder (a clean copy),
    builddir= writes elsewhere, parallel= runs that many processes, and any other keyword
    overrides a setting of conf.py, as `-D` does.
    """

    def run(buildername=None, *, srcdir=None, builddir=None, parallel=None, **confoverrides):
        args, kwargs = app_params
        kwargs = dict(kwargs)
        if buildername:
            args = [buildername]
        if srcdir is not None:
            kwargs.update(srcdir=srcdir, builddir=Path(srcdir) / "_build")
        if builddir is not None:
            kwargs["builddir"] = builddir
        if parallel is not None:
            kwargs["parallel"] = parallel
        kwargs["confoverrides"] = {**(kwargs.get("confoverrides") or {}), **confoverrides}
        app = make_app(*args, **kwargs)
        try:
            app.build()
        finally:
            app.cleanup()  # unregister its nodes and roles, so that a next app starts clean
        return app, strip_colors(app.warning.getvalue())

    return run


@pytest.fixture
def fixed_today(monkeypatch):
    """Today is 2026-11-30 for the pages that show review dates (helpers.NOW)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, _plain_messages):
    """A clean, warning-free build of docs/ into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(DOCS, out)
    return result, out


@pytest.fixture(scope="session")
def site(site_build) -> Path:
    result, out = site_build
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture
def live(tmp_path):
    """``make serve``'s server on a copy of the test-kb root, on a free port: (server, source)."""
    from tools.serve.builder import WarmBuilder
    from tools.serve.server import LiveServer

    source = tmp_path / "site"
    shutil.copytree(ROOTS / "test-kb", source)
    options = ["-W", "--keep-going", "-n", "-q", "-j", "2"]
    builder = WarmBuilder(source, tmp_path / "out", options, status=None, warning=None)
    server = LiveServer(builder, [], "127.0.0.1", 0)
    server.start()
    yield server, source
    server.stop()
