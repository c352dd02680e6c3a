"""Claim labels and citations in a real browser: their previews on hover, focus and touch."""

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "articles/oxytocin.html"
LABEL = "article a.kb-certainty"
CITATION = 'article a.footnote-reference[href="#footcite-declerck2020registered"]'
TOOLTIP = "[role=tooltip]"
MODERATE = "The evidence is good, but new research could change the finding."


def test_hovering_a_certainty_label_shows_its_meaning(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + ARTICLE)
    label, tip = page.locator(f"{LABEL}.kb-certainty-moderate").first, page.locator(TOOLTIP)
    expect(label).to_have_text("Moderate certainty")
    expect(tip).to_be_hidden()
    label.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Moderate certainty")
    expect(tip).to_contain_text(MODERATE)
    expect(label).to_have_attribute("aria-describedby", tip.get_attribute("id"))
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()


def test_focusing_a_label_shows_its_meaning_and_escape_hides_it(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + ARTICLE)
    label, tip = page.locator(f"{LABEL}.kb-certainty-moderate").first, page.locator(TOOLTIP)
    label.focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(MODERATE)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(label).to_be_focused()
    expect(label).not_to_have_attribute("aria-describedby", tip.get_attribute("id"))


def test_first_tap_on_a_label_previews_and_second_follows(new_page, base_url, expect):
    page = new_page(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page.goto(base_url + ARTICLE)
    label, tip = page.locator(f"{LABEL}.kb-certainty-moderate").first, page.locator(TOOLTIP)
    label.tap()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(MODERATE)
    assert page.url == base_url + ARTICLE
    label.tap()
    page.wait_for_url(f"{base_url}about.html#certainty-moderate")


def test_a_citation_previews_its_reference_with_the_study_type(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + ARTICLE)
    citation, tip = page.locator(CITATION).first, page.locator(TOOLTIP)
    citation.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("A registered replication study on oxytocin and trust")
    expect(tip).to_contain_text("2020")
    expect(tip).to_contain_text("Study type: Laboratory experiment.")
    expect(tip.locator('a[href^="https://doi.org/"]')).to_have_count(1)
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    citation.focus()
    expect(tip).to_contain_text("Study type: Laboratory experiment.")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_first_tap_on_a_citation_previews_and_second_follows(new_page, base_url, expect):
    page = new_page(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page.goto(base_url + ARTICLE)
    citation, tip = page.locator(CITATION).first, page.locator(TOOLTIP)
    citation.tap()
    expect(tip).to_contain_text("Study type: Laboratory experiment.")
    assert page.url == base_url + ARTICLE
    citation.tap()
    page.wait_for_url(f"{base_url}{ARTICLE}#footcite-declerck2020registered")


def test_without_javascript_a_label_links_to_its_definition(new_page, base_url, expect):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + ARTICLE)
    page.locator(f"{LABEL}.kb-certainty-moderate").first.click()
    page.wait_for_url(f"{base_url}about.html#certainty-moderate")
    expect(page.locator("#certainty-moderate")).to_contain_text("Moderate certainty")
    assert page.locator(TOOLTIP).count() == 0
