/* Term-aware search: when the query names a glossary term, show its entry above the results.
 *
 * Reads window.KB_TERMS (from kb-terms.js) and the page's q parameter. A query
 * matches a term or any of its aliases whatever its case, surrounding or
 * repeated spaces, or a trailing plural "s" or "es". The box goes just before
 * Sphinx's #search-results, which Sphinx's own search script fills as usual.
 */
(() => {
  "use strict";

  const results = document.getElementById("search-results");
  const query = new URLSearchParams(window.location.search).get("q");
  if (!results || !query) return;

  const normal = (text) => text.trim().replace(/\s+/g, " ").toLowerCase();

  // The exact spelling comes first, so that a name ending in "s" ("ACEs") wins.
  const spellings = (text) => {
    const found = [text];
    if (text.endsWith("es")) found.push(text.slice(0, -2));
    if (text.endsWith("s")) found.push(text.slice(0, -1));
    return found;
  };

  const find = (wanted) => {
    for (const spelling of spellings(wanted)) {
      for (const term of window.KB_TERMS || []) {
        const name = term.names.find((n) => normal(n) === spelling);
        if (name) return { term, name };
      }
    }
    return null;
  };

  const match = find(normal(query));
  if (!match) return;
  const { term, name } = match;
  const main = term.names[0];
  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);

  const paragraph = (className, content) => {
    const p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = content;
    return p;
  };

  const box = document.createElement("section");
  box.className = "kb-term-match";
  box.setAttribute("aria-labelledby", "kb-term-match-heading");
  box.append(paragraph("kb-term-match-kind", "Glossary"));
  const heading = box.appendChild(document.createElement("h2"));
  heading.id = "kb-term-match-heading";
  const link = heading.appendChild(document.createElement("a"));
  link.href = new URL(term.url, root).href;
  link.textContent = main;
  if (name !== main) {
    box.append(paragraph("kb-term-match-alias", `\u201c${name}\u201d is another name for ${main}.`));
  }
  box.append(paragraph("kb-term-match-definition", term.definition));
  results.before(box);
})();
