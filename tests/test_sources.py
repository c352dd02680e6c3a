"""Sources: the intake (make import-source), fingerprints, the copy guard, the credits.

The fixtures in tests/sources/ are articles written for these tests: a blog post
saved from a WordPress-style site (menus, a sidebar, share buttons, a "tagged"
footer and a comment form around the text) and the same kind of post as text.
Nothing here needs the network.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
import yaml

from sphinx_kb.content.fingerprint import DIGEST_BYTES, RUN, Fingerprint, find_copies, words
from sphinx_kb.content.sourceregistry import read_source

from .helpers import ROOT, copy_project, fields, main, source_entry, sphinx_build
from .markup import by_class, classes, links, one, read, text

ARTICLE = re.compile(r"articles/([a-z0-9-]+)\.html")

FIXTURES = ROOT / "tests" / "sources"
PAGE = FIXTURES / "wordpress-post.html"
TEXT = FIXTURES / "plain-article.txt"
SEED = ROOT / "sources" / "does-therapy-really-work.yaml"
# The seed article's own text and the plain comparison script live outside the
# repository, beside the checkout; the tests that compare with them skip without them.
OUTSIDE = Path(os.environ.get("KB_SOURCE_TEXTS", ROOT.parent / "shared"))
SEED_TEXT = OUTSIDE / "sources" / "does-therapy-really-work.txt"
VERBATIM = OUTSIDE / "tools" / "verbatim.py"

MAIN_TEXT = (
    "Researchers have spent decades asking why the sleeping brain seems to sort the "
    "events of the day."
)
AROUND_THE_TEXT = {
    "menu": "About our friendly counselling practice by the harbour Individual, couples "
    "and family counselling services",
    "sidebar": "Quiet Harbour Counselling has offered warm and confidential support to "
    "adults and families in the harbour district",
    "share buttons": "Click to share on Twitter with your friends and followers",
    "tagged footer": "This entry was posted in Sleep and the Mind and tagged sleep, memory, "
    "dreams, healing. Bookmark the permalink.",
    "comment form": "Your email address will not be published. Required fields are marked "
    "with a star below.",
    "post navigation": "Next post: Five gentle ways to support a grieving friend this winter",
}


NO_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("make import-source tried to use the network")

socket.socket.connect = socket.socket.connect_ex = _refuse
socket.create_connection = socket.getaddrinfo = _refuse
"""


def _import(project: Path, src: Path, source_id: str, *variables: str):
    """`make import-source` in a copy of the project, with this environment's Python.

    A sitecustomize module makes any use of the network fail: the intake works offline.
    """
    venv = Path(sys.executable).parent.parent
    offline = project.parent / "offline"
    offline.mkdir(exist_ok=True)
    (offline / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "import-source",
         f"VENVDIR={venv}", f"-o{venv}/.tests-installed", f"SRC={src}", f"ID={source_id}",
         *variables],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(offline)},
    )  # fmt: skip


@pytest.fixture(scope="module")
def whole_project(tmp_path_factory) -> Path:
    """A copy of the whole project, shared by the intake tests."""
    return copy_project(tmp_path_factory.mktemp("sources") / "project")


@pytest.fixture(scope="module")
def imported_page(whole_project):
    result = _import(whole_project, PAGE, "can-sleep-mend-the-mind")
    assert result.returncode == 0, result.stderr
    return result.stdout, whole_project / "sources" / "can-sleep-mend-the-mind.yaml"


# -- Intake ------------------------------------------------------------------------------


def test_a_saved_page_gives_its_attribution_from_its_metadata(imported_page):
    _, path = imported_page
    source = read_source(path)
    assert source.title == "Can a good night\u2019s sleep mend the mind?"
    assert source.author == "Maren Oduya"
    assert source.publisher == "Quiet Harbour Counselling"
    assert source.url == "https://quiet-harbour.example/blog/can-sleep-mend-the-mind/"
    assert source.date == "2021-03-14"
    assert source.licence == "CC BY-NC 4.0"


def test_the_fingerprint_holds_the_text_and_nothing_around_it(imported_page):
    _, path = imported_page
    fingerprint = [("fixture", read_source(path).fingerprint)]
    assert [c.length for c in find_copies(MAIN_TEXT, fingerprint)] == [len(words(MAIN_TEXT))]
    for where, around in AROUND_THE_TEXT.items():
        assert len(words(around)) >= RUN, where
        assert find_copies(around, fingerprint) == [], f"the {where} was kept as text"


def test_the_source_file_holds_no_readable_run_of_the_text(imported_page):
    stored = imported_page[1].read_text(encoding="utf-8")
    data = yaml.safe_load(stored)
    runs = data["fingerprint"]["runs"]
    assert runs == sorted(set(runs))
    assert all(re.fullmatch(rf"[0-9a-f]{{{DIGEST_BYTES * 2}}}", run) for run in runs)
    body = one(by_class(read(PAGE), "entry-content", "div"), "post body")
    for parent in list(body.iter()):
        for child in list(parent):
            if "sharedaddy" in classes(child):
                parent.remove(child)  # the share buttons at its end
    written = words(" ".join(body.itertext()))
    assert len(written) > 100
    stored_words = " " + " ".join(words(stored)) + " "
    readable = [
        " ".join(written[i : i + 3])
        for i in range(len(written) - 2)
        if f" {' '.join(written[i : i + 3])} " in stored_words
    ]
    assert readable == []


def test_the_checklist_lists_the_claims_of_the_text_only(imported_page):
    output = imported_page[0]
    checklist = output.split("Claims checklist", 1)[1].split("Suggested split", 1)[0]
    claims = re.findall(r"^(\d+)\. \[ \] (.*)$", checklist, re.M)
    assert [int(n) for n, _ in claims] == list(range(1, len(claims) + 1))
    assert claims[0][1] == ("Most of us have felt how a restless night colours the following day.")
    assert any(text == MAIN_TEXT for _, text in claims)
    assert not any("?" in text for _, text in claims)  # questions are not claims
    assert not any(w in checklist for w in ("Bookmark", "Twitter", "email", "Quiet Harbour"))


def test_the_split_follows_the_headings_and_starts_drafts_with_the_source(imported_page):
    split = imported_page[0].split("Suggested split", 1)[1]
    questions = re.findall(r"^\d+\. (.*) \(claims? [\d-]+\)$", split, re.M)
    assert questions == [
        "Can a good night\u2019s sleep mend the mind?",
        "What happens while we sleep?",
        "What does research say about sleep and emotional healing?",
    ]
    assert split.count("SOURCES=can-sleep-mend-the-mind") == 3


def test_plain_text_is_imported_with_overrides(whole_project):
    result = _import(
        whole_project, TEXT, "why-we-remember", "AUTHOR=Tomas Lindqvist", "DATE=2019-06-02"
    )
    assert result.returncode == 0, result.stderr
    source = read_source(whole_project / "sources" / "why-we-remember.yaml")
    assert (source.title, source.author, source.date) == (
        "Why do we remember some days and forget others?",
        "Tomas Lindqvist",
        "2019-06-02",
    )
    sentence = "Forgetting is not simply a failure of the brain. Letting go of small details"
    assert find_copies(sentence, [("fixture", source.fingerprint)])
    assert "What does research say about how feelings mark a memory? (claims 5-8)" in (
        result.stdout
    )
    assert "Tomas" not in result.stdout.split("Claims checklist", 1)[1]  # the byline ends it


def test_intake_refuses_a_bad_id_or_an_existing_source(whole_project, imported_page):
    bad = _import(whole_project, PAGE, "Can Sleep")
    assert bad.returncode != 0
    assert "must be lowercase words joined by hyphens" in bad.stderr
    again = _import(whole_project, PAGE, "can-sleep-mend-the-mind")
    assert again.returncode != 0
    assert "exists already" in again.stderr and "FORCE=1" in again.stderr
    assert "Traceback" not in bad.stderr + again.stderr


# -- Fingerprints and the guard ----------------------------------------------------------

SOURCE_TEXT = (
    "One two three four five six seven eight nine ten eleven twelve. "
    "Alpha beta gamma delta epsilon zeta eta theta iota kappa's lambda mu."
)


def _guard(text: str):
    return find_copies(text, [("s", Fingerprint.of_text(SOURCE_TEXT))])


def test_ten_words_in_a_row_are_a_copy_and_nine_are_not():
    assert _guard("Here: one two three four five six seven eight nine.") == []
    copies = _guard("Intro line.\nHere: one two three four five six seven eight nine ten!")
    assert [(c.line, c.length) for c in copies] == [(2, RUN)]


def test_case_punctuation_line_breaks_and_typographic_quotes_do_not_hide_a_copy():
    text = (
        "x\n\nALPHA, beta \u201cgamma\u201d\ndelta: epsilon *zeta* eta theta iota "
        "kappa\u2019s lambda"
    )
    assert [(c.line, c.length) for c in _guard(text)] == [(3, 11)]


def test_each_separate_run_is_reported_with_its_length():
    text = "one two three four five six seven eight nine ten eleven\nand then\n" + (
        "beta gamma delta epsilon zeta eta theta iota kappa's lambda"
    )
    assert [(c.line, c.length) for c in _guard(text)] == [(1, 11), (3, 10)]


def test_keys_differ_and_the_same_key_gives_the_same_fingerprint():
    first, second = Fingerprint.of_text(SOURCE_TEXT), Fingerprint.of_text(SOURCE_TEXT)
    assert first.key != second.key and not first.runs & second.runs
    assert Fingerprint.of_text(SOURCE_TEXT, first.key) == first
    assert Fingerprint.from_data(first.to_data()) == first


# -- The seed source ------------------------------------------------------------------------


def test_the_seed_source_is_registered_with_its_attribution():
    source = read_source(SEED)
    assert source.title == "Does therapy really work?"
    assert source.author == "Pilar Placone"
    assert "Jennifer Shay" in source.publisher
    assert source.category == "Mind. Brain. Relationships."
    assert len(source.fingerprint.runs) > 800


needs_seed_text = pytest.mark.skipif(
    not (SEED_TEXT.is_file() and VERBATIM.is_file()),
    reason="the seed article's text is kept outside the repository",
)


@needs_seed_text
def test_the_seed_fingerprint_is_that_of_the_seed_text():
    stored = read_source(SEED).fingerprint
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert Fingerprint.of_text(text, stored.key) == stored


@needs_seed_text
def test_the_guard_finds_what_a_plain_word_run_comparison_finds(tmp_path):
    """Runs injected into pages are found alike by the guard and by verbatim.py."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p.split()) > 30]
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    pages = {
        "articles/a.md": f"# A\n\nOwn words.\n{' '.join(paragraphs[1].split()[:12])} and more.\n",
        "articles/b.md": f"# B\n\n{' '.join(paragraphs[2].split()[3:12])} only nine.\n",
        "c.md": f"# C\n\nText.\n\n{paragraphs[4].upper()}\n",
        "d.md": "# D\n\nNothing copied here, and the title \u201cDoes therapy really work?\u201d\n",
    }
    for name, body in pages.items():
        (docs / name).write_text(body, encoding="utf-8")
    registry = [("seed", read_source(SEED).fingerprint)]
    guard = {
        (name, copy.length) for name, body in pages.items() for copy in find_copies(body, registry)
    }
    result = subprocess.run(
        [sys.executable, str(VERBATIM), str(SEED_TEXT), str(docs)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    plain = {
        (found["page"], len(found["run"].split()))
        for found in re.finditer(r"^(?P<page>\S+\.md): (?P<run>.*)$", result.stdout, re.M)
    }
    assert plain == guard
    assert {name for name, _ in guard} == {"articles/a.md", "c.md"}


# -- Credits in the built site ---------------------------------------------------------------

RESTRUCTURED = [
    "does-the-adult-brain-change",
    "what-is-interpersonal-neurobiology",
    "why-relationships-matter",
    "childhood-emotional-trauma",
    "how-ipnb-informed-therapy-works",
    "does-therapy-work",
]


def credit(document) -> Element:
    return one(by_class(document, "kb-source-credit", "p"), "credit line")


def articles(entry: list[Element]) -> list[str]:
    """The articles that a source's entry links to, in order."""
    hrefs = [href for element in entry for href in links(element)]
    return [found[1] for found in map(ARTICLE.fullmatch, hrefs) if found]


@pytest.mark.parametrize("article", RESTRUCTURED)
def test_each_restructured_article_credits_its_source(site, article):
    line = credit(read(site / "articles" / f"{article}.html"))
    assert text(line) == (
        "Restructured from: \u201cDoes therapy really work?\u201d by Pilar Placone "
        "(the blog of Jennifer Shay, LCSW, ACSW)."
    )
    assert "../about.html#source-does-therapy-really-work" in links(line)


def test_about_lists_every_source_with_the_pages_made_from_it(site):
    entry = source_entry(read(site / "about.html"), "does-therapy-really-work")
    shown = " ".join(text(element) for element in entry)
    assert "Pilar Placone" in shown and "Mind. Brain. Relationships." in shown
    assert sorted(articles(entry)) == sorted(RESTRUCTURED)
    assert articles([fields(entry[-1])["Pages made from it"]]) == articles(entry)


def test_pages_without_sources_carry_no_credit(site):
    page = (site / "articles" / "what-is-ptsd.html").read_text(encoding="utf-8")
    assert "kb-source-credit" not in page


# -- A second source, end to end ---------------------------------------------------------------


def test_a_new_source_gets_credits_and_nine_words_or_a_quoted_title_pass(tmp_path):
    project = copy_project(tmp_path / "project")
    fingerprint = Fingerprint.of_text(TEXT.read_text(encoding="utf-8"))
    (project / "sources" / "why-we-remember.yaml").write_text(
        yaml.safe_dump(
            {
                "title": "Why do we remember some days and forget others?",
                "author": "Tomas Lindqvist",
                "url": "https://example.org/why-we-remember",
                "fingerprint": fingerprint.to_data(),
            }
        ),
        encoding="utf-8",
    )
    article = project / "docs" / "articles" / "what-is-ptsd.md"
    content = article.read_text(encoding="utf-8")
    declared = "\nsources: [why-we-remember, does-therapy-really-work]\nreviewed:"
    content = content.replace("\nreviewed:", declared, 1)
    nine = "Memory researchers say the brain keeps what seems important"
    title = "\u201cWhy do we remember some days and forget others?\u201d asks a blog post."
    content = content.replace("\n## ", f"\n{nine}, we read. {title}\n\n## ", 1)
    article.write_text(content, encoding="utf-8")
    result = sphinx_build(project / "docs", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    line = credit(read(tmp_path / "out" / "html" / "articles" / "what-is-ptsd.html"))
    titles = [(link.get("class"), link.get("href")) for link in line.iter("a")]
    assert ("reference external", "https://example.org/why-we-remember") in titles
    assert "Tomas Lindqvist" in text(line) and "Pilar Placone" in text(line)
    about = read(tmp_path / "out" / "html" / "about.html")
    assert articles(source_entry(about, "why-we-remember")) == ["what-is-ptsd"]


@pytest.mark.sphinx("html", testroot="kb")
def test_an_included_file_is_checked_with_its_own_file_and_line(project, build, tmp_path):
    """CONTRIBUTING.md is shown on the site through {include}: the guard reads it too."""
    (tmp_path / "sources").mkdir()
    fingerprint = Fingerprint.of_text(TEXT.read_text(encoding="utf-8"))
    (tmp_path / "sources" / "why-we-remember.yaml").write_text(
        yaml.safe_dump({"title": "Why we remember", "fingerprint": fingerprint.to_data()}),
        encoding="utf-8",
    )
    notes = tmp_path / "NOTES.md"
    notes.write_text(
        "Notes.\n\nOur view: yet vivid is not the same as accurate. People who were\n"
        "certain, we think, were right.\n",
        encoding="utf-8",
    )
    alpha = project / "articles" / "alpha.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8") + "\n```{include} ../../NOTES.md\n```\n",
        encoding="utf-8",
    )
    _, warnings = build(
        kb_sources_dir=str(tmp_path / "sources"),
        kb_outside_files=["../NOTES.md"],  # as CONTRIBUTING.md is allowed
    )
    found = re.findall(r"(/\S+): WARNING: (\d+) consecutive words", warnings)
    assert found == [(f"{notes}:3", "12")], warnings


@pytest.mark.sphinx("html", testroot="kb")
def test_incremental_builds_keep_credits_and_the_list_up_to_date(project, tmp_path):
    """A page that gains a source is listed; an edited source file re-reads every page."""
    source = project
    sources = tmp_path / "sources"
    sources.mkdir()
    (source / "conf.py").write_text(
        (source / "conf.py").read_text(encoding="utf-8") + f"kb_sources_dir = {str(sources)!r}\n",
        encoding="utf-8",
    )
    fingerprint = Fingerprint.of_text(TEXT.read_text(encoding="utf-8")).to_data()
    registered = sources / "why-we-remember.yaml"

    def register(author: str) -> None:
        data = {"title": "Why we remember", "author": author, "fingerprint": fingerprint}
        registered.write_text(yaml.safe_dump(data), encoding="utf-8")

    def declare(article: str) -> None:
        path = source / "articles" / f"{article}.md"
        content = path.read_text(encoding="utf-8")
        path.write_text(content.replace("\nreviewed:", "\nsources: [why-we-remember]\nreviewed:"))

    def build() -> tuple[list[Element], str]:
        """The source's entry in the list, and the text of the page alpha."""
        result = sphinx_build(source, tmp_path / "out")
        assert result.returncode == 0, result.stderr
        html = tmp_path / "out" / "html"
        entry = source_entry(read(html / "sources.html"), "why-we-remember")
        return entry, text(main(read(html / "articles" / "alpha.html")))

    register("A. Writer")
    (source / "sources.md").write_text("# Sources\n\n```{kb-sources}\n```\n", encoding="utf-8")
    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("glossary\n", "glossary\nsources\n"))
    declare("alpha")
    entry, alpha = build()
    assert articles(entry) == ["alpha"]
    assert "by A. Writer" in alpha

    declare("beta")
    entry, _ = build()
    assert articles(entry) == ["alpha", "beta"]

    register("B. Writer")
    entry, alpha = build()
    assert "by B. Writer" in alpha
    assert "by B. Writer" in " ".join(text(element) for element in entry)
