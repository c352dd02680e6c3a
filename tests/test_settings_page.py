"""The "Use it in your own project" page lists every setting and every warning subtype.

Its lists are generated from ``config.SETTINGS`` and ``warnings.SUBTYPES``; this
reads them back from the built page.
"""

import ast
from pathlib import Path

from bs4 import BeautifulSoup

from sphinx_kb.config import SETTINGS
from sphinx_kb.warnings import SUBTYPES

PAGE = "use-it-in-your-own-project.html"
PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sphinx_kb"
# The helpers that take a subtype as their last argument, besides warn(..., subtype=).
WARNERS = {"warn_at", "_warn", "_warn_directive"}


def first_column(table) -> list[str]:
    return [row.find("td").get_text(strip=True) for row in table.find("tbody").find_all("tr")]


def tables(site) -> dict[str, list[str]]:
    page = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    found = {}
    for table in page.find("article").find_all("table"):
        heading = table.find("thead").find("th").get_text(strip=True)
        found[heading] = first_column(table)
    return found


def settings(site) -> list[str]:
    page = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    terms = page.find("article").find("dl", class_="kb-settings").find_all("dt")
    return [term.find("code").get_text(strip=True) for term in terms]


def test_every_setting_a_site_can_set_is_listed_once(site):
    listed = settings(site)
    assert listed == [s.name for s in SETTINGS if not s.internal]
    assert "kb_repository_url" not in listed  # worked out by the extension, never set


def test_every_warning_subtype_is_listed(site):
    assert tables(site)["Warning"] == [f"kb.{name}" for name in sorted(SUBTYPES)]


def test_the_page_is_in_the_sidebar_of_every_page(site):
    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in index.find(class_="sidebar-tree").find_all("a")]
    assert PAGE in links


def subtypes_given() -> dict[str, str]:
    """Every subtype written in the extension's code -> a file that gives it."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
            values = [k.value for k in call.keywords if k.arg == "subtype"]
            if name in WARNERS and call.args:
                values.append(call.args[-1])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, str(path.relative_to(PACKAGE)))
    return found


def test_every_subtype_the_code_gives_is_documented():
    given = subtypes_given()
    assert len(given) > 15
    assert {name: path for name, path in given.items() if name not in SUBTYPES} == {}
