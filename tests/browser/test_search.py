"""Term-aware search in a real browser: the glossary box, and Sphinx's full-text results."""

from urllib.parse import urlencode

import pytest

from .support import anchor, contrast, definition

pytestmark = pytest.mark.browser

BOX = "section.kb-term-match"
RESULTS = "#search-results ul.search li"


def search(new_page, base_url, query: str, **options):
    page = new_page(**options)
    page.goto(f"{base_url}search.html?{urlencode({'q': query})}")
    return page


@pytest.mark.parametrize(
    ("query", "term", "alias"),
    [
        ("IPNB", "interpersonal neurobiology", "IPNB"),
        ("ipnb", "interpersonal neurobiology", "IPNB"),
        ("interpersonal neurobiology", "interpersonal neurobiology", None),
        ("defence mechanism", "defense mechanism", "defence mechanism"),
        ("  Defense   Mechanisms ", "defense mechanism", None),
        ("brain plasticity", "neuroplasticity", "brain plasticity"),
        ("Neurons", "neuron", None),
        ("ACEs", "adverse childhood experiences", "ACEs"),
    ],
)
def test_a_query_naming_a_term_shows_its_glossary_entry(
    new_page, base_url, expect, query, term, alias
):
    page = search(new_page, base_url, query)
    box = page.locator(BOX)
    expect(box).to_be_visible()
    heading = box.get_by_role("heading", level=2)
    expect(heading).to_have_text(term)
    expect(box).to_have_attribute("aria-labelledby", heading.get_attribute("id"))
    expect(heading.get_by_role("link")).to_have_attribute(
        "href", f"{base_url}glossary.html#{anchor(term)}"
    )
    expect(box.locator(".kb-term-match-definition")).to_have_text(definition(term))
    if alias:
        expect(box.locator(".kb-term-match-alias")).to_have_text(
            f"\u201c{alias}\u201d is another name for {term}."
        )
    else:
        expect(box.locator(".kb-term-match-alias")).to_have_count(0)
    # Above Sphinx's results, which still arrive.
    assert box.evaluate("e => e.nextElementSibling.id") == "search-results"
    assert box.evaluate("e => e.getAttribute('role')") is None
    expect(page.locator(RESULTS).first).to_be_visible()


@pytest.mark.parametrize(
    ("query", "term", "word", "name"),
    [
        ("defence", "defense mechanism", "defence", "defence mechanism"),
        ("Defences", "defense mechanism", "defence", "defence mechanism"),
        ("plasticity", "neuroplasticity", "plasticity", "neuroplasticity"),
    ],
)
def test_one_word_of_a_name_shows_its_glossary_entry(
    new_page, base_url, expect, query, term, word, name
):
    page = search(new_page, base_url, query)
    box = page.locator(BOX)
    expect(box.get_by_role("heading", level=2)).to_have_text(term)
    expect(box.locator(".kb-term-match-alias")).to_have_text(
        f"\u201c{word}\u201d is part of the name \u201c{name}\u201d."
    )
    expect(box.locator(".kb-term-match-definition")).to_have_text(definition(term))


def test_snippets_never_quote_a_reference_list(new_page, base_url, expect):
    # "Defence" appears in the site only in a glossary alias and in a cited book's title.
    page = search(new_page, base_url, "defence")
    expect(page.locator("#search-results .search-summary")).not_to_be_empty()
    results = page.locator(RESULTS)
    expect(results.first).to_be_visible()
    for snippet in results.locator("p.context").all_inner_texts():
        assert "Mechanisms of Defence" not in snippet, snippet
    hrefs = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert not any("references.html" in href for href in hrefs), hrefs


def test_full_text_search_still_finds_articles(new_page, base_url, expect):
    page = search(new_page, base_url, "waiting list")
    expect(page.locator(f'{RESULTS} a[href*="articles/does-therapy-work.html"]')).to_have_count(1)
    expect(page.locator(BOX)).to_have_count(0)


@pytest.mark.parametrize("query", ["neuro", "therapy work", "IPNBs are", "brain", "therapy"])
def test_a_query_that_is_not_a_term_shows_no_box(new_page, base_url, expect, query):
    page = search(new_page, base_url, query)
    expect(page.locator("#search-results .search-summary")).not_to_be_empty()
    expect(page.locator(BOX)).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_glossary_box_text_has_good_contrast(new_page, base_url, expect, scheme):
    page = search(new_page, base_url, "IPNB", color_scheme=scheme)
    box = page.locator(BOX)
    expect(box).to_be_visible()
    background = box.evaluate("e => getComputedStyle(e).backgroundColor")
    parts = ("h2 a", ".kb-term-match-kind", ".kb-term-match-alias", ".kb-term-match-definition")
    for part in parts:
        colour = box.locator(part).evaluate("e => getComputedStyle(e).color")
        assert contrast(colour, background) >= 4.5, (scheme, part, colour, background)
