// Optional enhancements; every fact is on the page without this script.
// Timeline: filter by category, region and text. Quotes: filter by side and speaker.
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
      items.forEach(function (item) {
        var show = matches(item, values) && item.textContent.toLowerCase().indexOf(values.text) !== -1;
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

  function copyButtons(items, status) {
    items.forEach(function (item) {
      var button = el("button", { type: "button", "class": "copy-link" }, "Copy link");
      button.addEventListener("click", function () {
        var link = location.href.split("#")[0] + "#" + item.id;
        var done = function () { status.textContent = "Link copied: " + link; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(link).then(done, function () { fallbackCopy(link); done(); });
        } else {
          fallbackCopy(link);
          done();
        }
      });
      (item.querySelector("figcaption") || item).appendChild(button);
    });
  }

  function fallbackCopy(text) {
    var area = el("textarea", { readonly: "", "class": "visually-hidden" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (ignored) { /* the link is shown in the status instead */ }
    area.remove();
  }

  function label(item, attribute) {
    return item.getAttribute(attribute);
  }

  var timeline = document.getElementById("timeline");
  if (timeline) {
    var events = Array.prototype.slice.call(timeline.querySelectorAll("article.event"));
    var categories = unique(events, function (e) { return label(e, "data-category"); },
      function (e) { return e.querySelector(".tag").textContent; });
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
        return (!v.category || label(e, "data-category") === v.category) &&
          (!v.region || (" " + label(e, "data-regions") + " ").indexOf(" " + v.region + " ") !== -1);
      });
    copyButtons(events, status);
  }

  var quotes = document.getElementById("quotes");
  if (quotes) {
    var figures = Array.prototype.slice.call(quotes.querySelectorAll("figure.quote"));
    var sides = Array.prototype.map.call(quotes.querySelectorAll("section.side"), function (s) {
      return [s.id.replace(/^side-/, ""), s.querySelector("h2").textContent];
    });
    var speakers = unique(figures, function (f) { return label(f, "data-speaker"); },
      function (f) { return f.querySelector(".speaker").textContent; });
    var quoteStatus = filters(quotes, figures, "quotes",
      [choice("Side", "side", sides), choice("Speaker", "speaker", speakers)],
      function (f, v) {
        return (!v.side || label(f, "data-side") === v.side) && (!v.speaker || label(f, "data-speaker") === v.speaker);
      });
    copyButtons(figures, quoteStatus);
  }
})();
