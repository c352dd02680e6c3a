"""The mechanisms behind fast, correct builds: the sidebar, incremental and repeat builds."""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sphinx_kb.speedups.parallel import SERIAL_BELOW, one_chunk_per_process

from .helpers import ROOT, copy_project, differing_files, sphinx_build

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate

EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


class _Sidebar(HTMLParser):
    """The markup inside ``<div class="sidebar-tree">``, which holds no other div.

    Attributes are sorted: Furo writes its tree back through BeautifulSoup, which
    puts them in alphabetical order.
    """

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.markup: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        if self.inside:
            self.markup.append(("start", tag, sorted(attrs)))
        elif tag == "div" and ("class", "sidebar-tree") in attrs:
            self.inside = True

    def handle_endtag(self, tag):
        if self.inside and tag == "div":
            self.inside = False
        elif self.inside:
            self.markup.append(("end", tag))

    def handle_data(self, data):
        if self.inside and data.strip():
            self.markup.append(("text", data.strip()))


def sidebar_markup(html: str) -> list[tuple]:
    parser = _Sidebar()
    parser.feed(html)
    return parser.markup


def sidebar(html: str) -> str:
    return html.split('<div class="sidebar-tree">', 1)[1].split("</div>", 1)[0]


def build_ok(source: Path, out: Path, *options: str) -> Path:
    result = sphinx_build(source, out, *options, env=EPOCH)
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("scale") / "project")


def test_sidebar_matches_furos_own_for_small_sections(project, tmp_path):
    ours = build_ok(project / "docs", tmp_path / "ours")
    stock = build_ok(project / "docs", tmp_path / "stock", "-D", "kb_nav_patch=0")
    for page in ("index", "glossary", "articles/does-therapy-work", "topics/trauma"):
        mine = sidebar_markup((ours / f"{page}.html").read_text("utf-8"))
        furos = sidebar_markup((stock / f"{page}.html").read_text("utf-8"))
        assert mine and mine == furos, page


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Synthetic sites of 45 and 180 articles (9 sections), built with a section limit of 4."""
    built = {}
    for count in (45, 180):
        base = tmp_path_factory.mktemp(f"corpus{count}")
        generate(base / "src", count)
        result = sphinx_build(base / "src", base / "out", "-D", "kb_nav_section_limit=4")
        assert "Traceback" not in result.stderr
        built[count] = base / "out" / "html"
    return built


def test_large_sections_show_only_the_current_one(corpora):
    html = (corpora[180] / "articles" / "synthetic-0000.html").read_text("utf-8")
    links = re.findall(r'<li class="toctree-l1[^"]*"><a[^>]*>([^<]*)</a>', sidebar(html))
    articles = [text for text in links if text.startswith("Synthetic article")]
    assert len(articles) == 20  # the 20 articles of the current section, no others
    assert "20 articles in Section 2" in links
    assert 'class="toctree-l1 current current-page"' in sidebar(html)


def test_article_page_size_does_not_grow_with_the_site(corpora):
    def size_without_section(count: int) -> int:
        html = (corpora[count] / "articles" / "synthetic-0001.html").read_text("utf-8")
        current = re.search(r'<ul class="current">.*?</ul>', sidebar(html), re.DOTALL)
        return len(html.encode()) - len(current.group(0).encode())

    small, large = size_without_section(45), size_without_section(180)
    # Everything but the current section's own list stays the same size (within
    # the few bytes of longer numbers); stock Furo's page grows with every article.
    assert abs(large - small) < 200, (small, large)


def test_glossary_lists_a_bounded_number_of_pages_per_term(corpora):
    # At 180 articles each term is used on about 17; the glossary lists 8 and links to the rest.
    glossary = (corpora[180] / "glossary.html").read_text("utf-8")
    lines = re.findall(r'<p class="kb-used-in">(.*?)</p>', glossary, re.DOTALL)
    assert max(len(re.findall(r'<a href="articles/[^"#]+">', line)) for line in lines) == 8
    more = re.findall(r'and (\d+) more \(<a href="(terms/[^"]+)">all (\d+) pages</a>\)', glossary)
    assert more
    for rest, address, total in more:
        assert int(total) == int(rest) + 8
        listed = (corpora[180] / address).read_text("utf-8").split('class="kb-term-uses"')[1]
        assert len(re.findall(r"<li>", listed)) == int(total), address


def test_incremental_build_equals_clean_build(tmp_path):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "incremental"
    build_ok(project / "docs", out)
    article = project / "docs" / "articles" / "why-relationships-matter.md"
    text = article.read_text("utf-8")
    text = text.replace("# Why do relationships matter", "# Why do close relationships matter", 1)
    article.write_text(text + "\nOne more closing sentence about belonging.\n", "utf-8")
    incremental = build_ok(project / "docs", out)
    clean = build_ok(project / "docs", tmp_path / "clean")
    assert differing_files(incremental, clean) == []
    assert "Why do close relationships matter" in (incremental / "glossary.html").read_text("utf-8")


def test_glossary_search_entries_survive_incremental_builds(project, tmp_path):
    out = tmp_path / "out"
    build_ok(project / "docs", out)
    before = (out / "html" / "searchindex.js").read_text("utf-8")
    (project / "docs" / "articles" / "does-therapy-work.md").touch()
    after = (build_ok(project / "docs", out) / "searchindex.js").read_text("utf-8")
    assert '"defence mechanism"' in after
    assert after == before


def test_two_clean_builds_are_byte_identical(project, tmp_path):
    first = build_ok(project / "docs", tmp_path / "first")
    second = build_ok(project / "docs", tmp_path / "second")
    assert differing_files(first, second) == []


def test_one_chunk_per_process_splits_evenly_and_keeps_order():
    names = [f"doc{n:03d}" for n in range(101)]
    chunks = one_chunk_per_process(names, 2)
    assert [len(chunk) for chunk in chunks] == [51, 50]
    assert [name for chunk in chunks for name in chunk] == names
    assert one_chunk_per_process(names[:1], 3) == [["doc000"]]


def test_a_parallel_build_gives_the_same_pages_as_a_serial_one(tmp_path):
    count = 2 * SERIAL_BELOW  # enough pages that reading and writing really fork
    generate(tmp_path / "src", count)
    serial = sphinx_build(tmp_path / "src", tmp_path / "serial", env=EPOCH)
    parallel = sphinx_build(tmp_path / "src", tmp_path / "parallel", "-j", "2", env=EPOCH)
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    pages = tmp_path / "parallel" / "html" / "articles"
    assert len(list(pages.glob("*.html"))) == count
    assert differing_files(tmp_path / "serial" / "html", tmp_path / "parallel" / "html") == []
