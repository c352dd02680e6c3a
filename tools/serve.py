"""Live preview for `make serve`: one warm Sphinx process, rebuilt in place on every save.

    python tools/serve.py SOURCEDIR BUILDDIR [--host H] [--port P] [--watch DIR ...] -- SPHINXOPTS

The site is built as ``make html`` builds it (``-M html``: pages in BUILDDIR/html,
the saved environment in BUILDDIR/doctrees, the same SPHINXOPTS), and served at
http://HOST:PORT/. A thread polls the modification times of SOURCEDIR (and of every
--watch folder); after a save, the page is rebuilt without starting Python again.

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
- Sphinx never deletes the page of a deleted source; this server does, so that
  the folder equals a clean build's and a deleted page is no longer served.
  After a deletion, ``searchindex.js`` keeps the words only that page had, with
  no page, as after ``make html`` (Sphinx's ``IndexBuilder.prune``).

A build that fails (a warning under ``-W``, or an error) leaves the server
running; the messages, each naming the file and line, are printed and shown
over the page in the browser until a build succeeds.

Live reload: every HTML page served gets a small script that long-polls
``/__serve__/status`` (this server only; nothing is fetched from elsewhere). The
page reloads as soon as the rebuilt pages are written, before Sphinx writes what
is made from all pages (topic and term pages, the indices, the search index),
which follows within a few seconds; a page fetched in that moment may be the
previous build's.
"""

import argparse
import contextlib
import gc
import http.server
import io
import json
import os
import pickle
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

STATUS_PATH = "/__serve__/status"
POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.05
# How long one status request waits for news before it answers anyway.
LONG_POLL_SECONDS = 20.0
IGNORED_DIRS = {"__pycache__", "node_modules", ".git"}

RELOAD_SCRIPT = (
    """<script>
(function () {
  let version = null;
  let pages = PAGES;  // the count when the server sent this page
  function show(log) {
    let box = document.getElementById("serve-errors");
    if (!log) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;" +
        "margin:0;padding:1em;background:#fff0f0;color:#600;border-top:3px solid #c00;" +
        "z-index:10000;white-space:pre-wrap;font-size:14px";
      document.body.appendChild(box);
    }
    box.textContent = "The build failed:\\n\\n" + log;
  }
  async function poll() {
    try {
      const query = version === null ? "" : "?since=" + version;
      const response = await fetch("STATUS_PATH" + query, {cache: "no-store"});
      const status = await response.json();
      if (status.pages !== pages) { location.reload(); return; }
      version = status.version;
      pages = status.pages;
      show(status.ok ? "" : status.log);
    } catch (error) {
      await new Promise(function (resolve) { setTimeout(resolve, 1000); });
    }
    poll();
  }
  poll();
})();
</script>"""
).replace("STATUS_PATH", STATUS_PATH)


# -- The warm builder ----------------------------------------------------------------------


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


# -- Watching ------------------------------------------------------------------------------


@dataclass
class Watcher:
    """Modification times of the files under some folders, polled for changes."""

    roots: list[Path]
    skip: list[Path] = field(default_factory=list)
    seen: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.roots = [Path(r).resolve() for r in self.roots]
        self.skip = [Path(s).resolve() for s in self.skip]
        self.seen = self.scan()

    def scan(self) -> dict[Path, tuple[int, int]]:
        found: dict[Path, tuple[int, int]] = {}
        for root in self.roots:
            for folder, dirnames, filenames in os.walk(root):
                here = Path(folder)
                dirnames[:] = [
                    d
                    for d in dirnames
                    if d not in IGNORED_DIRS and not d.startswith(".") and here / d not in self.skip
                ]
                for name in filenames:
                    path = here / name
                    try:
                        stat = path.lstat()
                    except FileNotFoundError:
                        continue
                    found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def changes(self) -> set[Path]:
        """The files added, changed or deleted since the last call."""
        now = self.scan()
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed


# -- Serving -------------------------------------------------------------------------------


class Status:
    """What the browser polls: how many times pages were rewritten, and the latest messages."""

    def __init__(self) -> None:
        self.version = 0  # any change below
        self.builds = 0  # builds finished
        self.pages = 0  # rewrites of the pages: the browser reloads when it changes
        self.ok = True
        self.log = ""
        self.changed = threading.Condition()

    def pages_written(self) -> None:
        with self.changed:
            self.pages += 1
            self.version += 1
            self.changed.notify_all()

    def finished(self, result: BuildResult) -> None:
        with self.changed:
            self.ok, self.log = result.ok, result.log
            self.builds += 1
            self.version += 1
            self.changed.notify_all()

    def wait(self, since: int | None, timeout: float) -> dict:
        """The status once its version differs from since (at once if since is None)."""
        with self.changed:
            self.changed.wait_for(lambda: since is None or self.version != since, timeout)
            return self.snapshot()

    def wait_for_build(self, after: int, timeout: float) -> dict:
        """The status once more than after builds have finished."""
        with self.changed:
            self.changed.wait_for(lambda: self.builds > after, timeout)
            return self.snapshot()

    def snapshot(self) -> dict:
        return {
            "version": self.version,
            "builds": self.builds,
            "pages": self.pages,
            "ok": self.ok,
            "log": self.log,
        }


def handler_class(root: Path, status: Status):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format, *args) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == STATUS_PATH:
                return self._status(url.query)
            path = Path(self.translate_path(url.path))
            if path.is_dir() and url.path.endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                return self._page(path)
            return super().do_GET()

        def _status(self, query: str) -> None:
            since = parse_qs(query).get("since", [""])[0]
            answer = status.wait(int(since) if since.isdigit() else None, LONG_POLL_SECONDS)
            self._send(json.dumps(answer).encode(), "application/json")

        def _page(self, path: Path) -> None:
            text = path.read_bytes()
            marker = text.rfind(b"</body>")
            script = RELOAD_SCRIPT.replace("PAGES", str(status.pages)).encode()
            text = text[:marker] + script + text[marker:] if marker >= 0 else text + script
            self._send(text, "text/html; charset=utf-8")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

    return Handler


class LiveServer:
    """The HTTP server, the watcher and the warm builder, together."""

    def __init__(self, builder: WarmBuilder, watch: list[Path], host: str, port: int) -> None:
        self.builder = builder
        self.status = Status()
        builder.on_pages_written = self.status.pages_written
        skip = [builder.outdir.parent, builder.outdir, builder.doctreedir]
        self.watcher = Watcher([builder.srcdir, *watch], skip=skip)
        self.builder.outdir.mkdir(parents=True, exist_ok=True)
        self.httpd = http.server.ThreadingHTTPServer(
            (host, port), handler_class(builder.outdir, self.status)
        )
        self.httpd.daemon_threads = True
        self.stopping = threading.Event()
        self.last: BuildResult | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def build(self, changed: set[Path] | None) -> BuildResult:
        result = self.builder.build(changed)
        self.last = result
        self.status.finished(result)
        return result

    def watch_forever(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            changed = self.watcher.changes()
            if not changed:
                continue
            # An editor may save in more than one step (a new file, then a rename).
            while not self.stopping.wait(SETTLE_SECONDS):
                more = self.watcher.changes()
                if not more:
                    break
                changed |= more
            if self.stopping.is_set():
                return
            self.report(self.build(changed), changed)

    def report(self, result: BuildResult, changed: set[Path] | None) -> None:
        what = "first build" if changed is None else ", ".join(sorted(p.name for p in changed))
        verdict = "built" if result.ok else "BUILD FAILED"
        how = "new application" if result.fresh else "warm"
        print(f"[serve] {verdict} in {result.seconds:.2f} s ({how}; {what})", flush=True)

    def start(self) -> None:
        """Build once, then serve and watch in background threads.

        Files saved during the first build are found by the first poll, as the
        watcher's record is from before it.
        """
        self.report(self.build(None), None)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.watch_thread = threading.Thread(target=self.watch_forever, daemon=True)
        self.watch_thread.start()

    def stop(self, wait: bool = True) -> None:
        """Stop serving and watching; wait=False leaves a running build to die with the process.

        The next start then finds the build unfinished and builds every page again
        (``sphinx_kb.fixes.interrupted``).
        """
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        if wait and hasattr(self, "watch_thread"):
            self.watch_thread.join()
            self.builder.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("builddir", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--watch", type=Path, action="append", default=[])
    argv = sys.argv[1:] if argv is None else argv
    # After "--": the options of sphinx-build (SPHINXOPTS).
    split = argv.index("--") if "--" in argv else len(argv)
    ours, options = argv[:split], argv[split + 1 :]
    args = parser.parse_args(ours)
    builder = WarmBuilder(args.sourcedir, args.builddir, options)
    try:
        server = LiveServer(builder, [w for w in args.watch if w.exists()], args.host, args.port)
    except OSError as error:
        print(f"[serve] Cannot serve at {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    try:
        server.start()
        print(f"[serve] Serving {builder.outdir} at {server.url} (Ctrl-C stops)", flush=True)
        while not server.stopping.wait(0.5):  # a timeout lets Ctrl-C through at once
            pass
    except KeyboardInterrupt:
        print("\n[serve] Stopped.")
    finally:
        server.stop(wait=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
