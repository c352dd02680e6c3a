"""The extension on another kind of site: a cookery site (tests/roots/test-recipes).

It keeps its guides in guides/, its topic pages in categories/ and its term pages in
ingredients/; it has no notice and no help page, ends its guides with "Further
reading", requires a ``serves`` field and suggests its own search examples. It must
build warning-free, and every one of those conventions must show in its pages.
"""

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .helpers import assert_built_cleanly, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-recipes"
GUIDES = ("bread", "flatbread", "white-sauce", "cheese-sauce")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = shutil.copytree(ROOT, tmp_path_factory.mktemp("recipes") / "src")
    out = src.parent / "out"
    return sphinx_build(src, out), out / "html"


@pytest.fixture(scope="module")
def html(built) -> Path:
    result, html = built
    assert result.returncode == 0, result.stderr
    return html


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path):
    return soup(path).find("article")


def test_it_builds_without_a_warning(built):
    assert_built_cleanly(built[0])


def test_topic_pages_are_in_its_own_folder(html):
    assert sorted(p.name for p in (html / "categories").iterdir()) == [
        "baking.html",
        "index.html",
        "quick.html",
        "sauces.html",
    ]
    assert not (html / "topics").exists()
    tags = article(html / "guides" / "flatbread.html").find("p", class_="kb-tags")
    assert [a["href"] for a in tags.find_all("a")] == [
        "../categories/index.html",
        "../categories/baking.html",
        "../categories/quick.html",
    ]
    listed = article(html / "categories" / "baking.html").find("ul", class_="kb-topic-articles")
    assert [a["href"] for a in listed.find_all("a")] == [
        "../guides/bread.html",
        "../guides/flatbread.html",
    ]


def _links(element) -> list[str]:
    """The addresses an element links to, its heading's own anchor aside."""
    return [a["href"] for a in element.find_all("a") if "headerlink" not in a.get("class", [])]


def _sections(page) -> list[str]:
    top = page.find("section")
    return [s.get("id") for s in top.find_all("section", recursive=False)]


def test_related_guides_go_before_its_own_reading_list(html):
    bread = article(html / "guides" / "bread.html")
    assert _sections(bread) == ["method", "kb-related-articles", "further-reading"]
    related = bread.find("section", id="kb-related-articles")
    assert _links(related) == ["flatbread.html"]
    # A guide without the reading list has the related guides at its end.
    cheese = article(html / "guides" / "cheese-sauce.html")
    assert _sections(cheese) == ["method", "kb-related-articles"]
    related = cheese.find("section", id="kb-related-articles")
    assert _links(related) == ["white-sauce.html", "flatbread.html"]


def test_glossary_backlinks_and_term_pages_in_its_own_folder(html):
    glossary = article(html / "glossary.html")
    roux = glossary.find("dt", id="term-roux").find_next_sibling("dd")
    used_in = roux.find("p", class_="kb-used-in")
    links = [a["href"] for a in used_in.find_all("a")]
    # kb_backlinks_limit = 1: the first page, then a link to the term's own page.
    assert links == ["guides/cheese-sauce.html", "ingredients/roux.html"]
    assert "and 1 more" in used_in.get_text()
    assert sorted(p.name for p in (html / "ingredients").iterdir()) == ["knead.html", "roux.html"]
    assert not (html / "terms").exists()
    uses = article(html / "ingredients" / "roux.html").find("ul", class_="kb-term-uses")
    assert {a["href"] for a in uses.find_all("a")} == {
        "../guides/white-sauce.html",
        "../guides/cheese-sauce.html",
    }


def test_no_page_has_a_notice(html):
    # about.md speaks of abuse and trauma, which would bring this site's health notice.
    assert "trauma" in article(html / "about.html").get_text()
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert soup(page).find(class_="kb-notice") is None, page


def test_search_box_suggests_its_own_examples(html):
    field = soup(html / "index.html").find("input", id="kb-search-input")
    assert field["placeholder"] == "e.g. bread, roux"


def test_guides_are_plain_web_pages_in_json_ld(html):
    for name in GUIDES:
        script = soup(html / "guides" / f"{name}.html").find("script", type="application/ld+json")
        assert json.loads(script.string)["@type"] == "WebPage"


def test_its_own_required_field_is_checked(tmp_path):
    src = shutil.copytree(ROOT, tmp_path / "src")
    guide = src / "guides" / "bread.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("serves: 8\n", ""), "utf-8")
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert "bread.md:1: WARNING: front matter lacks the field 'serves'" in result.stderr
    # This site does not require the review date that The Relational Brain requires.
    assert "'reviewed'" not in result.stderr


def test_a_notice_of_its_own_without_a_help_page(tmp_path):
    src = shutil.copytree(ROOT, tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('kb_notice_text = "Check the allergens before you cook."\n')
        conf.write('kb_notice_title = "Allergies"\n')
    result = sphinx_build(src, tmp_path / "out")
    assert_built_cleanly(result)
    html = tmp_path / "out" / "html"
    for name in GUIDES:
        notice = article(html / "guides" / f"{name}.html").find(class_="kb-notice")
        assert notice.find(class_="admonition-title").get_text() == "Allergies"
        assert notice.find("p", class_=None).get_text() == "Check the allergens before you cook."
        assert notice.find("a") is None
    # Articles only: this site sets no kb_notice_topics.
    assert article(html / "about.html").find(class_="kb-notice") is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("kb_articles_folder", "guides/", "kb_articles_folder is 'guides/'"),
        ("kb_required_fields", {"serves": ""}, "kb_required_fields ['serves'] is ''"),
        ("kb_search_examples", ["bread", 3], "kb_search_examples is ['bread', 3]"),
        ("kb_notice_topics", "(", "kb_notice_topics is not a regular expression"),
    ],
)
def test_a_wrong_convention_stops_the_build_at_its_line(tmp_path, name, value, message):
    src = shutil.copytree(ROOT, tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"{name} = {value!r}\n")
    line = len((src / "conf.py").read_text(encoding="utf-8").splitlines())
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode != 0
    assert f"conf.py:{line}: WARNING: {message}" in result.stderr
    assert "[kb.config]" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_notice_links_its_help_page_by_the_pages_current_title(tmp_path):
    src = shutil.copytree(ROOT, tmp_path / "src")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('kb_notice_text = "Hot pans burn. If you are hurt, see "\n')
        conf.write('kb_help_page = "safety"\n')
    help_page = src / "safety.md"
    help_page.write_text("---\norphan: true\n---\n\n# Kitchen safety\n\nCool a burn.\n", "utf-8")

    def link() -> tuple[str, str]:
        page = article(tmp_path / "out" / "html" / "guides" / "bread.html")
        anchor = page.find(class_="kb-notice").find("a")
        return anchor["href"], anchor.get_text()

    assert_built_cleanly(sphinx_build(src, tmp_path / "out"))
    assert link() == ("../safety.html", "Kitchen safety")
    assert article(tmp_path / "out" / "html" / "safety.html").find(class_="kb-notice") is None
    # A new title reaches every notice on the next, incremental, build.
    help_page.write_text(help_page.read_text("utf-8").replace("Kitchen safety", "Safe cooking"))
    assert_built_cleanly(sphinx_build(src, tmp_path / "out"))
    assert link() == ("../safety.html", "Safe cooking")
