/* Starts Pagefind's own search UI on the search page (站内搜索).
 *
 * Every link of the site is page-relative, so the site works under any sub-path of the
 * county portal. The page gives the bundle folder and the site root relative to itself
 * (data-bundle, data-base); they are turned into absolute paths here, which Pagefind needs
 * both to load its files and to build result links: /gxj/zfgs/records/x/index.html under a
 * sub-path, /records/x/index.html at the root of a host.
 */
(function () {
  "use strict";

  function unavailable() {
    var note = document.getElementById("search-unavailable");
    if (note) {
      note.hidden = false;
    }
  }

  var element = document.getElementById("search");
  if (!element) {
    return;
  }
  if (window.location.protocol === "file:" || typeof window.PagefindUI !== "function") {
    unavailable();
    return;
  }
  var bundle = new URL(element.getAttribute("data-bundle"), document.baseURI).pathname;
  var base = new URL(element.getAttribute("data-base"), document.baseURI).pathname;
  var ui = new window.PagefindUI({
    element: element,
    bundlePath: bundle,
    baseUrl: base,
    showImages: false,
    showSubResults: false
  });
  // Pagefind names its field only by a placeholder and a title, which vanish or stay hidden:
  // name it by the page's visible heading (WCAG 2.1 3.3.2, 4.1.2).
  var input = element.querySelector("input");
  if (input) {
    input.setAttribute("aria-labelledby", "search-heading");
  }
  // search/?q=词语 opens with that search, so other pages and the portal can link to it.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
