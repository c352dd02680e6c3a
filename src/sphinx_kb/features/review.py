"""Review dates: when an article was last checked, when it is due, and a notice once it is.

Each article shows "Last reviewed: DATE · Next review due: DATE" under its title,
from the front matter's ``reviewed`` plus ``kb_review_interval`` months (three
years by default), or its own ``next_review``; an optional ``evidence_searched``
adds "Evidence searched up to: DATE". These are separate from git's "last
updated" date in the footer. A page whose review is due shows a warning notice.

"Today" is the date of ``SOURCE_DATE_EPOCH`` when it is set, so that two builds
with the same value are byte-identical; otherwise the current UTC date. An
article is read again when it falls due between two builds.

Article pages also carry schema.org JSON-LD (of the type ``kb_page_type``) with
``lastReviewed`` and ``dateModified`` (the git date when known, else the review
date); features/metadata.py gives the sitemap the same ``lastmod``.
"""

import calendar
import datetime
import json
import os

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import state
from ..builders import is_web_html
from ..content import head
from ..content.articles import is_article
from ..content.frontmatter import page_info
from ..i18n import _
from ..state import PARALLEL_SAFE

DUE = "kb_review_due"


def today() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch and epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    return now.date()


def add_months(date: datetime.date, months: int) -> datetime.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )


def review_dates(env: BuildEnvironment, docname: str) -> dict[str, datetime.date]:
    """The page's reviewed, next_review and evidence_searched dates, where known."""
    info = page_info(env, docname)
    dates = {
        name: datetime.date.fromisoformat(info[name])
        for name in ("reviewed", "next_review", "evidence_searched")
        if info.get(name)
    }
    if "reviewed" in dates and "next_review" not in dates:
        dates["next_review"] = add_months(dates["reviewed"], env.config.kb_review_interval)
    return dates


def is_due(env: BuildEnvironment, docname: str) -> bool:
    due = review_dates(env, docname).get("next_review")
    return due is not None and due <= today()


class Due(state.Registry):
    """Whether each article was due for review when it was read; read it again once that changes."""

    attr = DUE

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if is_article(app.config, app.env.docname):
            state.get(app.env, DUE)[app.env.docname] = is_due(app.env, app.env.docname)

    def get_outdated_docs(self, app: Sphinx, env: BuildEnvironment, added, changed, removed):
        """Articles that fell due (or stopped being due) since they were last read."""
        known = state.get(env, DUE)
        return sorted(
            doc
            for doc, due in known.items()
            if doc in env.found_docs and doc not in changed and is_due(env, doc) != due
        )


def _lines(dates: dict[str, datetime.date]) -> nodes.paragraph:
    paragraph = nodes.paragraph("", "", classes=["kb-review-dates"])
    shown = [
        _("Last reviewed: {date}").format(date=dates["reviewed"].isoformat()),
        _("Next review due: {date}").format(date=dates["next_review"].isoformat()),
    ]
    if "evidence_searched" in dates:
        searched = dates["evidence_searched"].isoformat()
        shown.append(_("Evidence searched up to: {date}").format(date=searched))
    for number, text in enumerate(shown):
        paragraph += nodes.Text(f" · {text}" if number else text)
    return paragraph


def _overdue(dates: dict[str, datetime.date]) -> nodes.admonition:
    text = _(
        "This page was due for review on {date} and has not been checked again since. "
        "Newer research may change what it says."
    ).format(date=dates["next_review"].isoformat())
    return nodes.admonition(
        "",
        nodes.title("", _("Review overdue")),
        nodes.paragraph("", text),
        classes=["warning", "kb-review-overdue"],
    )


def add_review_dates(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not is_article(app.config, docname):
        return
    dates = review_dates(app.env, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if "reviewed" not in dates or section is None:
        return
    added = [_lines(dates)]
    if dates["next_review"] <= today():
        added.append(_overdue(dates))
    head.insert(section, *added)


def modified(env: BuildEnvironment, docname: str) -> str | None:
    """The page's last change: its git date (sphinx-last-updated-by-git), else its review."""
    git = getattr(env, "git_last_updated", {}).get(docname)
    if git and git[0] is not None:
        # The timestamp is bytes read from git's output (seconds since the epoch).
        moment = datetime.datetime.fromtimestamp(int(git[0]), datetime.UTC)
        return moment.date().isoformat()
    return page_info(env, docname).get("reviewed")


def json_ld(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not is_article(app.config, pagename) or not is_web_html(app.builder):
        return
    info = page_info(app.env, pagename)
    data = {
        "@context": "https://schema.org",
        "@type": app.config.kb_page_type,
        "name": context.get("title") or "",
        "lastReviewed": info.get("reviewed"),
        "dateModified": modified(app.env, pagename),
    }
    if app.config.html_baseurl:
        base = app.config.html_baseurl.rstrip("/") + "/"
        data["url"] = base + app.builder.get_target_uri(pagename)
    text = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False, sort_keys=True)
    # "<" escaped, so that no text can close the script element.
    text = text.replace("<", "\\u003c")
    script = f'<script type="application/ld+json">{text}</script>\n'
    context["metatags"] = context.get("metatags", "") + script


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.frontmatter")
    app.setup_extension("sphinx_kb.i18n")
    app.add_env_collector(Due)
    app.connect("doctree-resolved", add_review_dates)
    app.connect("html-page-context", json_ld)
    return PARALLEL_SAFE
