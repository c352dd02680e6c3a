extensions = ["myst_parser", "sphinx_kb"]
exclude_patterns = ["_build"]
nitpicky = True
kb_tags = {"brain": "Brain", "care": "Care", "methods": "Methods"}
html_theme = "furo"
