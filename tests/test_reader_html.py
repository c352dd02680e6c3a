"""The built pages as a reader, or a screen reader, meets them; no browser needed.

Every page has one h1, its article's headings do not skip a level, every image
has alt text and no link says only "here". The accessibility repairs of
sphinx_kb.html.a11y are in the markup, and each page loads only the styles and
scripts it uses (sphinx_kb.html.assets).
"""

import itertools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .helpers import article_paths
from .markup import by_class, parse

# Link text that says nothing out of context, as a screen reader's list of links shows it.
VAGUE = {"here", "click here", "this", "this page", "link", "more", "read more", "go", "page"}


@dataclass
class Link:
    text: str
    label: str
    classes: str


@dataclass
class Page:
    h1_count: int = 0
    article_headings: list[int] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    first_link_class: str | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._article_depth = 0
        self._link: Link | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "article" and attributes.get("role") == "main":
            self._article_depth = 1
        elif tag == "article" and self._article_depth:
            self._article_depth += 1
        if "role" in attributes:
            self.page.roles.append(attributes["role"])
        if tag == "h1":
            self.page.h1_count += 1
        if re.fullmatch(r"h[1-6]", tag) and self._article_depth:
            self.page.article_headings.append(int(tag[1]))
        if tag == "img":
            self.page.images.append(attributes)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.page.stylesheets.append(attributes["href"])
        if tag == "script":
            self.page.scripts.append(attributes.get("src", ""))
        if tag == "a":
            self._link = Link("", attributes.get("aria-label", ""), attributes.get("class", ""))
            if self.page.first_link_class is None:
                self.page.first_link_class = self._link.classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
        if tag == "a" and self._link is not None:
            self._link.text = " ".join(self._link.text.split())
            self.page.links.append(self._link)
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.text += data


def read(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.page


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): read(p) for p in sorted(site.rglob("*.html"))}


def test_every_page_has_exactly_one_h1(pages):
    assert {name: page.h1_count for name, page in pages.items() if page.h1_count != 1} == {}


def test_headings_do_not_skip_a_level(pages):
    skips = {}
    for name, page in pages.items():
        levels = page.article_headings
        if not levels:
            continue
        wrong = [f"h{a} then h{b}" for a, b in itertools.pairwise(levels) if b > a + 1]
        if levels[0] != 1 or wrong:
            skips[name] = [f"starts with h{levels[0]}", *wrong] if levels[0] != 1 else wrong
    assert skips == {}


def test_every_image_has_alt_text(pages):
    missing = {
        name: [image.get("src", "?") for image in page.images if not image.get("alt", "").strip()]
        for name, page in pages.items()
    }
    assert {name: images for name, images in missing.items() if images} == {}


def test_link_text_makes_sense_out_of_context(pages):
    vague = {}
    for name, page in pages.items():
        for link in page.links:
            said = (link.label or link.text).strip(" .:;,!?").lower()
            if said in VAGUE or not said:
                vague.setdefault(name, []).append(link.label or link.text)
    assert vague == {}


def test_the_skip_link_comes_first(pages):
    assert {
        name: page.first_link_class
        for name, page in pages.items()
        if "kb-skip" not in (page.first_link_class or "")
    } == {}


def test_bibliography_and_navigation_roles_are_valid_aria(site, pages):
    references = read(site / "references.html")
    assert references.roles.count("listitem") >= 50
    for name, page in pages.items():
        assert "doc-biblioentry" not in page.roles, name
    for path in site.rglob("*.html"):
        captions = [
            caption
            for caption in by_class(parse(path.read_text(encoding="utf-8")), "caption", "p")
            if caption.get("role") == "heading"
        ]
        assert all(caption.get("aria-level") == "2" for caption in captions), path.name


def test_code_blocks_can_be_scrolled_from_the_keyboard(site):
    document = parse((site / "contributing.html").read_text(encoding="utf-8"))
    blocks = [block[0] for block in by_class(document, "highlight", "div") if len(block)]
    assert blocks and all(block.tag == "pre" for block in blocks)
    assert all(block.get("tabindex") == "0" for block in blocks)


def test_every_document_page_has_a_description_and_the_favicon(site):
    names = ["index.html", "glossary.html", *(f"articles/{p.stem}.html" for p in article_paths())]
    for name in names:
        document = parse((site / name).read_text(encoding="utf-8"))
        descriptions = document.findall(".//meta[@name='description']")
        assert any(len(meta.get("content", "")) >= 40 for meta in descriptions), name
        icons = [
            link.get("href")
            for link in document.iter("link")
            if link.get("rel", "").endswith("icon")
        ]
        assert any(re.fullmatch(r"(\.\./)?_static/favicon\.svg", href) for href in icons), name
    assert (site / "_static" / "favicon.svg").is_file()


def _names(urls: list[str]) -> set[str]:
    return {url.split("?")[0].rsplit("/", 1)[-1] for url in urls if url}


def test_pages_load_only_the_styles_and_scripts_they_use(pages):
    design = {"sphinx-design.min.css", "furo-extensions.css"}
    for name, page in pages.items():
        styles, scripts = _names(page.stylesheets), _names(page.scripts)
        assert "furo.css" in styles and "kb-site.css" in styles, name
        assert ("pygments.css" in styles) == (name == "contributing.html"), name
        assert (design <= styles) == (name == "index.html"), name
        assert not design & styles or name == "index.html", name
        assert "design-tabs.js" not in scripts, name
        searching = name in {"search.html", "genindex.html"} or name.startswith(
            ("topics/", "terms/")
        )
        assert ("doctools.js" in scripts) == searching, name
    assert "kb-searchbox.css" in _names(pages["index.html"].stylesheets)
    assert "kb-searchbox.css" not in _names(pages["glossary.html"].stylesheets)
