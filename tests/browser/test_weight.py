"""Page weight: the bytes each page loads on a first visit, and what loads only when needed.

Weight is counted as Chromium reports it: the uncompressed body of every
response (HTML, CSS, scripts, fonts, images) that a page loads in a fresh
browser context, with an empty cache, until the network is idle. Every article
must stay within 120 KB. The heaviest pages are listed at the end of the run.
"""

from urllib.parse import urlencode

import pytest

from .support import DESKTOP, site_pages

pytestmark = pytest.mark.browser

ARTICLE_BUDGET = 120_000  # bytes
ARTICLE = "articles/does-therapy-work.html"
TERM_LINK = "article a.reference.internal:has(.std-term)"


def first_visit(browser, url: str) -> dict[str, int]:
    """Every address the page loads, with the size of its body; failures are errors."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sizes, failed = {}, []

    def finished(request) -> None:
        response = request.response()
        if response.status >= 400:
            failed.append(f"{response.status} {request.url}")
        sizes[request.url] = len(response.body())

    page.on("requestfinished", finished)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    assert failed == [], failed
    return sizes


def loaded(page, name: str) -> list[str]:
    """The addresses of the files named name that the page has loaded so far."""
    urls = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    return [url for url in urls if url.split("?")[0].endswith(f"/{name}")]


def test_every_article_loads_at_most_120_kb(browser, base_url, site, page_weights):
    for address in site_pages(site):
        page_weights[address] = sum(first_visit(browser, base_url + address).values())
    articles = {a: size for a, size in page_weights.items() if a.startswith("articles/")}
    assert len(articles) >= 6
    too_heavy = {a: size for a, size in articles.items() if size > ARTICLE_BUDGET}
    assert too_heavy == {}


def test_an_article_loads_no_unused_styles_or_scripts(browser, base_url):
    names = {
        url.split("?")[0].rsplit("/", 1)[-1] for url in first_visit(browser, base_url + ARTICLE)
    }
    unused = {
        "sphinx-design.min.css",
        "design-tabs.js",
        "furo-extensions.css",
        "pygments.css",
        "doctools.js",
        "sphinx_highlight.js",
        "kb-terms.js",
        "kb-preview.js",
        "kb-preview.css",
    }
    assert names & unused == set()
    assert {"furo.css", "kb-site.css", "furo.js"} <= names


def test_the_preview_script_data_and_styles_load_with_the_first_preview(new_page, base_url, expect):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + ARTICLE, wait_until="networkidle")
    for name in ("kb-preview.js", "kb-terms.js", "kb-preview.css"):
        assert loaded(page, name) == [], name
    page.locator(TERM_LINK).first.hover()
    expect(page.locator("[role=tooltip]")).to_be_visible()
    for name in ("kb-preview.js", "kb-terms.js", "kb-preview.css"):
        assert len(loaded(page, name)) == 1, name
    expect(page.locator("[role=tooltip]")).to_have_css("position", "absolute")


def test_a_page_opened_from_search_results_marks_the_searched_words(new_page, base_url, expect):
    page = new_page(viewport=DESKTOP)
    page.goto(f"{base_url}search.html?{urlencode({'q': 'waiting list'})}")
    page.locator(f'#search-results a[href$="{ARTICLE}"]').first.click()
    page.wait_for_url(base_url + ARTICLE)
    expect(page.locator("article span.highlighted").first).to_be_visible()
    assert len(loaded(page, "sphinx_highlight.js")) == 1
    # The next page, not opened from the results, loads nothing of the kind.
    page.goto(base_url + "articles/does-the-adult-brain-change.html", wait_until="networkidle")
    assert loaded(page, "sphinx_highlight.js") == loaded(page, "doctools.js") == []
