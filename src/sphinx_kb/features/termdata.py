"""The glossary as data for the browser, and the plumbing that puts scripts on pages.

For web HTML builders (not the EPUB) this module writes ``_static/kb-terms.js``,
which defines ``window.KB_TERMS``: one object per glossary entry with all its
``names``, its ``url`` relative to the site root and its ``definition``. The file
is written once the sources are read and before any page is written, on every
build including incremental ones, so each page's ``?v=`` checksum of it is
current. It is byte-identical for the same glossary.

It also adds the extension's ``static/`` folder to ``html_static_path`` and
offers :func:`add_to_page`, with which the search feature puts its script on
the one page being written, and :func:`address`, the name with checksum under
which features/preview.py's loader asks for the files. The search page loads the data
with the page; a page with term previews loads it only when a preview is first
wanted, so readers who never ask for one never download it.
"""

import json
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..builders import is_web_html
from ..content.glossary import all_entries, uses_by_doc
from ..html import STATIC
from ..state import PARALLEL_SAFE

FILENAME = "kb-terms.js"
HEADER = "// The glossary of this site, made by the sphinx_kb extension. Do not edit.\n"


def _page(app: Sphinx, docname: str) -> str:
    uri = app.builder.get_target_uri(docname)
    if uri.startswith("#"):  # singlehtml: every document is a part of the root page
        return app.config.root_doc + app.builder.out_suffix
    return uri


def records(app: Sphinx) -> list[dict]:
    """One record per glossary entry, sorted by its main name."""
    found = [
        {
            "names": list(entry.names),
            "url": f"{_page(app, docname)}#{entry.anchor}",
            "definition": entry.definition,
        }
        for docname, entry in all_entries(app.env)
    ]
    return sorted(found, key=lambda r: (r["names"][0].casefold(), r["names"][0], r["url"]))


def script(terms: list[dict]) -> str:
    # One entry per line keeps the file small and its diffs readable. ASCII-only
    # JSON is valid JavaScript whatever charset the server announces.
    lines = ",\n".join(json.dumps(t, ensure_ascii=True, sort_keys=True) for t in terms)
    return f"{HEADER}window.KB_TERMS = [\n{lines}\n];\n"


def pages_with_terms(env: BuildEnvironment) -> list[str]:
    """The glossary and every page that links to one of its terms."""
    users = {docname for docname, uses in uses_by_doc(env).items() if uses}
    return sorted(users | {docname for docname, _ in all_entries(env)})


def write(app: Sphinx, env: BuildEnvironment) -> list[str] | None:
    """Write the term data when it changed; then the pages loading it are written again.

    Those pages carry a checksum of the file in its address (``kb-terms.js?v=``);
    writing them again keeps browsers from using a cached copy of old data.
    """
    if not is_web_html(app.builder):
        return None
    target = Path(app.outdir) / "_static" / FILENAME
    text = script(records(app))
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return pages_with_terms(env)


def add_static_path(app: Sphinx) -> None:
    path = str(STATIC)
    if is_web_html(app.builder) and path not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, path]


def address(path: Path) -> str:
    """The file's name with the checksum Sphinx would give it (``name?v=``)."""
    if not path.is_file():
        return path.name
    content = path.read_bytes().replace(b"\r", b"")
    return f"{path.name}?v={zlib.crc32(content):08x}"


def add_to_page(app: Sphinx, script_file: str, stylesheet: str) -> None:
    """Load the term data, then ``script_file`` and ``stylesheet`` from static/, on this page only.

    Call it from an ``html-page-context`` handler: Sphinx resets the page's
    script and stylesheet lists before each page, so these do not leak.
    """
    app.add_js_file(FILENAME, loading_method="defer")
    app.add_js_file(script_file, loading_method="defer")
    app.add_css_file(stylesheet)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.glossary")
    app.connect("builder-inited", add_static_path)
    app.connect("env-updated", write)
    return PARALLEL_SAFE
