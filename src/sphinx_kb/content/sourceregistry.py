"""The source registry: ``sources/<id>.yaml``, one file per source article.

A source is a text that pages of the knowledge base were restructured from (a
blog post, a magazine feature, a leaflet). Its file holds the attribution and a
fingerprint of its text (see content/fingerprint.py); the text itself is never stored::

    title: Does therapy really work?     # required
    author: Pilar Placone                # optional, as are the fields below
    publisher: the blog of Jennifer Shay, LCSW, ACSW
    category: Mind. Brain. Relationships.
    url: https://...
    date: 2020-05-01
    licence: CC BY 4.0
    summary: One or two sentences on what the source argues.
    fingerprint: {scheme: ..., key: ..., runs: [...]}

The file name (without ``.yaml``) is the source's ID, which pages name in their
``sources`` front matter. A field this module does not know is kept, unread, in
``Source.extra``, so the format can grow without breaking older builds: the
source's claims (a ``claims:`` list, in this project's words, never the
source's) are meant to go there. ``make import-source`` writes these files.

Reading them is kept free of Sphinx, so the intake tool and the tests can use it.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fingerprint import Fingerprint

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TEXT_FIELDS = ("title", "author", "publisher", "category", "url", "licence", "summary")
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceFileError(Exception):
    """A problem in a source file, with the file and 1-based line it is on."""

    def __init__(self, message: str, path: Path, line: int) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    fingerprint: Fingerprint
    author: str = ""
    publisher: str = ""
    category: str = ""
    url: str = ""
    date: str = ""
    licence: str = ""
    summary: str = ""
    extra: dict = field(default_factory=dict, compare=False)  # fields for later features

    def credit(self) -> str:
        """'"TITLE" by AUTHOR (PUBLISHER)', leaving out what is not known."""
        text = f"\u201c{self.title}\u201d"
        if self.author:
            text += f" by {self.author}"
        if self.publisher:
            text += f" ({self.publisher})"
        return text


def _lines(text: str) -> dict[str, int]:
    """The 1-based line of each top-level key of a YAML mapping."""
    loader = FAST_LOADER(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in root.value}


def read_source(path: Path) -> Source:
    """One source file, or SourceFileError saying what to fix."""
    source_id = path.stem
    if not ID.fullmatch(source_id):
        raise SourceFileError(
            f"source file name {path.name!r} is not an ID: use lowercase words joined by "
            "hyphens, such as does-therapy-really-work.yaml",
            path,
            1,
        )
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceFileError(
            f"source file is not valid YAML ({getattr(error, 'problem', error)})",
            path,
            mark.line + 1 if mark is not None else 1,
        ) from None
    if not isinstance(data, dict):
        raise SourceFileError("a source file is a set of 'name: value' lines", path, 1)
    lines = _lines(text)
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SourceFileError(
            "the source has no 'title': add 'title: The source's own title'",
            path,
            lines.get("title", 1),
        )
    values = {}
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str | int | float):
            raise SourceFileError(f"'{name}' must be text", path, lines.get(name, 1))
        values[name] = " ".join(str(value).split()) if value is not None else ""
    date = data.get("date")
    if isinstance(date, datetime.date):
        date = date.isoformat()
    elif date is not None and not isinstance(date, str):
        raise SourceFileError("'date' must be a date such as 2020-05-01", path, lines["date"])
    try:
        fingerprint = Fingerprint.from_data(data.get("fingerprint"))
    except ValueError as error:
        raise SourceFileError(
            f"{error}: make the file again with make import-source",
            path,
            lines.get("fingerprint", 1),
        ) from None
    known = {*TEXT_FIELDS, "date", "fingerprint"}
    return Source(
        id=source_id,
        fingerprint=fingerprint,
        date=str(date or ""),
        extra={key: value for key, value in data.items() if key not in known},
        **values,
    )


def source_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def digest(paths: list[Path]) -> str:
    """A digest of the registry's files: it changes when any source is added, edited or removed."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in paths:
        hasher.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()
