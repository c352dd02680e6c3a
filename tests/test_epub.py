"""The EPUB for offline reading: built warning-free, with every article and the glossary, valid.

It is validated with EPUBCheck when Debian's epubcheck package is installed
(``apt-get install epubcheck``, a Java tool); the structural checks below run
in any case: the container, the package document, the spine, the table of
contents, well-formed XHTML and links that resolve within the book.
"""

import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from .helpers import DOCS, article_paths, assert_built_cleanly, source_entry, sphinx_build
from .markup import by_class, links, one, parse, text

NS = {
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck package


@pytest.fixture(scope="module")
def epub_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("epub")
    return sphinx_build(DOCS, out, builder="epub"), out / "epub"


@pytest.fixture(scope="module")
def book(epub_build) -> Path:
    result, out = epub_build
    assert result.returncode == 0, result.stderr
    books = list(out.glob("*.epub"))
    assert len(books) == 1, books
    return books[0]


@pytest.fixture(scope="module")
def package(book):
    """(zip file, package document path, its parsed XML)."""
    archive = zipfile.ZipFile(book)
    container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//container:rootfile", NS).get("full-path")
    yield archive, PurePosixPath(rootfile), ElementTree.fromstring(archive.read(rootfile))
    archive.close()


def _in_book(base: PurePosixPath, href: str) -> str:
    """The zip member an href relative to the file at base points to."""
    parts = []
    for part in (base.parent / unquote(urlsplit(href).path)).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def test_epub_builds_without_warnings(epub_build):
    assert_built_cleanly(epub_build[0])


def test_mimetype_comes_first_and_uncompressed(book):
    with zipfile.ZipFile(book) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"


def test_every_article_and_the_glossary_are_in_the_reading_order(package):
    archive, opf_path, opf = package
    manifest = {item.get("id"): item.get("href") for item in opf.find("opf:manifest", NS)}
    spine = [manifest[ref.get("idref")] for ref in opf.find("opf:spine", NS)]
    wanted = [f"articles/{source.stem}.xhtml" for source in article_paths()] + ["glossary.xhtml"]
    assert len(wanted) >= 7
    for href in wanted:
        assert href in spine, href
        assert _in_book(opf_path, href) in archive.namelist(), href


def test_manifest_lists_every_file_and_every_listed_file_exists(package):
    archive, opf_path, opf = package
    listed = {_in_book(opf_path, item.get("href")) for item in opf.find("opf:manifest", NS)}
    members = set(archive.namelist()) - {"mimetype", "META-INF/container.xml", str(opf_path)}
    assert listed - members == set()
    assert members - listed == set()


def test_table_of_contents_lists_every_article(package):
    archive, opf_path, opf = package
    nav_href = next(
        item.get("href")
        for item in opf.find("opf:manifest", NS)
        if "nav" in (item.get("properties") or "").split()
    )
    nav = ElementTree.fromstring(archive.read(_in_book(opf_path, nav_href)))
    targets = {link.get("href").split("#")[0] for link in nav.iter(f"{{{NS['xhtml']}}}a")}
    for source in article_paths():
        assert f"articles/{source.stem}.xhtml" in targets, source.name
    assert "glossary.xhtml" in targets


def test_pages_are_well_formed_and_links_resolve(package):
    archive, _, _ = package
    pages = [name for name in archive.namelist() if name.endswith(".xhtml")]
    ids = {}
    for name in pages:
        ids[name] = {
            element.get("id")
            for element in ElementTree.fromstring(archive.read(name)).iter()
            if element.get("id")
        }
    broken = []
    for name in pages:
        for element in ElementTree.fromstring(archive.read(name)).iter():
            href = element.get("href") or element.get("src")
            if not href or urlsplit(href).scheme:
                continue
            target = _in_book(PurePosixPath(name), href) if urlsplit(href).path else name
            fragment = unquote(urlsplit(href).fragment)
            missing = target not in archive.namelist()
            if missing or (fragment and target in ids and fragment not in ids[target]):
                broken.append(f"{name}: {href}")
    assert broken == []


@pytest.mark.skipif(not EPUBCHECK_JAR.is_file(), reason="epubcheck is not installed")
def test_epubcheck_finds_no_problem(book):
    java = shutil.which("java")
    assert java, "epubcheck is installed but java is not"
    # Debian's /usr/bin/epubcheck is the jar itself, run through binfmt: call java directly.
    result = subprocess.run(
        [java, "-jar", str(EPUBCHECK_JAR), str(book)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout


def test_the_book_credits_the_source_and_lists_it_on_about(package):
    """The "Restructured from" line and the generated list of sources are in the book."""
    archive, rootfile, _ = package
    article = parse(
        archive.read(str(rootfile.parent / "articles/does-therapy-work.xhtml")).decode()
    )
    credit = one(by_class(article, "kb-source-credit", "p"), "credit line")
    assert text(credit).startswith("Restructured from: ") and "by Pilar Placone" in text(credit)
    assert "../about.xhtml#source-does-therapy-really-work" in links(credit)
    about = parse(archive.read(str(rootfile.parent / "about.xhtml")).decode())
    entry = source_entry(about, "does-therapy-really-work")
    assert "Mind. Brain. Relationships." in " ".join(text(element) for element in entry)
    assert "articles/does-therapy-work.xhtml" in [href for e in entry for href in links(e)]
