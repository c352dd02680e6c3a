"""``make serve`` in a browser: the open page reloads after a save and shows a failed build.

new_page fails the test on any JavaScript error; every request must go to the local server.
"""

import pytest

from ..helpers import line_of

pytestmark = pytest.mark.browser


def test_the_open_page_reloads_after_a_save_and_shows_a_failed_build(live, new_page, expect):
    server, source = live
    page = new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server.url + "articles/alpha.html")
    article = source / "articles" / "alpha.md"
    text = article.read_text(encoding="utf-8")
    expect(page.locator("body")).to_contain_text("Alpha article")

    saved = "A sentence the browser should show."
    article.write_text(text + f"\n{saved}\n", encoding="utf-8")
    expect(page.locator("body")).to_contain_text(saved, timeout=120_000)

    article.write_text(text + "\nA {term}`term nobody defined`.\n", encoding="utf-8")
    line = line_of(article, "term nobody defined")
    expect(page.locator("#serve-errors")).to_contain_text(f"alpha.md:{line}", timeout=120_000)

    article.write_text(text, encoding="utf-8")
    expect(page.locator("#serve-errors")).to_have_count(0, timeout=120_000)
    expect(page.locator("body")).not_to_contain_text(saved)
    assert all(url.startswith(server.url) for url in requests), "only the local server is asked"
