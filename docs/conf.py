"""Sphinx configuration for The Relational Brain.

Build locally with ``make html`` from the repository root (it sets up ``.venv``
first), or by hand with ``python -m sphinx -M html docs docs/_build -W -n``.
Read the Docs builds this file as configured in ``.readthedocs.yaml``.
"""

import os
from pathlib import Path

# -- Project -------------------------------------------------------------------

project = "The Relational Brain"
author = "The Relational Brain contributors"
copyright = "The Relational Brain contributors; content CC BY 4.0, code MIT"
language = "en"
# EPUB needs a version; the knowledge base is a living document, not a release.
version = release = "latest"

# -- General -------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "sphinx_kb",
    "sphinx_last_updated_by_git",
    "sphinxext.opengraph",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Every reference must resolve: a broken link fails the build under -W.
nitpicky = True

# Pages show when they last changed, from git history. A copy of the sources
# outside a git checkout (such as a release archive) builds without the dates.
html_last_updated_fmt = "%Y-%m-%d"
if not (Path(__file__).resolve().parent.parent / ".git").exists():
    suppress_warnings = ["git.subprocess_error"]

# -- MyST ------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get stable anchors, so sections can be linked as page.md#anchor.
myst_heading_anchors = 3

# -- Citations -------------------------------------------------------------------

bibtex_bibfiles = ["references.bib"]
# "plain" with author lists of more than three names shortened to three and "et al."
# (sphinx_kb registers it).
bibtex_default_style = "kb"
bibtex_reference_style = "author_year"
bibtex_foot_reference_style = "foot"

# -- The knowledge-base extension (src/sphinx_kb) ---------------------------------

# The controlled list of article tags: slug -> label. Articles may use only these.
kb_tags = {
    "neuroplasticity": "Neuroplasticity",
    "brain-imaging": "Brain imaging",
    "ipnb": "Interpersonal neurobiology",
    "relationships": "Relationships",
    "attachment": "Attachment",
    "trauma": "Trauma",
    "epigenetics": "Epigenetics",
    "psychotherapy": "Psychotherapy",
    "research-methods": "Research methods",
    "ptsd": "PTSD",
    "memory": "Memory",
    "popular-ideas": "Popular ideas, checked",
    "getting-help": "Getting help",
}

# Every article must say what it answers, carry tags, and say when its content was last
# checked against its sources (a page is due for review kb_review_interval months later).
kb_required_fields = {
    "description": "'description: One sentence saying what the article answers.'",
    "tags": "'tags: [tag, ...]' with tags from kb_tags in conf.py",
    "reviewed": "'reviewed: YYYY-MM-DD', the date the content was last checked against its sources",
}

# The health notice: on every article, and on any other page whose text touches suicide,
# self-harm, abuse or trauma. It ends with a link to the help page, which (like the
# landing page) has its own urgent-help line instead.
kb_notice_title = "Health information"
kb_notice_text = (
    "This page is for education. It does not replace care from a qualified "
    "professional. If you are in danger now, call your local emergency number. "
    "If you are struggling or worried about someone, see "
)
kb_notice_topics = (
    r"\b(suicid\w*|self-harm\w*|abuse[ds]?|abusive|trauma\w*|PTSD|sexual assault|rape)\b"
)
kb_help_page = "finding-help"

# The landing page's search box suggests these queries.
kb_search_examples = ["IPNB", "attachment", "defence mechanism"]

# Articles describe health topics, as schema.org's MedicalWebPage.
kb_page_type = "MedicalWebPage"

# Search weights (-10 to 10) by document name, first match wins: the search page ranks
# articles and the help page above the pages that list or discuss them. Read the Docs'
# search.ranking in .readthedocs.yaml holds the same values (a test compares them).
kb_search_ranking = {
    "articles/*": 5,
    "finding-help": 5,
    "glossary": -2,
    "about": -2,
    "claims-and-evidence": -3,
    "topics/*": -3,
    "references": -5,
    "contributing": -5,
    "use-it-in-your-own-project": -5,
}

# The sidebar lists every article of a section with at most this many pages; for a
# larger section it lists the articles only on that section's own pages.
kb_nav_section_limit = 25

# Files outside docs/ that a page may include: the contributor guide, shown as a page.
# Every other file a page shows must be inside docs/.
kb_outside_files = ["../CONTRIBUTING.md"]

# -- Repository: edit and report links ------------------------------------------------

# The repository's GitHub address, such as "https://github.com/OWNER/NAME". Each page
# links to its Markdown source ("Edit this page") and to the "content error" issue form
# ("Report a problem with this page") only when the address is known. On Read the Docs
# it comes from the project's repository (READTHEDOCS_GIT_CLONE_URL), which wins.
kb_repository = ""

# -- HTML output -------------------------------------------------------------------

html_theme = "furo"
html_title = "The Relational Brain"
html_static_path = ["_static"]
html_css_files = ["kb-site.css"]
html_favicon = "_static/favicon.svg"
html_theme_options = {
    # Sphinx's "/" key jumps to the search box and cannot be turned off, which fails
    # WCAG 2.1.4 (character key shortcuts); without it most pages need no doctools.js.
    "enable_search_shortcuts": False,
}
html_copy_source = False
html_show_sourcelink = False
# Read the Docs sets the canonical address of the published site.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Open Graph (sphinxext-opengraph) --------------------------------------------------

# Link previews on other sites: og:title, og:url, og:site_name and og:description, which
# sphinx_kb takes from the page's front-matter description.
ogp_site_url = html_baseurl
ogp_type = "article"
# No generated preview images: they need matplotlib and fonts, and the site has no logo.
ogp_social_cards = {"enable": False}

# -- EPUB output -------------------------------------------------------------------

epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_show_urls = "no"
epub_description = (
    "An open, evidence-based knowledge base on how relationships shape the brain, "
    "what emotional trauma does, and whether psychotherapy works."
)
# A fixed identifier, so that reading systems know a new build for the same book. Sphinx
# writes epub_uid into toc.ncx, which must match the identifier, and it must be an XML name.
epub_uid = epub_identifier = "relational-brain-8c5d00ae-2258-592b-b382-4d94f2f67204"
# The landing page's toctrees are hidden (the sidebar shows them); the EPUB's
# table of contents lists their pages all the same.
epub_tocscope = "includehidden"

# The one certainty scale of the site is the extension's default, adapted from GRADE:
# High, Moderate, Low and Very low certainty, and Untested idea (kb_certainty_scale, in
# src/sphinx_kb/config.py). Each claim names a level by its key; About lists them.
