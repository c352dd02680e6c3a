"""Check each article's YAML front matter when it is read.

Every article needs the fields of ``kb_required_fields`` (by default
``description``, one sentence, and ``tags``, from ``kb_tags`` in conf.py; this site
adds ``reviewed``, an ISO date). ``reviewed``, ``next_review`` and
``evidence_searched`` are ISO dates when present (features/review.py shows them), and
``sources`` (the IDs of the source articles a page was restructured from) is
optional and checked by features/sources.py. A problem becomes a warning that names the
file and line and says what is expected, so ``-W`` stops the build.
"""

import datetime
import re

import yaml
from sphinx.application import Sphinx

from .. import state
from ..config import REQUIRED_FIELDS
from ..state import PARALLEL_SAFE
from ..warnings import warn
from .articles import is_article

PAGES = "kb_pages"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
# LibYAML's loader, where PyYAML was built with it, parses front matter ten times faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATES = ("reviewed", "next_review", "evidence_searched")


class FrontMatterError(Exception):
    """A problem in front matter, with the 1-based line it is on."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _load(text: str, loader_class) -> tuple[yaml.Node | None, object]:
    """The YAML node tree (for line numbers) and the values of a front-matter block."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def _fields(source: str, required: dict) -> dict[str, tuple[object, int]]:
    """Map each top-level key to (value, line) or raise FrontMatterError."""
    match = FRONT_MATTER.match(source)
    if match is None:
        names = ", ".join(required) or "its fields"
        raise FrontMatterError(
            f"no front matter: start the file with a '---' block holding {names} "
            "(see CONTRIBUTING.md)",
            1,
        )
    text = match.group(1) or ""
    try:
        root, values = _load(text, FAST_LOADER)
    except yaml.YAMLError:
        try:  # the pure-Python loader words its errors best, and they are rare
            root, values = _load(text, yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error)
            raise FrontMatterError(
                f"front matter is not valid YAML ({problem}): write each field as "
                "'name: value', and put a value that holds ': ' or ' #' in double quotes",
                line,
            ) from None
    if not isinstance(values, dict) or root is None:
        raise FrontMatterError("front matter must be a set of 'key: value' lines", 2)
    lines = {key.value: key.start_mark.line + 2 for key, _ in root.value}
    return {key: (value, lines.get(key, 2)) for key, value in values.items()}


def _check(
    fields: dict[str, tuple[object, int]], allowed_tags: dict, required_fields: dict
) -> list[FrontMatterError]:
    problems = []
    for required, example in required_fields.items():
        if required not in fields:
            problems.append(
                FrontMatterError(f"front matter lacks the field {required!r}: add {example}", 1)
            )
    if "description" in fields:
        value, line = fields["description"]
        if not isinstance(value, str) or not value.strip():
            problems.append(FrontMatterError("'description' must be one sentence of text", line))
    if "tags" in fields:
        value, line = fields["tags"]
        if not isinstance(value, list) or not value:
            problems.append(FrontMatterError("'tags' must be a list such as [trauma]", line))
        else:
            for tag in value:
                if tag not in allowed_tags:
                    known = ", ".join(sorted(allowed_tags))
                    problems.append(
                        FrontMatterError(
                            f"unknown tag {tag!r}; use one of: {known} (a new tag is first "
                            "added to kb_tags in conf.py, in its own pull request)",
                            line,
                        )
                    )
    for name in DATES:
        if name not in fields:
            continue
        value, line = fields[name]
        if not _is_iso_date(value):
            problems.append(
                FrontMatterError(
                    f"{name!r} must be an ISO date such as 2026-01-31, not {value!r}", line
                )
            )
    return problems


def _is_iso_date(value: object) -> bool:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return True
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return False
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
    return False


def _parse(
    source: str, required: dict
) -> tuple[dict[str, tuple[object, int]], list[FrontMatterError]]:
    try:
        return _fields(source, required), []
    except FrontMatterError as error:
        return {}, [error]


def problems_in(
    source: str, allowed_tags: dict, required: dict = REQUIRED_FIELDS
) -> list[FrontMatterError]:
    """All front-matter problems of one article's source text (``required``: kb_required_fields)."""
    fields, problems = _parse(source, required)
    return problems or _check(fields, allowed_tags, required)


def _record(app: Sphinx, docname: str, parsed: dict[str, tuple[object, int]]) -> None:
    """Keep the description and tags of every page that has front matter."""
    fields = {key: value for key, (value, _) in parsed.items()}
    description = fields.get("description")
    tags = fields.get("tags")
    info = {
        "description": description.strip() if isinstance(description, str) else "",
        "tags": [t for t in tags if t in app.config.kb_tags] if isinstance(tags, list) else [],
        **{name: str(fields[name]) for name in DATES if _is_iso_date(fields.get(name))},
    }
    if "sources" in parsed:  # checked and shown by features/sources.py
        info["sources"] = parsed["sources"]
    state.get(app.env, PAGES)[docname] = info


def page_info(env, docname: str) -> dict:
    return state.get(env, PAGES).get(docname, {"description": "", "tags": []})


def validate(app: Sphinx, docname: str, source: list[str]) -> None:
    required = app.config.kb_required_fields
    fields, problems = _parse(source[0], required)
    _record(app, docname, fields)
    if not is_article(app.config, docname):
        return
    for problem in problems or _check(fields, app.config.kb_tags, required):
        warn(
            "%s",
            problem,
            location=(docname, problem.line),
            subtype="front_matter",
        )


def setup(app: Sphinx) -> dict:
    state.register(app, PAGES)
    app.connect("source-read", validate)
    return PARALLEL_SAFE
