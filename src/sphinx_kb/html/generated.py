"""Generated pages (topic pages and the like) written only when their HTML changed.

A page made from all documents has no source file whose date Sphinx could
compare, and its HTML depends on more than its own content: the sidebar, the
theme, the asset addresses. So each page is rendered in full, by the builder,
into a file beside its own, and that file replaces the page only when the two
differ. A build that changes nothing keeps the pages and their modification
times (a live-reloading server does not reload them), and a page deleted or cut
off by an interrupted build is written again. The saved environment is no place
to remember what was written: Sphinx pickles it before the pages are written.
"""

import os
from pathlib import Path

from sphinx.application import Sphinx


def write_page(app: Sphinx, pagename: str, context: dict, template: str = "page.html") -> bool:
    """Render ``pagename`` as ``html-collect-pages`` would; write it if it changed (True)."""
    target = Path(app.builder.get_output_path(pagename))
    fresh = target.with_name(f".{target.name}.new")
    try:
        app.builder.handle_page(pagename, context, template, outfilename=fresh)
        if not fresh.is_file():  # the builder reported why it wrote nothing
            return False
        if target.is_file() and target.read_bytes() == fresh.read_bytes():
            return False
        os.replace(fresh, target)
        return True
    finally:
        fresh.unlink(missing_ok=True)
