"""Shared helpers for the tests: copying the project, running real Sphinx builds in a new
process, editing a test project's sources and reading the pages a build wrote.

Fixtures (a test project, a build in this process) are in conftest.py; these are plain
functions, imported by the test modules.
"""

import filecmp
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

from .markup import by_class, links, parse, text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARTICLES = DOCS / "articles"
ROOTS = Path(__file__).resolve().parent / "roots"
# 2026-11-30 and 2028-01-01, 00:00 UTC: "today" for the pages that show review dates
NOW = "1764460800"
LATER = "1830297600"
IGNORED = shutil.ignore_patterns(
    ".venv", ".tox", ".git", "_build", "__pycache__", "node_modules", "_work", "*.egg-info"
)


def copy_project(dest: Path) -> Path:
    """Copy the project's sources (not its builds or environments) into dest."""
    shutil.copytree(ROOT, dest, ignore=IGNORED)
    return dest


def sphinx_build(
    srcdir: Path, outdir: Path, *options: str, builder: str = "html", env: dict | None = None
) -> subprocess.CompletedProcess:
    """Build like `make html` does (warnings are errors) and capture the output."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-M",
        builder,
        str(srcdir),
        str(outdir),
        "-W",
        "--keep-going",
        "-n",
        *options,
    ]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def benchmark_corpus():
    """benchmarks/corpus.py (the generator of synthetic sites) as a module, sys.path untouched."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def article_paths() -> list[Path]:
    return sorted(ARTICLES.glob("*.md"))


def assert_built_cleanly(result: subprocess.CompletedProcess) -> None:
    """The build exited 0 and printed no warning or error."""
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr


def differing_files(left: Path, right: Path, ignore: tuple[str, ...] = ()) -> list[str]:
    """Relative paths of files that differ or exist on one side only (names in ignore aside)."""
    found = []
    compared = filecmp.dircmp(left, right, ignore=[*filecmp.DEFAULT_IGNORES, *ignore])
    found += [str(Path(compared.left, name).relative_to(left)) for name in compared.left_only]
    found += [str(Path(compared.right, name).relative_to(right)) for name in compared.right_only]
    found += [str(Path(compared.left, name).relative_to(left)) for name in compared.diff_files]
    for name in compared.subdirs:
        found += [f"{name}/{path}" for path in differing_files(left / name, right / name, ignore)]
    return sorted(found)


# -- A test project's sources --------------------------------------------------------------------


def clean_copy(srcdir: Path, dest: Path) -> Path:
    """A copy of a test project's sources without its build, to build from scratch."""
    return Path(shutil.copytree(srcdir, dest, ignore=shutil.ignore_patterns("_build")))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of old in the file (fails if old is not there exactly once)."""
    content = path.read_text("utf-8")
    assert content.count(old) == 1, old
    path.write_text(content.replace(old, new), "utf-8")


def line_of(path: Path, part: str) -> int:
    """The number of the first line of the file that contains part."""
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if part in line)


# -- Pages a build wrote -------------------------------------------------------------------------


def page(app, name: str) -> str:
    """The HTML of the page name (a docname) that an in-process build wrote."""
    return (Path(app.outdir) / f"{name}.html").read_text("utf-8")


def tree(app, name: str) -> Element:
    """The page name, parsed."""
    return parse(page(app, name))


def main(document: Element) -> Element:
    """The page's main content: the element with role="main" (an <article> in Furo)."""
    found = document.find(".//*[@role='main']")
    assert found is not None, "the page has no main content"
    return found


def glossary_entry(document: Element, anchor: str) -> Element:
    """The definition (<dd>) of the glossary term whose <dt> has this id."""
    for listing in document.iter("dl"):
        children = list(listing)
        for index, child in enumerate(children):
            if child.tag == "dt" and child.get("id") == anchor:
                return next(dd for dd in children[index:] if dd.tag == "dd")
    raise AssertionError(f"no glossary term has the id {anchor!r}")


def used_in(document: Element, anchor: str) -> Element | None:
    """The 'Used in' line under the glossary entry with this anchor (None if it has none)."""
    found = by_class(glossary_entry(document, anchor), "kb-used-in", "p")
    assert len(found) <= 1, f"{anchor} has {len(found)} 'Used in' lines"
    return found[0] if found else None


def related(document: Element) -> list[str]:
    """The pages the 'Related articles' section links to, in order ([] if there is none)."""
    section = document.find(".//section[@id='kb-related-articles']")
    if section is None:
        return []
    return [links(item)[0] for item in section.iter("li")]


def map_text(app) -> str:
    """The evidence map's content, as text."""
    return text(main(tree(app, "map")))


def json_ld(document: Element) -> list[dict]:
    """The contents of the page's <script type="application/ld+json"> elements."""
    scripts = document.findall(".//script[@type='application/ld+json']")
    return [json.loads(script.text or "") for script in scripts]


def search_index(outdir: Path) -> dict:
    """The data of the search index, searchindex.js."""
    script = (Path(outdir) / "searchindex.js").read_text("utf-8")
    match = re.fullmatch(r"Search\.setIndex\((.*)\)\s*", script, re.DOTALL)
    assert match, "searchindex.js has an unexpected shape"
    return json.loads(match[1])


def source_entry(document: Element, source_id: str) -> list[Element]:
    """A source's entry in the list of sources: its heading, any summary, its field list."""
    anchor = f"source-{source_id}"
    for parent in document.iter():
        children = list(parent)
        for index, child in enumerate(children):
            if child.get("id") == anchor:
                end = next(n for n in range(index, len(children)) if children[n].tag == "dl")
                return children[index : end + 1]
    raise AssertionError(f"no source has the id {anchor!r}")


def fields(field_list: Element) -> dict[str, Element]:
    """The bodies (<dd>) of a field list by the field's name."""
    found, name = {}, None
    for child in field_list:
        if child.tag == "dt":
            name = text(child).removesuffix(":")
        elif child.tag == "dd":
            found[name] = child
    return found
