// Optional enhancements; every fact is on the page without this script, and every word it shows comes from the page.
// Filters (timeline, quotes): the controls are a <template> in the page; what a select matches is named by its
// data-match (the items' data-* attribute), the words box searches the items' text. The choices live in the address
// (?category=legal&text=vote), so a filtered view can be shared and is restored on load; an empty result
// offers a reset. Contents lists marked data-open-wide open on wide screens.
(function () {
  "use strict";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function remember(fields) {
    var query = new URLSearchParams();
    fields.forEach(function (field) { if (field.value.trim()) query.set(field.name, field.value.trim()); });
    var search = query.toString();
    try {
      history.replaceState(history.state, "", (search ? "?" + search : location.pathname) + location.hash);
    } catch (ignored) { /* some file:// pages refuse; the filters still work */ }
  }

  function setUp(slot) {
    var list = document.getElementById(slot.getAttribute("data-filters"));
    var template = slot.querySelector("template");
    var items = list ? Array.prototype.slice.call(list.querySelectorAll("[data-filter-item]")) : [];
    if (!template || !items.length) return;
    slot.appendChild(template.content.cloneNode(true));
    var panel = slot.querySelector(".filters");
    var status = panel.querySelector("[role=status]");
    var reset = panel.querySelector(".filter-reset");
    var empty = panel.querySelector(".filter-empty");
    var fields = Array.prototype.slice.call(panel.querySelectorAll("select[name], input[name]"));
    var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    var groups = list.querySelectorAll("[data-filter-group]");

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
      list.classList.toggle("is-filtered", active);
      status.textContent = fill(status.getAttribute("data-template"), {shown: shown, total: items.length});
      reset.hidden = !active;
      empty.hidden = shown > 0;
    }

    function clear() {
      fields.forEach(function (field) { field.value = ""; });
    }

    var query = new URLSearchParams(location.search);
    fields.forEach(function (field) { if (query.has(field.name)) field.value = query.get(field.name); });
    apply();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && list.contains(target) && !target.getClientRects().length) {  // a permalink outranks the filters
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

  each(document.querySelectorAll("[data-filters]"), setUp);
  each(document.querySelectorAll("details[data-open-wide]"), function (details) {
    if (window.matchMedia(details.getAttribute("data-open-wide")).matches) details.open = true;
  });
})();
