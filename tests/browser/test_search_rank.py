"""Search puts the right page first: a reader who types a topic's everyday name lands on it.

Each query is what a reader might type; the first result must be the article (or
help page) that answers it, not the glossary, the claims page or a topic list.
"""

from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

FIRST = "#search-results ul.search li:first-child a"

QUERIES = [
    ("polyvagal", "articles/polyvagal-theory.html"),
    ("EMDR", "articles/ptsd-treatments.html"),
    ("how many sessions", "articles/how-many-sessions.html"),
    ("complex PTSD", "articles/what-is-ptsd.html"),
    ("lizard brain", "articles/lizard-brain.html"),
    ("mirror neurons", "articles/mirror-neurons.html"),
    ("oxytocin", "articles/oxytocin.html"),
    ("window of tolerance", "articles/window-of-tolerance.html"),
    ("attachment styles", "articles/adult-attachment-styles.html"),
    ("ACE score", "articles/ace-scores.html"),
    ("repressed memories", "articles/recovered-memories.html"),
    ("resilience", "articles/resilience-after-trauma.html"),
    ("psychodynamic", "articles/psychodynamic-therapy.html"),
    ("choose a therapist", "articles/choosing-a-therapist.html"),
    ("afford therapy", "articles/affordable-help.html"),
    ("neuroplasticity", "articles/does-the-adult-brain-change.html"),
    ("crisis line", "finding-help.html"),
]


@pytest.mark.parametrize(("query", "target"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_answering_page_ranks_first(new_page, base_url, expect, query, target):
    page = new_page()
    page.goto(f"{base_url}search.html?{urlencode({'q': query})}")
    first = page.locator(FIRST)
    expect(first).to_be_visible()
    href = first.evaluate("a => a.href")
    assert href.split("?")[0].split("#")[0] == f"{base_url}{target}", (query, href)
