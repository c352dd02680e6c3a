"""Leave a built file alone when a build would write it again with the same content.

Sphinx 9.0 writes some files on every build, whatever changed: the general index,
the search page, pages from ``html-collect-pages`` (topic and term pages),
``searchindex.js``, ``objects.inv``, ``.buildinfo`` and the static files rendered
from templates (``documentation_options.js``, ``basic.css``...). Furo rewrites
``_static/pygments.css`` when a build finishes. A build with nothing to do then
touches every one of them, and a preview that watches the output folder reloads.

With this module each of those is compared with the file already there and only
written when it differs, so a build with nothing to do leaves every file as it
was, time stamps included. Sphinx's own checks still hold: an article page whose
source (or a template) is newer than the page is written, same content or not,
since Sphinx decides from the time stamps which pages are out of date.

Sphinx has no event for "a page is about to be written", so this patches
``StandaloneHTMLBuilder`` (``get_output_path``, ``dump_search_index``,
``dump_inventory``, ``write_buildinfo``) and ``sphinx.util.fileutil.copy_asset_file``
of Sphinx 9.0, under the policy of ``upstream.py`` (the versions it was checked
against; ``-v`` says when it is skipped). No upstream issue is filed. The files Furo
rewrites after the build (``PYGMENTS``) get their old time stamps back when their
content is the same. Upstream, Sphinx would need to compare before writing in
``handle_page`` and its finishing tasks (its ``copyfile`` already does), and Furo
in ``_overwrite_pygments_css``.
"""

import io
import os
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import upstream
from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)

PATCH = "speedups.unchangedwrites"
# Written after the build by the theme (Furo), so only their time stamps can be kept.
PYGMENTS = ("_static/pygments.css", "_static/pygments_dark.css")


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write data to path unless the file holds exactly that already; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


class UnchangedPath(type(Path())):
    """A path whose ``write_text`` leaves the file alone when its content would not change.

    ``stale`` says whether the file must be written even so (Sphinx would take it for
    out of date otherwise).
    """

    def stale(self) -> bool:
        return False

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if newline is None and os.linesep != "\n":
            data = data.replace("\n", os.linesep)
        elif newline:
            data = data.replace("\n", newline)
        encoded = data.encode(encoding or "utf-8", errors or "strict")
        if not write_if_changed(self, encoded) and self.stale():
            self.write_bytes(encoded)
        return len(data)


def _template_mtime(builder) -> int:
    """The newest template's time stamp in microseconds, as Sphinx compares it."""
    cached = getattr(builder, "_kb_template_mtime", None)
    if cached is None:
        newest = builder.templates.newest_template_mtime() if builder.templates else 0
        cached = builder._kb_template_mtime = int(newest * 10**6)
    return cached


def _document_path(builder, page_name: str, path: Path) -> UnchangedPath:
    from sphinx.util.osutil import _last_modified_time

    kept = UnchangedPath(path)
    env = builder.env
    if page_name not in env.all_docs:
        return kept

    def stale() -> bool:
        # As StandaloneHTMLBuilder.get_outdated_docs decides.
        try:
            target = _last_modified_time(kept)
            source = _last_modified_time(env.doc2path(page_name))
        except OSError:
            return True
        return max(source, _template_mtime(builder)) > target

    kept.stale = stale
    return kept


def replacements() -> list[tuple[object, str, object]]:
    """The builder's writing functions, each comparing before it writes."""
    from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder
    from sphinx.locale import __
    from sphinx.util import fileutil
    from sphinx.util.display import progress_message
    from sphinx.util.inventory import InventoryFile

    get_output_path = upstream.original(StandaloneHTMLBuilder, "get_output_path")
    copy_asset_file = upstream.original(fileutil, "copy_asset_file")

    def unchanged_output_path(self, page_name: str, /) -> Path:
        return _document_path(self, page_name, get_output_path(self, page_name))

    def dump_search_index(self) -> None:
        if self.indexer is None:
            return
        with progress_message(__("dumping search index in %s") % self.indexer.label()):
            self.indexer.prune(self.env.all_docs)
            stream = io.StringIO() if self.indexer_dumps_unicode else io.BytesIO()
            self.indexer.dump(stream, self.indexer_format)
            data = stream.getvalue()
            if isinstance(data, str):
                data = data.encode("utf-8")
            write_if_changed(self.outdir / self.searchindex_filename, data)

    @progress_message(__("dumping object inventory"))
    def dump_inventory(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            written = Path(folder, INVENTORY_FILENAME)
            InventoryFile.dump(written, self.env, self)
            write_if_changed(self.outdir / INVENTORY_FILENAME, written.read_bytes())

    def write_buildinfo(self) -> None:
        try:
            self.build_info.dump(UnchangedPath(self.outdir / ".buildinfo"))
        except OSError as exc:
            logger.warning(__("Failed to write build info file: %r"), exc)

    def unchanged_copy_asset_file(source, destination, context=None, renderer=None, *, force=False):
        """copy_asset_file, leaving a rendered template alone when it renders the same."""
        source = Path(source)
        template_name = fileutil._template_basename(source)
        if force and template_name and context is not None and source.exists():
            target = Path(destination)
            target = target / source.name if target.is_dir() else target
            target = fileutil._template_basename(target) or target
            if target.is_file():
                if renderer is None:
                    from sphinx.util.template import SphinxRenderer

                    renderer = SphinxRenderer()
                rendered = renderer.render_string(source.read_text(encoding="utf-8"), context)
                write_if_changed(target, rendered.encode("utf-8"))
                return
        copy_asset_file(source, destination, context, renderer, force=force)

    return [
        (StandaloneHTMLBuilder, "get_output_path", unchanged_output_path),
        (StandaloneHTMLBuilder, "dump_search_index", dump_search_index),
        (StandaloneHTMLBuilder, "dump_inventory", dump_inventory),
        (StandaloneHTMLBuilder, "write_buildinfo", write_buildinfo),
        (fileutil, "copy_asset_file", unchanged_copy_asset_file),
    ]


def remember_pygments(app: Sphinx) -> None:
    if not upstream.applied(PATCH):
        return
    kept = {}
    for name in PYGMENTS:
        path = Path(app.outdir, name)
        if path.is_file():
            stat = path.stat()
            kept[path] = (path.read_bytes(), (stat.st_atime_ns, stat.st_mtime_ns))
    app._kb_pygments = kept


def restore_pygments(app: Sphinx, exception: Exception | None) -> None:
    for path, (content, times) in getattr(app, "_kb_pygments", {}).items():
        if path.is_file() and path.read_bytes() == content:
            os.utime(path, ns=times)


def setup(app: Sphinx) -> dict:
    upstream.connect(app, PATCH, replacements, speedup=True)
    app.connect("builder-inited", remember_pygments)
    # After Furo's own build-finished handler, which writes pygments.css.
    app.connect("build-finished", restore_pygments, priority=900)
    return PARALLEL_SAFE
