"""axe-core's WCAG 2.2 A and AA rules on every page, light and dark, on a desktop and a phone.

Every page of the built site is checked in each of the four combinations, plus
states that only a reader's action brings about: search results with the
glossary box, a term, certainty-label or reference preview on show, on a phone
the open navigation and, on a desktop wider than 82em, an article with its
contents beside it.
"""

import pytest

from .support import DESKTOP, PHONE, site_pages

pytestmark = pytest.mark.browser

# axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"desktop": DESKTOP, "phone": PHONE}
ARTICLE = "articles/does-therapy-work.html"


def violations(page, axe_source: str) -> list[str]:
    """axe-core's WCAG A and AA violations on the page as it is now, one line per element."""
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
        WCAG_A_AA,
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: {' '.join(node['target'])}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def _search_results(page, base_url: str) -> None:
    page.goto(base_url + "search.html?q=attachment")
    page.locator("#search-results .search-summary").filter(has_text="found").wait_for()
    page.locator("section.kb-term-match").wait_for()


def _term_preview(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.locator("article a.reference.internal:has(.std-term)").first.hover()
    page.locator("[role=tooltip]").wait_for()


def _claim_preview(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.locator("article a.kb-certainty").first.hover()
    page.locator("[role=tooltip]").wait_for()


def _reference_preview(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.locator('article a.footnote-reference[href^="#footcite-"]').first.hover()
    page.locator("[role=tooltip]", has_text="Study type:").wait_for()


def _wide_article(page, base_url: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base_url + ARTICLE)
    page.locator(".toc-drawer").wait_for()


def _open_navigation(page, base_url: str) -> None:
    page.goto(base_url + ARTICLE)
    page.locator(".nav-overlay-icon").click()
    page.locator(".sidebar-drawer .sidebar-search").wait_for()


STATES = {
    "search results": _search_results,
    "term preview": _term_preview,
    "certainty label preview": _claim_preview,
    "reference preview": _reference_preview,
    "open navigation (phone)": _open_navigation,
    "contents beside the article (desktop, 1440 px wide)": _wide_article,
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_no_page_violates_wcag_a_or_aa(new_page, base_url, site, axe_source, scheme, size):
    page = new_page(viewport=SIZES[size], color_scheme=scheme)
    found = []
    for address in site_pages(site):
        page.goto(base_url + address)
        found += [f"{address}: {line}" for line in violations(page, axe_source)]
    for state, prepare in STATES.items():
        if f"({size}" not in state and "(" in state:
            continue
        prepare(page, base_url)
        found += [f"{state}: {line}" for line in violations(page, axe_source)]
    assert len(site_pages(site)) >= 20
    assert found == [], f"{len(found)} violations:\n" + "\n".join(found)
