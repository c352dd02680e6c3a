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
import shutil
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
import yaml
from sphinx.testing.util import SphinxTestApp

from sphinx_kb.fingerprint import Fingerprint

from .helpers import ROOT, copy_project, sphinx_build

ARTICLE = "articles/does-therapy-work.md"
GLOSSARY = "glossary.md"


@dataclass(frozen=True)
class Case:
    name: str
    listed_as: str  # how CONTRIBUTING.md's "What the build checks" names it
    inject: Callable[[Path], int | None]  # changes docs/ of a copy; returns the line (or None)
    file: str  # the file the message must name, relative to docs/
    key: str  # what the message must quote: the term, key, tag, link, ... ('' if none)
    problem: str  # words saying what is wrong
    fix: str  # words saying what to do


# -- Injecting faults -------------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


def _after_title(text: str) -> Callable[[Path], int]:
    """Add text as its own block under the article's title; return its first line."""

    def inject(docs: Path) -> int:
        path = docs / ARTICLE
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
        _edit(path, old.format(reviewed=reviewed), new.format(reviewed=reviewed))
        return line

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
        _edit(path, f"\n{term}\n", f"\n{term}\n{alias}\n")
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
    _edit(docs / "index.md", "\narticles/does-therapy-work\n", "\n")


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
        "A `reviewed` date that is not an ISO date",
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

BY_NAME = {case.name: case for case in CASES}


# -- Running the builds ------------------------------------------------------------------------


@dataclass
class Outcome:
    docs: Path
    line: int | None
    returncode: int
    stdout: str
    stderr: str


def _run(case: Case, workdir: Path) -> Outcome:
    project = copy_project(workdir / "project")
    docs = project / "docs"
    line = case.inject(docs)
    result = sphinx_build(docs, workdir / "out")
    return Outcome(docs, line, result.returncode, result.stdout, result.stderr)


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
    found = [m["message"] for m in re.finditer(message, outcome.stderr, re.MULTILINE)]
    assert found, f"nothing reported at {case.file}:{outcome.line}:\n{outcome.stderr}"
    clear = [
        text for text in found if case.problem in text and case.fix in text and case.key in text
    ]
    assert clear, f"no message says {case.problem!r}, {case.key!r} and {case.fix!r}: {found}"


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
def test_a_bad_source_file_is_reported_at_its_line(tmp_path, content, line, message):
    """A file in sources/ with a problem is a warning (so -W stops) naming file and line."""
    source = Path(shutil.copytree(ROOT / "tests" / "roots" / "test-kb", tmp_path / "src"))
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "broken.yaml").write_text(content, encoding="utf-8")
    warnings = StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=source,
        status=StringIO(),
        warning=warnings,
        confoverrides={"kb_sources_dir": str(tmp_path / "sources")},
    )
    try:
        app.build()
    finally:
        app.cleanup()
    where = re.escape(f"{tmp_path / 'sources' / 'broken.yaml'}:{line}: WARNING: ")
    assert re.search(where + r".*" + re.escape(message), warnings.getvalue())


def test_docutils_raw_switch_is_off(tmp_path):
    """Beside the refused raw directive and role, docutils' own switch is off too."""
    source = Path(shutil.copytree(ROOT / "tests" / "roots" / "test-kb", tmp_path / "src"))
    app = SphinxTestApp("html", srcdir=source, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert app.env.settings["raw_enabled"] is False
    finally:
        app.cleanup()


def test_the_landing_page_keeps_its_search_form(site):
    """The form is made as raw HTML by {kb-searchbox} after the raw check, so it stays."""
    assert '<form class="kb-searchbox"' in (site / "index.html").read_text(encoding="utf-8")
