"""The page's markup: assets per page, accessibility, templates and static files."""

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"
