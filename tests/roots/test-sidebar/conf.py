extensions = ["myst_parser", "sphinx_kb"]
exclude_patterns = ["_build"]
nitpicky = True
kb_tags = {"brain": "Brain"}
kb_nav_section_limit = 2
html_theme = "furo"
