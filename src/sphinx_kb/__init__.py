"""The Relational Brain's Sphinx extension: knowledge-base features on top of Sphinx.

``setup()`` loads the settings, then each part as a sub-extension of its own.
Each part loads the parts it needs itself (``app.setup_extension``), so the
order below is for the reader; where two handlers of one event must run in a
given order, they say so with a priority. The layout:

- ``config``, ``warnings``, ``state``, ``builders``, ``i18n``: what every part shares;
- ``content/``: the site model (pages, front matter, the glossary, claims);
- ``features/``: what readers see;
- ``checks/``: what the build refuses;
- ``html/``: the page's markup, assets, templates and static files;
- ``speedups/``: optional patches for speed, each for the versions it was checked against;
- ``fixes/``: workarounds for other projects' bugs, each naming the upstream issue;
- ``upstream``: the one policy of both, with the table of verified versions.
"""

from sphinx.application import Sphinx

__version__ = "0.1.0"

# The version of what this extension keeps in Sphinx's saved environment
# (doctrees/environment.pickle): every value it sets on the environment (state.py).
# Raise it by one whenever such a value is added, removed, renamed, or changes
# its shape or meaning. Sphinx sets aside an environment saved under another
# number and reads every page again, rather than handing old data to new code.
ENV_VERSION = 1

EXTENSIONS = (
    # First: a build after an interrupted one starts afresh, before anything is read.
    "fixes.interrupted",
    "content.frontmatter",
    "content.glossary",
    "content.certainty",
    "content.claims",
    "checks.advice",
    "checks.bibliography",
    "checks.copying",
    "checks.content",
    "checks.fences",
    "checks.pagehead",
    "checks.files",
    "checks.links",
    "features.refstyle",
    "features.citations",
    "features.evidencemap",
    "features.sources",
    "features.sourceclaims",
    "features.notice",
    "features.searchbox",
    "features.settingsdoc",
    "features.backlinks",
    "features.termpages",
    "features.tags",
    "features.review",
    "features.related",
    "features.metadata",
    "features.sourcelinks",
    "features.navigation",
    "features.termdata",
    "features.preview",
    "features.termsearch",
    "features.searchrank",
    "features.searchscope",
    "html.a11y",
    "html.assets",
    "speedups.pybtexcache",
    "speedups.parallel",
    "speedups.docutilssettings",
    "speedups.stemcache",
    "speedups.unchangedwrites",
    "speedups.nothingtodo",
    "speedups.toctreeparents",
    "speedups.bibliographycache",
    "fixes.searchindex",
)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.config")
    for name in EXTENSIONS:
        app.setup_extension(f"sphinx_kb.{name}")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
