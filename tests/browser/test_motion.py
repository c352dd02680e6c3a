"""Reduced motion (WCAG 2.3.3): a reader who asks for less motion gets no smooth scrolling,
no sliding drawers and no animations.

The other browser tests open their pages with reduced motion too (see conftest.py), so
that nothing they check is still moving.
"""

import pytest

from .support import PHONE

pytestmark = pytest.mark.browser

ARTICLE = "articles/does-therapy-work.html"
SCROLLERS = ["html", ".sidebar-scroll", ".toc-scroll"]

# How each scrolling element scrolls, and how the drawers move.
MOTION = """(scrollers) => ({
  reduced: matchMedia("(prefers-reduced-motion: reduce)").matches,
  scrolling: scrollers.map((s) => getComputedStyle(document.querySelector(s)).scrollBehavior),
  drawers: [".sidebar-drawer", ".toc-drawer"].map(
    (s) => getComputedStyle(document.querySelector(s)).transitionDuration),
})"""

# Scroll far down as a link to a heading does, and say where the page is straight after.
JUMP = """() => {
  const target = Math.min(2000, document.documentElement.scrollHeight - innerHeight);
  window.scrollTo({top: target});
  return [target, Math.round(scrollY)];
}"""


def test_with_reduced_motion_nothing_scrolls_smoothly_or_slides(new_page, base_url):
    page = new_page(viewport=PHONE)  # reduced motion, as in every browser test
    page.goto(base_url + ARTICLE)
    motion = page.evaluate(MOTION, SCROLLERS)
    assert motion["reduced"]
    assert motion["scrolling"] == ["auto"] * len(SCROLLERS)
    assert motion["drawers"] == ["0s", "0s"]
    target, now = page.evaluate(JUMP)
    assert target > 0
    assert now == target, "the page was still scrolling"


def test_without_a_preference_the_theme_scrolls_smoothly(new_page, base_url):
    """The check above is not trivially true: without the preference, Furo's motion stays."""
    page = new_page(viewport=PHONE, reduced_motion="no-preference")
    page.goto(base_url + ARTICLE)
    motion = page.evaluate(MOTION, SCROLLERS)
    assert not motion["reduced"]
    assert motion["scrolling"] == ["smooth"] * len(SCROLLERS)
    assert "0s" not in motion["drawers"]
