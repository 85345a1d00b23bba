// What every page's script adds; every fact is on the page without it, and every word it shows comes from the page.
// What only a reader's asking needs (search, source cards, embeds) is in modules fetched then; filters are filters.js.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function announce(status, words) {
    status.textContent = words;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function plainClick(event) {
    return event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
  }

  // A module this script's tag names (data-search="…"): load() fetches and starts it once; a promise of what it makes.
  var modules = document.currentScript.dataset;
  function later(name, start) {
    var loading = null;
    return function load() {
      loading = loading || import(new URL(modules[name], document.baseURI).href).then(start);
      return loading;
    };
  }

  // A permalink (a.permalink) copies its address and says so in the page's live region (.announcer).
  function copyLinks() {
    var status = document.querySelector(".announcer");
    if (!status || !navigator.clipboard) return;
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.permalink");
      if (!link || !plainClick(event)) return;
      event.preventDefault();
      var address = new URL(link.href);
      if (link.getAttribute("href").charAt(0) === "#") address.search = "";  // not the filters of the page it is on
      navigator.clipboard.writeText(address.href).then(function () {
        announce(status, status.getAttribute("data-copied"));
      }, function () { location.href = link.href; });
    });
  }

  // A source mark opens its card (source-cards.js, fetched once a mark is tapped or has focus); when that cannot be
  // had, the mark leads to the sources page, as without script.
  function sourceCards() {
    var template = document.querySelector("template.source-card-template");
    if (!template) return;
    var load = later("cards", function (module) { return module.sourceCards(template); });

    each(document.querySelectorAll("a.source-mark"), function (mark) {
      mark.setAttribute("aria-haspopup", "dialog");
      mark.setAttribute("aria-expanded", "false");
    });
    document.addEventListener("focusin", function (event) {
      if (event.target.closest && event.target.closest("a.source-mark")) load().catch(function () { /* on a tap */ });
    });
    document.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest("a.source-mark");
      if (!mark || !plainClick(event)) return;
      event.preventDefault();
      load().then(function (toggle) { toggle(mark); }, function () { location.href = mark.href; });
    });
  }

  // Search (every page's header): the form is a <template>; its code (search.js) is fetched once the reader focuses
  // the box or searches.
  function searchOnAsk(slot) {
    var template = slot.querySelector("template");
    if (!template) return;
    slot.appendChild(template.content.cloneNode(true));
    var input = slot.querySelector("input");
    var load = later("search", function (module) { return module.searcher(slot); });

    function search() {
      var words = input.value.trim();
      load().then(function (find) { find(words); }, function () {
        slot.querySelector(".search-unavailable").hidden = !words;
      });
    }

    input.addEventListener("focus", function () { load().catch(function () { /* said on a search */ }); });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") search(); });
    slot.querySelector("button").addEventListener("click", search);
  }

  // An embed of others' content is a facade until the reader presses its button; only then does facades.js make the
  // provider's frame, so nothing loads from the provider before.
  var frames = later("facades", function (module) { return module.frame; });
  each(document.querySelectorAll("figure.facade[data-embed-src]"), function (figure) {
    var button = figure.querySelector(".facade-load");
    button.hidden = false;
    button.addEventListener("click", function () { frames().then(function (frame) { frame(figure); }); });
  });
  each(document.querySelectorAll("[data-search]"), searchOnAsk);
  copyLinks();
  sourceCards();
  // The language switcher lands on the same item in the other edition: it keeps the address's #fragment.
  each(document.querySelectorAll("a[data-edition]"), function (link) {
    link.addEventListener("click", function () { if (location.hash) link.hash = location.hash; });
  });
  each(document.querySelectorAll("details[data-open-wide]"), function (details) {  // the contents, in a wide rail
    if (window.matchMedia(details.getAttribute("data-open-wide")).matches) details.open = true;
  });
})();
