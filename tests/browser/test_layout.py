"""Layout: nothing is wider than a 320 pixel screen, and printing leaves out the navigation."""

import pytest

from .support import DESKTOP, site_pages

pytestmark = pytest.mark.browser

ARTICLE = "articles/does-therapy-work.html"
# Screen furniture that has no place on paper.
NOT_PRINTED = [
    ".sidebar-drawer",
    ".toc-drawer",
    ".mobile-header",
    ".skip-to-content",
    ".back-to-top",
    ".theme-toggle",
    ".related-pages",
]


def test_no_page_scrolls_sideways_on_a_320_pixel_screen(new_page, base_url, site):
    page = new_page(viewport={"width": 320, "height": 640})
    too_wide = {}
    for address in [*site_pages(site), "search.html?q=attachment"]:
        page.goto(base_url + address)
        if address.startswith("search.html?"):
            page.locator("#search-results .search-summary").filter(has_text="found").wait_for()
        widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        if widths[0] > widths[1]:
            too_wide[address] = widths
    assert too_wide == {}


def test_printing_shows_the_article_and_its_references_without_navigation(
    new_page, base_url, expect
):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + ARTICLE)
    page.emulate_media(media="print")
    for selector in NOT_PRINTED:
        hidden = page.locator(selector).evaluate_all(
            "elements => elements.every(e => !e.checkVisibility({visibilityProperty: true}))"
        )
        assert hidden, selector
    article = page.locator("article[role=main]")
    expect(article.locator("h1")).to_contain_text("Does therapy really work?")
    expect(article.locator("#references")).to_be_visible()
    expect(article.locator("aside.footnote").first).to_be_visible()
    expect(article.locator(".kb-notice")).to_be_visible()
    # The text takes the width of the page, not the column left between the sidebars.
    width = article.evaluate("e => e.getBoundingClientRect().width")
    assert width > 0.9 * DESKTOP["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
