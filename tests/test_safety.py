"""Reader safety: the health notice, the urgent-help lines and the help page's numbers.

Readers in distress may arrive on any page. Every page that touches suicide, abuse or
trauma carries the health notice (which itself says what to do in danger), the landing
page and the help page open with an urgent-help line, and the crisis numbers say when
they were last checked.
"""

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from sphinx_kb.features.notice import needs_notice

from .helpers import DOCS
from .kbsource import front_matter_and_body
from .markup import by_class, links, read, text

HELP = DOCS / "finding-help.md"
SOURCE_PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
_CONF: dict = {"__file__": str(DOCS / "conf.py")}
exec((DOCS / "conf.py").read_text(encoding="utf-8"), _CONF)
TOPICS = _CONF["kb_notice_topics"]
LAST_CHECKED = re.compile(r"last checked on \*{0,2}(\d{4}-\d{2}-\d{2})\*{0,2}")


class _Main(HTMLParser):
    """The text of a page's <article> (the page's own content), and its notice."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.notice = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self.depth += 1
        if "kb-notice" in classes and self.depth:
            self.notice = True

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _read(path) -> _Main:
    parser = _Main()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _docname(path) -> str:
    return path.relative_to(DOCS).with_suffix("").as_posix()


@pytest.mark.parametrize("path", SOURCE_PAGES, ids=_docname)
def test_pages_about_suicide_abuse_or_trauma_carry_the_notice(site, path):
    docname = _docname(path)
    page = _read(site / f"{docname}.html")
    # The page's own words: a reference list's titles are not the page discussing them.
    touches = re.search(TOPICS, path.read_text(encoding="utf-8"), re.IGNORECASE)
    if docname in ("index", "finding-help"):
        assert not page.notice, "the landing and help pages have their own urgent-help line"
    elif touches or docname.startswith("articles/"):
        assert page.notice, f"{docname} mentions {touches and touches.group(0)!r}"


def test_the_notice_says_what_to_do_in_danger(site):
    notices = by_class(read(site / "claims-and-evidence.html"), "kb-notice")
    assert notices, "the claims page discusses suicide attempts and abuse"
    assert "If you are in danger now, call your local emergency number." in text(notices[0])
    assert "finding-help.html" in links(notices[0])


def test_notice_rule():
    config = SimpleNamespace(
        root_doc="index",
        kb_articles_folder="articles",
        **{name: _CONF[name] for name in ("kb_notice_text", "kb_notice_topics", "kb_help_page")},
    )
    assert needs_notice("articles/x", "neurons", config)
    assert needs_notice("glossary", "Emotional abuse in childhood", config)
    assert needs_notice("about", "people who lived through trauma", config)
    assert not needs_notice("glossary", "A cell that carries signals.", config)
    assert not needs_notice("finding-help", "suicide", config)
    assert not needs_notice("index", "trauma", config)
    assert "emergency number" in config.kb_notice_text


@pytest.mark.parametrize("docname", ["index", "finding-help"])
def test_urgent_help_comes_first(site, docname):
    page = _read(site / f"{docname}.html")
    opening = " ".join(" ".join(page.text).split())[:400]
    assert "in danger now" in opening and "emergency number" in opening, opening


def test_landing_page_links_the_help_page_near_the_top(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<article") :]
    assert body.index('href="finding-help.html"') < body.index("kb-searchbox")


def test_help_page_says_when_its_numbers_were_last_checked():
    _, body = front_matter_and_body(HELP.read_text(encoding="utf-8"))
    match = LAST_CHECKED.search(body)
    assert match, "Finding help must say 'last checked on YYYY-MM-DD'"
    checked = datetime.date.fromisoformat(match.group(1))
    assert checked <= datetime.date.today(), "a check date in the future"


def test_help_page_serves_readers_outside_one_country():
    text = HELP.read_text(encoding="utf-8")
    for place in ("United States", "Canada", "United Kingdom", "Australia", "New Zealand"):
        assert place in text
    assert "findahelpline.com" in text
    assert re.search(r"child is in danger now", text)


def test_trauma_articles_name_the_recommended_treatments():
    for path in sorted((DOCS / "articles").glob("*.md")):
        front, body = front_matter_and_body(path.read_text(encoding="utf-8"))
        if re.search(r"^tags:.*\b(trauma|ptsd)\b", front, re.MULTILINE) and path.stem != (
            "ptsd-treatments"
        ):
            assert "ptsd-treatments.md" in body, f"{path.name} should link the treatments page"
