"""The content rules every article and the glossary must keep."""

import re

import pytest
import textstat

from sphinx_kb.content.frontmatter import problems_in

from .helpers import DOCS, article_paths
from .kbsource import cited_keys, glossary_entries, prose, term_targets
from .markup import by_class, links, read

ARTICLES = article_paths()
REQUIRED_TERMS = [
    "interpersonal neurobiology", "IPNB", "neuroplasticity", "defense mechanism",
    "defence mechanism", "neurogenesis", "synaptic plasticity", "neuron", "neural pathway",
    "Decade of the Brain", "positron emission tomography", "magnetic resonance imaging",
    "mindfulness", "meditation", "attachment", "attachment theory", "internal working model",
    "affect regulation", "psychological trauma", "emotional invalidation",
    "adverse childhood experiences", "epigenetics", "gene expression", "psychotherapy",
    "therapeutic alliance", "emotional safety", "corrective emotional experience",
    "common factors", "effect size", "meta-analysis", "randomized controlled trial",
    "publication bias", "neurosis", "repression", "dissociation",
]  # fmt: skip


def _conf() -> dict:
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    exec((DOCS / "conf.py").read_text(encoding="utf-8"), namespace)
    return namespace


@pytest.fixture(scope="module")
def entries():
    return glossary_entries()


def test_glossary_has_the_required_terms(entries):
    names = {name.lower() for entry in entries for name in entry.names}
    assert len(entries) >= 80
    missing = [term for term in REQUIRED_TERMS if term.lower() not in names]
    assert missing == []


def test_every_glossary_entry_is_linked_from_an_article(entries):
    used = {target for path in ARTICLES for target in term_targets(path.read_text("utf-8"))}
    unused = [e.names[0] for e in entries if not used & {n.lower() for n in e.names}]
    assert unused == []


def test_glossary_definitions_are_short(entries):
    for entry in entries:
        sentences = re.findall(r"[.!?](\s|$)", entry.definition.split("See also")[0])
        assert 1 <= len(sentences) <= 3, entry.names[0]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_front_matter_is_valid(path):
    conf = _conf()
    text = path.read_text("utf-8")
    assert problems_in(text, conf["kb_tags"], conf["kb_required_fields"]) == []


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_links_five_terms_and_cites_four_works(path):
    text = path.read_text("utf-8")
    assert len(set(term_targets(text))) >= 5
    assert len(cited_keys(text)) >= 4
    assert "```{footbibliography}" in text


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_the_evidence_note_marks_its_claims(path):
    """The note holds claims ({claim} directives), not hand-written bold labels."""
    text = path.read_text("utf-8")
    note = re.search(
        r"^(:{4,})\{admonition\} How strong is the evidence\?\n:class: evidence\n(.*?)^\1$",
        text,
        re.MULTILINE | re.DOTALL,
    )
    assert note, "no 'How strong is the evidence?' note that can hold claims"
    claims = re.findall(r"^:::\{claim\} \S.*\n:cite: \S", note.group(2), re.MULTILINE)
    assert claims, "the note marks no claim"
    assert not re.search(r"^\*\*[^*]+:\*\*", note.group(2), re.MULTILINE)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_length_and_reading_grade(path):
    text = prose(path.read_text("utf-8"))
    assert 600 <= len(text.split()) <= 1800
    assert textstat.flesch_kincaid_grade(text) <= 10


def test_every_article_shows_the_health_notice(site):
    for path in ARTICLES:
        notices = by_class(read(site / "articles" / f"{path.stem}.html"), "kb-notice")
        assert notices, path.name
        assert "../finding-help.html" in links(notices[0])


def test_prose_measure_ignores_markup():
    sample = "---\na: 1\n---\n# T\n\nA {term}`word <neuron>` and {footcite:p}`key`.\n"
    assert prose(sample).split() == ["T", "A", "word", "and", "."]


def test_the_bibliography_holds_only_cited_works():
    """The public reference list shows every entry, so an uncited entry would pad it."""
    bib = (DOCS / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib, re.MULTILINE))
    cited = set()
    for path in DOCS.rglob("*.md"):
        cited |= cited_keys(path.read_text(encoding="utf-8"))
    assert sorted(keys - cited) == []
    assert sorted(cited - keys) == []


def test_every_article_has_a_card_on_the_landing_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    cards = set(re.findall(r"^:link: (articles/[\w-]+)$", index, re.MULTILINE))
    assert (
        sorted(f"articles/{path.stem}" for path in ARTICLES if f"articles/{path.stem}" not in cards)
        == []
    )


def test_claims_page_sentences_stay_short():
    """The claims page packs the most evidence; its sentences stay within about 30 words."""
    text = prose((DOCS / "claims-and-evidence.md").read_text(encoding="utf-8"))
    sentences = [s for line in text.split("\n") for s in re.split(r"(?<=[.!?])\s+", line)]
    longest = max(sentences, key=lambda s: len(s.split()))
    assert len(longest.split()) <= 32, longest
