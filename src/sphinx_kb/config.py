"""Every ``kb_*`` setting of the extension: its type, default and meaning, declared once.

A site sets these in its ``conf.py``. A default is the extension's own, neutral
choice: what any knowledge base can keep (an ``articles`` folder, ``topics`` and
``terms`` pages, a "References" section), or nothing where no neutral choice
exists (no notice, no help page, no search examples, no tags). A site's own
conventions, such as The Relational Brain's health notice, are set in its
``conf.py`` (``docs/conf.py``). ``docs/use-it-in-your-own-project.md`` lists every
setting, from ``SETTINGS`` below. Every value is checked once, when the
configuration is read (``config-inited``): a wrong type or shape stops the
build with a message that names the setting, before any page is read.

``rebuild`` is what Sphinx re-does when a value changes: ``"env"`` reads every
page again, ``"html"`` only writes them again.
"""

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .warnings import warn

# -- Defaults that are long enough to stand apart -------------------------------

DEFAULT_SCALE = [
    {
        "key": "high",
        "label": "High certainty",
        "meaning": "Many good studies agree, and new research is unlikely to change the finding.",
    },
    {
        "key": "moderate",
        "label": "Moderate certainty",
        "meaning": "The evidence is good, but new research could change the finding.",
    },
    {
        "key": "low",
        "label": "Low certainty",
        "meaning": (
            "The evidence is limited or flawed, so new research may well change the finding."
        ),
    },
    {
        "key": "very-low",
        "label": "Very low certainty",
        "meaning": "The evidence is so thin or weak that the finding is very uncertain.",
    },
    {
        "key": "untested",
        "label": "Untested idea",
        "meaning": "A theory that no trial or other direct study has tested yet.",
    },
]

DEFAULT_STUDY_TYPES = {
    "systematic-review": "Systematic review",
    "meta-analysis": "Meta-analysis",
    "randomized-trial": "Randomized controlled trial",
    "nonrandomized-trial": "Controlled study without randomization",
    "experiment": "Laboratory experiment",
    "cohort": "Cohort study",
    "case-control": "Case-control study",
    "cross-sectional": "Cross-sectional study",
    "case-series": "Case series",
    "animal": "Animal study",
    "guideline": "Clinical guideline",
    "narrative-review": "Narrative review",
    "book": "Book",
    "theory": "Theory",
    "commentary": "Commentary or critique",
    "service-evaluation": "Service evaluation (routine data)",
    "other": "Other record",
}

DEFAULT_VERDICTS = ["Supported", "Nuanced", "Overstated", "Not supported", "Untested"]

# What the extension itself needs of an article: a description for its meta tag, topic
# pages and related lists, and tags for its topic pages. A site may require more.
REQUIRED_FIELDS = {
    "description": "'description: One sentence saying what the article answers.'",
    "tags": "'tags: [tag, ...]' with tags from kb_tags in conf.py",
}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    description: str
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)
    internal: bool = False


def _certainty_scale(scale) -> str | None:
    if not scale:
        return "must be a non-empty list of levels, strongest first"
    for number, level in enumerate(scale, 1):
        if not isinstance(level, dict) or any(
            not isinstance(level.get(name), str) or not level[name].strip()
            for name in ("key", "label", "meaning")
        ):
            return f"level {number} needs the text fields 'key', 'label' and 'meaning'"
    keys = [level["key"] for level in scale]
    if len(set(keys)) != len(keys):
        return "two levels share a key; give each level its own"
    return None


def _search_ranking(ranking: dict) -> str | None:
    for pattern, value in ranking.items():
        if not isinstance(value, int) or isinstance(value, bool) or not -10 <= value <= 10:
            return (
                f"[{pattern!r}] is {value!r}: give a whole number "
                "from -10 to 10, as Read the Docs' search.ranking takes"
            )
    return None


def _regex(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as error:
        return f"is not a regular expression: {error}"
    return None


def _positive(number: int) -> str | None:
    return None if number > 0 else f"is {number}: give a whole number above 0"


def _texts(values) -> str | None:
    if not all(isinstance(value, str) and value.strip() for value in values):
        return f"is {values!r}: give a list of texts"
    return None


def _required_fields(fields: dict) -> str | None:
    for name, line in fields.items():
        if not isinstance(name, str) or not isinstance(line, str) or not line.strip():
            return (
                f"[{name!r}] is {line!r}: map each field name to the line an author "
                "should add, such as \"'reviewed: YYYY-MM-DD'\""
            )
    return None


def _folder(name: str) -> str | None:
    if not name or name.startswith("/") or name.endswith("/") or ".." in name.split("/"):
        return f"is {name!r}: give a folder of the source folder, such as 'articles'"
    return None


SETTINGS: tuple[Setting, ...] = (
    # -- The site's structure --------------------------------------------------------
    Setting(
        "kb_articles_folder",
        "articles",
        "env",
        (str,),
        "The folder of the source folder that holds the articles.",
        _folder,
    ),
    Setting(
        "kb_topics_folder",
        "topics",
        "html",
        (str,),
        "The folder of the generated topic pages (one per tag, and an index).",
        _folder,
    ),
    Setting(
        "kb_terms_folder",
        "terms",
        "html",
        (str,),
        "The folder of the generated term pages, for terms used on many pages.",
        _folder,
    ),
    Setting(
        "kb_help_page",
        "",
        "env",
        (str,),
        "The page the notice links to, named without .md (such as 'finding-help'); it "
        "carries no notice itself. Empty (the default, as not every site has one): no link.",
    ),
    Setting(
        "kb_references_title",
        "References",
        "env",
        (str,),
        "The title of an article's reference section; related articles go before it "
        "(at the end of the article when it has none).",
    ),
    Setting(
        "kb_required_fields",
        REQUIRED_FIELDS,
        "env",
        (dict,),
        "Front-matter fields every article must have: field -> the line to add if "
        "missing. The default is what the extension needs: description and tags.",
        _required_fields,
    ),
    Setting(
        "kb_tags",
        {},
        "env",
        (dict,),
        "The tags articles may carry: tag -> the label readers see. Every site has its "
        "own, so there is no default.",
    ),
    # -- What readers see --------------------------------------------------------------
    Setting(
        "kb_notice_text",
        "",
        "env",
        (str,),
        "A notice at the top of every article (such as a health warning), followed by a "
        "link to kb_help_page. Empty (the default, as what to say is each site's own): "
        "no notice.",
    ),
    Setting(
        "kb_notice_title",
        "Notice",
        "env",
        (str,),
        "The title of the notice of kb_notice_text.",
    ),
    Setting(
        "kb_notice_topics",
        "",
        "env",
        (str,),
        "Regular expression: pages besides articles whose text matches carry the notice "
        "too. Empty (the default): articles only.",
        _regex,
    ),
    Setting(
        "kb_related_count",
        3,
        "env",
        (int,),
        "Related articles listed at the end of each article.",
        _positive,
    ),
    Setting(
        "kb_backlinks_limit",
        8,
        "html",
        (int,),
        "Pages listed under a glossary entry; a term used on more has its own page.",
        _positive,
    ),
    Setting(
        "kb_nav_patch",
        True,
        "html",
        (bool,),
        "Use the sidebar that costs the same on every page; False: the theme's own.",
    ),
    Setting(
        "kb_nav_section_limit",
        25,
        "html",
        (int,),
        "A sidebar section with more pages shows as one link, except on its own pages.",
        _positive,
    ),
    Setting(
        "kb_search_examples",
        (),
        "html",
        (list, tuple),
        "Example queries shown in the search box of the kb-searchbox directive. Empty "
        "(the default, as good examples are each site's own): none.",
        _texts,
    ),
    Setting(
        "kb_search_ranking",
        {},
        "html",
        (dict,),
        "Document-name pattern -> search weight (-10 to 10); first match wins.",
        _search_ranking,
    ),
    Setting(
        "kb_page_type",
        "WebPage",
        "html",
        (str,),
        "The schema.org type of an article in its JSON-LD, such as MedicalWebPage.",
    ),
    Setting(
        "kb_review_interval",
        36,
        "env",
        (int,),
        "Months after 'reviewed' that an article is due for review again.",
        _positive,
    ),
    # -- Evidence ------------------------------------------------------------------------
    Setting(
        "kb_certainty_scale",
        DEFAULT_SCALE,
        "env",
        (list, tuple),
        "Certainty levels, strongest first: dicts with key, label and meaning.",
        _certainty_scale,
    ),
    Setting(
        "kb_study_types",
        DEFAULT_STUDY_TYPES,
        "env",
        (dict,),
        "Allowed study types of bibliography entries: value -> label shown.",
    ),
    Setting(
        "kb_study_type_field",
        "studytype",
        "env",
        (str,),
        "The bibliography field that names an entry's study type.",
    ),
    Setting(
        "kb_verdicts",
        DEFAULT_VERDICTS,
        "env",
        (list, tuple),
        "The verdicts a source claim may have, as readers see them.",
    ),
    Setting(
        "kb_sources_dir",
        "../sources",
        "env",
        (str,),
        "The folder of source files (sources/<id>.yaml), relative to conf.py.",
    ),
    # -- Files and links ------------------------------------------------------------------
    Setting(
        "kb_outside_files",
        [],
        "env",
        (list, tuple),
        "Files outside the source folder that pages may include, relative to it.",
    ),
    Setting(
        "kb_repository",
        "",
        "html",
        (str,),
        "GitHub address of the repository (https://github.com/OWNER/NAME); "
        "empty: no edit or report links. Read the Docs' READTHEDOCS_GIT_CLONE_URL wins.",
    ),
    Setting(
        "kb_repository_branch",
        "main",
        "html",
        (str,),
        "The branch that edit links open, unless Read the Docs built another.",
    ),
    Setting(
        "kb_report_form",
        "content-error.yml",
        "html",
        (str,),
        "File name of the issue form that 'Report a problem' opens.",
    ),
    # -- Build ------------------------------------------------------------------------------
    Setting(
        "kb_speedups",
        True,
        "env",
        (bool,),
        "Apply the speed-ups (patches of other projects, each for the versions it was "
        "checked against); False: build with every project as it comes.",
    ),
    # -- Worked out by the extension, never set by hand --------------------------------------
    Setting(
        "kb_repository_url",
        "",
        "html",
        (str,),
        "The repository address in use (from kb_repository or Read the Docs).",
        internal=True,
    ),
    Setting(
        "kb_sources_digest",
        "",
        "env",
        (str,),
        "A digest of the registered source files, so that a changed source re-reads every page.",
        internal=True,
    ),
)


def _type_names(types: tuple[type, ...]) -> str:
    return " or ".join(
        {"str": "text", "int": "a whole number", "bool": "True or False"}.get(
            t.__name__, f"a {t.__name__}"
        )
        for t in types
    )


def _line_in_conf(app: Sphinx, name: str) -> object:
    """Where conf.py sets the setting ("file:line"), or None (set with -D, or not found)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    lines = [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
    ]
    if lines:  # the last assignment is the one in force
        return f"{conf}:{lines[-1]}"
    return None


def problem_with(setting: Setting, value: object) -> str | None:
    """What is wrong with a value of the setting, in words, or None."""
    wrong_type = not isinstance(value, setting.types) or (
        isinstance(value, bool) and bool not in setting.types
    )
    if wrong_type:
        return f"is {value!r}: give {_type_names(setting.types)} ({setting.description})"
    return setting.check(value) if setting.check else None


def check(app: Sphinx, config: Config) -> None:
    """Report a setting of the wrong type or shape at its line, and build with the default.

    A ``-W`` build then stops with the message; no part of the extension ever
    sees the wrong value.
    """
    for setting in SETTINGS:
        problem = problem_with(setting, config[setting.name])
        if problem:
            warn(
                f"{setting.name} {problem}; the default is used until it is fixed",
                subtype="config",
                location=_line_in_conf(app, setting.name),
            )
            config[setting.name] = setting.default


def setup(app: Sphinx) -> dict:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,
            types=frozenset(setting.types),
            description=setting.description,
        )
    app.connect("config-inited", check, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
