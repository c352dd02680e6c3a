"""Which kind of output a build makes, asked one way everywhere.

- ``is_html``: any HTML output, the EPUB included (its pages are XHTML).
- ``is_web_html``: HTML meant for browsers: it gets scripts; the EPUB does not.
- ``has_generated_pages``: a site of many pages that can hold generated ones (topic
  and term pages): web HTML, but not the single-page HTML.
"""

from sphinx.builders import Builder


def is_html(builder: Builder) -> bool:
    return builder.format == "html"


def is_web_html(builder: Builder) -> bool:
    return builder.format == "html" and builder.name != "epub"


def has_generated_pages(builder: Builder) -> bool:
    return is_web_html(builder) and builder.name != "singlehtml"
