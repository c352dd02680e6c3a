"""The parts of the checks on untrusted input that need no build: fences and link targets.

Each case of tests/test_bad_inputs.py builds the whole project; these cover the
edges of the same checks (nested fences, code blocks, addresses written to slip
past a browser) in milliseconds.
"""

import pytest

from sphinx_kb.checks.fences import first_open_fence
from sphinx_kb.checks.links import _without_addresses, unsafe_scheme

CLOSED = {
    "a closed directive": "```{note}\nText.\n```\n",
    "nested with a longer outer fence": "````{note}\n```{tip}\nIn.\n```\n````\n",
    "colon fences": "::::{grid}\n:::{grid-item}\nA.\n:::\n::::\n",
    "Markdown fences shown in a code block": "````markdown\n```{note}\n````\n",
    "a code block in a list item": "- Item\n\n  ```python\n  x = 1\n  ```\n\nAfter.\n",
    "a fence-like line in a literal directive": "````{code-block} markdown\n```\n````\n",
    "no fence at all": "# Title\n\nText with ``` inline.\n",
}
OPEN = {
    "a directive at the end of the page": ("Text.\n\n```{note}\nRest of the page.\n", 2),
    "a directive that takes the next one's close": (
        "```{note}\nText.\n\n```{footbibliography}\n```\n",
        0,
    ),
    "a directive inside another": ("````{note}\n```{warning}\nIn.\n````\n", 1),
    "a colon fence": ("Intro.\n\n:::{tip}\nText.\n", 2),
    "a code block": ("```python\nx = 1\n", 0),
}


@pytest.mark.parametrize("text", CLOSED.values(), ids=CLOSED.keys())
def test_closed_fences_pass(text):
    assert first_open_fence(text) is None


@pytest.mark.parametrize(("text", "line"), OPEN.values(), ids=OPEN.keys())
def test_a_fence_left_open_is_found_where_it_opened(text, line):
    found = first_open_fence(text)
    assert found is not None
    assert found[0] == line


@pytest.mark.parametrize(
    ("address", "scheme"),
    [
        ("https://example.org/page", None),
        ("HTTP://example.org", None),
        ("mailto:editors@example.org", None),
        ("other-page.html#anchor", None),
        ("#anchor", None),
        ("javascript:alert(1)", "javascript"),
        ("JavaScript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        (" javascript://%0aalert(1)", "javascript"),
        ("vbscript:msgbox", "vbscript"),
        ("data:text/html,hi", "data"),
        ("file:///etc/passwd", "file"),
        ("ftp://example.org", "ftp"),
    ],
)
def test_only_http_https_and_mailto_addresses_are_allowed(address, scheme):
    assert unsafe_scheme(address) == scheme


def test_an_address_left_as_text_is_taken_out():
    text = "See [this](javascript:go(1)) and <file:///etc/x> or\n[d]: data:text/html,x here."
    cleaned = _without_addresses(text)
    for part in ("javascript", "go(1)", "file:", "/etc/x", "data:", "text/html"):
        assert part not in cleaned
    assert cleaned.startswith("See [this]() and <> or\n[d]:")
