/* 大字模式: a larger text size for older readers (适老化), switched by the header's button.
 *
 * Loaded at the top of <head> without defer, so that it runs before the body is parsed: a page
 * opened in large-text mode is never painted at the standard size first. The choice is kept
 * in localStorage and so follows the reader from page to page (and to other open tabs).
 * The class "js" on <html> shows the button; without JavaScript the button stays hidden and
 * the site keeps its standard size. Where storage is switched off the button still works, for
 * the page at hand.
 */
(function () {
  "use strict";

  var KEY = "disclosure.textSize";
  var LARGE = "text-large";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "large";
    } catch (error) {
      return false;
    }
  }

  function store(large) {
    try {
      if (large) {
        window.localStorage.setItem(KEY, "large");
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (error) {
      // Storage is off: the mode lasts for this page only.
    }
  }

  function buttons() {
    return document.querySelectorAll("[data-text-size]");
  }

  function apply(large) {
    root.classList.toggle(LARGE, large);
    var all = buttons();
    for (var i = 0; i < all.length; i += 1) {
      all[i].setAttribute("aria-pressed", large ? "true" : "false");
    }
  }

  root.classList.add("js");
  apply(stored());

  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains(LARGE));
    var all = buttons();
    for (var i = 0; i < all.length; i += 1) {
      all[i].addEventListener("click", function () {
        var large = !root.classList.contains(LARGE);
        store(large);
        apply(large);
      });
    }
  });

  // Another tab switched the mode, or the page came back from the browser's back-forward
  // cache as it was when the reader left it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      apply(stored());
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      apply(stored());
    }
  });
})();
