"""Skip the site-wide pages when an HTML build has nothing to do.

When no page is read or written, Sphinx 9.0 still renders the general index, the
search page and every page from ``html-collect-pages`` (topic and term pages), and
dumps ``searchindex.js`` and ``objects.inv``: at 1,000 articles about 2 of the 5
seconds of processor time such a build takes, to produce the same files again.

Those files follow from the environment, the configuration, the templates, the
static files (their checksums are in the pages' addresses) and the date (the
pages say when they were updated). So when a build writes no page, and
``fingerprint`` (the configuration, the documents and their times, the static
files' sizes and times, today's date) is the one the last complete build saved,
and every file that build's finishing step wrote is still there, the finishing
step keeps only what is cheap (images, ``.buildinfo``). Otherwise it runs as
usual. A build that stops with an error saves no fingerprint, so the next one
does the whole finishing step.

It wraps ``StandaloneHTMLBuilder.prepare_writing``, ``handle_page`` and ``finish``
of Sphinx 9.0, for the ``html`` and ``dirhtml`` builders, under the policy of
``upstream.py``; it needs ``unchangedwrites``. No upstream issue is filed. Upstream, Sphinx
would need to know which of its finishing outputs are out of date, as it knows
for documents.
"""

import datetime
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import upstream
from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)

PATCH = "speedups.nothingtodo"
BUILDERS = ("html", "dirhtml")
RECORD = "kb-finished.json"
# Rewritten by the theme after every build from the configuration alone.
VOLATILE_STATIC = ("pygments.css", "pygments_dark.css")
# Written by the finishing step besides the pages it renders.
INDEX_FILES = ("searchindex.js", "objects.inv")


def today() -> str:
    return datetime.date.today().isoformat()


def fingerprint(builder) -> str:
    """What the finishing step's output follows from, as a hash."""
    from sphinx.builders.html._build_info import BuildInfo
    from sphinx.util._serialise import stable_hash

    config = BuildInfo(builder.config, builder.tags, frozenset({"html", "env", ""}))
    static = Path(builder.outdir, "_static")
    files = sorted(
        (path.relative_to(static).as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in static.rglob("*")
        if path.name not in VOLATILE_STATIC and path.is_file() and (stat := path.stat())
    )
    return stable_hash(
        {
            "builder": builder.name,
            "config": config.config_hash,
            "tags": config.tags_hash,
            "documents": sorted(builder.env.all_docs.items()),
            "static": files,
            "today": today(),
            "last_updated": str(builder.globalcontext.get("last_updated")),
        }
    )


def _record(builder) -> Path:
    return Path(builder.doctreedir) / RECORD


def _unchanged(builder) -> bool:
    try:
        saved = json.loads(_record(builder).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    outdir = Path(builder.outdir)
    return saved.get("fingerprint") == fingerprint(builder) and all(
        (outdir / name).is_file() for name in saved.get("files", ())
    )


def replacements() -> list[tuple[object, str, object]]:
    """The builder's writing steps, remembering what they wrote and finishing only if needed."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    prepare_writing = upstream.original(StandaloneHTMLBuilder, "prepare_writing")
    handle_page = upstream.original(StandaloneHTMLBuilder, "handle_page")
    finish = upstream.original(StandaloneHTMLBuilder, "finish")

    def remember_writing(self, docnames) -> None:
        self._kb_writes_nothing = not docnames
        self._kb_finished_pages = []
        prepare_writing(self, docnames)

    def remember_page(self, pagename, addctx, templatename="page.html", *args, **kwargs):
        if not hasattr(self, "_kb_finished_pages"):
            self._kb_finished_pages = []
        self._kb_finished_pages.append(pagename)
        return handle_page(self, pagename, addctx, templatename, *args, **kwargs)

    def finish_if_needed(self) -> None:
        nothing = self.name in BUILDERS and getattr(self, "_kb_writes_nothing", False)
        if nothing and _unchanged(self):
            logger.info("nothing changed: indices and generated pages are kept as they are")
            self.finish_tasks.add_task(self.copy_image_files)
            self.finish_tasks.add_task(self.write_buildinfo)
            self._kb_kept = True
            return
        _record(self).unlink(missing_ok=True)
        self._kb_finished_pages = []
        finish(self)

    return [
        (StandaloneHTMLBuilder, "prepare_writing", remember_writing),
        (StandaloneHTMLBuilder, "handle_page", remember_page),
        (StandaloneHTMLBuilder, "finish", finish_if_needed),
    ]


def save(app: Sphinx, exception: Exception | None) -> None:
    if not upstream.applied(PATCH):
        return
    builder = app.builder
    if exception is not None or builder.name not in BUILDERS or getattr(builder, "_kb_kept", 0):
        return
    if not hasattr(builder, "_kb_finished_pages"):
        return
    outdir = Path(builder.outdir)
    files = {
        builder.get_output_path(page).relative_to(outdir).as_posix()
        for page in builder._kb_finished_pages
        if page not in builder.env.all_docs
    }
    files.update(name for name in INDEX_FILES if (outdir / name).is_file())
    record = {"fingerprint": fingerprint(builder), "files": sorted(files)}
    _record(builder).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    # Its fingerprint holds the static files' times, which stay put only with it.
    app.setup_extension("sphinx_kb.speedups.unchangedwrites")
    upstream.connect(app, PATCH, replacements, speedup=True, needs="speedups.unchangedwrites")
    # After the theme's and unchangedwrites' handlers, which touch _static.
    app.connect("build-finished", save, priority=950)
    return PARALLEL_SAFE
