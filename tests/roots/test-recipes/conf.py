"""A cookery site: another kind of knowledge base built with sphinx_kb.

Its guides live in guides/, its topic pages in categories/, its term pages in
ingredients/; it has no notice and no help page, and its guides end with
"Further reading" rather than "References".
"""

project = "Kitchen notes"
copyright = "Kitchen notes contributors"
version = "1"
extensions = ["myst_parser", "sphinx_kb"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True
html_theme = "furo"

kb_articles_folder = "guides"
kb_topics_folder = "categories"
kb_terms_folder = "ingredients"
kb_references_title = "Further reading"
kb_tags = {"baking": "Baking", "sauces": "Sauces", "quick": "Quick meals"}
kb_required_fields = {
    "description": "'description: One sentence saying what the guide cooks.'",
    "tags": "'tags: [tag, ...]' with tags from kb_tags",
    "serves": "'serves: N', how many people the dish feeds",
}
kb_search_examples = ["bread", "roux"]
kb_backlinks_limit = 1
kb_related_count = 2
