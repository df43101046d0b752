// Starts Pagefind's search box on the search page (templates/search.html).
// Pagefind's script and index are served by the site itself from /pagefind/.
// A link to the page with ?q=words opens it with those words searched.
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") {
      return;
    }
    var search = new PagefindUI({
      element: "#search",
      bundlePath: box.getAttribute("data-bundle-path"),
      showImages: false,
      showSubResults: false,
      resetStyles: false
    });
    var words = new URLSearchParams(window.location.search).get("q");
    if (words) {
      search.triggerSearch(words);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
