// The share bar's controls (templates/includes/share_bar.html), shown only
// once this script runs, so a reader without JavaScript never meets a button
// that does nothing: they get the plain share links and the link to copy.
//
// - Share…: the phone's own share sheet (Web Share API), where the browser
//   has one. Once a button in front works, the disclosure with the plain
//   links closes: they are one tap away, not the first thing a reader sees.
// - Copy link: puts the article's address on the clipboard and says so.
// - Mastodon: every reader has their own server, so the form asks for it and
//   opens that server's own share page (https://SERVER/share?text=...). The
//   address goes from the reader's browser to their server; nothing passes
//   through this site or anyone else's. The server is remembered on this
//   device only, to fill the field next time.
(function () {
  "use strict";

  var SERVER_KEY = "share-mastodon-server";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.getElementById("share-url");
      field.select();
      if (document.execCommand("copy")) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  function startNative(button) {
    if (typeof navigator.share !== "function") {
      return false;
    }
    button.addEventListener("click", function () {
      var url = new URL(button.getAttribute("data-share-url"), window.location.href).href;
      // A reader who closes the sheet without sharing is not an error.
      navigator.share({ title: button.getAttribute("data-share-title"), url: url }).catch(function () {});
    });
    button.hidden = false;
    return true;
  }

  function startCopy(item) {
    var button = item.querySelector("[data-share-copy]");
    var status = item.querySelector("[data-share-status]");
    var canCopy = (navigator.clipboard && window.isSecureContext) ||
      (document.queryCommandSupported && document.queryCommandSupported("copy"));
    if (!button || !canCopy) {
      return false;
    }
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-share-copy")).then(function () {
        status.textContent = "Link copied";
      }, function () {
        status.textContent = "Could not copy: select the link below and copy it";
      });
    });
    item.hidden = false;
    return true;
  }

  // "mastodon.social", "https://mastodon.social/", "@me@mastodon.social":
  // all mean the server mastodon.social. Returns "" for anything else.
  function serverOf(typed) {
    var text = typed.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
    text = text.slice(text.lastIndexOf("@") + 1).split(/[/?#]/)[0];
    if (!/^[^\s.:]+(\.[^\s.:]+)+(:\d+)?$/.test(text)) {
      return "";
    }
    try {
      return new URL("https://" + text).host;
    } catch (error) {
      return "";
    }
  }

  function remembered() {
    try {
      return window.localStorage.getItem(SERVER_KEY) || "";
    } catch (error) {
      return "";
    }
  }

  function remember(server) {
    try {
      window.localStorage.setItem(SERVER_KEY, server);
    } catch (error) {
      // Storage may be off; the reader just types the server again next time.
    }
  }

  function startMastodon(form) {
    var field = form.querySelector("input[name=server]");
    var error = form.querySelector("[data-share-error]");
    var manual = form.parentNode.querySelector("[data-share-manual]");
    field.value = remembered();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var server = serverOf(field.value);
      if (!server) {
        field.setAttribute("aria-invalid", "true");
        error.textContent = "Type your server's address, such as mastodon.social.";
        field.focus();
        return;
      }
      field.removeAttribute("aria-invalid");
      error.textContent = "";
      remember(server);
      var text = form.getAttribute("data-share-text");
      window.location.assign("https://" + server + "/share?text=" + encodeURIComponent(text));
    });
    form.hidden = false;
    if (manual) {
      manual.hidden = true;
    }
  }

  function started(selector, begin) {
    var any = false;
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
      any = begin(element) || any;
    });
    return any;
  }

  function start() {
    var native = started("[data-share-native]", startNative);
    var copy = started("[data-share-copy-item]", startCopy);
    started("[data-share-mastodon]", startMastodon);
    if (native || copy) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-share-more]"), function (more) {
        more.open = false;
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
