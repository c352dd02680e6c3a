"""Reading the knowledge base's Markdown sources: glossary entries, term links, prose."""

import re
from dataclasses import dataclass
from pathlib import Path

from .helpers import DOCS

GLOSSARY_BLOCK = re.compile(r"^```\{glossary\}\n(.*?)^```", re.DOTALL | re.MULTILINE)
TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]*)`")


@dataclass
class GlossaryEntry:
    names: list[str]
    definition: str

    @property
    def key(self) -> str:
        return self.names[0].lower()


def glossary_entries(path: Path = DOCS / "glossary.md") -> list[GlossaryEntry]:
    """The entries of the glossary directive: a term, its alias lines, then the definition."""
    match = GLOSSARY_BLOCK.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no glossary directive"
    entries: list[GlossaryEntry] = []
    names: list[str] = []
    for line in match.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line[0].isspace():
            if names:
                entries.append(GlossaryEntry(names, ""))
                names = []
            entries[-1].definition += line.strip() + " "
        else:
            names.append(line.strip())
    return entries


def term_targets(text: str) -> list[str]:
    """The glossary names that {term} roles in text point to, lowercased."""
    targets = []
    for content in TERM_ROLE.findall(text):
        explicit = re.search(r"<([^>]*)>\s*$", content)
        targets.append((explicit.group(1) if explicit else content).strip().lower())
    return targets


def cited_keys(text: str) -> set[str]:
    """The bibliography keys that {footcite} and {cite} roles in text cite."""
    keys: set[str] = set()
    for content in CITE_ROLE.findall(text):
        keys.update(key.strip() for key in content.split(",") if key.strip())
    return keys


def front_matter_and_body(text: str) -> tuple[str, str]:
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "no front matter"
    return match.group(1), text[match.end() :]


def prose(text: str) -> str:
    """The article's readable text: no front matter, markup, roles or references."""
    _, body = front_matter_and_body(text)
    body = body.split("\n## References")[0]
    body = re.sub(r"^(```|:::).*$", "", body, flags=re.MULTILINE)
    body = re.sub(r"^\s*:[\w-]+:.*$", "", body, flags=re.MULTILINE)
    body = re.sub(r"\{footcite(:\w+)?\}`[^`]*`", "", body)
    body = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*<[^`]*>`", r"\1", body)
    body = re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"^#+\s*", "", body, flags=re.MULTILINE)
    body = re.sub(r"^\s*[-*]\s+", "", body, flags=re.MULTILINE)
    body = re.sub(r"^\|.*\|\s*$", "", body, flags=re.MULTILINE)
    return re.sub(r"[*_`]", "", body)
