"""Start a new article from the template and list it on the landing page.

    make new-article SLUG=does-sleep-matter TITLE="Does sleep matter?" SECTION="The changing brain"
    make new-article SLUG=does-sleep-matter TITLE="Does sleep matter?" TAGS="neuroplasticity"

Writes ``docs/articles/SLUG.md`` from ``tools/article-template.md`` (front matter,
summary, key points, a section, the evidence note and the references) and adds
``articles/SLUG`` to one of the landing page's toctrees in ``docs/index.md``:

- SECTION names the toctree by its caption ("The changing brain", "Therapy", ...);
- otherwise the toctree whose articles share the most of TAGS is chosen.

TAGS (from ``kb_tags`` in ``docs/conf.py``) go into the front matter; without
TAGS the draft gets the tag most used in its section. SOURCES (IDs of files in
``sources/``, made by ``make import-source``) go into the front matter as
``sources: [ID]``, so the page credits the article it is restructured from.
The draft builds without warnings; its TODO lines say what to write. It uses
only the standard library, so it runs before the virtual environment exists.
"""

import argparse
import ast
import collections
import datetime
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "article-template.md"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TOCTREE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{toctree\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
ARTICLES = "articles/"


class Refused(Exception):
    """Bad input: the message says what to give instead."""


@dataclass
class Toctree:
    caption: str
    entries: list[str]
    end: int  # offset in index.md after the toctree's last line before the closing fence


def _kb_tags(conf: Path) -> dict[str, str]:
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "kb_tags" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise Refused(f"{conf} defines no kb_tags")


def _toctrees(index_text: str) -> list[Toctree]:
    found = []
    for match in TOCTREE.finditer(index_text):
        body = match["body"]
        caption = next(
            (line.split(":caption:", 1)[1].strip() for line in body.splitlines()
             if line.strip().startswith(":caption:")),
            "",
        )  # fmt: skip
        entries = [
            line.strip()
            for line in body.splitlines()
            if line.strip() and not line.strip().startswith(":")
        ]
        found.append(Toctree(caption, entries, match.start("body") + len(body.rstrip()) + 1))
    return found


def _tags_of(article: Path) -> list[str]:
    """The tags in an article's front matter ('tags: [a, b]' or a '- a' list)."""
    text = article.read_text(encoding="utf-8") if article.is_file() else ""
    match = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    front = match.group(1) if match else ""
    inline = re.search(r"^tags:\s*\[(.*?)\]\s*$", front, re.M)
    if inline:
        return [tag.strip().strip("'\"") for tag in inline.group(1).split(",") if tag.strip()]
    block = re.search(r"^tags:\s*\n((?:\s+-\s*.+\n?)+)", front, re.M)
    return re.findall(r"-\s*(\S+)", block.group(1)) if block else []


def _choose(
    sections: list[Toctree], docs: Path, section: str, tags: list[str]
) -> tuple[Toctree, list[str]]:
    captions = ", ".join(f'"{s.caption}"' for s in sections)
    if section:
        chosen = [s for s in sections if s.caption.casefold() == section.casefold()]
        if not chosen:
            raise Refused(f'there is no section "{section}": SECTION is one of {captions}')
        toctree = chosen[0]
        if not tags:
            used = collections.Counter(
                tag for entry in toctree.entries for tag in _tags_of(docs / f"{entry}.md")
            )
            tags = [min(used, key=lambda tag: (-used[tag], tag))] if used else []
        if not tags:
            raise Refused(f'no article in "{toctree.caption}" has tags yet: give TAGS')
        return toctree, tags
    scores = {
        s.caption: sum(len(set(tags) & set(_tags_of(docs / f"{entry}.md"))) for entry in s.entries)
        for s in sections
    }
    best = max(scores.values())
    top = [s for s in sections if scores[s.caption] == best]
    if best == 0 or len(top) > 1:
        raise Refused("the tags do not pick one section: give SECTION as one of " + captions)
    return top[0], tags


def _check_sources(docs: Path, sources: list[str]) -> None:
    """Each ID names a registered source, sources/ID.yaml beside docs/."""
    folder = docs.resolve().parent / "sources"
    known = sorted(path.stem for path in folder.glob("*.yaml"))
    for source in sources:
        if source not in known:
            raise Refused(
                f"unknown source {source!r}: SOURCES are IDs of files in {folder} "
                f"({', '.join(known) or 'none yet'}); register one with make import-source"
            )


def new_article(
    docs: Path,
    slug: str,
    title: str,
    section: str,
    tags: list[str],
    today: str,
    sources: list[str] | None = None,
):
    if not SLUG.fullmatch(slug):
        raise Refused(
            f"SLUG {slug!r} must be lowercase words joined by hyphens, such as does-sleep-matter"
        )
    title = " ".join(title.split())
    if not title:
        raise Refused('give the title, such as TITLE="Does sleep matter?"')
    if not section and not tags:
        raise Refused("give SECTION (a section of the landing page) or TAGS, or both")
    known = _kb_tags(docs / "conf.py")
    unknown = [tag for tag in tags if tag not in known]
    if unknown:
        raise Refused(f"unknown tag {unknown[0]!r}: TAGS are from {', '.join(sorted(known))}")
    _check_sources(docs, sources or [])
    path = docs / "articles" / f"{slug}.md"
    if path.exists():
        raise Refused(f"{path} exists already: choose another SLUG")
    index = docs / "index.md"
    text = index.read_text(encoding="utf-8")
    sections = [t for t in _toctrees(text) if any(e.startswith(ARTICLES) for e in t.entries)]
    if not sections:
        raise Refused(f"{index} has no toctree of articles")
    toctree, tags = _choose(sections, docs, section, tags)

    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    draft = template.substitute(title=title, tags=", ".join(tags), reviewed=today)
    if sources:
        draft = draft.replace("\nreviewed: ", f"\nsources: [{', '.join(sources)}]\nreviewed: ", 1)
    path.write_text(draft, encoding="utf-8")
    entry = f"{ARTICLES}{slug}"
    index.write_text(text[: toctree.end] + entry + "\n" + text[toctree.end :], encoding="utf-8")
    return path, toctree.caption, tags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the Sphinx source folder")
    parser.add_argument("--slug", default="", help="file name without .md: does-sleep-matter")
    parser.add_argument("--title", default="", help="the article's question")
    parser.add_argument("--section", default="", help="caption of a toctree in index.md")
    parser.add_argument("--tags", default="", help="tags from kb_tags, space or comma separated")
    parser.add_argument("--sources", default="", help="IDs of sources/ files it restructures")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tags = [tag for tag in re.split(r"[\s,]+", args.tags) if tag]
    sources = [source for source in re.split(r"[\s,]+", args.sources) if source]
    try:
        path, caption, tags = new_article(
            args.docs, args.slug.strip(), args.title, args.section.strip(), tags, args.date, sources
        )
    except Refused as problem:
        print(f"new-article: {problem}", file=sys.stderr)
        print(
            'usage: make new-article SLUG=does-sleep-matter TITLE="Does sleep matter?" '
            '[SECTION="The changing brain"] [TAGS="neuroplasticity"] [SOURCES=source-id]',
            file=sys.stderr,
        )
        return 2
    print(f'Created {path}, listed under "{caption}" in {args.docs / "index.md"}.')
    print(f"Tags: {', '.join(tags)}. Next:")
    print("  1. Replace every TODO: the description, summary, key points and sections.")
    print("  2. Link glossary terms and cite checked sources (see CONTRIBUTING.md).")
    print("  3. Add a card for it under its section in index.md, then run: make html test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
