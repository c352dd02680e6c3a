/* Term-aware search: when the query names a glossary term, show its entry above the results.
 *
 * Reads window.KB_TERMS (from kb-terms.js) and the page's q parameter. A query
 * matches a term or any of its aliases whatever its case, surrounding or
 * repeated spaces, or a trailing plural "s" or "es". A one-word query that is
 * no name, such as "defence" or "plasticity", matches by the names with a word
 * ending in it: when they belong to one entry ("defence mechanism"), or to two
 * of which one has more of them ("neuroplasticity", "brain plasticity" and
 * "neural plasticity" against "synaptic plasticity"), that entry is shown; a
 * word that many entries share ("brain", "therapy") shows none.
 * The box goes just before Sphinx's #search-results, which Sphinx's own search
 * script fills as usual.
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

  const terms = window.KB_TERMS || [];
  const exact = (spelling) => {
    for (const term of terms) {
      const name = term.names.find((n) => normal(n) === spelling);
      if (name) return { term, name };
    }
    return null;
  };

  const wordsOf = (name) => normal(name).split(/[^\p{L}\p{N}]+/u);
  const byWord = (word) => {
    if (word.length < 4 || /[^\p{L}\p{N}]/u.test(word)) return null;
    const counts = new Map(); // entry -> its names with the word
    for (const term of terms) {
      const names = term.names.filter((n) => wordsOf(n).some((w) => w.endsWith(word)));
      if (names.length) counts.set(term, names);
    }
    const [first, second] = [...counts].sort((a, b) => b[1].length - a[1].length);
    if (!first || counts.size > 2 || (second && second[1].length === first[1].length)) return null;
    return { term: first[0], name: first[1][0], word };
  };

  const find = (wanted) => {
    const tried = spellings(wanted);
    for (const search of [exact, byWord]) {
      for (const spelling of tried) {
        const found = search(spelling);
        if (found) return found;
      }
    }
    return null;
  };

  const match = find(normal(query));
  if (!match) return;
  const { term, name, word } = match;
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
  if (word) {
    const part = `\u201c${word}\u201d is part of the name \u201c${name}\u201d.`;
    box.append(paragraph("kb-term-match-alias", part));
  } else if (name !== main) {
    box.append(paragraph("kb-term-match-alias", `\u201c${name}\u201d is another name for ${main}.`));
  }
  box.append(paragraph("kb-term-match-definition", term.definition));
  results.before(box);
})();
