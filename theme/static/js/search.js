// The search page (templates/search.html): searches the site's Pagefind index
// through Pagefind's JavaScript API and lists what it finds as links. The
// index and pagefind.js are served by the site itself from /pagefind/.
//
// Each article carries its kind as Pagefind metadata ("kind": "Myths", ...),
// not as a Pagefind filter (the filter files Pagefind writes differ from
// build to build), so the kind checkboxes are applied here, to the results.
// The form is hidden until this script runs: without JavaScript the page's
// list of kinds is the way in. The script runs right after the form, before
// the rest of the page is parsed, and shows it at once, so showing it moves
// nothing (the searching starts once the page is read). A link to the page
// with ?q=words opens it with those words searched.
(function () {
  "use strict";

  var shownForm = document.getElementById("search");
  if (shownForm) {
    shownForm.hidden = false;
  }

  // Results whose words are loaded and shown: each costs a request.
  var SHOWN = 30;
  // Results loaded at a time while looking for those of the ticked kinds.
  var BATCH = 10;
  // Typing pauses this long before the search runs, to search words, not letters.
  var PAUSE_MS = 250;

  // Pagefind's excerpt is the article's text, escaped, with <mark> around the
  // words found. It is parsed in an inert document and rebuilt from text
  // nodes and <mark> elements only, so no other markup can reach the page.
  // An excerpt that starts mid-sentence opens with "…", and with a word,
  // not the punctuation before it.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var nodes = document.createDocumentFragment();
    var first = parsed.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) {
      first.textContent = first.textContent.replace(/^[^\p{L}\p{N}]+/u, "");
    }
    var opening = parsed.textContent.trim();
    if (opening && opening.charAt(0) === opening.charAt(0).toLowerCase() &&
        opening.charAt(0) !== opening.charAt(0).toUpperCase()) {
      nodes.appendChild(document.createTextNode("\u2026"));
    }
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.appendChild(mark);
      } else {
        nodes.appendChild(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function resultItem(data, kinds) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    item.appendChild(link);
    var kind = kinds[data.meta.kind];
    if (kind) {
      var label = document.createElement("span");
      label.className = "card-kind kind-" + kind.key;
      label.textContent = kind.label;
      item.appendChild(label);
    }
    var excerpt = document.createElement("p");
    excerpt.appendChild(excerptNodes(data.excerpt || ""));
    item.appendChild(excerpt);
    return item;
  }

  function summary(words, chosen, matched, known) {
    var where = chosen.length ? " in " + chosen.join(", ") : "";
    var quoted = "\u201c" + words + "\u201d" + where;
    if (!known) {
      return "More than " + SHOWN + " results for " + quoted + ", showing the first " + SHOWN + ".";
    }
    if (matched === 0) {
      return "No results for " + quoted + ".";
    }
    var text = matched + (matched === 1 ? " result for " : " results for ") + quoted;
    return text + (matched > SHOWN ? ", showing the first " + SHOWN + "." : ".");
  }

  // Keeps the words in the address, so a reload or a shared link searches them again.
  function rememberWords(words) {
    var address = new URL(window.location.href);
    if (words) {
      address.searchParams.set("q", words);
    } else {
      address.searchParams.delete("q");
    }
    window.history.replaceState(null, "", address);
  }

  function start() {
    var form = document.getElementById("search");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!form || !status || !list) {
      return;
    }
    var input = form.querySelector("input[type=search]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=kind]"));
    var kinds = {};
    boxes.forEach(function (box) {
      kinds[box.value] = { key: box.getAttribute("data-key"), label: box.getAttribute("data-label") };
    });
    var loading = null;
    var last = { words: null, found: null };
    // Only the newest search may show its results; older ones stop when they see a newer one.
    var latest = 0;
    var timer = null;

    function pagefind() {
      if (!loading) {
        loading = import(form.getAttribute("data-pagefind")).catch(function (error) {
          loading = null;
          throw error;
        });
      }
      return loading;
    }

    async function find(words) {
      if (words !== last.words) {
        last = { words: words, found: await (await pagefind()).search(words) };
      }
      return last.found;
    }

    async function search() {
      var run = ++latest;
      var words = input.value.trim();
      var chosen = boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
      rememberWords(words);
      if (!words) {
        list.replaceChildren();
        status.textContent = "";
        return;
      }
      var results = (await find(words)).results;
      var shown = [];
      var matched = 0;
      var seen = 0;
      while (seen < results.length && matched <= SHOWN) {
        var batch = results.slice(seen, seen + (chosen.length ? BATCH : SHOWN));
        var loaded = await Promise.all(batch.map(function (result) { return result.data(); }));
        if (run !== latest) {
          return;
        }
        seen += batch.length;
        loaded.forEach(function (data) {
          if (!chosen.length || chosen.indexOf(data.meta.kind) !== -1) {
            matched += 1;
            if (shown.length < SHOWN) {
              shown.push(data);
            }
          }
        });
        if (!chosen.length) {
          matched = results.length;
          break;
        }
      }
      if (run !== latest) {
        return;
      }
      list.replaceChildren.apply(list, shown.map(function (data) { return resultItem(data, kinds); }));
      status.textContent = summary(words, chosen, matched, !chosen.length || seen === results.length);
    }

    function searchNow() {
      window.clearTimeout(timer);
      search().catch(function () {
        status.textContent = "Search is not working at the moment. Every article is listed under its kind below.";
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      searchNow();
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(searchNow, PAUSE_MS);
    });
    boxes.forEach(function (box) { box.addEventListener("change", searchNow); });
    // Fetching Pagefind while the reader types the first word saves a pause.
    input.addEventListener("focus", function () { pagefind().catch(function () {}); }, { once: true });

    var words = new URLSearchParams(window.location.search).get("q");
    if (words) {
      input.value = words;
      searchNow();
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
