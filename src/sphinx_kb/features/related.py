"""Related articles: up to ``kb_related_count`` at the end of each article.

Two articles are related by the glossary entries and tags they share; each
shared entry or tag counts one. Ties go by title, then docname, so the order is
the same on every build. After reading, the lists are recomputed for every
article and the pages whose list changed are written again, so an edit to one
article never leaves a stale list on another. The list goes before the article's
reference section (the section titled ``kb_references_title``), or at its end.
"""

import heapq

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import state
from ..content.articles import is_article
from ..content.frontmatter import page_info
from ..content.glossary import entry_index, uses_by_doc
from ..i18n import _
from ..state import PARALLEL_SAFE

RELATED = "kb_related_lists"
SCORED = "kb_related_scored"


def _features(env: BuildEnvironment, docname: str, index: dict) -> set[str]:
    entries = {index[u.term].anchor for u in uses_by_doc(env).get(docname, []) if u.term in index}
    return entries | {f"tag:{tag}" for tag in page_info(env, docname)["tags"]}


def _all_features(env: BuildEnvironment) -> dict[str, frozenset[str]]:
    index = entry_index(env)
    articles = sorted(d for d in env.found_docs if is_article(env.config, d) and d in env.titles)
    return {d: frozenset(_features(env, d, index)) for d in articles}


def contenders(features: dict[str, frozenset[str]], count: int) -> dict[str, list[tuple]]:
    """Article -> the (-shared, other) pairs that can make its top ``count``.

    Every pair of articles is compared, so each feature set becomes the bits of
    an integer: the number of shared features is then one AND and one bit count.
    Titles only break ties, so an article whose score is below the ``count``-th
    best can never make the list, whatever the titles; it is left out here, and
    a renamed article costs a re-sort of the few contenders, not a new scoring.
    """
    bit = {f: 1 << n for n, f in enumerate(sorted(set().union(*features.values())))}
    masks = [(d, sum(bit[f] for f in mine)) for d, mine in features.items()]
    found = {}
    for docname, mine in masks:
        scored = []
        for other, theirs in masks:
            shared = (mine & theirs).bit_count()
            if shared and other != docname:
                scored.append((-shared, other))
        if len(scored) > count:
            cutoff = heapq.nsmallest(count, scored)[-1][0]
            scored = [pair for pair in scored if pair[0] <= cutoff]
        found[docname] = scored
    return found


def rank(contending: dict[str, list[tuple]], titles: dict[str, str], count: int) -> dict:
    """Article -> its related articles, best first: most shared, then by title, then name."""
    return {
        docname: [o for _, _, o in heapq.nsmallest(count, ((s, titles[o], o) for s, o in pairs))]
        for docname, pairs in contending.items()
    }


def refresh(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Recompute every list; return the articles whose list or whose neighbours changed.

    Scoring every pair of articles is the costly part, so it is done only when an
    article's terms or tags changed, or an article was added or removed.
    """
    count = app.config.kb_related_count
    features = _all_features(env)
    titles = {d: env.titles[d].astext() for d in features}
    previous = getattr(env, SCORED, None)
    if previous is not None and previous[:2] == (features, count):
        contending = previous[2]
    else:
        contending = contenders(features, count)
    setattr(env, SCORED, (features, count, contending))
    order = rank(contending, titles, count)
    shown = {
        d: [(o, titles[o], page_info(env, o)["description"]) for o in lst]
        for d, lst in order.items()
    }
    return sorted(state.changed(env, RELATED, shown) & shown.keys())


def add_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    related = getattr(app.env, RELATED, {}).get(docname)
    top = next(iter(doctree.findall(nodes.section)), None)
    if not related or top is None:
        return
    section = nodes.section("", ids=["kb-related-articles"], classes=["kb-related"])
    section += nodes.title("", _("Related articles"))
    items = nodes.bullet_list()
    for other, title, description in related:
        uri = app.builder.get_relative_uri(docname, other)
        paragraph = nodes.paragraph("", "", nodes.reference("", title, internal=True, refuri=uri))
        if description:
            paragraph += nodes.Text(f": {description}")
        items += nodes.list_item("", paragraph)
    section += items
    title = app.config.kb_references_title
    references = [
        child
        for child in top.children
        if isinstance(child, nodes.section) and child[0].astext() == title
    ]
    if references:
        top.insert(top.index(references[0]), section)
    else:
        top += section


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.setup_extension("sphinx_kb.content.glossary")
    app.setup_extension("sphinx_kb.i18n")
    app.connect("env-updated", refresh)
    app.connect("doctree-resolved", add_related)
    return PARALLEL_SAFE
