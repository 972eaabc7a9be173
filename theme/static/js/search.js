/* The search page (站内搜索): searches the site's Pagefind index in the browser and narrows
 * the results by the form's filters (年份、领域、类别、当事人类型).
 *
 * The page is an ordinary GET form, so search/?q=煤业&year=2025&area=coal_mine_safety opens
 * with that search and those filters, and every search can be linked to. The filters are not
 * Pagefind's own (their files differ between identical builds): the build writes
 * pagefind/facets.json, each indexed page's filter values by its id in the index, and the
 * results are narrowed here (docs/design.md, "Search").
 *
 * Every link of the site is page-relative, so the site works under any sub-path of the
 * county portal. The form gives the bundle folder and the site root relative to the page;
 * they are made absolute here, which Pagefind needs both to load its files and to build
 * result links: /gxj/zfgs/records/x/index.html under a sub-path, /records/x/ at a host's root.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;

  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !status || !list || !more) {
    return;
  }
  var words = form.elements.namedItem("q");
  var selects = Array.prototype.filter.call(form.elements, function (element) {
    return element.tagName === "SELECT";
  });

  function unavailable() {
    var note = document.getElementById("search-unavailable");
    if (note) {
      note.hidden = false;
    }
  }

  // Browsers do not let a page opened from disk load Pagefind's files.
  if (window.location.protocol === "file:") {
    unavailable();
    return;
  }

  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
  var base = new URL(form.getAttribute("data-base"), document.baseURI).pathname;
  var engine = null;

  /* Pagefind's search and our filter table, loaded once on the first search. */
  function load() {
    if (!engine) {
      var pagefind = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ baseUrl: base }).then(function () {
          return module;
        });
      });
      var table = fetch(new URL("facets.json", bundle).href).then(function (response) {
        if (!response.ok) {
          throw new Error("facets.json: " + response.status);
        }
        return response.json();
      });
      engine = Promise.all([pagefind, table]);
    }
    return engine;
  }

  var current = { query: "", results: [], table: null, matching: [], shown: 0, run: 0 };

  /* The filters chosen in the form: {year: "2025", …}, empty ones left out. */
  function chosen() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) {
        filters[select.name] = select.value;
      }
    });
    return filters;
  }

  /* A page's filter values by name, from the table: {year: "2025", area: …}. */
  function valuesOf(table, id) {
    var row = table.pages[id];
    if (!row) {
      return null;
    }
    var values = {};
    table.facets.forEach(function (facet, index) {
      values[facet.name] = facet.values[row[index]];
    });
    return values;
  }

  /* Whether a result passes every chosen filter except the one named `skip`. */
  function passes(table, result, filters, skip) {
    var names = Object.keys(filters).filter(function (name) {
      return name !== skip;
    });
    if (names.length === 0) {
      return true;
    }
    var values = valuesOf(table, result.id);
    return (
      values !== null &&
      names.every(function (name) {
        return values[name] === filters[name];
      })
    );
  }

  /* Each choice says how many of the query's results it would leave, given the other
   * filters: 2025年（3）. */
  function showCounts(filters) {
    selects.forEach(function (select) {
      var counts = {};
      var all = 0;
      current.results.forEach(function (result) {
        if (!passes(current.table, result, filters, select.name)) {
          return;
        }
        all += 1;
        var values = valuesOf(current.table, result.id);
        var value = values ? values[select.name] : undefined;
        counts[value] = (counts[value] || 0) + 1;
      });
      Array.prototype.forEach.call(select.options, function (option) {
        var count = option.value ? counts[option.value] || 0 : all;
        option.textContent = option.getAttribute("data-label") + "（" + count + "）";
      });
    });
  }

  function clearCounts() {
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        option.textContent = option.getAttribute("data-label");
      });
    });
  }

  function say(text) {
    status.textContent = text;
  }

  /* aria-busy on the list while results are still coming: screen readers wait for them,
   * and so do the tests. */
  function busy(value) {
    list.setAttribute("aria-busy", value ? "true" : "false");
  }

  /* The excerpt Pagefind marks up, rebuilt from its text and <mark> elements only. */
  function excerptOf(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    Array.prototype.forEach.call(holder.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function labelOf(name, value) {
    var select = form.elements.namedItem(name);
    var options = select ? Array.prototype.slice.call(select.options) : [];
    var option = options.filter(function (candidate) {
      return candidate.value === value;
    })[0];
    return option ? option.getAttribute("data-label") : value;
  }

  function resultItem(result, data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerptOf(data.excerpt || ""));
    var values = valuesOf(current.table, result.id);
    if (values) {
      var facts = document.createElement("p");
      facts.className = "search-result-facets";
      facts.textContent = current.table.facets
        .map(function (facet) {
          return labelOf(facet.name, values[facet.name]);
        })
        .join(" · ");
      item.appendChild(facts);
    }
    return item;
  }

  /* Adds the next PAGE_SIZE results to the list; `focusFirst` moves the keyboard focus to
   * the first of them, so that 显示更多结果 does not leave readers at the end of the list. */
  function showMore(focusFirst) {
    var run = current.run;
    var next = current.matching.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += next.length;
    more.hidden = true;
    busy(true);
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (run !== current.run) {
        return; // a newer search has started
      }
      var items = pages.map(function (data, index) {
        return resultItem(next[index], data);
      });
      items.forEach(function (item) {
        list.appendChild(item);
      });
      more.hidden = current.shown >= current.matching.length;
      busy(false);
      if (focusFirst && items.length > 0) {
        items[0].querySelector("a").focus();
      }
    });
  }

  /* Lists the results that pass the filters and says how many there are. */
  function showResults() {
    current.run += 1;
    var filters = chosen();
    current.matching = current.results.filter(function (result) {
      return passes(current.table, result, filters, null);
    });
    current.shown = 0;
    list.textContent = "";
    showCounts(filters);
    var narrowed = Object.keys(filters).length > 0;
    var total = current.results.length;
    var found = current.matching.length;
    var quoted = "“" + current.query + "”";
    if (found === 0) {
      say(
        narrowed && total > 0
          ? "在所选范围内未找到与" + quoted + "相关的公示信息（不加筛选时有 " + total + " 个结果）。"
          : "未找到与" + quoted + "相关的公示信息。"
      );
      more.hidden = true;
      busy(false);
      return Promise.resolve();
    }
    say(
      "找到 " + found + " 个与" + quoted + "相关的结果" +
        (narrowed ? "（筛选前共 " + total + " 个）" : "") + "。"
    );
    return showMore(false);
  }

  /* The form's query and filters in the page's address, so that it can be linked to. */
  function rememberInAddress() {
    var params = new URLSearchParams();
    if (words.value.trim()) {
      params.set("q", words.value.trim());
    }
    selects.forEach(function (select) {
      if (select.value) {
        params.set(select.name, select.value);
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function search() {
    var query = words.value.trim();
    current.run += 1;
    var run = current.run;
    list.textContent = "";
    more.hidden = true;
    if (!query) {
      current.query = "";
      current.results = [];
      clearCounts();
      say("请输入要查找的词语。");
      busy(false);
      return Promise.resolve();
    }
    busy(true);
    say("正在搜索……");
    return load()
      .then(function (loaded) {
        return loaded[0].search(query).then(function (response) {
          if (run !== current.run) {
            return null; // a newer search has started
          }
          current.query = query;
          current.table = loaded[1];
          current.results = response ? response.results : [];
          return showResults();
        });
      })
      .catch(function () {
        say("");
        busy(false);
        unavailable();
      });
  }

  /* Opening search/?q=…&year=…: fill in the form from the address; values that are not
   * among the choices are left out, so the form always shows what filters the results. */
  function fillFromAddress() {
    var params = new URLSearchParams(window.location.search);
    words.value = params.get("q") || "";
    selects.forEach(function (select) {
      var wanted = params.get(select.name) || "";
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === wanted;
      });
      select.value = known ? wanted : "";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    rememberInAddress();
    search();
  });
  selects.forEach(function (select) {
    select.addEventListener("change", function () {
      rememberInAddress();
      var query = words.value.trim();
      if (query && query === current.query && current.table) {
        showResults(); // the same words: narrow the results already found
      } else if (query) {
        search();
      }
    });
  });
  more.addEventListener("click", function () {
    showMore(true);
  });

  fillFromAddress();
  if (words.value.trim()) {
    search();
  }
})();
