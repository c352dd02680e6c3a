"""Term previews in a real browser: hover, keyboard, touch, narrow screens, light and dark."""

import pytest

from .support import anchor, contrast, definition, plain

pytestmark = pytest.mark.browser

ARTICLE = "articles/does-therapy-work.html"
TERM = "psychotherapy"
TERM_LINK = f'article a.reference.internal[href="../glossary.html#{anchor(TERM)}"]'
ANY_TERM_LINK = "article a.reference.internal:has(.std-term)"
TOOLTIP = "[role=tooltip]"


def test_hovering_a_term_link_shows_its_definition(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + ARTICLE)
    link, tip = page.locator(TERM_LINK).first, page.locator(TOOLTIP)
    expect(tip).to_be_hidden()
    link.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(definition(TERM))
    expect(link).to_have_attribute("aria-describedby", tip.get_attribute("id"))
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    expect(link).not_to_have_attribute("aria-describedby", tip.get_attribute("id"))


def test_keyboard_focus_shows_the_preview_and_escape_hides_it(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + ARTICLE)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.querySelector('.std-term')"):
            break
    else:
        pytest.fail("Tab never reached a term link")
    link, tip = page.locator("*:focus"), page.locator(TOOLTIP)
    name = link.inner_text()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(definition(name))
    expect(link).to_have_attribute("aria-describedby", tip.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(link).not_to_have_attribute("aria-describedby", tip.get_attribute("id"))
    expect(link).to_be_focused()


def test_first_tap_previews_and_second_tap_follows_the_link(new_page, base_url, expect):
    page = new_page(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    page.goto(base_url + ARTICLE)
    link, tip = page.locator(TERM_LINK).first, page.locator(TOOLTIP)
    link.tap()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(definition(TERM))
    assert page.url == base_url + ARTICLE
    link.tap()
    page.wait_for_url(f"{base_url}glossary.html#{anchor(TERM)}")


def test_previews_fit_a_320_pixel_screen(new_page, base_url, expect):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(base_url + ARTICLE)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    links, tip = page.locator(ANY_TERM_LINK), page.locator(TOOLTIP)
    assert links.count() >= 5
    for number in range(links.count()):
        links.nth(number).focus()
        expect(tip).to_be_visible()
        box = tip.bounding_box()
        assert box["x"] >= 0, number
        assert box["x"] + box["width"] <= 320, number
        assert page.evaluate("() => document.documentElement.scrollWidth") == page_width


@pytest.mark.parametrize(
    ("scheme", "background"), [("light", "rgb(248, 249, 251)"), ("dark", "rgb(26, 28, 30)")]
)
def test_preview_follows_light_and_dark_mode(new_page, base_url, expect, scheme, background):
    page = new_page(color_scheme=scheme)
    page.goto(base_url + ARTICLE)
    page.locator(TERM_LINK).first.hover()
    tip = page.locator(TOOLTIP)
    expect(tip).to_be_visible()
    colours = tip.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert colours[1] == background  # Furo's --color-background-secondary for the scheme
    assert contrast(*colours) >= 7


def test_without_javascript_a_term_link_is_a_plain_link(new_page, base_url, expect):
    page = new_page(java_script_enabled=False)
    page.goto(base_url + ARTICLE)
    page.locator(TERM_LINK).first.click()
    page.wait_for_url(f"{base_url}glossary.html#{anchor(TERM)}")
    expect(page.locator(f"#{anchor(TERM)}")).to_contain_text(TERM)
    assert page.locator(TOOLTIP).count() == 0


def test_glossary_see_also_links_preview_too(new_page, base_url, expect):
    page = new_page()
    page.goto(base_url + "glossary.html")
    link = page.locator(f'dd a.reference.internal[href="#{anchor("neuroplasticity")}"]').first
    link.hover()
    expect(page.locator(TOOLTIP)).to_contain_text(plain(definition("neuroplasticity")))
