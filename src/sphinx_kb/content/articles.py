"""Which documents are articles: the pages under ``articles/``."""

ARTICLE_PREFIX = "articles/"


def is_article(docname: str) -> bool:
    return docname.startswith(ARTICLE_PREFIX)
