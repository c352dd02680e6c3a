"""What stands under an article's title, in one order, whichever part adds its item first.

The health notice, the topics, the review dates (with an overdue warning) and the
source credit are each added by their own part, on different events. ``insert``
places an item by its class in ``ORDER``, so the page reads the same however the
parts are loaded.
"""

from docutils import nodes

ORDER = ("kb-notice", "kb-tags", "kb-review-dates", "kb-review-overdue", "kb-source-credit")


def _rank(node: nodes.Node) -> int | None:
    classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return next((ORDER.index(c) for c in classes if c in ORDER), None)


def insert(section: nodes.section, *items: nodes.Element) -> None:
    """Put items under the section's title, after the head items that come before them."""
    rank = _rank(items[0])
    if rank is None:
        raise ValueError(f"a head item needs one of the classes {ORDER}")
    position = 1
    while position < len(section):
        other = _rank(section[position])
        if other is None or other > rank:
            break
        position += 1
    section[position:position] = list(items)
