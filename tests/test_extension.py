"""The sphinx_kb extension on a small test project: backlinks, tags, related, front matter."""

import random
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sphinx_kb.features.related import contenders, rank
from sphinx_kb.features.searchrank import weight

from .helpers import clean_copy, edit, main, page, related, tree, used_in
from .markup import anchors, by_class, links, markup, one, parse, text

pytestmark = pytest.mark.sphinx("html", testroot="kb")


def sitemap(app) -> list[str]:
    """The addresses that sitemap.xml lists, in order."""
    root = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    return [loc.text for loc in root.findall(".//{*}loc")]


def test_clean_build_has_no_warnings(build):
    _, warnings = build()
    assert warnings == ""


def test_backlinks_list_pages_and_sections(build):
    app, _ = build()
    glossary = tree(app, "glossary")
    neuron = used_in(glossary, "term-neuron")
    assert "articles/alpha.html" in links(neuron)
    assert ("articles/alpha.html#cells", "Cells") in anchors(neuron)
    assert "articles/beta.html" in links(neuron)
    assert "gamma" not in markup(neuron)
    assert "articles/gamma.html" in links(used_in(glossary, "term-memory"))


def test_backlinks_escape_titles_and_work_in_every_html_builder(project, build):
    edit(project / "articles" / "alpha.md", "## Cells", "## Cells & `<membranes>`")
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta & co")
    app, _ = build()
    neuron = used_in(tree(app, "glossary"), "term-neuron")
    # Read as text, the titles are whole: markup in a title would have become elements.
    assert ("articles/alpha.html#cells-membranes", "Cells & <membranes>") in anchors(neuron)
    assert ("articles/beta.html", "Beta & co") in anchors(neuron)
    assert not neuron.findall(".//membranes")
    app, _ = build("epub")
    glossary = parse((Path(app.outdir) / "glossary.xhtml").read_text("utf-8"))
    assert ("articles/beta.xhtml", "Beta & co") in anchors(used_in(glossary, "term-neuron"))


def test_unused_term_is_a_warning_naming_the_term(project, build):
    edit(project / "glossary.md", "memory\n", "forgetting\n  Losing what was kept.\n\nmemory\n")
    _, warnings = build()
    assert re.search(
        r"glossary\.md:\d+: WARNING: glossary term 'forgetting' is used on no", warnings
    )


def test_tags_are_shown_and_get_topic_pages(build):
    app, _ = build()
    tags = anchors(one(by_class(tree(app, "articles/alpha"), "kb-tags", "p"), "tag line"))
    assert ("../topics/brain.html", "Brain") in tags
    assert ("../topics/care.html", "Care") in tags
    brain = text(main(tree(app, "topics/brain")))
    assert "Alpha explains neurons." in brain and "Beta explains synapses." in brain
    assert "Gamma" not in brain
    topics = one(by_class(tree(app, "topics/index"), "kb-topics", "ul"), "list of topics")
    listed = [(links(item), text(item)) for item in topics.iter("li")]
    assert (["brain.html"], "Brain (2 articles)") in listed
    assert (["methods.html"], "Methods (1 article)") in listed


def test_related_articles_rank_by_shared_terms_and_tags(build):
    app, _ = build()
    assert related(tree(app, "articles/alpha")) == ["beta.html", "gamma.html"]
    assert related(tree(app, "articles/gamma")) == ["alpha.html"]
    assert "Beta explains synapses." in text(main(tree(app, "articles/alpha")))


def test_notice_on_articles_not_on_calm_pages(build):
    app, _ = build()
    notice = one(by_class(tree(app, "articles/beta"), "kb-notice"), "notice")
    assert "../finding-help.html" in links(notice)
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
def test_bad_front_matter_names_file_and_line(project, build, old, new, line, message):
    edit(project / "articles" / "gamma.md", old, new)
    _, warnings = build()
    assert f"gamma.md:{line}: WARNING: " in warnings
    assert message in warnings


def test_meta_description_and_sitemap(build):
    app, _ = build(html_baseurl="https://kb.example.org/")
    descriptions = tree(app, "articles/beta").findall(".//meta[@name='description']")
    assert [meta.get("content") for meta in descriptions] == ["Beta explains synapses."]
    assert "https://kb.example.org/articles/beta.html" in sitemap(app)


def test_incremental_rebuild_keeps_backlinks_and_related_right(project, build, tmp_path):
    build()
    edit(project / "articles" / "beta.md", "# Beta article", "# Beta, renamed")
    edit(project / "articles" / "beta.md", "{term}`neuron`", "cell")
    app, warnings = build()
    assert warnings == ""
    assert "beta" not in markup(used_in(tree(app, "glossary"), "term-neuron"))
    alpha = tree(app, "articles/alpha")
    assert "Beta, renamed" in text(alpha.find(".//section[@id='kb-related-articles']"))
    assert "Beta, renamed" in text(main(tree(app, "topics/brain")))

    clean_app, _ = build(srcdir=clean_copy(project, tmp_path / "clean"))
    for name in ("glossary", "articles/alpha", "articles/gamma", "topics/brain"):
        assert markup(main(tree(app, name))) == markup(main(tree(clean_app, name))), name


def test_parallel_build_matches_serial(project, build, tmp_path):
    serial, _ = build()
    parallel, warnings = build(srcdir=clean_copy(project, tmp_path / "parallel"), parallel=2)
    assert warnings == ""
    for path in sorted(Path(serial.outdir).rglob("*.html")):
        relative = path.relative_to(serial.outdir)
        assert path.read_text("utf-8") == (Path(parallel.outdir) / relative).read_text("utf-8"), (
            relative
        )


def test_epub_has_tags_as_text_and_no_topic_pages(build):
    app, _ = build("epub")
    assert not (Path(app.outdir) / "topics").exists()
    alpha = (Path(app.outdir) / "articles" / "alpha.xhtml").read_text("utf-8")
    assert "Brain" in text(parse(alpha)) and "topics/brain" not in alpha


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
