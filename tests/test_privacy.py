"""Privacy and safety of the built site.

No page may load anything from another host: fonts, scripts, styles, images,
frames and analytics all come from the site itself, so reading a page tells no
third party about it. Links that open a new tab must carry rel="noopener", and
links to other sites open normally. tests/browser/test_requests.py checks the
same in a browser, request by request.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes with which an element makes the browser fetch something.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
    "base": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel="..."> values that fetch their href (or open a connection to its host).
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
    "prefetch", "modulepreload", "dns-prefetch", "preconnect", "prerender",
}  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def is_same_site(url: str) -> bool:
    """True for a relative or root-relative address, or data embedded in the page."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", "about"):
        return True
    return not parts.scheme and not parts.netloc


def _srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css) if m.group(2) or m.group(4)]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (what, url)
        self.links: list[dict[str, str]] = []  # attributes of every <a href>
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if name in attributes:
                values = _srcset(attributes[name]) if name == "srcset" else [attributes[name]]
                self.loads += [(f"<{tag} {name}>", value) for value in values]
        if tag == "link" and LOADING_RELS & set(attributes.get("rel", "").lower().split()):
            self.loads.append((f"<link rel={attributes.get('rel')}>", attributes.get("href", "")))
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*(.*)", attributes.get("content", ""), re.I)
            if target:
                self.loads.append(("<meta refresh>", target.group(1).strip("'\" ")))
        if "style" in attributes:
            self.loads += [(f"<{tag} style>", url) for url in css_urls(attributes["style"])]
        if tag == "a" and "href" in attributes:
            self.links.append(attributes)
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.loads += [("<style>", url) for url in css_urls(data)]


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def foreign_loads(html: str) -> list[tuple[str, str]]:
    return [(what, url) for what, url in read_page(html).loads if not is_same_site(url)]


def unsafe_new_tabs(html: str) -> list[str]:
    """Links that open a new tab without rel="noopener"."""
    return [
        link["href"]
        for link in read_page(html).links
        if link.get("target", "").lower() not in ("", "_self")
        and "noopener" not in link.get("rel", "").lower().split()
    ]


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 20, "the site has fewer pages than expected"
    return pages


# -- The checks themselves catch what they should ------------------------------------------


def test_foreign_loads_are_found():
    html = """<html><head>
      <script src="https://cdn.example.org/analytics.js"></script>
      <link rel="stylesheet" href="//fonts.example.org/css?family=Serif">
      <link rel="preconnect" href="https://fonts.example.org">
      <style>@import "https://example.org/a.css"; body { background: url(http://example.org/b.png) }</style>
      </head><body>
      <img alt="" srcset="local.png 1x, https://images.example.org/big.png 2x">
      <iframe src="https://video.example.org/embed/1"></iframe>
      <p style="background: url('https://example.org/c.png')">x</p>
      <script src="_static/local.js"></script><img alt="" src="../image.png">
      <link rel="canonical" href="https://example.org/page.html">
      <a href="https://example.org/">a link is not a load</a>
    </body></html>"""  # noqa: E501
    found = [url for _, url in foreign_loads(html)]
    assert found == [
        "https://cdn.example.org/analytics.js",
        "//fonts.example.org/css?family=Serif",
        "https://fonts.example.org",
        "https://example.org/a.css",
        "http://example.org/b.png",
        "https://images.example.org/big.png",
        "https://video.example.org/embed/1",
        "https://example.org/c.png",
    ]


def test_unsafe_new_tabs_are_found():
    html = (
        '<a href="https://a.example/" target="_blank">unsafe</a>'
        '<a href="https://b.example/" target="_blank" rel="noopener noreferrer">safe</a>'
        '<a href="https://c.example/">same tab</a>'
    )
    assert unsafe_new_tabs(html) == ["https://a.example/"]


# -- The built site ------------------------------------------------------------------------


def test_no_page_loads_anything_from_another_host(site):
    checked, foreign = 0, []
    for path in _pages(site):
        html = path.read_text(encoding="utf-8")
        checked += len(read_page(html).loads)
        foreign += [(path.relative_to(site).as_posix(), *load) for load in foreign_loads(html)]
    assert foreign == []
    assert checked > 100, "found too few scripts and stylesheets: is the parser working?"


def test_stylesheets_load_nothing_from_another_host(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    foreign = [
        (sheet.relative_to(site).as_posix(), url)
        for sheet in sheets
        for url in css_urls(sheet.read_text(encoding="utf-8", errors="replace"))
        if not is_same_site(url)
    ]
    assert foreign == []


def test_links_to_other_sites_open_normally_and_new_tabs_are_safe(site):
    external, unsafe, new_tabs = 0, [], []
    for path in _pages(site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        unsafe += [(name, href) for href in unsafe_new_tabs(html)]
        for link in read_page(html).links:
            if not is_same_site(link["href"]) and "reference" in link.get("class", ""):
                external += 1
                if link.get("target", "") not in ("", "_self"):
                    new_tabs.append((name, link["href"]))
    assert unsafe == []
    assert new_tabs == [], "links in the content open other sites in the same tab"
    assert external > 10, "found too few external links: is the parser working?"
