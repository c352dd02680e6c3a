"""Browser fixtures: the built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium. When
Chromium or Playwright is missing the browser tests are skipped, except under
CI (the CI variable is set), where they fail and say what to install.
"""

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# axe-core, from the npm registry: `make test` installs it (npm ci in tests/a11y).
AXE = Path(__file__).resolve().parent.parent / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run: {reason} (CI is set, so they must)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The address of the built site, served from a thread on a free local port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def playwright_api():
    try:
        from playwright import sync_api
    except ImportError:
        _unavailable("Playwright is missing: run `make venv` (it is in tests/requirements.txt)")
    return sync_api


@pytest.fixture(scope="session")
def browser(playwright_api):
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"{CHROMIUM} is missing: apt-get install chromium chromium-driver")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script, to inject into pages."""
    if not AXE.is_file():
        _unavailable(f"{AXE} is missing: run `make test`, which installs it with npm")
    return AXE.read_text(encoding="utf-8")


_PAGE_WEIGHTS: dict[str, int] = {}


@pytest.fixture(scope="session")
def page_weights() -> dict[str, int]:
    """Bytes each page loads on a first visit, filled by test_weight.py and reported at the end."""
    return _PAGE_WEIGHTS


def pytest_terminal_summary(terminalreporter) -> None:
    if not _PAGE_WEIGHTS:
        return
    terminalreporter.section("page weight: bytes loaded on a first visit, uncompressed")
    heaviest = sorted(_PAGE_WEIGHTS.items(), key=lambda item: (-item[1], item[0]))
    for address, size in heaviest[:8]:
        terminalreporter.write_line(f"{size / 1000:8.1f} KB  {address}")
    lightest = heaviest[-1][1] / 1000
    terminalreporter.write_line(f"({len(heaviest)} pages; the lightest {lightest:.1f} KB)")


@pytest.fixture
def expect(playwright_api):
    """Playwright's auto-waiting assertions."""
    return playwright_api.expect


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (options such as viewport or color_scheme).

    The reader asks for reduced motion, unless a test says otherwise: pages then scroll
    and open their drawers at once, so what a test waits for does not depend on how fast
    an animation runs on a busy machine. Every page must finish its test without a
    JavaScript error.
    """
    contexts, errors = [], []

    def open_page(**options):
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], errors
