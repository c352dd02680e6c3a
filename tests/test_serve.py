"""`make serve` (tools/serve/): a warm rebuild equals a clean build, and the server serves it.

The first test drives the warm builder through a contributor's session on a copy of the
site (a body edit, a title edit, a new page, its deletion, a glossary edit, a mistake and
its fix) and then compares the output folder, file by file and byte by byte (the search
index too), with a clean build of the same sources. Only ``.buildinfo`` may differ (it is
written by every build). The second test runs the live server on a small site and waits,
over HTTP, for the rebuilt page and for the error of a failing build.
"""

import filecmp
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

from tools.serve.builder import BuildResult, WarmBuilder
from tools.serve.server import STATUS_PATH, LiveServer

from .helpers import ROOT, copy_project, edit, line_of, sphinx_build

OPTIONS = ["-W", "--keep-going", "-n", "-q", "-j", "2"]
# Written by every build, with a hash of the configuration: not part of the site.
NOT_COMPARED = {".buildinfo"}


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name not in NOT_COMPARED
    }


def assert_same_site(warm: Path, clean: Path) -> None:
    assert _files(warm) == _files(clean)
    different = [
        name
        for name in sorted(_files(clean))
        if not filecmp.cmp(warm / name, clean / name, shallow=False)
    ]
    assert not different, f"the warm build differs from a clean build in {different}"


def test_warm_rebuilds_equal_a_clean_build(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    article = docs / "articles" / "oxytocin.md"
    warnings = StringIO()
    builder = WarmBuilder(docs, tmp_path / "warm", OPTIONS, status=None, warning=warnings)

    def build(*changed: Path) -> BuildResult:
        result = builder.build(set(changed))
        assert not result.fresh, "a page edit must reuse the warm application"
        return result

    first = builder.build(None)
    assert first.ok, first.log

    edit(article, "Only in a limited sense.", "Only in a narrow sense.")
    assert build(article).ok

    edit(article, '# Is oxytocin the "bonding hormone"?', "# Is oxytocin a bonding hormone?")
    assert build(article).ok

    # A new page, made as a contributor makes one, then deleted again.
    index_before = (docs / "index.md").read_text(encoding="utf-8")
    new_article = [sys.executable, str(ROOT / "tools" / "new_article.py"), "--docs", str(docs)]
    arguments = ["--slug", "is-sleep-social", "--title", "Is sleep social?", "--section", "Therapy"]
    subprocess.run([*new_article, *arguments, "--tags", "", "--sources", ""], check=True)
    new_page = docs / "articles" / "is-sleep-social.md"
    result = build(new_page, docs / "index.md")
    assert result.ok, result.log
    assert (tmp_path / "warm" / "html" / "articles" / "is-sleep-social.html").exists()
    new_page.unlink()
    (docs / "index.md").write_text(index_before, encoding="utf-8")
    result = build(new_page, docs / "index.md")
    assert result.ok, result.log

    glossary = docs / "glossary.md"
    edit(glossary, "The lasting emotional bond", "The enduring emotional bond")
    assert build(glossary).ok

    # A mistake: the build fails and says where; then the fix.
    edit(article, "Only in a narrow sense.", "Only in a {term}`narrow sense`.")
    failed = build(article)
    assert not failed.ok
    line = line_of(article, "{term}`narrow sense`")
    assert f"oxytocin.md:{line}" in failed.log
    assert "Traceback" not in failed.log
    edit(article, "Only in a {term}`narrow sense`.", "Only in a narrow sense.")
    fixed = build(article)
    assert fixed.ok, fixed.log
    builder.close()

    clean = sphinx_build(docs, tmp_path / "clean", "-q", "-j", "2")
    assert clean.returncode == 0, clean.stderr
    assert_same_site(tmp_path / "warm" / "html", tmp_path / "clean" / "html")


# -- The server -----------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text of a page (what a reader sees), and its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        self._inside = tag if tag in {"script", "style"} else None

    def handle_endtag(self, tag) -> None:
        self._inside = None

    def handle_data(self, data) -> None:
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside is None:
            self.text.append(data)


def _page(url: str) -> _Text:
    with urllib.request.urlopen(url, timeout=60) as response:
        parser = _Text()
        parser.feed(response.read().decode("utf-8"))
    return parser


def _save_and_wait(server: LiveServer, *edits: tuple[Path, str]) -> dict:
    """Write the files, then wait (on a condition, at most 5 minutes) for the build they cause."""
    builds = server.status.builds
    for path, text in edits:
        path.write_text(text, encoding="utf-8")
    status = server.status.wait_for_build(builds, 300)
    assert status["builds"] > builds, "no build followed the save"
    return status


def test_server_serves_the_rebuilt_page_and_shows_a_failed_build(live):
    server, source = live
    assert server.last.ok, server.last.log
    article = source / "articles" / "alpha.md"
    url = server.url + "articles/alpha.html"
    page = _page(url)
    assert any(STATUS_PATH in script for script in page.scripts)

    text = article.read_text(encoding="utf-8")
    status = _save_and_wait(server, (article, text + "\nA sentence saved just now.\n"))
    assert status["ok"], status["log"]
    assert "A sentence saved just now." in "".join(_page(url).text)

    status = _save_and_wait(server, (article, text + "\nA {term}`term nobody defined`.\n"))
    assert not status["ok"]
    line = line_of(article, "term nobody defined")
    assert f"alpha.md:{line}" in status["log"]
    assert "Traceback" not in status["log"]
    assert "Alpha article" in "".join(_page(url).text), "the server carries on serving"

    # A broken configuration raises an exception; the server reports it and carries on.
    conf = source / "conf.py"
    conf_text = conf.read_text(encoding="utf-8")
    status = _save_and_wait(server, (conf, conf_text + "\nkb_tags = {\n"))
    assert not status["ok"]
    assert "conf.py" in status["log"]

    status = _save_and_wait(server, (conf, conf_text), (article, text + "\nA sentence fixed.\n"))
    assert status["ok"], status["log"]
    assert "A sentence fixed." in "".join(_page(url).text)


# -- In a browser ---------------------------------------------------------------------------
