"""The sphinx_kb extension on a small test project: backlinks, tags, related, front matter."""

import random
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_kb.features.related import contenders, rank
from sphinx_kb.features.searchrank import weight

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-kb", tmp_path / "src"))


def build(srcdir: Path, buildername: str = "html", parallel: int = 0, **confoverrides):
    warnings = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=srcdir / "_build",
        parallel=parallel,
        confoverrides=confoverrides,
        warning=warnings,
        status=StringIO(),
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings.getvalue()


def copy_sources(project: Path, dest: Path) -> Path:
    return Path(shutil.copytree(project, dest, ignore=shutil.ignore_patterns("_build")))


def page(app, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text("utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def used_in(glossary_html: str, anchor: str) -> str:
    """The 'Used in' line under the glossary entry with this anchor ('' if none)."""
    entry = glossary_html.split(f'id="{anchor}"', 1)[1].split("</dd>", 1)[0]
    match = re.search(r'<p class="kb-used-in">(.*?)</p>', entry, re.DOTALL)
    return match.group(1) if match else ""


def related(html: str) -> list[str]:
    """The links of the 'Related articles' section, in order ([] if there is none)."""
    if 'id="kb-related-articles"' not in html:
        return []
    section = html.split('id="kb-related-articles"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a class="reference internal" href="([^"#]+)"', section)


def test_clean_build_has_no_warnings(project):
    _, warnings = build(project)
    assert warnings == ""


def test_backlinks_list_pages_and_sections(project):
    app, _ = build(project)
    glossary = page(app, "glossary")
    neuron = used_in(glossary, "term-neuron")
    assert 'href="articles/alpha.html"' in neuron
    assert 'href="articles/alpha.html#cells">Cells</a>' in neuron
    assert 'href="articles/beta.html"' in neuron
    assert "gamma" not in neuron
    assert 'href="articles/gamma.html"' in used_in(glossary, "term-memory")


def test_backlinks_escape_titles_and_work_in_every_html_builder(project):
    edit(project / "articles" / "alpha.md", "## Cells", "## Cells & `<membranes>`")
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta & co")
    app, _ = build(project)
    neuron = used_in(page(app, "glossary"), "term-neuron")
    assert ">Cells &amp; &lt;membranes&gt;</a>" in neuron
    assert 'href="articles/beta.html">Beta &amp; co</a>' in neuron
    app, _ = build(project, "epub")
    glossary = (Path(app.outdir) / "glossary.xhtml").read_text("utf-8")
    assert 'href="articles/beta.xhtml">Beta &amp; co</a>' in glossary


def test_unused_term_is_a_warning_naming_the_term(project):
    edit(project / "glossary.md", "memory\n", "forgetting\n  Losing what was kept.\n\nmemory\n")
    _, warnings = build(project)
    assert re.search(
        r"glossary\.md:\d+: WARNING: glossary term 'forgetting' is used on no", warnings
    )


def test_tags_are_shown_and_get_topic_pages(project):
    app, _ = build(project)
    alpha = page(app, "articles/alpha")
    assert 'href="../topics/brain.html">Brain</a>' in alpha
    assert 'href="../topics/care.html">Care</a>' in alpha
    brain = _main(page(app, "topics/brain"))
    assert "Alpha explains neurons." in brain and "Beta explains synapses." in brain
    assert "Gamma" not in brain
    index = page(app, "topics/index")
    assert re.search(r'href="brain.html">Brain</a> \(2 articles\)', index)
    assert re.search(r'href="methods.html">Methods</a> \(1 article\)', index)


def test_related_articles_rank_by_shared_terms_and_tags(project):
    app, _ = build(project)
    assert related(page(app, "articles/alpha")) == ["beta.html", "gamma.html"]
    assert related(page(app, "articles/gamma")) == ["alpha.html"]
    assert "Beta explains synapses." in page(app, "articles/alpha")


def test_notice_on_articles_not_on_calm_pages(project):
    app, _ = build(project)
    assert "kb-notice" in page(app, "articles/beta")
    assert 'href="../finding-help.html"' in page(app, "articles/beta")
    assert "kb-notice" not in page(app, "glossary")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("tags: [methods]", "tags: [methods, astrology]", 3, "unknown tag 'astrology'"),
        ("reviewed: 2026-01-03", "reviewed: 3 January 2026", 4, "'reviewed' must be an ISO date"),
        ("description: Gamma is about methods.\n", "", 1, "lacks the field 'description'"),
        ("tags: [methods]", "tags: [methods", 4, "front matter is not valid YAML"),
        ("---\ndescription", "description", 1, "no front matter"),
    ],
)
def test_bad_front_matter_names_file_and_line(project, old, new, line, message):
    edit(project / "articles" / "gamma.md", old, new)
    _, warnings = build(project)
    assert f"gamma.md:{line}: WARNING: " in warnings
    assert message in warnings


def test_meta_description_and_sitemap(project):
    app, _ = build(project, html_baseurl="https://kb.example.org/")
    assert '<meta name="description" content="Beta explains synapses." />' in page(
        app, "articles/beta"
    )
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://kb.example.org/articles/beta.html</loc>" in sitemap


def test_incremental_rebuild_keeps_backlinks_and_related_right(project, tmp_path):
    build(project)
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta, renamed")
    edit(project / "articles" / "beta.md", "{term}`neuron`", "cell")
    app, warnings = build(project)
    assert warnings == ""
    glossary = page(app, "glossary")
    assert "beta" not in used_in(glossary, "term-neuron")
    assert "Beta, renamed" in page(app, "articles/alpha")
    assert "Beta, renamed" in page(app, "topics/brain")

    clean = Path(
        shutil.copytree(project, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    )
    clean_app, _ = build(clean)
    for name in ("glossary", "articles/alpha", "articles/gamma", "topics/brain"):
        assert _main(page(app, name)) == _main(page(clean_app, name)), name


def _main(html: str) -> str:
    return html.split('<article role="main"', 1)[1].split("</article>", 1)[0]


def test_parallel_build_matches_serial(project, tmp_path):
    serial, _ = build(project)
    other = Path(
        shutil.copytree(project, tmp_path / "parallel", ignore=shutil.ignore_patterns("_build"))
    )
    parallel, warnings = build(other, parallel=2)
    assert warnings == ""
    for path in sorted(Path(serial.outdir).rglob("*.html")):
        relative = path.relative_to(serial.outdir)
        assert path.read_text("utf-8") == (Path(parallel.outdir) / relative).read_text("utf-8"), (
            relative
        )


def test_epub_has_tags_as_text_and_no_topic_pages(project):
    app, _ = build(project, "epub")
    assert not (Path(app.outdir) / "topics").exists()
    alpha = (Path(app.outdir) / "articles" / "alpha.xhtml").read_text("utf-8")
    assert "Brain" in alpha and "topics/brain" not in alpha


def test_related_ranking_equals_brute_force_and_follows_renames():
    rng = random.Random(7)
    names = [f"doc{n:02d}" for n in range(40)]
    features = {d: frozenset(rng.sample("abcdefghij", rng.randint(1, 4))) for d in names}
    for _ in range(3):  # the same scores, with titles shuffled: ties resolve by title
        titles = {d: rng.choice("PQRS") + d for d in names}
        expected = {
            d: [
                o
                for *_, o in sorted(
                    (-len(features[d] & features[o]), titles[o], o)
                    for o in names
                    if o != d and features[d] & features[o]
                )[:3]
            ]
            for d in names
        }
        assert rank(contenders(features, 3), titles, 3) == expected


def test_search_weights_take_the_first_matching_pattern():
    ranking = {"articles/*": 5, "glossary": -2, "*": 1}
    assert weight("articles/x", ranking) == 5
    assert weight("glossary", ranking) == -2
    assert weight("about", ranking) == 1
    assert weight("about", {"articles/*": 5}) == 0
