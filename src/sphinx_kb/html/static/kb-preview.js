/* Previews: hovering or focusing a glossary term link shows the term's definition, a
 * claim's certainty label shows what the level means (its data-kb-meaning), and a
 * citation shows the reference it points to, with its study type and DOI link,
 * copied from the page's own list of references.
 *
 * The page's inline loader (preview.py) fetches this script when a reader first
 * points at, focuses or taps such a link. Term data comes from window.KB_TERMS in
 * kb-terms.js. That data and the popup's styles are fetched the first time a
 * preview is wanted, from the addresses in this script's data-kb-terms and
 * data-kb-styles attributes, so that opening a page does not cost the whole glossary. The popup is one role="tooltip"
 * element, tied to the link it describes with aria-describedby while shown.
 * Escape, leaving the link or moving focus hides it. On touch screens a first
 * tap shows the preview and a second tap follows the link. Without JavaScript
 * the links are plain links: to the glossary, the certainty scale or the reference.
 */
(() => {
  "use strict";

  const GAP = 8; // px between the link and the popup, and kept free at the viewport's edges
  const WIDEST = 352; // px, 22rem
  const HIDE_DELAY = 250; // ms, time to move the pointer from the link onto the popup

  // Compare addresses without their query string, by their last fragment: Sphinx's
  // singlehtml writes term links as "#document-glossary#term-...".
  const key = (href) => {
    const url = new URL(href, document.baseURI);
    url.search = "";
    url.hash = url.hash.slice(url.hash.lastIndexOf("#"));
    return url.href;
  };
  const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);
  const thisScript = document.currentScript;
  let byUrl = null; // term data by the address of its glossary entry, once loaded
  let loading = null;

  // Resolves once the file named in the attribute has loaded or failed.
  const fetchOnce = (attribute, tag) =>
    new Promise((resolve) => {
      const address = thisScript?.getAttribute(attribute);
      if (!address) return resolve();
      const element = document.createElement(tag);
      const href = new URL(address, thisScript.src).href;
      if (tag === "link") Object.assign(element, { rel: "stylesheet", href });
      else element.src = href;
      element.addEventListener("load", resolve);
      element.addEventListener("error", resolve);
      document.head.appendChild(element);
    });

  let styling = null;
  const loadStyles = () => (styling ||= fetchOnce("data-kb-styles", "link"));

  // Without the data (it failed to come), no link has a preview.
  const loadTerms = () => {
    loading ||= Promise.all([
      window.KB_TERMS || fetchOnce("data-kb-terms", "script"),
      loadStyles(),
    ]).then(() => {
      const terms = window.KB_TERMS || [];
      byUrl = new Map(terms.map((term) => [key(new URL(term.url, root)), term]));
    });
    return loading;
  };

  const tip = document.createElement("div");
  tip.id = "kb-preview";
  tip.className = "kb-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  const heading = tip.appendChild(document.createElement("strong"));
  heading.className = "kb-preview-term";
  const text = tip.appendChild(document.createElement("div"));
  text.className = "kb-preview-definition";
  document.body.appendChild(tip);

  let current = null; // the link whose preview is shown
  let wanted = null; // the link whose preview was asked for last, shown once the data is in
  let hideTimer = 0;

  const place = (link) => {
    const view = document.documentElement.clientWidth;
    tip.style.maxWidth = `${Math.min(WIDEST, view - 2 * GAP)}px`;
    const box = link.getBoundingClientRect();
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const left = Math.max(GAP, Math.min(box.left, view - width - GAP));
    const fitsBelow = box.bottom + GAP + height <= window.innerHeight;
    const top = fitsBelow || box.top < GAP + height ? box.bottom + GAP : box.top - GAP - height;
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  };

  const hide = () => {
    clearTimeout(hideTimer);
    wanted = null;
    if (!current) return;
    tip.hidden = true;
    current.removeAttribute("aria-describedby");
    current = null;
  };

  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  };

  // What a link previews: {heading, text} or {heading, nodes}; null for none.
  const termPreview = (link) => {
    const term = byUrl?.get(key(link.href));
    return term ? { heading: term.names[0], text: term.definition } : null;
  };
  const labelPreview = (label) => ({
    heading: label.textContent,
    text: label.dataset.kbMeaning,
  });
  const referencePreview = (link) => {
    const note = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    const parts = note ? [...note.children].filter((part) => !part.matches(".label")) : [];
    if (!parts.length) return null;
    return { heading: "Reference", nodes: parts.map((part) => part.cloneNode(true)) };
  };

  const show = (link, preview) => {
    clearTimeout(hideTimer);
    if (current === link) return;
    hide();
    heading.textContent = preview.heading;
    if (preview.nodes) text.replaceChildren(...preview.nodes);
    else text.textContent = preview.text;
    tip.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", tip.id);
    current = link;
  };

  // Show the link's preview as soon as what it needs is in; follow the link if it has none.
  const want = (link, preview, followIfNone = false) => {
    wanted = link;
    (link.kbNeedsTerms ? loadTerms() : loadStyles()).then(() => {
      if (wanted !== link) return;
      const found = preview(link);
      if (found) show(link, found);
      else if (followIfNone && link.href) window.location.href = link.href;
    });
  };

  const sources = [
    ...[...document.querySelectorAll("a.reference.internal")]
      .filter((link) => link.querySelector(".std-term"))
      .map((link) => {
        link.kbNeedsTerms = true;
        return [link, termPreview];
      }),
    ...[...document.querySelectorAll(".kb-certainty[data-kb-meaning]")].map((label) => [
      label,
      labelPreview,
    ]),
    ...[...document.querySelectorAll('a.footnote-reference[href^="#footcite-"]')].map((link) => [
      link,
      referencePreview,
    ]),
  ];

  for (const [link, preview] of sources) {
    let tapType = null; // pointer type of the press that started the current click
    let shownBeforeTap = false;

    link.addEventListener("pointerenter", (event) => {
      if (event.pointerType !== "touch") want(link, preview);
    });
    link.addEventListener("pointerleave", (event) => {
      if (event.pointerType === "touch") return;
      if (current === link) hideSoon();
      else if (wanted === link) wanted = null;
    });
    link.addEventListener("focus", () => want(link, preview));
    link.addEventListener("blur", () => {
      if (current === link) hide();
      else if (wanted === link) wanted = null;
    });
    link.addEventListener("pointerdown", (event) => {
      tapType = event.pointerType;
      shownBeforeTap = current === link;
    });
    link.addEventListener("click", (event) => {
      // The tap itself focused the link and asked for the preview: keep the reader here.
      const mayHavePreview = !link.kbNeedsTerms || !byUrl || byUrl.has(key(link.href));
      // A press that came before this script ran is known only from the click itself.
      if ((tapType || event.pointerType) === "touch" && !shownBeforeTap && mayHavePreview) {
        event.preventDefault();
        want(link, preview, true);
      }
      tapType = null;
    });
  }

  // The page's loader fetched this script for a link being pointed at, focused or tapped.
  window.kbPreviewReady = true;
  for (const [link, preview] of sources) {
    if (link === window.kbPreviewTapped) want(link, preview, true);
    else if (link === document.activeElement || link.matches(":hover")) want(link, preview);
  }

  tip.addEventListener("pointerenter", () => clearTimeout(hideTimer));
  tip.addEventListener("pointerleave", hideSoon);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  document.addEventListener("pointerdown", (event) => {
    if (current && !current.contains(event.target) && !tip.contains(event.target)) hide();
  });
  window.addEventListener("resize", hide);
})();
