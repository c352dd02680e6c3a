"""Every page, loaded in Chromium, requests nothing from a host other than the site's own.

Each request a page makes (documents, scripts, styles, fonts, images, data,
frames, sockets) is recorded. A request for another host is blocked before it
leaves the machine and fails the test, naming the page and the address.
"""

from urllib.parse import urlencode, urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL = "127.0.0.1"


def _leaves(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != LOCAL


class Recorder:
    """Records the requests of one browser page; blocks those that would leave the machine."""

    def __init__(self, page) -> None:
        self.current = ""
        self.requests: list[tuple[str, str]] = []
        self.blocked: list[tuple[str, str]] = []
        page.route("**/*", self._route)
        page.on("request", lambda request: self.requests.append((self.current, request.url)))
        page.on("websocket", lambda socket: self.requests.append((self.current, socket.url)))

    def _route(self, route) -> None:
        if _leaves(route.request.url):
            self.blocked.append((self.current, route.request.url))
            route.abort()
        else:
            route.continue_()

    def leaving(self) -> list[tuple[str, str]]:
        return sorted({(p, url) for p, url in self.requests + self.blocked if _leaves(url)})


def _visit(page, recorder: Recorder, base_url: str, path: str) -> None:
    recorder.current = path
    page.goto(base_url + path, wait_until="networkidle")


def test_the_recorder_catches_a_request_to_another_host(new_page, base_url):
    page = new_page()
    recorder = Recorder(page)
    _visit(page, recorder, base_url, "index.html")
    recorder.current = "injected"
    page.evaluate(
        """() => new Promise(done => {
            const script = document.createElement("script");
            script.src = "https://cdn.example.org/tracker.js";
            script.onerror = script.onload = done;
            document.head.append(script);
        })"""
    )
    assert recorder.leaving() == [("injected", "https://cdn.example.org/tracker.js")]


def test_no_page_requests_anything_from_another_host(new_page, base_url, site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 20
    page = new_page()
    recorder = Recorder(page)
    for path in [*pages, "search.html?" + urlencode({"q": "attachment"})]:
        _visit(page, recorder, base_url, path)
    assert recorder.leaving() == []
    visited = {path for path, url in recorder.requests if url.startswith(base_url)}
    assert len(visited) == len(pages) + 1, "some pages made no request to the site"
