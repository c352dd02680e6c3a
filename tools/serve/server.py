"""The live server: serves the built pages, watches the sources and rebuilds on every change.

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

import http.server
import json
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .builder import BuildResult, WarmBuilder
from .watcher import Watcher

STATUS_PATH = "/__serve__/status"
POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.05
# How long one status request waits for news before it answers anyway.
LONG_POLL_SECONDS = 20.0

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
