"""Which documents are articles: the pages in the folder ``kb_articles_folder`` names."""

from sphinx.config import Config


def is_article(config: Config, docname: str) -> bool:
    return docname.startswith(config.kb_articles_folder + "/")
