"""The extension's overrides of Furo's templates, in ``templates/``.

Furo documents its templates as the place to change what it renders; each file
in ``templates/`` says which part of the extension it serves. They are added to
``templates_path`` once, here, for a site whose theme is Furo, so that every
part that needs one declares it with ``app.setup_extension`` and no part relies
on another having loaded first.
"""

from sphinx.application import Sphinx
from sphinx.config import Config

from ..state import PARALLEL_SAFE
from . import TEMPLATES


def add_templates(app: Sphinx, config: Config) -> None:
    if config.html_theme == "furo" and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_templates)
    return PARALLEL_SAFE
