"""Generate a synthetic knowledge base of N articles for build benchmarks.

The corpus reuses the real configuration, glossary, bibliography, help page and
registered sources (so the copy guard checks every page), so every article links
real glossary terms (10 each), carries real tags and cites a real source. Articles
are about 600 words, in one of two shapes (SHAPES):

- "sections": split evenly across nine toctree sections, each article with two of
  the site's tags, as the real index groups its articles;
- "one-section": all in one toctree section, every article with the same three
  tags, so that one section and three topic pages hold every article.

The toctrees are hidden, as on the real index: the sidebar lists them.
"""

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Nine sections, as the site had when the benchmark's first figures were taken.
SECTIONS = 9
SHAPES = ("sections", "one-section")
SHARED_TAGS = 3
KEEP = ("conf.py", "glossary.md", "references.bib", "finding-help.md", "_static")
WORDS = [
    "people",
    "relationships",
    "brain",
    "change",
    "evidence",
    "research",
    "study",
    "therapy",
    "emotion",
    "memory",
    "learning",
    "support",
    "care",
    "family",
    "stress",
    "safety",
    "trust",
    "growth",
    "health",
    "experience",
    "review",
    "finding",
    "question",
    "answer",
    "result",
    "sample",
    "effect",
    "pattern",
    "report",
    "measure",
    "trial",
]

CONF_SUFFIX = """
# -- Benchmark switch -------------------------------------------------------------
import os as _os

if _os.environ.get("KB_BENCH_STOCK"):
    extensions = [e for e in extensions if e != "sphinx_kb"]
    suppress_warnings = ["myst.directive_unknown"]
if _os.environ.get("KB_BENCH_FURO_NAV"):
    kb_nav_patch = False
"""


def glossary_names() -> list[str]:
    text = (DOCS / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)^```", text, re.DOTALL | re.MULTILINE).group(1)
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line[0].isspace() and not line.startswith(":")
    ]


def tag_names() -> list[str]:
    namespace: dict = {"__file__": str(DOCS / "conf.py")}
    exec((DOCS / "conf.py").read_text(encoding="utf-8"), namespace)
    return list(namespace["kb_tags"])


def bib_keys() -> list[str]:
    text = (DOCS / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^@\w+\{([^,]+),", text, re.MULTILINE)


def article(number: int, rng: random.Random, terms, tags, keys, shared_tags=None) -> str:
    # Consecutive articles take consecutive terms, so every term is used once there are
    # enough articles (a term no page uses is a build warning).
    chosen_terms = [terms[(number * 10 + k) % len(terms)] for k in range(10)]
    chosen_tags = sorted(shared_tags or rng.sample(tags, 2))
    paragraphs = []
    for paragraph in range(10):
        words = [rng.choice(WORDS) for _ in range(55)]
        words[5] = "{term}`" + chosen_terms[paragraph] + "`"
        paragraphs.append(" ".join(words).capitalize() + ".")
    paragraphs[0] += " {footcite:p}`" + rng.choice(keys) + "`"
    sections = "\n\n".join(
        f"## Part {n + 1}\n\n" + "\n\n".join(paragraphs[n * 2 : n * 2 + 2]) for n in range(5)
    )
    return (
        "---\n"
        f"description: Synthetic article number {number} for build benchmarks.\n"
        f"tags: [{', '.join(chosen_tags)}]\n"
        "reviewed: 2026-01-01\n"
        "---\n\n"
        f"# Synthetic article {number}\n\n{sections}\n\n"
        "## References\n\n```{footbibliography}\n```\n"
    )


def _unlink_articles(path: Path) -> None:
    """Keep the words of links to the real articles, which the corpus does not have."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\[([^\]]*)\]\(articles/[^)]*\)", r"\1", text), encoding="utf-8")


def generate(
    target: Path, count: int, seed: int = 1, sections: int = SECTIONS, shape: str = "sections"
) -> list[Path]:
    """Write a corpus of count articles of the given shape into target/ (emptied first).

    Returns the articles.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown corpus shape {shape!r}: one of {', '.join(SHAPES)}")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in KEEP:
        source = DOCS / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    for page in ("glossary.md", "finding-help.md"):
        _unlink_articles(target / page)
    with (target / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_SUFFIX)
        # The project's registered sources, so that the copy guard checks every page.
        conf.write(f"kb_sources_dir = {str(ROOT / 'sources')!r}\n")
    rng = random.Random(seed)
    terms, tags, keys = glossary_names(), tag_names(), bib_keys()
    shared_tags = None
    if shape == "one-section":
        sections, shared_tags = 1, tags[:SHARED_TAGS]
    (target / "articles").mkdir()
    paths = []
    for number in range(count):
        path = target / "articles" / f"synthetic-{number:04d}.md"
        path.write_text(article(number, rng, terms, tags, keys, shared_tags), encoding="utf-8")
        paths.append(path)
    toctrees = []
    for section in range(sections):
        members = [p for i, p in enumerate(paths) if i % sections == section]
        entries = "\n".join(f"articles/{p.stem}" for p in members)
        toctrees.append(
            f"```{{toctree}}\n:caption: Section {section + 1}\n:hidden:\n\n{entries}\n```"
        )
    reference = "```{toctree}\n:caption: Reference\n:hidden:\n\nglossary\nfinding-help\n```"
    (target / "index.md").write_text(
        "---\ndescription: Benchmark corpus.\n---\n\n# Benchmark corpus\n\n"
        + "\n\n".join(toctrees)
        + "\n\n"
        + reference
        + "\n",
        encoding="utf-8",
    )
    return paths
