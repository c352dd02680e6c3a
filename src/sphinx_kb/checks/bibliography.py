"""Check the bibliography before any page cites it.

sphinxcontrib-bibtex fails with a Python traceback when an entry lacks a field
its citation style needs. This module formats every entry once, up front, and
turns such a problem into an error naming the file, line and field. The build
then goes on (and fails at the end under -W) with the faulty entries read as
``@misc``, which needs no field, so that every other problem is reported too.

It also checks what readers are told about each source: every entry names its
study type in ``kb_study_type_field`` with a value of ``kb_study_types``, and a
``retracted`` or ``correction`` field holds a date and a link
(``{2024-05-31, https://doi.org/...}``). A problem is an error naming the entry,
the file and the line.
"""

import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from ..features.citations import NOTICE, NOTICE_FIELDS
from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)


def _line_of(text: str, key: str) -> int:
    match = re.search(r"^@\w+\s*\{\s*" + re.escape(key) + r"\s*,", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def faulty_entries(path: Path, style_name: str) -> dict[str, tuple[int, str]]:
    """Entries the style cannot format: key -> (line, message)."""
    # pybtex comes with sphinxcontrib-bibtex, an optional dependency: imported when used.
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from pybtex.style.template import FieldIsMissing

    data = parse_file(str(path), bib_format="bibtex")
    text = path.read_text(encoding="utf-8")
    style = find_plugin("pybtex.style.formatting", style_name)()
    faults = {}
    for key, entry in data.entries.items():
        try:
            style.format_entry(key, entry)
        except FieldIsMissing as error:
            faults[key] = (
                _line_of(text, key),
                f"bibliography entry {key!r} ({entry.type}) lacks the field "
                f"{error.field_name!r} that citations need; add it (only if you have "
                "checked it against a public record) or change the entry's type",
            )
    return faults


def evidence_faults(path: Path, field: str, study_types: dict) -> list[tuple[int, str]]:
    """Entries without a known study type, or with a malformed retraction or correction."""
    from pybtex.database import parse_file

    data = parse_file(str(path), bib_format="bibtex")
    text = path.read_text(encoding="utf-8")
    known = ", ".join(study_types)
    faults = []
    for key, entry in data.entries.items():
        value = entry.fields.get(field, "").strip()
        if not value:
            faults.append(
                (
                    _line_of(text, key),
                    f"bibliography entry {key!r} lacks the field {field!r}: add "
                    f"'{field} = {{...}}' with the kind of study, one of: {known}",
                )
            )
        elif value not in study_types:
            faults.append(
                (
                    _line_of(text, key),
                    f"bibliography entry {key!r} has the unknown {field} {value!r}; "
                    f"use one of: {known}",
                )
            )
        for notice in NOTICE_FIELDS:
            if notice in entry.fields and not NOTICE.match(entry.fields[notice]):
                faults.append(
                    (
                        _line_of(text, key),
                        f"bibliography entry {key!r}: write '{notice}' as a date and the "
                        f"link to the notice, such as {{2024-05-31, https://doi.org/...}}",
                    )
                )
    return faults


def _as_misc(text: str, keys: set[str]) -> str:
    pattern = r"^@\w+(\s*\{\s*(" + "|".join(map(re.escape, keys)) + r")\s*,)"
    return re.sub(pattern, r"@misc\1", text, flags=re.MULTILINE)


def _stamp(app: Sphinx, path: Path, style: str) -> Path:
    config = app.config
    settings = repr((style, config.kb_study_type_field, sorted(config.kb_study_types)))
    digest = hashlib.sha256(path.read_bytes() + settings.encode()).hexdigest()[:16]
    return Path(app.doctreedir) / f"kb-bibcheck-{path.stem}-{digest}.ok"


def check(app: Sphinx, config: Config) -> None:
    if "bibtex_bibfiles" not in config:  # sphinxcontrib-bibtex is not in use
        return
    checked = []
    for name in config.bibtex_bibfiles:
        path = Path(app.srcdir) / name
        stamp = _stamp(app, path, config.bibtex_default_style)
        if stamp.exists():  # this exact file passed before: formatting it again costs ~0.4 s
            checked.append(name)
            continue
        faults = faulty_entries(path, config.bibtex_default_style)
        problems = evidence_faults(path, config.kb_study_type_field, config.kb_study_types)
        for line, message in problems:
            logger.error(message, location=f"{path}:{line}", type="kb", subtype="bibliography")
        if not faults and not problems:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text("", encoding="utf-8")
        for line, message in faults.values():
            logger.error(message, location=f"{path}:{line}", type="kb", subtype="bibliography")
        if not faults:
            checked.append(name)
            continue
        safe = Path(app.doctreedir) / f"kb-checked-{path.name}"
        safe.parent.mkdir(parents=True, exist_ok=True)
        safe.write_text(_as_misc(path.read_text(encoding="utf-8"), set(faults)), "utf-8")
        checked.append(str(safe))
    config.bibtex_bibfiles = checked


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.features.citations")
    app.connect("config-inited", check)
    return PARALLEL_SAFE
