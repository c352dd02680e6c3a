"""The words the extension adds to pages, in the site's language (``sphinx.locale``).

Every interface string ("Topics", "Related articles", "Last reviewed"...) is
written ``_("...")`` with the translation function of the ``sphinx_kb`` message
catalog, so a site whose ``language`` is not English can render them in its own
words. The catalog is looked for first in the site's own ``locale_dirs``
(``<locale_dir>/<language>/LC_MESSAGES/sphinx_kb.mo``), then in the extension's
``locale/`` folder. With no catalog, or in English, every string is as written.
The texts a site sets itself (the notice's title and text) go through the same
catalog, so one ``conf.py`` can serve a site built in several languages.
"""

from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx

from .state import PARALLEL_SAFE

CATALOG = "sphinx_kb"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_ = locale.get_translation(CATALOG)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or the plural form, as the site's language counts."""
    if not locale.is_translator_registered(CATALOG):
        return singular if count == 1 else plural
    return locale.get_translator(CATALOG).ngettext(singular, plural, count)


def setup(app: Sphinx) -> dict:
    # The site's catalogs first: the first catalog found wins, the others are fallbacks.
    site_dirs = [Path(app.srcdir, folder) for folder in app.config.locale_dirs]
    locale.init(site_dirs, app.config.language, CATALOG)
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    return PARALLEL_SAFE
