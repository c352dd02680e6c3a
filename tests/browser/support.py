"""What the browser tests compare against: glossary definitions, colour contrast, the pages."""

import re
from pathlib import Path

from docutils.nodes import make_id

from ..kbsource import glossary_entries

CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def entry(name: str):
    """The glossary entry that has name as its term or one of its aliases."""
    return next(e for e in glossary_entries() if name.lower() in (n.lower() for n in e.names))


def definition(name: str) -> str:
    """The first paragraph of the entry's definition, as written in docs/glossary.md."""
    return entry(name).definition.split(" See also:")[0].strip()


def anchor(name: str) -> str:
    return "term-" + make_id(entry(name).names[0])


def plain(text: str) -> str:
    """Text with typographic quotes made straight, as in the Markdown source."""
    return text.translate(CURLY)


def _luminance(colour: str) -> float:
    red, green, blue = (float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque CSS colours given as rgb(...)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as addresses relative to its root."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
