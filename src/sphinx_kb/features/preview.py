"""Previews: a glossary term's definition pops up over the links to it.

So do a claim's certainty label (the level's meaning) and a footnote citation
(the reference, with its study type). The behaviour lives in
``static/kb-preview.js`` and ``kb-preview.css``; without JavaScript each of
these is an ordinary link: to the glossary, to the certainty scale or to the
reference. Only web HTML pages whose body has one of them get anything.

Such a page carries only a short inline loader. It fetches ``kb-preview.js``
the first time the reader points at, focuses or touches a link that has a
preview; the script then fetches its styles and, for a term, the term data
(``kb-terms.js``), from the addresses (with their checksums) in its
``data-kb-styles`` and ``data-kb-terms`` attributes. A page thus costs no more
to open for having previews. A first tap that comes before the script is kept
on the page, and the script shows that link's preview once it has run.
"""

import json

from docutils import nodes
from sphinx.application import Sphinx

from ..builders import is_web_html
from ..content.claims import has_claims
from ..state import PARALLEL_SAFE
from .termdata import FILENAME, STATIC, address

SCRIPT = "kb-preview.js"
STYLES = "kb-preview.css"
LOADER = """(() => {
  const previewed = (target) => {
    const link = target.closest?.("a, .kb-certainty");
    if (!link) return null;
    if (link.matches(".kb-certainty") || link.matches('a.footnote-reference[href^="#footcite-"]'))
      return link;
    return link.matches("a.reference.internal") && link.querySelector(".std-term") ? link : null;
  };
  let script = null;
  let touch = false;
  const load = (event) => {
    if (script || !previewed(event.target)) return;
    script = document.createElement("script");
    Object.assign(script.dataset, %(data)s);
    script.src = %(src)s;
    document.head.append(script);
  };
  for (const type of ["pointerover", "pointerdown", "focusin"])
    document.addEventListener(type, load);
  document.addEventListener("pointerdown", (event) => (touch = event.pointerType === "touch"));
  document.addEventListener("click", (event) => {
    const link = previewed(event.target);
    if (link && touch && !window.kbPreviewReady) {
      event.preventDefault();
      window.kbPreviewTapped = link;
    }
  });
})();"""


def has_term_links(doctree: nodes.document) -> bool:
    # A resolved {term} reference renders its text in an inline with class "std-term".
    return any("std-term" in node["classes"] for node in doctree.findall(nodes.inline))


def has_footnote_citations(doctree: nodes.document) -> bool:
    return any(
        (ref.get("refid") or "").startswith("footcite-")
        for ref in doctree.findall(nodes.footnote_reference)
    )


def loader(app: Sphinx, context: dict, terms: bool) -> str:
    data = {"kbStyles": address(STATIC / STYLES)}
    if terms:
        data["kbTerms"] = address(app.outdir / "_static" / FILENAME)
    src = context["pathto"](f"_static/{address(STATIC / SCRIPT)}", 1)
    # Sorted keys and ASCII-only JSON: the same page text for the same addresses.
    return LOADER % {"data": json.dumps(data, sort_keys=True), "src": json.dumps(src)}


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not is_web_html(app.builder):
        return
    terms = has_term_links(doctree)
    if terms or has_claims(doctree) or has_footnote_citations(doctree):
        app.add_js_file(None, body=loader(app, context, terms))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx_kb.content.claims")
    app.setup_extension("sphinx_kb.features.termdata")
    app.connect("html-page-context", add_assets)
    return PARALLEL_SAFE
