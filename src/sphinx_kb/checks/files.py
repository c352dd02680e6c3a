"""Files and pictures a page may show: the project's own, from inside the source folder.

Read the Docs builds every pull request, so a page could otherwise publish any
file the build can reach (``literalinclude`` of ``../.git/config``, a download
link to ``../../secret``, a page or picture that is a symbolic link to somewhere
else), or show a picture from another host, which tells that host about every
reader (a tracking pixel). So:

- Every directive or link that reads a file names one inside the source folder
  by a relative path: ``include`` (MyST's too), ``literalinclude`` and its
  ``:diff:``, ``csv-table``'s ``:file:``, images, figures and cards' pictures,
  and downloads. An absolute path, a path that climbs out of the folder, or a
  symbolic link that points out of it is refused; the file is not shown.
- Every picture is a file of the project: an address (``https://``, ``//``,
  ``data:``) as an image source is refused, and so is ``csv-table``'s ``:url:``.
- A symbolic link anywhere in the source folder that points out of it is
  refused and left out of the build, so it is neither read as a page nor
  copied as a static file.

``kb_outside_files`` in conf.py names the few files outside the source folder
that a page may include all the same (CONTRIBUTING.md, shown as a page).
Each refusal is a warning of type "kb" with the file and line and what to do.
"""

import os
import re
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import Matcher

from ..state import PARALLEL_SAFE
from ..warnings import warn, warn_at

# An address rather than a path: any scheme (https:, data:, ...) or a host (//host/...).
ADDRESS = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")
# MyST's include directive (reStructuredText's is checked before it reads: CheckedInclude).
INCLUDE_LINE = re.compile(r"^[\s>]*(?:`{3,}|~{3,}|:{3,})\s*\{include\}\s*(?P<arg>\S.*?)\s*$")
# The include lines of each page already reported, so that a second one is found next.
_REPORTED: dict[str, set[int]] = {}

INSIDE_ADVICE = (
    "a page may show only files inside the docs/ folder: put the file there (with its "
    "licence, if it is someone else's work) and give its path relative to this page"
)
REMOTE_ADVICE = (
    "pictures and data must be files of the project, so that reading the site makes no "
    "request to anyone else: download the file into docs/ with its licence, or link to "
    "the page that shows it instead"
)


def _allowed(config: Config, srcdir: Path) -> set[Path]:
    return {(srcdir / name).resolve() for name in config.kb_outside_files}


def outside(env: BuildEnvironment, target: str, docname: str) -> str | None:
    """Why the file a page names is refused (absolute, outside, a link out), or None."""
    if target.startswith(("/", "\\")) or PurePosixPath(target).is_absolute():
        return "is absolute"
    # A picture such as chart.* names every chart.png, chart.svg, ...: check its folder.
    checked = str(PurePosixPath(target).parent / "x") if "*" in target else target
    # Not env.relfn2path, which follows symbolic links: say so when one points out.
    folder = Path(env.srcdir) / Path(env.doc2path(docname, base=False)).parent
    return _outside_path(env, Path(os.path.normpath(folder / checked)))


def _outside_path(env: BuildEnvironment, path: Path) -> str | None:
    srcdir = Path(env.srcdir).resolve()
    resolved = path.resolve()
    if resolved.is_relative_to(srcdir) or resolved in _allowed(env.config, srcdir):
        return None
    if Path(os.path.normpath(path.absolute())).is_relative_to(Path(env.srcdir).absolute()):
        return "is a symbolic link to a file outside the docs/ folder"
    return "is outside the docs/ folder"


def _warn_directive(directive, message: str, subtype: str) -> None:
    source, line = directive.state_machine.get_source_and_line(directive.lineno)
    warn(
        message,
        location=f"{source}:{line}" if source and line else None,
        subtype=subtype,
    )


# -- Directives that read a file ------------------------------------------------------------


class CheckedLiteralInclude(LiteralInclude):
    """``literalinclude``, refused for a file (or a ``:diff:`` file) outside docs/."""

    def run(self) -> list[nodes.Node]:
        for target in (self.arguments[0], self.options.get("diff")):
            if target and (why := outside(self.env, target, self.env.docname)):
                _warn_directive(
                    self, f"literalinclude of {target!r}: the path {why}: {INSIDE_ADVICE}", "file"
                )
                return []
        return super().run()


class CheckedInclude(Include):
    """``include`` in reStructuredText (inside ``{eval-rst}``), refused for a file outside.

    MyST runs its own include for Markdown pages; check_include sees what it reads.
    """

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        standard = target.startswith("<") and target.endswith(">")  # docutils' own files
        why = (
            "is outside the docs/ folder"
            if standard
            else outside(self.env, target, self.env.docname)
        )
        if why:
            _warn_directive(self, f"include of {target!r}: the path {why}: {INSIDE_ADVICE}", "file")
            return []
        return super().run()


class CheckedCSVTable(CSVTable):
    """``csv-table``, refused for data from another site or from a file outside docs/."""

    def run(self) -> list[nodes.Node]:
        if "url" in self.options:
            _warn_directive(
                self,
                f"csv-table reads its data from {self.options['url']!r}: {REMOTE_ADVICE} "
                "(as a CSV file named with ':file:')",
                "remote",
            )
            return []
        env = self.state.document.settings.env
        target = self.options.get("file")
        if target and (why := outside(env, target, env.docname)):
            _warn_directive(
                self, f"csv-table :file: {target!r}: the path {why}: {INSIDE_ADVICE}", "file"
            )
            return []
        return super().run()


def _include_line(app: Sphinx, docname: str, path: Path) -> tuple[int | None, str]:
    """The line and argument of the page's include that reads path (the first, if unsure)."""
    try:
        text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    except OSError:
        return None, ""
    reported = _REPORTED.setdefault(docname, set())
    found = [
        (number, match["arg"])
        for number, line in enumerate(text.splitlines(), 1)
        if (match := INCLUDE_LINE.match(line)) and number not in reported
    ]
    for number, argument in found:
        if argument.startswith("<") and argument.endswith(">"):
            absolute = str(Path(Include.standard_include_path) / argument[1:-1])
        else:
            _, absolute = app.env.relfn2path(argument, docname)
        if Path(absolute).resolve() == path.resolve():
            reported.add(number)
            return number, argument
    return (found[0][0], "") if found else (None, "")


def _forget_reported(app: Sphinx, docname: str, source: list[str]) -> None:
    _REPORTED.pop(docname, None)


def check_include(app: Sphinx, relative_path: Path, parent: str, content: list[str]) -> None:
    """On include-read (Sphinx's and MyST's include): keep out a file from outside docs/."""
    docname = app.env.docname
    path = Path(app.srcdir) / relative_path
    line, argument = _include_line(app, docname, path)
    standard = argument.startswith("<")
    why = outside(app.env, argument, docname) if argument and not standard else None
    why = why or _outside_path(app.env, path)
    if why is None:
        return
    content[0] = ""
    warn(
        f"include of {argument or str(relative_path)!r}: the path {why}: {INSIDE_ADVICE}",
        location=(docname, line),
        subtype="file",
    )


# -- Pictures and downloads -----------------------------------------------------------------


def _drop_image(node: nodes.image) -> None:
    parent = node.parent
    if isinstance(parent, nodes.reference) and len(parent.children) == 1:
        node, parent = parent, parent.parent  # an image's :target: link goes with it
    parent.remove(node)


def check_resources(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx collects them: refuse pictures from elsewhere and files from outside."""
    docname = app.env.docname
    for node in list(doctree.findall(nodes.image)):
        uri = str(node.get("uri", ""))
        if ADDRESS.match(uri):
            shown = uri if len(uri) < 80 else uri[:77] + "..."
            warn_at(
                f"image {shown!r} is not a file of the project: {REMOTE_ADVICE}",
                node,
                docname,
                "remote",
            )
            _drop_image(node)
        elif why := outside(app.env, uri, docname):
            warn_at(f"image {uri!r}: the path {why}: {INSIDE_ADVICE}", node, docname, "file")
            _drop_image(node)
    for node in list(doctree.findall(addnodes.download_reference)):
        target = str(node.get("reftarget", ""))
        if ADDRESS.match(target):
            continue  # a link to another site, not a file to copy
        if why := outside(app.env, target, docname):
            warn_at(
                f"download of {target!r}: the path {why}: {INSIDE_ADVICE}", node, docname, "file"
            )
            node.replace_self(nodes.inline("", "", *node.children))


# -- Symbolic links -------------------------------------------------------------------------


def check_links_out(app: Sphinx, config: Config) -> None:
    """Refuse, and leave out of the build, every symbolic link in docs/ that points out."""
    srcdir = Path(app.srcdir)
    skipped = Matcher(config.exclude_patterns)  # such as _build: never read nor copied
    allowed = _allowed(config, srcdir)
    static_dirs = [srcdir / entry for entry in getattr(config, "html_static_path", [])]
    for folder, dirnames, filenames in os.walk(srcdir):
        relative_folder = Path(folder).relative_to(srcdir)
        dirnames[:] = [d for d in dirnames if not skipped((relative_folder / d).as_posix())]
        for name in dirnames + filenames:
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            resolved = path.resolve()
            if resolved.is_relative_to(srcdir.resolve()) or resolved in allowed:
                continue
            # No location: a link has no lines, and Sphinx reads a bare path as a page name.
            warn(
                f"{path}: this symbolic link points outside the docs/ folder, so the build "
                f"would publish what it points to: {INSIDE_ADVICE}; the link is left out of "
                "the build",
                subtype="file",
            )
            relative = path.relative_to(srcdir).as_posix()
            patterns = [relative, f"{relative}/**"]
            for static in static_dirs:  # static files are matched relative to their folder
                if path.is_relative_to(static):
                    inner = path.relative_to(static).as_posix()
                    patterns += [inner, f"{inner}/**"]
            config.exclude_patterns = [*config.exclude_patterns, *patterns]
            dirnames[:] = [d for d in dirnames if d != name]


def setup(app: Sphinx) -> dict:
    app.add_directive("include", CheckedInclude, override=True)
    app.add_directive("literalinclude", CheckedLiteralInclude, override=True)
    app.add_directive("csv-table", CheckedCSVTable, override=True)
    app.connect("config-inited", check_links_out)
    app.connect("source-read", _forget_reported)
    app.connect("include-read", check_include)
    # Before Sphinx's collectors note the pictures and downloads to copy (priority 500).
    app.connect("doctree-read", check_resources, priority=400)
    return PARALLEL_SAFE
