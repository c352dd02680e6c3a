"""What a page may change beyond its own text: its description, and nothing else.

Some front-matter keys are read by MyST, not by this site, and reach further
than the page's text: ``myst`` sets MyST options for the page (switching on
extensions such as raw HTML images or Jinja substitutions), ``html_meta`` and
``myst: html_meta`` write tags into the HTML head (``http-equiv="refresh"``
sends every reader elsewhere), and ``substitutions`` runs templates. The
``{meta}`` directive writes head tags too. Each is refused, on any page, with
the file and line; the key is turned into a YAML comment in what MyST reads,
so it has no effect. A page's description comes from its ``description`` field.
"""

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx

from ..content.frontmatter import FAST_LOADER, FRONT_MATTER
from ..state import PARALLEL_SAFE
from ..warnings import warn

REFUSED_KEYS = {
    "myst": "it changes how MyST reads the page (its extensions, substitutions and head tags)",
    "html_meta": "it writes tags into the page's HTML head",
    "substitutions": "it runs templates in the page",
}
ADVICE = (
    "the page's description comes from the 'description' field, and the site sets "
    "everything else for every page alike; remove it"
)


def _refused_keys(text: str) -> list[tuple[str, int, int]]:
    """(key, first line, last line) of each refused top-level key, 0-based in text."""
    loader = FAST_LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return []  # frontmatter reports broken YAML
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return []
    found = []
    for key, value in root.value:
        if key.value in REFUSED_KEYS:
            end = value.end_mark.line - (1 if value.end_mark.column == 0 else 0)
            found.append((key.value, key.start_mark.line, max(end, key.start_mark.line)))
    return found


def check_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    match = FRONT_MATTER.match(source[0])
    if match is None or not any(key in (match.group(1) or "") for key in REFUSED_KEYS):
        return
    block = match.group(1)
    lines = block.split("\n")
    for key, first, last in _refused_keys(block):
        warn(
            f"front-matter key {key!r} is not allowed: {REFUSED_KEYS[key]}: {ADVICE}",
            location=(docname, first + 2),  # after the opening '---' line
            subtype="front_matter",
        )
        for index in range(first, last + 1):
            lines[index] = "# " + lines[index]
    start, end = match.span(1)
    source[0] = source[0][:start] + "\n".join(lines) + source[0][end:]


class _AnyOption(dict):
    """Accepts every option, so that a refused directive gives its one warning only."""

    def __contains__(self, name: object) -> bool:
        return True

    def __getitem__(self, name: str):
        return directives.unchanged


class RefusedMeta(Directive):
    """The ``meta`` directive, refused: it only reports where it was used."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        source, line = self.state_machine.get_source_and_line(self.lineno)
        warn(
            f"the meta directive is switched off: it writes tags into the page's HTML head: "
            f"{ADVICE}",
            location=f"{source}:{line}" if source and line else None,
            subtype="front_matter",
        )
        return []


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.add_directive("meta", RefusedMeta, override=True)
    app.connect("source-read", check_front_matter)
    return PARALLEL_SAFE
