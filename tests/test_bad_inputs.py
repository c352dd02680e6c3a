"""Every bad input gets a clear error: the catalogue of faults the build must catch.

Each case injects one fault into a temporary copy of the project and runs the real
build. The build must fail, with a warning or error that names the file and the
line (or, where there is no line, the file and the key), says what is wrong and
what to do, and without a Python traceback. CONTRIBUTING.md lists the catalogue
under "What the build checks"; a test below keeps the two in step.

The builds of the selected cases run at the same time, a few at once, when the
first case asks for its result.
"""

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sphinx_kb.content.fingerprint import Fingerprint

from .helpers import ROOT, copy_project, edit, sphinx_build
from .markup import by_class, read

ARTICLE = "articles/does-therapy-work.md"
GLOSSARY = "glossary.md"
CLAIMS_PAGE = "claims-and-evidence.md"


@dataclass(frozen=True)
class Case:
    name: str
    listed_as: str  # how CONTRIBUTING.md's "What the build checks" names it
    inject: Callable[[Path], int | None]  # changes docs/ of a copy; returns the line (or None)
    file: str  # the file the message must name, relative to docs/
    key: str  # what the message must quote: the term, key, tag, link, ... ('' if none)
    problem: str  # words saying what is wrong
    fix: str  # words saying what to do
    absent: tuple[str, ...] = ()  # patterns that no file of the output may hold
    builder: str = "html"
    path_in_message: bool = False  # no location: the message starts with the path instead


# -- Injecting faults -------------------------------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


def _after_title(text: str, page: str = ARTICLE) -> Callable[[Path], int]:
    """Add text as its own block under the page's title; return its first line."""

    def inject(docs: Path) -> int:
        path = docs / page
        lines = path.read_text(encoding="utf-8").splitlines()
        title = next(i for i, line in enumerate(lines) if line.startswith("# "))
        lines[title + 1 : title + 1] = ["", *text.splitlines(), ""]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return title + 3

    return inject


def _front_matter(old: str, new: str, line: int) -> Callable[[Path], int]:
    """Replace old by new in the article's front matter; "{reviewed}" stands for its date."""

    def inject(docs: Path) -> int:
        path = docs / ARTICLE
        reviewed = re.search(r"^reviewed: (\S+)$", path.read_text(encoding="utf-8"), re.M)[1]
        edit(path, old.format(reviewed=reviewed), new.format(reviewed=reviewed))
        return line

    return inject


def _source_claim(old: str, new: str) -> Callable[[Path], int]:
    """Replace old by new in claim 8 of the claims page; return the line of its directive."""

    def inject(docs: Path) -> int:
        path = docs / CLAIMS_PAGE
        text = path.read_text(encoding="utf-8")
        start = text.index("::::{source-claim} 8\n")
        end = text.index("\n::::\n", start)
        claim = text[start:end]
        assert claim.count(old) == 1, f"{old!r} is not in claim 8 exactly once"
        path.write_text(text[:start] + claim.replace(old, new) + text[end:], encoding="utf-8")
        return _line_of(path, "::::{source-claim} 8")

    return inject


def _copied_run(docs: Path) -> int:
    """Register a source made from a fixture text, and copy ten of its words into the article."""
    text = (docs.parent / "tests" / "sources" / "plain-article.txt").read_text(encoding="utf-8")
    fingerprint = Fingerprint.of_text(text)
    source = {"title": "Why do we remember some days and forget others?", "author": "T. L."}
    (docs.parent / "sources" / "why-we-remember.yaml").write_text(
        yaml.safe_dump({**source, "fingerprint": fingerprint.to_data()}), encoding="utf-8"
    )
    return _after_title(
        "As one blog put it, memory researchers say the brain keeps\n"
        "what seems important and lets the rest fade, which is only part of the story."
    )(docs)


def _glossary_entry_at_end(entry: str) -> Callable[[Path], int]:
    """Add an entry as the last one of the glossary; return the line of its term."""

    def inject(docs: Path) -> int:
        path = docs / GLOSSARY
        text = path.read_text(encoding="utf-8")
        closing = text.index("\n```", text.index("```{glossary}") + 1)
        path.write_text(text[:closing] + "\n\n" + entry + text[closing:], encoding="utf-8")
        return text.count("\n", 0, closing) + 3

    return inject


def _alias(term: str, alias: str) -> Callable[[Path], int]:
    def inject(docs: Path) -> int:
        path = docs / GLOSSARY
        line = _line_of(path, term) + 1
        edit(path, f"\n{term}\n", f"\n{term}\n{alias}\n")
        return line

    return inject


def _drop_year(docs: Path) -> int:
    bib = docs / "references.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@article{smith1977meta,")
    end = text.index("\n}", start)
    entry = "\n".join(x for x in text[start:end].splitlines() if not x.strip().startswith("year"))
    bib.write_text(text[:start] + entry + text[end:], encoding="utf-8")
    return text.count("\n", 0, start) + 1


def _out_of_toctree(docs: Path) -> None:
    edit(docs / "index.md", "\narticles/does-therapy-work\n", "\n")


def _png() -> bytes:
    """A valid one-pixel PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _image_without_alt(docs: Path) -> int:
    (docs / "articles" / "pixel.png").write_bytes(_png())
    return _after_title("![](pixel.png)")(docs)


def _replace_article(text: str) -> Callable[[Path], None]:
    def inject(docs: Path) -> None:
        (docs / ARTICLE).write_text(text, encoding="utf-8")

    return inject


FRONT = (
    "---\ndescription: Whether therapy works.\ntags: [psychotherapy]\nreviewed: 2026-11-26\n---\n"
)


def _empty_article(docs: Path) -> int:
    _replace_article(FRONT + "\n# Does therapy really work?\n")(docs)
    return 7


def _no_title(docs: Path) -> int:
    _replace_article(FRONT + "\nTherapy helps many people, on average.\n")(docs)
    return 1


def _second_title(docs: Path) -> int:
    return _after_title("# A second title\n\nMore text.")(docs)


def _no_front_matter(docs: Path) -> int:
    path = docs / ARTICLE
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n---\n", 4) + 5 :], encoding="utf-8")
    return 1


# A file of the project outside docs/, seen from an article as ../../private-notes.txt.
PRIVATE = "private-notes.txt"
SECRET = "KB-PRIVATE-7f3a9c"
FROM_ARTICLE = f"../../{PRIVATE}"
# What a hostile page carries: each must stay out of the output.
TRACKER = "tracker.example"
SCRIPT = "kbFault"


def _with_private_file(then: Callable[[Path], int | None]) -> Callable[[Path], int | None]:
    """Put a file holding SECRET next to docs/ (in the project, outside the sources)."""

    def inject(docs: Path) -> int | None:
        (docs.parent / PRIVATE).write_text(f"{SECRET},1\n", encoding="utf-8")
        return then(docs)

    return inject


def _lines_below(count: int, inject: Callable[[Path], int]) -> Callable[[Path], int]:
    """The same fault, reported count lines below the first line injected."""
    return lambda docs: inject(docs) + count


def _absolute_literalinclude(docs: Path) -> int:
    return _after_title(f"```{{literalinclude}} {docs.parent / PRIVATE}\n```")(docs)


def _image_outside(docs: Path) -> int:
    (docs.parent / "private-chart.png").write_bytes(_png())
    return _after_title("![A chart](../../private-chart.png)")(docs)


def _symlinked_download(docs: Path) -> int:
    (docs / "articles" / "notes.txt").symlink_to(docs.parent / PRIVATE)
    return _after_title("See [the notes](notes.txt).")(docs)


def _symlinked_page(docs: Path) -> None:
    (docs.parent / "private.md").write_text(f"# Private\n\n{SECRET}\n", encoding="utf-8")
    (docs / "articles" / "leak.md").symlink_to(docs.parent / "private.md")


def _front_matter_key(page: str, lines: str) -> Callable[[Path], int]:
    """Add lines at the top of the page's front matter; return the first one's line."""

    def inject(docs: Path) -> int:
        path = docs / page
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n"), f"{page} has no front matter"
        path.write_text("---\n" + lines + "\n" + text[4:], encoding="utf-8")
        return 2

    return inject


# -- The catalogue ---------------------------------------------------------------------------

CASES = [
    Case(
        "undefined-term",
        "A `{term}` link to a term the glossary does not define",
        _after_title("This links {term}`phrenology`, which the glossary lacks."),
        ARTICLE,
        "'phrenology'",
        "term not in glossary",
        "or add the term there",
    ),
    Case(
        "term-defined-twice",
        "A glossary term defined twice",
        _glossary_entry_at_end("neuron\n  A second definition of the same term."),
        GLOSSARY,
        "'neuron'",
        "is defined twice",
        "merge the two entries into one",
    ),
    Case(
        "alias-clashes-with-a-term",
        "A glossary alias that is also another entry's term or alias",
        _alias("attachment theory", "neuron"),
        GLOSSARY,
        "'neuron'",
        "(of 'attachment theory') is also a term of its own",
        "remove the alias or merge the entries",
    ),
    Case(
        "alias-clashes-with-an-alias",
        "A glossary alias that is also another entry's term or alias",
        _alias("attachment theory", "ACEs"),
        GLOSSARY,
        "'ACEs'",
        "is also an alias of 'adverse childhood experiences'",
        "remove the alias or merge the entries",
    ),
    Case(
        "missing-front-matter",
        "An article without front matter",
        _no_front_matter,
        ARTICLE,
        "",
        "no front matter",
        "start the file with a '---' block",
    ),
    Case(
        "front-matter-not-yaml",
        "Front matter that is not valid YAML",
        _front_matter(
            "description: What large research reviews say",
            "description: Therapy: what large research reviews say",
            2,
        ),
        ARTICLE,
        "",
        "front matter is not valid YAML",
        "put a value that holds ': ' or ' #' in double quotes",
    ),
    Case(
        "missing-required-field",
        "A missing `description`, `tags` or `reviewed` field",
        _front_matter("reviewed: {reviewed}\n", "", 1),
        ARTICLE,
        "'reviewed'",
        "front matter lacks the field",
        "add 'reviewed: YYYY-MM-DD'",
    ),
    Case(
        "reviewed-not-iso-date",
        "A `reviewed`, `next_review` or `evidence_searched` date that is not an ISO date",
        _front_matter("reviewed: {reviewed}", "reviewed: 26/11/2026", 4),
        ARTICLE,
        "'26/11/2026'",
        "'reviewed' must be an ISO date",
        "such as 2026-01-31",
    ),
    Case(
        "unknown-tag",
        "A tag that is not in `kb_tags`",
        _front_matter("tags: [psychotherapy,", "tags: [phrenology, psychotherapy,", 3),
        ARTICLE,
        "'phrenology'",
        "unknown tag",
        "use one of: attachment, brain-imaging",
    ),
    Case(
        "broken-internal-link",
        "A link to a page or heading that does not exist",
        _after_title("See [a missing page](no-such-page.md)."),
        ARTICLE,
        "'no-such-page.md'",
        "cross-reference target not found",
        "point the link at an existing page",
    ),
    Case(
        "broken-ref",
        "A `{ref}` to a label that does not exist",
        _after_title("See {ref}`no-such-label`."),
        ARTICLE,
        "'no-such-label'",
        "undefined label",
        "use a label that exists",
    ),
    Case(
        "cite-key-not-in-bibliography",
        "A citation key that is not in `references.bib`",
        _after_title("A claim {footcite:p}`nosuchkey2020`."),
        ARTICLE,
        '"nosuchkey2020"',
        "could not find bibtex key",
        "cite a key that docs/references.bib has",
    ),
    Case(
        "bibliography-entry-lacks-a-field",
        "A bibliography entry that lacks a field its citations need",
        _drop_year,
        "references.bib",
        "'smith1977meta'",
        "lacks the field 'year'",
        "add it (only if you have checked it against a public record)",
    ),
    Case(
        "article-in-no-toctree",
        "An article in no toctree",
        _out_of_toctree,
        ARTICLE,
        "",
        "document isn't included in any toctree",
        "list it in a toctree, such as one in docs/index.md",
    ),
    Case(
        "image-without-alt-text",
        "An image without alt text",
        _image_without_alt,
        ARTICLE,
        "'articles/pixel.png'",
        "has no alt text",
        "describe what it shows",
    ),
    Case(
        "image-file-missing",
        "An image file that does not exist",
        _after_title("![A chart](no-such-chart.png)"),
        ARTICLE,
        "articles/no-such-chart.png",
        "image file not readable",
        "put the image file in the folder of the page",
    ),
    Case(
        "raw-html-block",
        "Raw HTML, the `{raw}` directive or role",
        _after_title('<div>\n<script>alert("injected")</script>\n</div>'),
        ARTICLE,
        "",
        "raw HTML is not allowed",
        "write it in Markdown or with a directive instead",
    ),
    Case(
        "raw-html-inline",
        "Raw HTML, the `{raw}` directive or role",
        _after_title('Some <span onclick="alert(1)">inline HTML</span> here.'),
        ARTICLE,
        "",
        "raw HTML is not allowed",
        "write it in Markdown or with a directive instead",
    ),
    Case(
        "raw-directive",
        "Raw HTML, the `{raw}` directive or role",
        _after_title('```{raw} html\n<script>alert("injected")</script>\n```'),
        ARTICLE,
        "",
        "the raw directive is switched off",
        "write it in Markdown or with a directive instead",
    ),
    Case(
        "raw-role",
        "Raw HTML, the `{raw}` directive or role",
        _after_title("Some {raw}`<b>bold</b>` text."),
        ARTICLE,
        "",
        "the raw role is switched off",
        "write it in Markdown or with a directive instead",
    ),
    Case(
        "empty-article",
        "An empty article",
        _empty_article,
        ARTICLE,
        "",
        "article is empty",
        "write a one-paragraph summary under the title",
    ),
    Case(
        "article-without-title",
        "An article without a title, or with two",
        _no_title,
        ARTICLE,
        "",
        "article has no title",
        "put one '# Title' line after the front matter",
    ),
    Case(
        "article-with-two-titles",
        "An article without a title, or with two",
        _second_title,
        ARTICLE,
        "'A second title'",
        "article has a second title",
        "make this a '##' section under it",
    ),
    Case(
        "unknown-source",
        "A `sources` ID that no file in `sources/` registers",
        _front_matter("sources: [does-therapy-really-work]", "sources: [no-such-source]", 5),
        ARTICLE,
        "'no-such-source'",
        "unknown source",
        "use the ID of a file in sources/ (does-therapy-really-work)",
    ),
    Case(
        "source-claim-with-an-unknown-verdict",
        "A source claim whose `:verdict:` is not in `kb_verdicts`",
        _source_claim(":verdict: Not supported", ":verdict: Debunked"),
        CLAIMS_PAGE,
        "'Debunked'",
        "unknown verdict",
        "use one of kb_verdicts: Supported, Nuanced, Overstated, Not supported, Untested",
    ),
    Case(
        "source-claim-with-an-unknown-source",
        "A source claim whose `:source:` no file in `sources/` registers",
        _source_claim(":source: does-therapy-really-work", ":source: no-such-source"),
        CLAIMS_PAGE,
        "'no-such-source'",
        "unknown source",
        "use the ID of a file in sources/ (does-therapy-really-work)",
    ),
    Case(
        "source-claim-with-an-unknown-article",
        "A source claim whose `:articles:` names a page that does not exist",
        _source_claim(
            ":articles: articles/childhood-emotional-trauma", ":articles: articles/no-such-page"
        ),
        CLAIMS_PAGE,
        "'articles/no-such-page'",
        "unknown page",
        "use a document name such as articles/does-therapy-work",
    ),
    Case(
        "copied-from-a-source",
        "Ten or more words in a row that are the same as in a registered source",
        _copied_run,
        ARTICLE,
        "14 consecutive words",
        "are the same as in the source",
        "rewrite them in your own words",
    ),
    Case(
        "heading-skips-a-level",
        "A heading that skips a level",
        _after_title("### A skipped level\n\nText under it."),
        ARTICLE,
        "H1 to H3",
        "Non-consecutive header level increase",
        "give each heading one '#' more than the heading it belongs under",
    ),
]

OUTSIDE = "A directive, image or link that reads a file outside `docs/`"
REMOTE = "A picture, or `csv-table` data, from another site"
UNSAFE_LINK = "A `javascript:`, `data:`, `vbscript:` or `file:` link"
HEAD = "A front-matter `myst`, `html_meta` or `substitutions` key, or the `{meta}` directive"
INSIDE_FIX = "a page may show only files inside the docs/ folder"
REMOTE_FIX = "download the file into docs/ with its licence, or link to the page"
LINK_FIX = "link only to http:// or https:// addresses, mailto: addresses, pages of this site"
HEAD_FIX = "the page's description comes from the 'description' field"

CASES += [
    Case(
        "include-outside-docs",
        OUTSIDE,
        _with_private_file(_after_title(f"```{{include}} {FROM_ARTICLE}\n```")),
        ARTICLE,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "include-outside-docs-epub",
        OUTSIDE,
        _with_private_file(_after_title(f"```{{include}} {FROM_ARTICLE}\n:literal:\n```")),
        ARTICLE,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
        builder="epub",
    ),
    Case(
        "rst-include-outside-docs",
        OUTSIDE,
        _with_private_file(
            _lines_below(
                1, _after_title(f"```{{eval-rst}}\n.. include:: {FROM_ARTICLE}\n   :literal:\n```")
            )
        ),
        ARTICLE,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "literalinclude-outside-docs",
        OUTSIDE,
        _with_private_file(_after_title(f"```{{literalinclude}} {FROM_ARTICLE}\n```")),
        ARTICLE,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "literalinclude-absolute-path",
        OUTSIDE,
        _with_private_file(_absolute_literalinclude),
        ARTICLE,
        PRIVATE,
        "the path is absolute",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "csv-table-file-outside-docs",
        OUTSIDE,
        _with_private_file(
            _after_title(f"```{{csv-table}} Notes\n:file: {FROM_ARTICLE}\n```", GLOSSARY)
        ),
        GLOSSARY,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "image-outside-docs",
        OUTSIDE,
        _image_outside,
        ARTICLE,
        "'../../private-chart.png'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=("private-chart",),
    ),
    Case(
        "download-outside-docs",
        OUTSIDE,
        _with_private_file(_after_title(f"Read [my notes]({FROM_ARTICLE}).")),
        ARTICLE,
        f"'{FROM_ARTICLE}'",
        "the path is outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "symbolic-link-out-of-docs",
        OUTSIDE,
        _with_private_file(_symlinked_download),
        ARTICLE,
        "'notes.txt'",
        "the path is a symbolic link to a file outside the docs/ folder",
        INSIDE_FIX,
        absent=(SECRET,),
    ),
    Case(
        "page-is-a-symbolic-link-out-of-docs",
        "A symbolic link in `docs/` that points outside it",
        _symlinked_page,
        "articles/leak.md",
        "",
        "this symbolic link points outside the docs/ folder",
        "the link is left out of the build",
        absent=(SECRET,),
        path_in_message=True,
    ),
    Case(
        "remote-image",
        REMOTE,
        _after_title(f"![A pixel](https://{TRACKER}/pixel.gif)"),
        ARTICLE,
        f"'https://{TRACKER}/pixel.gif'",
        "is not a file of the project",
        REMOTE_FIX,
        absent=(TRACKER,),
    ),
    Case(
        "remote-image-epub",
        REMOTE,
        _after_title(f"![A pixel](//{TRACKER}/pixel.gif)", GLOSSARY),
        GLOSSARY,
        f"'//{TRACKER}/pixel.gif'",
        "is not a file of the project",
        REMOTE_FIX,
        absent=(TRACKER,),
        builder="epub",
    ),
    Case(
        "data-image",
        REMOTE,
        _after_title("![A dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=)"),
        ARTICLE,
        "'data:image/gif;base64,R0lGODlhAQABAAAAACw='",
        "is not a file of the project",
        REMOTE_FIX,
        absent=("R0lGODlhAQABAAAAACw",),
    ),
    Case(
        "remote-card-picture-on-the-landing-page",
        REMOTE,
        _lines_below(
            2,
            _after_title(
                f"::::{{grid}} 1\n:::{{grid-item-card}} A card\n:img-top: https://{TRACKER}/c.png\n"
                ":img-alt: A picture\n\nText.\n:::\n::::",
                "index.md",
            ),
        ),
        "index.md",
        f"'https://{TRACKER}/c.png'",
        "is not a file of the project",
        REMOTE_FIX,
        absent=(TRACKER,),
    ),
    Case(
        "csv-table-from-a-url",
        REMOTE,
        _after_title(f"```{{csv-table}} Data\n:url: https://{TRACKER}/data.csv\n```"),
        ARTICLE,
        f"'https://{TRACKER}/data.csv'",
        "csv-table reads its data from",
        REMOTE_FIX,
        absent=(TRACKER,),
    ),
    Case(
        "javascript-link",
        UNSAFE_LINK,
        _after_title(f"Some text, then [click here](javascript:{SCRIPT}()) for more."),
        ARTICLE,
        "javascript:",
        "which MyST shows as plain text",
        LINK_FIX,
        absent=(SCRIPT,),
    ),
    Case(
        "file-autolink-in-the-glossary",
        UNSAFE_LINK,
        _lines_below(1, _after_title("Open\n<file:///etc/kb-private-file> now.", GLOSSARY)),
        GLOSSARY,
        "file:",
        "which MyST shows as plain text",
        LINK_FIX,
        absent=("kb-private-file",),
    ),
    Case(
        "vbscript-link-definition",
        UNSAFE_LINK,
        _lines_below(2, _after_title(f"See [the page][p].\n\n[p]: vbscript:{SCRIPT}")),
        ARTICLE,
        "vbscript:",
        "which MyST shows as plain text",
        LINK_FIX,
        absent=(SCRIPT,),
    ),
    Case(
        "javascript-button-on-the-landing-page",
        UNSAFE_LINK,
        _after_title(f"```{{button-link}} javascript:{SCRIPT}()\nStart here\n```", "index.md"),
        "index.md",
        "javascript:",
        "a link to a javascript: address",
        LINK_FIX,
        absent=(SCRIPT,),
    ),
    Case(
        "javascript-toctree-entry",
        UNSAFE_LINK,
        _after_title(
            f"```{{toctree}}\n:hidden:\n\nMore <javascript://%0a{SCRIPT}()>\n```", "index.md"
        ),
        "index.md",
        "javascript:",
        "a toctree entry links to a javascript: address",
        LINK_FIX,
        absent=(SCRIPT,),
    ),
    Case(
        "myst-front-matter-key",
        HEAD,
        _front_matter_key(
            ARTICLE,
            'myst:\n  html_meta:\n    "http-equiv=refresh": "0; url=https://elsewhere.example/"',
        ),
        ARTICLE,
        "'myst'",
        "front-matter key 'myst' is not allowed",
        HEAD_FIX,
        absent=("elsewhere.example",),
    ),
    Case(
        "html-meta-front-matter-key-in-the-glossary",
        HEAD,
        _front_matter_key(GLOSSARY, 'html_meta:\n  "keywords": "kb-fault-meta"'),
        GLOSSARY,
        "'html_meta'",
        "front-matter key 'html_meta' is not allowed",
        HEAD_FIX,
        absent=("kb-fault-meta",),
    ),
    Case(
        "meta-directive",
        HEAD,
        _after_title("```{meta}\n:keywords: kb-fault-meta\n```"),
        ARTICLE,
        "",
        "the meta directive is switched off",
        HEAD_FIX,
        absent=("kb-fault-meta",),
    ),
    Case(
        "directive-fence-left-open",
        "A directive fence left open",
        _after_title("```{note}\nKB-UNCLOSED-NOTE"),
        ARTICLE,
        "the {note} directive",
        "has no closing fence",
        "end it with a line of ```",
        absent=(r'admonition-title">Note</p>\s*<p>KB-UNCLOSED-NOTE',),
    ),
    Case(
        "nested-fence-left-open-in-the-glossary",
        "A directive fence left open",
        _lines_below(
            3, _after_title("::::{tip}\nA tip.\n\n```{warning}\nKB-UNCLOSED\n::::", GLOSSARY)
        ),
        GLOSSARY,
        "the {warning} directive",
        "has no closing fence",
        "end it with a line of ```",
        absent=(r'admonition-title">Warning</p>\s*<p>KB-UNCLOSED',),
    ),
]

BY_NAME = {case.name: case for case in CASES}


# -- Running the builds ------------------------------------------------------------------------


@dataclass
class Outcome:
    docs: Path
    line: int | None
    returncode: int
    stdout: str
    stderr: str
    output: Path  # what the builder wrote


def _run(case: Case, workdir: Path) -> Outcome:
    project = copy_project(workdir / "project")
    docs = project / "docs"
    line = case.inject(docs)
    result = sphinx_build(docs, workdir / "out", builder=case.builder)
    return Outcome(
        docs, line, result.returncode, result.stdout, result.stderr, workdir / "out" / case.builder
    )


def _output_texts(output: Path):
    """(name, text) of every file the build wrote, and of every file inside an EPUB."""
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    yield f"{path.name}/{name}", book.read(name).decode("utf-8", "replace")
        else:
            yield str(path.relative_to(output)), path.read_bytes().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory) -> dict[str, Future]:
    """Start the builds of every case this session runs, a few at a time."""
    selected = [
        item.callspec.params["case"].name
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_bad_input_stops_the_build_clearly"
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        yield {
            name: pool.submit(_run, BY_NAME[name], tmp_path_factory.mktemp(name))
            for name in selected
        }


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_stops_the_build_clearly(case, outcomes):
    outcome = outcomes[case.name].result()
    output = outcome.stdout + outcome.stderr
    assert outcome.returncode != 0, output
    assert "Traceback" not in output
    assert "Exception occurred" not in output

    path = re.escape(str(outcome.docs / case.file))
    where = rf"{path}:{outcome.line}: " if outcome.line else rf"{path}: "
    message = rf"^{where}(WARNING|ERROR): (?P<message>.*)$"
    if case.path_in_message:
        message = rf"^(WARNING|ERROR): {path}: (?P<message>.*)$"
    found = [m["message"] for m in re.finditer(message, outcome.stderr, re.MULTILINE)]
    assert found, f"nothing reported at {case.file}:{outcome.line}:\n{outcome.stderr}"
    clear = [
        text for text in found if case.problem in text and case.fix in text and case.key in text
    ]
    assert clear, f"no message says {case.problem!r}, {case.key!r} and {case.fix!r}: {found}"

    assert outcome.output.is_dir(), f"the {case.builder} builder wrote nothing"
    leaks = [
        f"{name}: {pattern!r}"
        for name, text in _output_texts(outcome.output)
        for pattern in case.absent
        if re.search(pattern, text)
    ]
    assert leaks == [], "the fault reached the output"


def test_contributing_lists_every_check():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## What the build checks", 1)[1].split("\n## ", 1)[0]
    missing = [case.name for case in CASES if case.listed_as not in section]
    assert missing == []


def test_every_case_has_its_own_name():
    assert len(BY_NAME) == len(CASES)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("author: Someone\nfingerprint: {}\n", 1, "the source has no 'title': add 'title: "),
        ("title: A title\nfingerprint:\n  scheme: md5\n", 2, "make the file again with make "),
        ("title: [unclosed\n", 2, "source file is not valid YAML"),
        (
            "title: T\nfingerprint:\n  scheme: blake2b-48, 10-word runs\n  key: 'ab'\n"
            "  runs: [012345670123]\n",
            2,
            "each run must be 12 hex digits, as quoted text",
        ),
    ],
)
@pytest.mark.sphinx("html", testroot="kb")
def test_a_bad_source_file_is_reported_at_its_line(build, tmp_path, content, line, message):
    """A file in sources/ with a problem is a warning (so -W stops) naming file and line."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "broken.yaml").write_text(content, encoding="utf-8")
    _, warnings = build(kb_sources_dir=str(tmp_path / "sources"))
    where = re.escape(f"{tmp_path / 'sources' / 'broken.yaml'}:{line}: WARNING: ")
    assert re.search(where + r".*" + re.escape(message), warnings)


@pytest.mark.sphinx("html", testroot="kb")
def test_docutils_raw_switch_is_off(build):
    """Beside the refused raw directive and role, docutils' own switch is off too."""
    app, _ = build()
    assert app.env.settings["raw_enabled"] is False


def test_the_landing_page_keeps_its_search_form(site):
    """The form is made as raw HTML by {kb-searchbox} after the raw check, so it stays."""
    assert by_class(read(site / "index.html"), "kb-searchbox", "form")
