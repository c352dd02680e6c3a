extensions = ["myst_parser", "sphinx_kb"]
exclude_patterns = ["_build"]
nitpicky = True
kb_tags = {"brain": "Brain", "care": "Care", "methods": "Methods"}
kb_notice_text = "Not medical advice. See "
kb_help_page = "finding-help"
html_theme = "furo"
