"""`make screenshots`: the pages a reader sees most, as PNG files to look at.

The landing page, an article, the glossary and a search's results, at phone
(390x844) and desktop (1280x800) sizes, in light and dark mode, as full pages;
and the article as Chromium prints it (a PDF and a PNG of the print layout).

    python -m tests.a11y.screenshots SITE_DIR OUT_DIR
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

from .serve import served

PAGES = {
    "landing": "index.html",
    "article": "articles/does-therapy-work.html",
    "glossary": "glossary.html",
    "search": "search.html?q=attachment",
}
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")


def _ready(page, name: str) -> None:
    if name == "search":  # Sphinx's search writes its summary once the results are in
        page.locator("#search-results .search-summary").filter(has_text="found").wait_for()


def take(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for scheme in SCHEMES:
            for size_name, viewport in SIZES.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for name, address in PAGES.items():
                    page.goto(base + address)
                    _ready(page, name)
                    path = out / f"{name}-{size_name}-{scheme}.png"
                    page.screenshot(path=path, full_page=True)
                    written.append(path)
                context.close()
        page = browser.new_page(viewport=SIZES["desktop"])
        page.goto(base + PAGES["article"])
        page.pdf(path=out / "article-print.pdf", format="A4", print_background=False)
        page.emulate_media(media="print")
        page.screenshot(path=out / "article-print.png", full_page=True)
        written += [out / "article-print.pdf", out / "article-print.png"]
        browser.close()
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    written = take(Path(argv[0]), Path(argv[1]))
    print(f"{len(written)} files in {argv[1]}:")
    for path in written:
        print(f"  {path.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
