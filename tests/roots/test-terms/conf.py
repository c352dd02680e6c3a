"""A small knowledge base for testing the term data, previews and search."""

project = "Terms test"
copyright = "Terms test contributors"
version = "1"
extensions = ["myst_parser", "sphinx_kb"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True
kb_tags = {"brains": "Brains", "defences": "Defences"}
