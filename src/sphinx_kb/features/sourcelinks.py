"""Edit and report links: from each page to its Markdown source and to the issue form.

The repository's address comes from Read the Docs' environment when the site is
built there (``READTHEDOCS_GIT_CLONE_URL``, HTTPS or SSH) and otherwise from the
``kb_repository`` setting, which is empty by default: a build without an
address shows neither link. With an address,

- Furo's "Edit this page" button points at the page's source: this module fills
  in Furo's ``source_repository``, ``source_branch`` (the branch Read the Docs
  built, else ``kb_repository_branch``) and ``source_directory`` unless
  ``conf.py`` sets them;
- every page built from a source file gets a plain "Report a problem with this
  page" link under its content: GitHub's "content error" issue form
  (``kb_report_form``) with the page's title and address filled in through the
  form's query parameters. It needs no script and asks nothing of another host
  until the reader follows it.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlencode

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from ..builders import is_web_html
from ..i18n import _
from ..state import PARALLEL_SAFE

logger = logging.getLogger(__name__)

GITHUB = re.compile(
    r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
# The form's field that names the page (its id in .github/ISSUE_TEMPLATE/content-error.yml).
PAGE_FIELD = "page"
TITLE_PREFIX = "Content: "


def github_address(url: str) -> str | None:
    """``https://github.com/OWNER/NAME`` for a GitHub clone or web address, else None."""
    match = GITHUB.match(url.strip())
    return f"https://github.com/{match['owner']}/{match['name']}" if match else None


def repository(config: Config) -> str:
    """The repository's web address, or "" when neither Read the Docs nor conf.py gives one."""
    cloned = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
    if cloned:
        found = github_address(cloned)
        if found:
            return found
        logger.info("not a GitHub repository, so no edit or report links: %s", cloned)
    if not config.kb_repository:
        return ""
    found = github_address(config.kb_repository)
    if found is None:
        raise ConfigError(
            f"kb_repository is {config.kb_repository!r}: give the repository's GitHub "
            "address, such as https://github.com/OWNER/NAME, or leave it empty"
        )
    return found


def branch(config: Config) -> str:
    """The branch Read the Docs built, or ``kb_repository_branch`` (pull requests and tags)."""
    if os.environ.get("READTHEDOCS_VERSION_TYPE") == "branch":
        return os.environ.get("READTHEDOCS_GIT_IDENTIFIER") or config.kb_repository_branch
    return config.kb_repository_branch


def source_directory(srcdir: Path) -> str:
    """The source folder relative to the checkout's root (``docs/``)."""
    for parent in [srcdir, *srcdir.parents]:
        if (parent / ".git").exists():
            relative = srcdir.relative_to(parent).as_posix()
            return "" if relative == "." else relative + "/"
    return srcdir.name + "/"


def configure(app: Sphinx, config: Config) -> None:
    address = repository(config)
    config.kb_repository_url = address
    if not address or config.html_theme != "furo":
        return
    options = dict(config.html_theme_options)
    options.setdefault("source_repository", address + "/")
    options.setdefault("source_branch", branch(config))
    options.setdefault("source_directory", source_directory(Path(app.srcdir)))
    config.html_theme_options = options


def report_url(repo: str, form: str, title: str, address: str) -> str:
    query = {
        "template": form,
        "title": TITLE_PREFIX + title,
        PAGE_FIELD: f"{title} ({address})",
    }
    return f"{repo}/issues/new?{urlencode(query)}"


def add_report_link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    repo = app.config.kb_repository_url
    if not repo or doctree is None or not is_web_html(app.builder):
        return
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename
    uri = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl
    address = (base if base.endswith("/") else base + "/") + uri if base else uri
    context["kb_report_url"] = report_url(repo, app.config.kb_report_form, title, address)
    context["kb_report_label"] = _("Report a problem with this page")


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.i18n")
    app.connect("config-inited", configure)
    app.connect("html-page-context", add_report_link)
    return PARALLEL_SAFE
