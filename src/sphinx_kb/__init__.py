"""The Relational Brain's Sphinx extension: knowledge-base features on top of Sphinx.

Each concern lives in its own module; this file only wires them together.
"""

from sphinx.application import Sphinx

from . import (
    a11y,
    advice,
    assets,
    backlinks,
    bibcheck,
    certainty,
    citations,
    claims,
    contentcheck,
    copyguard,
    evidencemap,
    fencecheck,
    frontmatter,
    headcheck,
    interrupted,
    linktargets,
    metadata,
    navigation,
    notice,
    parallel,
    preview,
    pybtexcache,
    refstyle,
    related,
    review,
    search,
    searchbox,
    searchfix,
    searchrank,
    searchscope,
    settingscache,
    sourceclaims,
    sourcefiles,
    sourcelinks,
    sources,
    stemcache,
    tags,
    termdata,
    termpages,
    terms,
)

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict:
    refstyle.register()
    interrupted.setup(app)
    pybtexcache.setup(app)
    parallel.setup(app)
    settingscache.setup(app)
    advice.setup(app)
    citations.setup(app)
    bibcheck.setup(app)
    frontmatter.setup(app)
    certainty.setup(app)
    claims.setup(app)
    evidencemap.setup(app)
    sources.setup(app)
    sourceclaims.setup(app)
    copyguard.setup(app)
    contentcheck.setup(app)
    fencecheck.setup(app)
    headcheck.setup(app)
    sourcefiles.setup(app)
    linktargets.setup(app)
    notice.setup(app)
    searchbox.setup(app)
    terms.setup(app)
    backlinks.setup(app)
    termpages.setup(app)
    tags.setup(app)
    review.setup(app)
    related.setup(app)
    metadata.setup(app)
    sourcelinks.setup(app)
    navigation.setup(app)
    termdata.setup(app)
    preview.setup(app)
    search.setup(app)
    searchfix.setup(app)
    searchrank.setup(app)
    searchscope.setup(app)
    stemcache.setup(app)
    a11y.setup(app)
    assets.setup(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
