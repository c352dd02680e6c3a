"""The warm builder: one Sphinx HTML application kept between builds, and what it resets.

How a rebuild stays equal to a clean build:

- When every changed file is a page (a file with one of ``source_suffix``'s
  endings, added, edited or deleted, not a symbolic link), the same
  ``sphinx.application.Sphinx`` object builds again: ``Sphinx.build()`` finds the
  outdated pages as a new process would (from the modification times of the
  sources against the environment held in memory, which is the one it pickled),
  fires every per-build event again (``env-get-outdated`` and later), and resets
  its environment's configuration status after reading. The extension's
  per-build caches on ``app`` are reset by its own ``env-get-outdated`` handlers
  (navigation, backlinks); the registry of sources is read on ``config-inited``,
  so a change in a --watch folder makes a new application (below). Before each
  build, the application's warning count and status code, the page assets and
  Sphinx's checksums of static files are reset; after it, the environment is
  loaded again from its pickle (see ``_load_saved_env``).
- Anything else (``conf.py``, ``references.bib``, ``_static/``, a registered
  source in a --watch folder, a symbolic link) may be read by ``config-inited`` or
  ``builder-inited`` handlers, which run once per application: then a new
  application is made, in the same process (imports stay warm), and it compares
  the configuration with the saved environment as ``sphinx-build`` does.
- A build that raises an exception is dropped with its application; Sphinx has
  then deleted the saved environment, so the next build reads everything.
- Sphinx never deletes the page of a deleted source; this builder does, so that
  the folder equals a clean build's and a deleted page is no longer served.
  The words only that page had leave ``searchindex.js`` as after ``make html``
  (``sphinx_kb.fixes.searchindex``).

A build that fails (a warning under ``-W``, or an error) is reported in its
``BuildResult``: the messages, each naming the file and line, are printed and
kept for the browser.
"""

import argparse
import contextlib
import gc
import io
import pickle
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BuildResult:
    ok: bool
    log: str  # the warnings and errors of the build, each naming its file and line
    seconds: float
    fresh: bool  # whether a new application was made for it
    # From the start of the build to the rebuilt pages written: wall time, this thread's CPU time.
    pages_seconds: float | None = None
    pages_cpu_seconds: float | None = None


class _Tee(io.TextIOBase):
    """The application's warning stream: printed, and kept for the browser."""

    def __init__(self, echo) -> None:
        self.echo = echo
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        from sphinx.util.console import strip_colors

        self.kept.append(strip_colors(text))
        if self.echo is not None:
            self.echo.write(text)
        return len(text)

    def isatty(self) -> bool:
        return False


def _sphinx_arguments(options: list[str], srcdir: Path, outdir: Path) -> argparse.Namespace:
    from sphinx.cmd.build import get_parser

    return get_parser().parse_args([*options, str(srcdir), str(outdir)])


class WarmBuilder:
    """One Sphinx HTML application kept between builds of SOURCEDIR into BUILDDIR."""

    def __init__(
        self,
        srcdir: Path,
        builddir: Path,
        options: list[str],
        status=sys.stdout,
        warning=sys.stderr,
        on_pages_written=None,
    ) -> None:
        self.srcdir = Path(srcdir).resolve()
        self.outdir = Path(builddir).resolve() / "html"
        self.doctreedir = Path(builddir).resolve() / "doctrees"
        self.args = _sphinx_arguments(options, self.srcdir, self.outdir)
        self.status = None if (self.args.quiet or self.args.really_quiet) else status
        self.warning = warning
        self.on_pages_written = on_pages_written or (lambda: None)
        self.app = None
        self._contexts: contextlib.ExitStack | None = None
        self._stream: _Tee | None = None
        self._removed: set[str] = set()
        self._pages_at: tuple[float, float] | None = None

    # The application ------------------------------------------------------------------

    def _confoverrides(self) -> dict:
        overrides = {}
        for value in self.args.define or ():
            key, _, val = value.partition("=")
            overrides[key] = val
        for value in self.args.htmldefine or ():
            key, _, val = value.partition("=")
            overrides[f"html_context.{key}"] = val
        if self.args.nitpicky:
            overrides["nitpicky"] = True
        return overrides

    def _new_app(self):
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        self.close()
        self._stream = _Tee(self.warning)
        # Held for the application's life: the directives and roles it registered.
        self._contexts = contextlib.ExitStack()
        self._contexts.enter_context(patch_docutils(self.srcdir))
        self._contexts.enter_context(docutils_namespace())
        app = Sphinx(
            srcdir=self.srcdir,
            confdir=self.srcdir,
            outdir=self.outdir,
            doctreedir=self.doctreedir,
            buildername="html",
            confoverrides=self._confoverrides(),
            status=self.status,
            warning=self._stream,
            freshenv=self.args.freshenv,
            warningiserror=self.args.warningiserror,
            tags=self.args.tags,
            verbosity=self.args.verbosity,
            parallel=self.args.jobs,
            keep_going=False,
            exception_on_warning=self.args.exception_on_warning,
        )
        app.connect("env-get-outdated", self._note_removed)
        builder_finish = app.builder.finish

        # The pages of changed sources are written; what is made from all pages follows.
        def finish() -> None:
            self._pages_at = (time.perf_counter(), time.thread_time())
            self.on_pages_written()
            builder_finish()

        app.builder.finish = finish
        self.app = app
        self._assets = _Assets(app)
        return app

    def _note_removed(self, app, env, added, changed, removed) -> list[str]:
        self._removed |= set(removed)
        return []

    def close(self) -> None:
        self.app = None
        if self._contexts is not None:
            self._contexts.close()
            self._contexts = None
        gc.unfreeze()  # what _settle_memory froze may now be garbage

    # Deciding --------------------------------------------------------------------------

    def reusable(self, changed: set[Path]) -> bool:
        """Whether the application may build again: only pages were added, edited or deleted."""
        if self.app is None:
            return False
        suffixes = tuple(self.app.config.source_suffix)
        for path in changed:
            path = Path(path)
            if not path.is_relative_to(self.srcdir) or path.is_symlink():
                return False
            if not path.name.endswith(suffixes) or path.name == "conf.py":
                return False
        return True

    # Building --------------------------------------------------------------------------

    def build(self, changed: set[Path] | None = None) -> BuildResult:
        """Build what changed; changed=None (the first build) makes a new application."""
        start, cpu_start = time.perf_counter(), time.thread_time()
        self._pages_at = None
        fresh = changed is None or not self.reusable(changed)
        try:
            if fresh:
                self._new_app()
            app = self.app
            app._warncount = 0
            app.statuscode = 0
            self._assets.restore()
            _forget_static_checksums()
            self._stream.kept.clear()
            self._removed = set()
            app.build()
            self._delete_pages_of_removed()
            ok = app.statuscode == 0
            log = "".join(self._stream.kept)
            # Before the next save, while the contributor looks at the page.
            if not _load_saved_env(app):
                self.close()
            _settle_memory()
        except Exception as error:
            kept = "".join(self._stream.kept) if self._stream is not None else ""
            log = kept + _describe(error)
            if self.warning is not None:
                self.warning.write(_describe(error))
            self.close()
            ok = False
        result = BuildResult(ok, log.strip(), time.perf_counter() - start, fresh)
        if self._pages_at is not None:
            result.pages_seconds = self._pages_at[0] - start
            result.pages_cpu_seconds = self._pages_at[1] - cpu_start
        return result

    def _delete_pages_of_removed(self) -> None:
        builder = self.app.builder
        for docname in self._removed:
            Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
            for suffix in self.app.config.source_suffix:
                name = f"{docname}{suffix}{builder.config.html_sourcelink_suffix}"
                (self.outdir / "_sources" / name).unlink(missing_ok=True)


class _Assets:
    """The scripts and stylesheets known when the application was made, restored per build.

    An ``html-page-context`` handler may add a script to one page with
    ``app.add_js_file``; Sphinx empties the page's list before the next page, but
    the addition stays in the registry and in the builder's list after the last
    page, and the next build's ``prepare_writing`` would give it to every page.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.saved = [list(assets) for assets in self._lists()]

    def _lists(self) -> tuple[list, list, list, list]:
        registry, builder = self.app.registry, self.app.builder
        return registry.js_files, registry.css_files, builder._js_files, builder._css_files

    def restore(self) -> None:
        for assets, saved in zip(self._lists(), self.saved, strict=True):
            assets[:] = saved


def _forget_static_checksums() -> None:
    """Empty Sphinx 9.0's cache of the checksums of static files (``?v=`` in the pages).

    It is kept per path for the life of the process, while files such as
    ``kb-terms.js`` change with the pages.
    """
    from sphinx.builders.html._assets import _file_checksum_inner

    _file_checksum_inner.cache_clear()


def _load_saved_env(app) -> bool:
    """Give the application the environment saved by its last build, as a new process loads it.

    Writing the pages changes objects of the environment in memory that were
    already pickled (sphinxcontrib-bibtex adds each entry to its citation node in
    the environment's domain data, so the reference list would grow by one copy
    per build; the environment also caches the root document and doctrees read
    from disk). The pickle is what a new process would start from. Domains are
    not pickled but made again; what ``builder-inited`` handlers set on them
    (sphinxcontrib-bibtex's reference styles) is carried over, as those handlers
    run once per application. Without a saved environment, returns False: the
    next build needs a new application.
    """
    from sphinx.application import ENV_PICKLE_FILENAME

    old = app.env
    try:
        with open(Path(app.doctreedir) / ENV_PICKLE_FILENAME, "rb") as file:
            env = pickle.load(file)
    except FileNotFoundError:
        return False
    env.setup(app)
    env._builder_cls = app.builder.__class__
    for name, domain in old.domains._domain_instances.items():
        fresh = vars(env.domains[name])
        fresh.update({k: v for k, v in vars(domain).items() if k not in fresh})
    app.env = app.builder.env = env
    return True


def _settle_memory() -> None:
    """Collect the previous build's garbage now, and keep what survives out of later collections.

    The next rebuild makes few objects, but each full collection would walk the
    whole environment (hundreds of thousands of objects at 1,000 pages) while
    the contributor waits; frozen objects are skipped (``gc.freeze``).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _describe(error: BaseException) -> str:
    """An exception as sphinx-build prints it, without the traceback unless it is a bug."""
    from sphinx.errors import SphinxError

    if isinstance(error, SphinxError):
        return f"{error.category}: {error}\n"
    return "".join(traceback.format_exception(error))
