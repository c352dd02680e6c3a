"""Register a source article: its attribution and fingerprint, a claims checklist, a plan.

    make import-source SRC=saved-page.html ID=can-sleep-mend-the-mind
    make import-source SRC=article.txt ID=does-therapy-really-work TITLE="..." AUTHOR="..."

It reads a web page saved from the browser (``.html``) or the text of an
article (``.txt``), and:

1. writes ``sources/ID.yaml``: the attribution (title, author, publisher,
   address, date and licence) and a fingerprint of the text for the copy guard
   (src/sphinx_kb/content/fingerprint.py). The text itself is not written anywhere: it
   belongs to its author. TITLE, AUTHOR, PUBLISHER, URL, DATE and LICENCE
   override what the page's metadata says;
2. prints a numbered checklist of the source's claims, to paste into the pull
   request and check one by one against research;
3. prints a suggested split into articles, one question per part of the
   source, with the ``make new-article`` command that starts each draft with
   ``sources: [ID]`` set.

The main text of a web page is found by trafilatura, a library made for just
this and kept up to date: it drops menus, sidebars, share buttons, "tagged"
lists and comment forms, keeps headings, and reads the title, author, site
name, address, date and licence from the page's metadata, all offline.
(readability-lxml finds the main text too, but reads no metadata beyond the
title.) A ``.txt`` file is taken as it is; its first line is the title unless
TITLE is given.

The claims checklist is a simple heuristic, meant to over-collect: every
declarative sentence of eight or more words in the body (not a question, a
heading or a short line), up to the first byline or footer line of a text file
("Written by", "This entry was posted", ...). Strike what is opinion, keep what
can be checked.

The split into articles follows the source's own headings: the part before the
first heading answers the title's question, and each heading starts a part.
"""

import argparse
import contextlib
import datetime
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing the extension

from sphinx_kb.content.fingerprint import Fingerprint  # noqa: E402
from sphinx_kb.content.sourceregistry import ID, read_source  # noqa: E402

CLAIM_WORDS = 8
SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d')\]]*\s+(?=[\"\u201c'(\[A-Z0-9*])")
FOOTER = re.compile(
    r"^(written by|posted (on|in|by)|this entry was posted|bookmark the|share this|"
    r"leave a (reply|comment)|about the author|filed under|tagged\b)",
    re.IGNORECASE,
)
HEADING_WORDS = 12
ABBREVIATION = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No|Vol|Fig)\.$")


class Refused(Exception):
    """Bad input: the message says what to give instead."""


@dataclass
class Part:
    heading: str  # '' for the part before the first heading
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    text: str  # what the fingerprint is made from
    parts: list[Part]
    metadata: dict[str, str]


# -- Reading the source ------------------------------------------------------------------------


def _parts_from_markdown(markdown: str) -> list[Part]:
    parts = [Part("")]
    for block in re.split(r"\n\s*\n", markdown):
        block = " ".join(block.split())
        if not block:
            continue
        if block.startswith("#"):
            parts.append(Part(block.lstrip("#").strip()))
        else:
            parts[-1].paragraphs.append(block)
    return parts


def read_html(html: str | bytes) -> Extracted:
    import trafilatura  # only the intake needs it, not the build

    options = {"include_comments": False, "include_tables": True, "favor_precision": True}
    document = trafilatura.bare_extraction(html, with_metadata=True, **options)
    markdown = trafilatura.extract(
        html, output_format="markdown", include_formatting=True, **options
    )
    if document is None or not markdown:
        raise Refused("found no main text in the page: save the whole page, or give a .txt file")
    metadata = {
        "title": document.title,
        "author": document.author,
        "publisher": document.sitename,
        "category": ", ".join(document.categories or []),
        "url": document.url,
        "date": document.date,
        "licence": document.license,
    }
    return Extracted(
        document.text or markdown,
        _parts_from_markdown(markdown),
        {key: " ".join(str(value).split()) for key, value in metadata.items() if value},
    )


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation, most of its longer words capitalised."""
    words = line.split()
    if not words or len(words) > HEADING_WORDS or line.rstrip()[-1] in ".,;:!":
        return False
    long_words = [word for word in words if len(word) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) * 2 > len(long_words)


def read_text(text: str) -> Extracted:
    lines = [line.strip() for line in text.splitlines()]
    filled = [number for number, line in enumerate(lines) if line]
    if not filled:
        raise Refused("the text file is empty")
    body: list[str] = []
    for line in lines[filled[0] + 1 :]:
        if FOOTER.match(line):
            break
        if line:
            body.append(f"## {line}" if _is_heading(line) else line)
    metadata = {"title": lines[filled[0]]}
    return Extracted(text, _parts_from_markdown("\n\n".join(body)), metadata)


def read(path: Path) -> Extracted:
    if not path.is_file():
        raise Refused(f"{path} is not a file: give SRC=saved-page.html or SRC=article.txt")
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return read_html(path.read_bytes())  # trafilatura finds the page's own encoding
    if path.suffix.lower() in {".txt", ".md", ".text"}:
        return read_text(path.read_text(encoding="utf-8", errors="replace"))
    raise Refused(f"{path.name}: give a saved web page (.html) or a text file (.txt)")


# -- What to print ------------------------------------------------------------------------------


def sentences(paragraph: str) -> list[str]:
    found: list[str] = []
    for piece in (s.strip() for s in SENTENCE_END.split(paragraph)):
        if found and ABBREVIATION.search(found[-1]):
            found[-1] += " " + piece  # "Dr. Siegel" does not end a sentence
        elif piece:
            found.append(piece)
    return found


def is_claim(sentence: str) -> bool:
    return (
        sentence.rstrip("\"\u201d')]*").endswith((".", "!"))
        and len(sentence.split()) >= CLAIM_WORDS
        and not FOOTER.match(sentence)
    )


def claims(parts: list[Part]) -> list[tuple[int, str]]:
    """(part index, sentence) of every candidate claim, in order."""
    return [
        (index, sentence)
        for index, part in enumerate(parts)
        for paragraph in part.paragraphs
        for sentence in sentences(paragraph)
        if is_claim(sentence)
    ]


def slugify(text: str, words: int = 6) -> str:
    found = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))
    return "-".join(found[:words])


def question(heading: str) -> str:
    heading = heading.strip().rstrip(":")
    if heading.endswith("?"):
        return heading
    # Title Case becomes lowercase; acronyms (IPNB) keep their capitals.
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in heading.split()]
    return f"What does research say about {' '.join(words)}?"


def plan(parts: list[Part], title: str, found: list[tuple[int, str]]) -> list[tuple[str, str, str]]:
    """(question, slug, claim numbers) per part that has text."""
    rows = []
    for index, part in enumerate(parts):
        if not part.paragraphs:
            continue
        numbers = [n for n, (where, _) in enumerate(found, 1) if where == index]
        span = (
            "no claims"
            if not numbers
            else f"claim {numbers[0]}"
            if len(numbers) == 1
            else f"claims {numbers[0]}-{numbers[-1]}"
        )
        heading = part.heading or title
        rows.append((question(heading), slugify(heading), span))
    return rows


# -- Writing the source file -----------------------------------------------------------------

HEADER = """\
# A source article that pages of this knowledge base were restructured from.
# Written by `make import-source`; the attribution may be corrected by hand.
# The fingerprint lets the build refuse text copied from the source; the
# source's own text is not stored (see src/sphinx_kb/content/fingerprint.py).
"""


def source_file_text(metadata: dict[str, str], fingerprint: Fingerprint) -> str:
    fields = {
        name: metadata[name]
        for name in ("title", "author", "publisher", "category", "url", "date", "licence")
        if metadata.get(name)
    }
    if "date" in fields:
        with contextlib.suppress(ValueError):  # a date that is not ISO is kept as written
            fields["date"] = datetime.date.fromisoformat(fields["date"][:10])
    body = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100)
    runs = yaml.safe_dump({"fingerprint": fingerprint.to_data()}, sort_keys=False, width=100)
    return HEADER + body + runs


def import_source(
    src: Path, source_id: str, sources_dir: Path, overrides: dict[str, str], force: bool
) -> tuple[Path, Extracted, dict[str, str]]:
    if not ID.fullmatch(source_id):
        raise Refused(
            f"ID {source_id!r} must be lowercase words joined by hyphens, such as "
            "can-sleep-mend-the-mind"
        )
    target = sources_dir / f"{source_id}.yaml"
    if target.exists() and not force:
        raise Refused(f"{target} exists already: choose another ID, or give FORCE=1 to replace it")
    extracted = read(src)
    metadata = {**extracted.metadata, **{k: v.strip() for k, v in overrides.items() if v.strip()}}
    if not metadata.get("title"):
        raise Refused('the source has no title in its metadata: give TITLE="Its title"')
    key = read_source(target).fingerprint.key if target.exists() else None
    fingerprint = Fingerprint.of_text(extracted.text, key)
    if not fingerprint.runs:
        raise Refused(f"{src} has fewer than ten words of text")
    sources_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(source_file_text(metadata, fingerprint), encoding="utf-8")
    read_source(target)  # what the build will read
    return target, extracted, metadata


def report(target: Path, source_id: str, extracted: Extracted, metadata: dict[str, str]) -> str:
    found = claims(extracted.parts)
    lines = [f"Wrote {target} (attribution and fingerprint; the text itself is not stored)."]
    for name in ("title", "author", "publisher", "category", "url", "date", "licence"):
        value = metadata.get(name, "(not found: check and add it by hand)")
        lines.append(f"  {name + ':':<11}{value}")
    lines += ["", f"Claims checklist ({len(found)}): check each against research."]
    lines += [f"{number}. [ ] {text}" for number, (_, text) in enumerate(found, 1)]
    lines += ["", "Suggested split into articles (one question each; merge or rename freely):"]
    rows = plan(extracted.parts, metadata["title"], found)
    for number, (text, slug, span) in enumerate(rows, 1):
        lines.append(f"{number}. {text} ({span})")
        lines.append(
            f'   make new-article SLUG={slug} TITLE="{text}" SECTION="..." SOURCES={source_id}'
        )
    lines += [
        "",
        "Next: start each draft with the command above (SECTION is a section of the landing",
        "page), write it in your own words, and list the claims in the pull request.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", default="", help="the saved web page (.html) or text (.txt)")
    parser.add_argument("--id", default="", help="the source's ID: can-sleep-mend-the-mind")
    parser.add_argument("--sources-dir", type=Path, default=ROOT / "sources")
    parser.add_argument("--force", action="store_true", help="replace an existing source file")
    for name in ("title", "author", "publisher", "url", "date", "licence"):
        parser.add_argument(f"--{name}", default="", help=f"the source's {name}")
    args = parser.parse_args(argv)
    overrides = {n: getattr(args, n) for n in ("title", "author", "publisher", "url", "date")}
    overrides["licence"] = args.licence
    try:
        if not args.src or not args.id:
            raise Refused("give SRC (the saved page or text) and ID (the source's ID)")
        target, extracted, metadata = import_source(
            Path(args.src), args.id.strip(), args.sources_dir, overrides, args.force
        )
    except Refused as problem:
        print(f"import-source: {problem}", file=sys.stderr)
        print(
            "usage: make import-source SRC=saved-page.html ID=its-id "
            '[TITLE="..."] [AUTHOR="..."] [PUBLISHER="..."] [URL=...] [DATE=YYYY-MM-DD] '
            '[LICENCE="..."] [FORCE=1]',
            file=sys.stderr,
        )
        return 2
    print(report(target, args.id.strip(), extracted, metadata))
    return 0


if __name__ == "__main__":
    sys.exit(main())
