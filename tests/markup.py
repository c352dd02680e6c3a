"""HTML read as a tree, for tests: the standard library's parser builds ElementTree elements.

`parse(html)` returns the document's root; find elements with ElementTree's own paths
(`root.findall(".//a[@href]")`) or with the helpers here, which also match one class among
several and read text the way a reader sees it (entities decoded, white space collapsed).
"""

from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import Element, tostring

# Elements that never have content or an end tag.
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document")
        self._open = [self.root]
        self._last: Element | None = None  # the element whose tail takes the next text

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].append(element)
        self._last = None
        if tag in VOID:
            self._last = element
        else:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        # An end tag closes the nearest open element of its name (and any left open inside it);
        # a stray end tag is ignored, as a browser would.
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                self._last = self._open[depth]
                del self._open[depth:]
                return

    def handle_data(self, data):
        if self._last is not None:
            self._last.tail = (self._last.tail or "") + data
        else:
            parent = self._open[-1]
            parent.text = (parent.text or "") + data


def parse(html: str) -> Element:
    """The document as an element tree under a root element named "document"."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def read(path: Path) -> Element:
    """The HTML (or XHTML) file at path, parsed."""
    return parse(path.read_text(encoding="utf-8"))


def classes(element: Element) -> list[str]:
    return element.get("class", "").split()


def by_class(root: Element, name: str, tag: str = "*") -> list[Element]:
    """Every element (of this tag) that has the class name among its classes, in order."""
    return [element for element in root.iter(tag) if name in classes(element)]


def one(found: list[Element], what: str = "element") -> Element:
    """The only element found; fails the test when there is none or more than one."""
    assert len(found) == 1, f"{len(found)} {what}s found, not one"
    return found[0]


def by_id(root: Element, identifier: str) -> Element:
    """The element with this id; fails the test when there is none."""
    found = root.find(f".//*[@id='{identifier}']")
    assert found is not None, f"no element has the id {identifier!r}"
    return found


def text(element: Element) -> str:
    """The element's text as read: entities decoded, runs of white space made one space."""
    return " ".join("".join(element.itertext()).split())


def links(element: Element) -> list[str]:
    """The href of every link inside the element, in order."""
    return [link.get("href") for link in element.iter("a") if link.get("href") is not None]


def markup(element: Element) -> str:
    """The element written out again (its tail left off), to compare or show in a message."""
    copy = Element(element.tag, element.attrib)
    copy.text, copy[:] = element.text, list(element)
    return tostring(copy, encoding="unicode", method="html")


def anchors(element: Element) -> list[tuple[str, str]]:
    """Every link inside the element as (href, its text), in order."""
    return [(link.get("href"), text(link)) for link in element.iter("a") if link.get("href")]
