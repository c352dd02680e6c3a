"""Keyboard use of an article: every Tab stop visibly focused, and every control reached.

The tests tab through a whole article on a desktop and on a phone. Every
element that takes the focus must show it: on screen, not hidden under other
content, with an outline of at least 2 px that stands out 3:1 from what is
behind it. The skip link, the search box, the navigation, the term previews and
the theme toggle must all be among the stops; on a phone the search box and the
navigation are in a drawer, opened and closed from the keyboard with Space.
"""

import pytest

from .support import DESKTOP, PHONE, contrast

pytestmark = pytest.mark.browser

ARTICLE = "articles/does-therapy-work.html"
MOST_STOPS = 400
# The pages are opened with reduced motion, so a stop scrolls into view at once; this only
# bounds the wait for that condition on a busy machine.
SETTLE_MS = 5000
WANTED = {"skip link", "search box", "navigation", "term preview", "theme toggle"}

# The element that shows the focus of another: Furo's drawers open from hidden
# checkboxes, whose focus shows on the icon of their label.
SHOWN_BY = """  const shownBy = (element) => element.matches("input.sidebar-toggle")
    ? [...document.querySelectorAll(`label[for="${element.id}"]`)].find((l) => l.offsetParent)
    : element;"""

# What has the focus, and the element that shows it.
FOCUSED = (
    """() => {
"""
    + SHOWN_BY
    + """
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const shown = shownBy(element);
  const kind =
    element.matches(".skip-to-content") ? "skip link" :
    element.matches(".sidebar-search") ? "search box" :
    element.closest(".sidebar-tree") ? "navigation" :
    element.querySelector(".std-term") ? "term preview" :
    element.matches(".theme-toggle") ? "theme toggle" :
    element.id === "__navigation" ? "navigation toggle" : element.localName;
  return {
    kind,
    name: `${element.localName}.${element.className} `
      + `"${(element.innerText || element.ariaLabel || "").trim().slice(0, 40)}"`,
    checked: element.checked === true,
    shown: !!shown,
  };
}"""
)

# The element showing the focus is on screen and on top there, once transitions are over.
ON_SCREEN = (
    """() => {
"""
    + SHOWN_BY
    + """
  const element = document.activeElement;
  const shown = shownBy(element);
  if (!shown || !shown.checkVisibility({visibilityProperty: true})) return false;
  const box = shown.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const inside = box.width > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  // Furo's translucent overlay, behind an open drawer, dims the page without hiding it.
  const top = document.elementsFromPoint(x, y).find((e) => !e.matches("label.overlay"));
  return inside && !!top && (shown.contains(top) || top.contains(shown) || top === element);
}"""
)

# Where the element showing the focus is, and what lies on top of its centre: for a failure message.
WHERE = (
    """() => {
"""
    + SHOWN_BY
    + """
  const box = shownBy(document.activeElement).getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const on_top = document.elementsFromPoint(x, y).slice(0, 2)
    .map((e) => `${e.localName}.${e.className}`).join(" over ");
  return `box top ${Math.round(box.top)} of ${innerHeight}, scrollY ${Math.round(scrollY)}, `
    + `on top: ${on_top}`;
}"""
)

# The outline on the element showing the focus, and the colour behind it.
OUTLINE = (
    """() => {
"""
    + SHOWN_BY
    + """
  const element = document.activeElement;
  const shown = shownBy(element);
  const style = getComputedStyle(shown);
  let behind = shown, background = "rgba(0, 0, 0, 0)";
  while (behind && /rgba\\(.*, 0\\)|transparent/.test(background)) {
    background = getComputedStyle(behind).backgroundColor;
    behind = behind.parentElement;
  }
  if (/rgba\\(.*, 0\\)|transparent/.test(background)) background = "rgb(255, 255, 255)";
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          colour: style.outlineColor, background};
}"""
)


def focus_problems(page, stop: dict) -> list[str]:
    problems = []
    try:
        page.wait_for_function(ON_SCREEN, timeout=SETTLE_MS)
    except Exception:  # Playwright's TimeoutError: the focus stayed out of sight
        problems.append(f"focused out of sight ({page.evaluate(WHERE)})")
    outline = page.evaluate(OUTLINE)
    if outline["style"] == "none" or outline["width"] < 2:
        problems.append(f"outline {outline['style']} {outline['width']}px")
    elif contrast(outline["colour"], outline["background"]) < 3:
        problems.append(f"outline {outline['colour']} on {outline['background']}")
    return [f"{stop['name']}: {problem}" for problem in problems]


def tab_through(page, expect) -> tuple[list[dict], list[str]]:
    """Tab from the top of the page until the focus comes round again; return stops and faults."""
    stops, faults = [], []
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:  # past the last stop, in the browser's own controls
            if stops:
                break
            continue
        if stops and stop["name"] == stops[0]["name"]:
            break
        if stop["kind"] == "term preview" and all(s["kind"] != "term preview" for s in stops):
            tip = page.locator("[role=tooltip]")
            expect(tip).to_be_visible()
            expect(page.locator("*:focus")).to_have_attribute("aria-describedby", "kb-preview")
        stops.append(stop)
        faults += focus_problems(page, stop)
    else:
        pytest.fail(f"the focus did not come round in {MOST_STOPS} presses of Tab")
    return stops, faults


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tabbing_on_a_desktop_reaches_every_control_visibly(new_page, base_url, expect, scheme):
    page = new_page(viewport=DESKTOP, color_scheme=scheme)
    page.goto(base_url + ARTICLE)
    stops, faults = tab_through(page, expect)
    assert stops[0]["kind"] == "skip link"
    assert WANTED - {stop["kind"] for stop in stops} == set()
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tabbing_on_a_phone_reaches_every_control_visibly(new_page, base_url, expect, scheme):
    page = new_page(viewport=PHONE, color_scheme=scheme)
    page.goto(base_url + ARTICLE)
    stops, faults = tab_through(page, expect)
    kinds = [stop["kind"] for stop in stops]
    assert kinds[:2] == ["skip link", "navigation toggle"]
    assert {"term preview", "theme toggle"} - set(kinds) == set()
    assert faults == [], "\n".join(faults)


def test_the_navigation_drawer_opens_and_closes_from_the_keyboard(new_page, base_url, expect):
    page = new_page(viewport=PHONE)
    page.goto(base_url + ARTICLE)
    drawer = page.locator(".sidebar-drawer")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["kind"] == "navigation toggle"
    page.keyboard.press("Space")
    expect(drawer).to_be_in_viewport(ratio=1)
    reached, faults, in_drawer = set(), [], False
    for _ in range(40):  # every stop from the toggle to the end of the drawer
        page.keyboard.press("Tab")
        was_in_drawer = in_drawer
        in_drawer = page.evaluate("() => !!document.activeElement.closest('.sidebar-drawer')")
        if was_in_drawer and not in_drawer:
            break
        stop = page.evaluate(FOCUSED)
        reached.add(stop["kind"])
        faults += focus_problems(page, stop)
    assert {"search box", "navigation"} <= reached
    assert faults == [], "\n".join(faults)
    while page.evaluate(FOCUSED)["kind"] != "navigation toggle":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(drawer).not_to_be_in_viewport()
    expect(drawer.locator(".sidebar-search")).to_be_hidden()


def test_a_closed_drawer_takes_no_focus(new_page, base_url):
    page = new_page(viewport=PHONE)
    page.goto(base_url + ARTICLE)
    for _ in range(60):
        page.keyboard.press("Tab")
        assert not page.evaluate("() => !!document.activeElement.closest('.sidebar-drawer')")


def test_skip_link_jumps_past_the_navigation(new_page, base_url, expect):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + ARTICLE)
    page.keyboard.press("Tab")
    skip = page.locator("*:focus")
    expect(skip).to_have_text("Skip to content")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article')")


def test_theme_toggle_works_from_the_keyboard(new_page, base_url, expect):
    page = new_page(viewport=DESKTOP)
    page.goto(base_url + ARTICLE)
    toggle = page.locator(".theme-toggle:visible")
    toggle.focus()
    before = page.evaluate("() => document.body.dataset.theme")
    page.keyboard.press("Enter")
    expect(page.locator("body")).not_to_have_attribute("data-theme", before)
