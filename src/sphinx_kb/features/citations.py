"""What a citation says about its source: the study type, and any retraction or correction.

Every bibliography entry names its kind of study in a field (``kb_study_type_field``,
``studytype`` by default) with a value from ``kb_study_types``; it may also carry
``retracted`` or ``correction``, each ``{YYYY-MM-DD, https://notice}`` (checks/bibliography.py
checks all of this before any page is read). Where a page lists its footnote
citations (sphinxcontrib-bibtex's ``{footbibliography}``), each reference gets
its study type and, for a retracted or corrected work, a notice with the date
and a link; every citation of such a work in the text is followed by a visible
"retracted" or "corrected" mark. The preview script (kb-preview.js) shows a
reference, with its study type, over the citations to it.

The works each page cites are recorded (``kb_cited``) so that the evidence map
can list the pages that cite a retracted or corrected work.
"""

import re

from docutils import nodes
from sphinx.application import Sphinx

from .. import state
from ..state import PARALLEL_SAFE

CITED = "kb_cited"
NOTICE_FIELDS = {"retracted": "Retracted", "correction": "Corrected"}
NOTICE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*,?\s+(https?://\S+)\s*$")


def entries(env) -> dict:
    """The bibliography's entries by key ({} without sphinxcontrib-bibtex)."""
    if "cite" not in env.domains:
        return {}
    return env.get_domain("cite").bibdata.data.entries


def notices(entry) -> list[tuple[str, str, str]]:
    """(kind, date, link) for each retraction or correction an entry records."""
    found = []
    for field, kind in NOTICE_FIELDS.items():
        match = NOTICE.match(entry.fields.get(field, ""))
        if match:
            found.append((kind, match.group(1), match.group(2)))
    return found


def _footnote_names(env) -> dict[str, str]:
    """Footnote name -> bibliography key, named as sphinxcontrib-bibtex names them."""
    template = getattr(env.config, "bibtex_footcite_id", "") or "footcite-{key}"
    names = {}
    for key in entries(env):
        raw = template.format(key=key, footbibliography_count=1)
        names[nodes.make_id(raw)] = key
    return names


def _reference_key(node: nodes.footnote_reference, names: dict[str, str]) -> str | None:
    target = node.get("refid") or node.get("refname") or ""
    return names.get(target)


def record_cited(app: Sphinx, doctree: nodes.document) -> None:
    names = _footnote_names(app.env)
    keys = {_reference_key(ref, names) for ref in doctree.findall(nodes.footnote_reference)}
    keys.discard(None)
    if keys:
        state.get(app.env, CITED)[app.env.docname] = sorted(keys)


def cited_by_doc(env) -> dict[str, list[str]]:
    return state.get(env, CITED)


def study_type_label(config, entry) -> str:
    value = entry.fields.get(config.kb_study_type_field, "").strip()
    return config.kb_study_types.get(value, "")


def decorate(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Study types and notices under the references; marks after citations of flagged works."""
    bib = entries(app.env)
    if not bib:
        return
    names = _footnote_names(app.env)
    for footnote in doctree.findall(nodes.footnote):
        key = next((names[name] for name in footnote["names"] if name in names), None)
        paragraph = next(iter(footnote.findall(nodes.paragraph)), None)
        if key is None or paragraph is None:
            continue
        entry = bib[key]
        label = study_type_label(app.config, entry)
        if label:
            paragraph += nodes.Text(f" Study type: {label}.")
        for kind, date, link in notices(entry):
            notice = nodes.paragraph("", "", classes=["kb-source-notice"])
            notice += nodes.strong("", f"{kind} on {date}: ")
            notice += nodes.reference("", "read the notice", refuri=link)
            notice += nodes.Text(".")
            footnote += notice
    for reference in list(doctree.findall(nodes.footnote_reference)):
        key = _reference_key(reference, names)
        flagged = notices(bib[key]) if key else []
        if flagged:
            words = " and ".join(kind.lower() for kind, _, _ in flagged)
            mark = nodes.strong("", f" ({words})", classes=["kb-source-mark"])
            reference.parent.insert(reference.parent.index(reference) + 1, mark)


def setup(app: Sphinx) -> dict:
    state.register(app, CITED)
    app.connect("doctree-read", record_cited)
    app.connect("doctree-resolved", decorate)
    return PARALLEL_SAFE
