// Optional enhancements; every fact is on the page without this script.
// Timeline: filter by category, region and words. Quotes: filter by side, speaker and words.
// Events and quotes: a button that copies the permalink. Results are announced to screen readers.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function choice(label, name, options) {
    var id = "filter-" + name;
    var wrap = el("p", { "class": "filter-field" });
    var select = el("select", { id: id, name: name });
    select.appendChild(el("option", { value: "" }, "All"));
    options.forEach(function (pair) { select.appendChild(el("option", { value: pair[0] }, pair[1])); });
    wrap.appendChild(el("label", { "for": id }, label));
    wrap.appendChild(select);
    return wrap;
  }

  function unique(items, key, label) {
    var seen = {}, out = [];
    items.forEach(function (item) {
      String(key(item)).split(" ").forEach(function (value, i) {
        if (value && !seen[value]) { seen[value] = true; out.push([value, label(item, i, value)]); }
      });
    });
    return out.sort(function (a, b) { return a[1].localeCompare(b[1]); });
  }

  // A filter form before the list: fields, a live status, and a function that decides what shows.
  function filters(list, items, noun, fields, matches) {
    var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    var form = el("form", { "class": "filters", role: "search", "aria-label": "Filter " + noun });
    var status = el("p", { "class": "filter-status", role: "status", "aria-live": "polite" });
    fields.forEach(function (field) { form.appendChild(field); });
    var search = el("p", { "class": "filter-field" });
    search.appendChild(el("label", { "for": "filter-text" }, "Words"));
    search.appendChild(el("input", { id: "filter-text", type: "search", name: "text" }));
    form.appendChild(search);
    form.appendChild(status);
    var slot = document.getElementById(list.id + "-filters");
    if (slot) slot.appendChild(form); else list.parentNode.insertBefore(form, list);

    function apply() {
      var values = {}, shown = 0;
      Array.prototype.forEach.call(form.elements, function (field) { values[field.name] = field.value.trim().toLowerCase(); });
      items.forEach(function (item, i) {
        var show = matches(item, values) && texts[i].indexOf(values.text) !== -1;
        (item.closest("li") || item).hidden = !show;
        if (show) shown += 1;
      });
      list.querySelectorAll("section").forEach(function (group) {
        group.hidden = !items.some(function (item) { return group.contains(item) && !(item.closest("li") || item).hidden; });
      });
      status.textContent = shown + " of " + items.length + " " + noun + " shown";
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
    return status;
  }

  // "Copy link" on each item; the accessible name says which item (and starts with the visible words).
  function copyButtons(items, status, name) {
    items.forEach(function (item) {
      var button = el("button", { type: "button", "class": "copy-link", "aria-label": "Copy link to " + name(item) },
        "Copy link");
      button.addEventListener("click", function () {
        var link = location.href.split("#")[0] + "#" + item.id;
        var report = function (copied) { status.textContent = (copied ? "Link copied: " : "Copy this link: ") + link; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(link).then(function () { report(true); },
            function () { report(fallbackCopy(link, button)); });
        } else {
          report(fallbackCopy(link, button));
        }
      });
      (item.querySelector("figcaption") || item).appendChild(button);
    });
  }

  // Without the Clipboard API: copy from a hidden text field, then give focus back to the button.
  function fallbackCopy(link, button) {
    var area = el("textarea", { readonly: "", "class": "visually-hidden", "aria-hidden": "true", tabindex: "-1" });
    var copied = false;
    area.value = link;
    document.body.appendChild(area);
    area.select();
    try { copied = document.execCommand("copy"); } catch (ignored) { /* the status shows the link instead */ }
    area.remove();
    button.focus();
    return copied;
  }

  function attr(item, attribute) {
    return item.getAttribute(attribute);
  }

  function text(item, selector) {
    return item.querySelector(selector).textContent.trim();
  }

  var timeline = document.getElementById("timeline");
  if (timeline && timeline.querySelector("article.event")) {
    var events = Array.prototype.slice.call(timeline.querySelectorAll("article.event"));
    var categories = unique(events, function (e) { return attr(e, "data-category"); },
      function (e) { return text(e, ".tag"); });
    var regionNames = {};
    events.forEach(function (e) {
      e.querySelectorAll(".related a[href*='#region-']").forEach(function (a) {
        regionNames[a.getAttribute("href").split("#region-")[1]] = a.textContent;
      });
    });
    var regions = Object.keys(regionNames).sort().map(function (id) { return [id, regionNames[id]]; });
    var status = filters(timeline, events, "events",
      [choice("Category", "category", categories), choice("Region", "region", regions)],
      function (e, v) {
        return (!v.category || attr(e, "data-category") === v.category) &&
          (!v.region || (" " + attr(e, "data-regions") + " ").indexOf(" " + v.region + " ") !== -1);
      });
    copyButtons(events, status, function (e) { return text(e, ".event-title"); });
  }

  var quotes = document.getElementById("quotes");
  if (quotes && quotes.querySelector("figure.quote")) {
    var figures = Array.prototype.slice.call(quotes.querySelectorAll("figure.quote"));
    var sides = Array.prototype.map.call(quotes.querySelectorAll("section.side"), function (s) {
      return [s.id.replace(/^side-/, ""), s.querySelector("h2").textContent];
    });
    var speakers = unique(figures, function (f) { return attr(f, "data-speaker"); },
      function (f) { return text(f, ".speaker"); });
    var quoteStatus = filters(quotes, figures, "quotes",
      [choice("Side", "side", sides), choice("Speaker", "speaker", speakers)],
      function (f, v) {
        return (!v.side || attr(f, "data-side") === v.side) && (!v.speaker || attr(f, "data-speaker") === v.speaker);
      });
    copyButtons(figures, quoteStatus, function (f) { return "the quote by " + text(f, ".speaker"); });
  }
})();
