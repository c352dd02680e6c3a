/* Search ranking: pages whose title or description holds every word of the query come first.
 *
 * Reads window.KB_PAGES (from kb-pages.js): per page, its search weight and the words of
 * its title and description. Sphinx's searchtools.js asks Scorer.score for each result's
 * final score once the search runs, which is after this deferred script has set it.
 */
(() => {
  "use strict";

  const query = new URLSearchParams(window.location.search).get("q");
  if (!query || typeof Scorer === "undefined") return;

  const STOP = new Set(
    ("a an and are as at be but by can do does for from how i if in into is it me my of on or " +
      "the their then there these they this to was what when where which who why will with " +
      "you your").split(" "),
  );
  // Lowercase words, with a plural "s" dropped, so "sessions" finds "session".
  const words = (text) =>
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).map((w) =>
      w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w,
    );
  const wanted = words(query).filter((w) => !STOP.has(w));
  const pages = window.KB_PAGES || {};

  const answers = (page) => {
    if (!wanted.length) return false;
    const have = new Set(words(page.d));
    return wanted.every((w) => have.has(w));
  };

  const base = Scorer.score;
  Scorer.score = (result) => {
    let score = base ? base(result) : result[4];
    const page = pages[result[0]];
    if (page) {
      score += 5 * page.w;
      if (answers(page)) score += 100;
    }
    return score;
  };
})();
