// Optional enhancements; every fact is on the page without this script, and every word it shows comes from the page.
// Filters (timeline, quotes): the controls are a <template> in the page; what a select matches is named by its
// data-match (the items' data-* attribute), the words box searches the items' text. The choices live in the address
// (?category=legal&text=vote), so a filtered view can be shared and is restored on load; an empty result
// offers a reset. Contents lists marked data-open-wide open on wide screens. A permalink (a.permalink) copies its
// address and says so in the page's live region (.announcer). A source mark opens its source's card (a <template>
// at the page's end) beside it; Escape, the card's close button or a click elsewhere closes it.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function query(fields) {
    var chosen = new URLSearchParams();
    fields.forEach(function (field) { if (field.value.trim()) chosen.set(field.name, field.value.trim()); });
    return chosen.toString();
  }

  function remember(fields) {
    var search = query(fields);
    try {
      history.replaceState(history.state, "", (search ? "?" + search : location.pathname) + location.hash);
    } catch (ignored) { /* some file:// pages refuse; the filters still work */ }
  }

  // A timeline split into pages searches its other pages too: the slot's data-everywhere names a data file a year
  // (explainer/formats/yearly.py), fetched only once the reader filters; the events that match elsewhere are listed
  // as links to their permalinks (keeping the filters), a few dozen at a time. Each select's data-field names the
  // record's field it matches; the words box searches the title, the date, the people and the chosen names.
  function elsewhere(slot, panel, fields) {
    var box = panel.querySelector(".filter-elsewhere");
    var files = (slot.getAttribute("data-everywhere") || "").split(" ").filter(Boolean);
    if (!box || !files.length) return null;
    var status = box.querySelector("[role=status]");
    var list = box.querySelector(".filter-results");
    var more = box.querySelector(".filter-more");
    var own = slot.getAttribute("data-page");
    var root = new URL(slot.getAttribute("data-root"), document.baseURI);
    var names = {};  // a field's value -> its label, for the words box: 'north-shore' -> 'North shore'
    fields.forEach(function (field) {
      each(field.options || [], function (option) { if (option.value) names[option.value] = option.textContent; });
    });
    var loading = null, records = [], found = [], listed = 0, asked = 0;

    function load() {
      loading = loading || Promise.all(files.map(function (file) {
        return fetch(file).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
      })).then(function (years) {
        records = [].concat.apply([], years).filter(function (record) { return record.uri.split("#")[0] !== own; });
        records.forEach(function (record) {
          var named = [record.category].concat(record.places).map(function (id) { return names[id] || id; });
          record.text = [record.title, record.when].concat(named, record.people).join(" ").toLowerCase();
        });
      });
      return loading;
    }

    function matches(record) {
      return fields.every(function (field) {
        var wanted = field.value.trim(), key = field.getAttribute("data-field");
        if (!wanted) return true;
        if (!key) return record.text.indexOf(wanted.toLowerCase()) !== -1;
        return [].concat(record[key]).indexOf(wanted) !== -1;
      });
    }

    function showMore() {
      var search = query(fields);
      found.slice(listed, listed + 50).forEach(function (record) {
        var item = document.createElement("li"), link = document.createElement("a"), time = document.createElement("time");
        var address = new URL(record.uri, root);
        address.search = search;
        link.href = address.href;
        link.textContent = record.title;
        time.dateTime = record.date;
        time.textContent = record.when;
        item.append(link, " ", time);
        list.appendChild(item);
      });
      listed = Math.min(found.length, listed + 50);
      more.hidden = listed >= found.length;
    }

    more.addEventListener("click", showMore);
    // Lists what matches elsewhere; `done(count)` is told how many once the files are in (-1 when they cannot be).
    return function (active, done) {
      var ticket = ++asked;
      list.textContent = "";
      more.hidden = true;
      box.hidden = !active;
      if (!active) return;
      status.textContent = status.getAttribute("data-loading");
      load().then(function () {
        if (ticket !== asked) return;
        found = records.filter(matches);
        listed = 0;
        status.textContent = fill(status.getAttribute("data-found"),
                                  {found: found.length.toLocaleString(document.documentElement.lang || undefined)});
        showMore();
        done(found.length);
      }, function () {
        if (ticket !== asked) return;
        status.textContent = status.getAttribute("data-failed");
        done(-1);
      });
    };
  }

  function setUp(slot) {
    var list = document.getElementById(slot.getAttribute("data-filters"));
    var template = slot.querySelector("template");
    var items = list ? Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]")) : [];
    if (!template || !(items.length || slot.hasAttribute("data-everywhere"))) return;
    slot.appendChild(template.content.cloneNode(true));
    var panel = slot.querySelector(".filters");
    var status = panel.querySelector("[role=status][data-template]");
    var reset = panel.querySelector(".filter-reset");
    var empty = panel.querySelector(".filter-empty");
    var fields = Array.prototype.slice.call(panel.querySelectorAll("select[name], input[name]"));
    var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    var groups = list ? list.querySelectorAll("[data-filter-group]") : [];
    var others = elsewhere(slot, panel, fields);

    function matches(item, i) {
      return fields.every(function (field) {
        var wanted = field.value.trim().toLowerCase();
        var attribute = field.getAttribute("data-match");
        if (!wanted) return true;
        if (!attribute) return texts[i].indexOf(wanted) !== -1;
        return (" " + (item.getAttribute("data-" + attribute) || "") + " ").indexOf(" " + wanted + " ") !== -1;
      });
    }

    function apply() {
      var shown = 0;
      var active = fields.some(function (field) { return field.value.trim(); });
      items.forEach(function (item, i) {
        var show = matches(item, i);
        (item.closest("li") || item).hidden = !show;
        if (show) shown += 1;
      });
      each(groups, function (group) {
        group.hidden = !items.some(function (item) { return group.contains(item) && !(item.closest("li") || item).hidden; });
      });
      if (list) list.classList.toggle("is-filtered", active);
      if (status) status.textContent = fill(status.getAttribute("data-template"), {shown: shown, total: items.length});
      reset.hidden = !active;
      empty.hidden = shown > 0 || !!others;  // with other pages, said once they are searched too
      if (others) others(active, function (elsewhere) { empty.hidden = shown > 0 || elsewhere !== 0; });
    }

    function clear() {
      fields.forEach(function (field) { field.value = ""; });
    }

    var chosen = new URLSearchParams(location.search);
    fields.forEach(function (field) { if (chosen.has(field.name)) field.value = chosen.get(field.name); });
    apply();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && list && list.contains(target) && !target.getClientRects().length) {  // a permalink outranks the filters
      clear();
      apply();
      remember(fields);
      target.scrollIntoView();
    }
    panel.addEventListener("input", function () { apply(); remember(fields); });
    reset.addEventListener("click", function () {
      clear();
      apply();
      remember(fields);
      fields[fields.length - 1].focus();
    });
  }

  function announce(status, words) {
    status.textContent = words;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function plainClick(event) {
    return event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
  }

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

  function sourceCards() {
    var template = document.querySelector("template.source-cards");
    if (!template) return;
    var cards = {};
    each(template.content.querySelectorAll(".source-card"), function (card) {
      var page = card.querySelector(".source-card-page").getAttribute("href");
      cards[new URL(page, document.baseURI).href] = card;  // a template's links resolve against no address
    });
    var open = null;

    function close(refocus) {
      var shown = open;
      open = null;  // first: removing the card may move focus out of it, which closes it too
      if (!shown) return;
      shown.mark.setAttribute("aria-expanded", "false");
      shown.card.remove();
      if (refocus) shown.mark.focus();
    }

    function place(card, mark) {
      var at = mark.getBoundingClientRect(), frame = card.offsetParent.getBoundingClientRect();
      var left = Math.max(8, Math.min(at.left, document.documentElement.clientWidth - card.offsetWidth - 8));
      card.style.left = (left - frame.left) + "px";
      card.style.top = (at.bottom + 8 - frame.top) + "px";
    }

    function show(mark) {
      var card = cards[mark.href].cloneNode(true);
      (mark.closest(".source-marks") || mark).after(card);
      place(card, mark);
      mark.setAttribute("aria-expanded", "true");
      open = {mark: mark, card: card};
      card.querySelector(".source-card-close").addEventListener("click", function () { close(true); });
      card.addEventListener("focusout", function (event) {
        if (open && open.card === card && !card.contains(event.relatedTarget) && event.relatedTarget !== mark) close(false);
      });
      card.focus();
    }

    each(document.querySelectorAll("a.source-mark"), function (mark) {
      if (!cards[mark.href]) return;
      mark.setAttribute("aria-haspopup", "dialog");
      mark.setAttribute("aria-expanded", "false");
    });
    document.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest("a.source-mark");
      if (mark && cards[mark.href] && plainClick(event)) {
        event.preventDefault();
        var again = open && open.mark === mark;
        close(false);
        if (!again) show(mark);
      } else if (open && !open.card.contains(event.target)) {
        close(false);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) close(true);
    });
  }


  // Search (every page's header): the form is a <template> too. Pagefind's script, and then the parts of the index
  // a query needs, are fetched only once the reader focuses the box or searches, never when the page loads.
  // A hit is the innermost element with an id that holds matched words (an event, a quote, a source, a section),
  // so it links to that fact's permalink; its title is the heading it opens with, else its first words.
  function setUpSearch(slot) {
    var template = slot.querySelector("template");
    if (!template) return;
    slot.appendChild(template.content.cloneNode(true));
    var input = slot.querySelector("input");
    var status = slot.querySelector("[role=status]");
    var unavailable = slot.querySelector(".search-unavailable");
    var list = slot.querySelector(".search-results");
    var script = new URL(slot.getAttribute("data-search"), document.baseURI);
    var loading = null;
    var asked = 0;

    function load() {
      loading = loading || import(script.href).then(function (pagefind) {
        return pagefind.options({baseUrl: new URL("../", script).pathname}).then(function () { return pagefind; });
      });
      return loading;
    }

    function facts(page) {  // the elements with an id, by the word they start at; a heading names the one it opens
      var found = [];
      page.anchors.forEach(function (anchor) {
        var heading = /^h\d$/i.test(anchor.element);
        var last = found[found.length - 1];
        if (!last || last.at !== anchor.location) found.push(last = {at: anchor.location, id: anchor.id, title: ""});
        if (heading) last.title = last.title || anchor.text;
        else last.id = anchor.id;  // the innermost element there that is not a heading: the fact itself
      });
      return found;
    }

    function words(list, from, to, marks) {  // a run of the page's words as nodes, matched ones in <mark>
      var nodes = [];
      for (var i = Math.max(from, 0); i < Math.min(to, list.length); i += 1) {
        var node = marks && marks.indexOf(i) !== -1 ? document.createElement("mark") : document.createElement("span");
        node.textContent = list[i];
        nodes.push(node, document.createTextNode(" "));
      }
      return nodes;
    }

    function hits(page) {  // each fact holding matched words, best first: its permalink, title and excerpt
      var text = page.content.split(/\s+/).filter(Boolean);
      var all = facts(page);
      var by = {};
      page.weighted_locations.forEach(function (found) {
        var n = all.length;
        while (n > 0 && all[n - 1].at > found.location) n -= 1;
        var hit = by[n] = by[n] || {n: n, score: 0, at: []};
        hit.score += found.balanced_score;
        hit.at.push(found.location);
      });
      return Object.keys(by).map(function (n) { return by[n]; }).sort(function (a, b) {
        return b.score - a.score || a.n - b.n;
      }).map(function (hit) {
        var fact = all[hit.n - 1], next = all[hit.n] ? all[hit.n].at : text.length, first = Math.min.apply(null, hit.at);
        var title = !fact ? page.meta.title : fact.title ||
          text.slice(fact.at, Math.min(next, fact.at + 12)).join(" ") + (next > fact.at + 12 ? " …" : "");
        return {url: page.url + (fact ? "#" + fact.id : ""), title: title, excerpt: words(text, first - 8, first + 22, hit.at)};
      });
    }

    function item(hit) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      var excerpt = document.createElement("p");
      link.href = hit.url;
      link.textContent = hit.title;
      hit.excerpt.forEach(function (node) { excerpt.appendChild(node); });
      li.appendChild(link);
      li.appendChild(excerpt);
      return li;
    }

    function search(query) {
      var ticket = ++asked;
      list.textContent = "";
      list.hidden = unavailable.hidden = true;
      status.textContent = query ? status.getAttribute("data-searching") : "";
      if (!query) return;
      load().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
        return Promise.all(found.results.slice(0, 8).map(function (result) { return result.data(); }));
      }).then(function (pages) {
        if (ticket !== asked) return;
        pages.forEach(function (page) {
          hits(page).slice(0, 4).forEach(function (hit) { list.appendChild(item(hit)); });
        });
        list.hidden = !pages.length;
        status.textContent = fill(status.getAttribute(pages.length ? "data-found" : "data-none"), {query: query});
      }, function () {
        if (ticket !== asked) return;
        status.textContent = "";
        unavailable.hidden = false;
      });
    }

    input.addEventListener("focus", function () { load().catch(function () { /* said when the reader searches */ }); });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") search(input.value.trim()); });
    slot.querySelector("button").addEventListener("click", function () { search(input.value.trim()); });
  }

  // Embeds of others' content: each is a facade (a poster or a plain panel, its title and a link) until the reader
  // presses its button; only then is the provider's frame made, so nothing loads from the provider before.
  function loadOnAsk(figure) {
    var frame = figure.querySelector(".facade-frame");
    var button = frame.querySelector(".facade-load");
    button.hidden = false;
    button.addEventListener("click", function () {
      var iframe = document.createElement("iframe");
      iframe.title = figure.querySelector(".facade-title").textContent;
      iframe.setAttribute("sandbox", figure.getAttribute("data-embed-sandbox"));
      iframe.setAttribute("allow", figure.getAttribute("data-embed-allow"));
      iframe.setAttribute("loading", "lazy");
      iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      iframe.src = figure.getAttribute("data-embed-src");
      frame.textContent = "";
      frame.appendChild(iframe);
      figure.classList.add("is-loaded");
      iframe.focus();
    });
  }

  each(document.querySelectorAll("[data-filters]"), setUp);
  each(document.querySelectorAll("figure.facade[data-embed-src]"), loadOnAsk);
  each(document.querySelectorAll("[data-search]"), setUpSearch);
  copyLinks();
  sourceCards();
  // The language switcher lands on the same item in the other edition: it keeps the address's #fragment.
  each(document.querySelectorAll("a[data-edition]"), function (link) {
    link.addEventListener("click", function () { if (location.hash) link.hash = location.hash; });
  });
  each(document.querySelectorAll("details[data-open-wide]"), function (details) {
    if (window.matchMedia(details.getAttribute("data-open-wide")).matches) details.open = true;
  });
})();
