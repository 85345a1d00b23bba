// Filters, loaded only by the pages that list items (timeline, quotes). The controls are a <template> in the page;
// a select keeps the items whose data-* attribute its data-match names holds its value, the words box searches their
// text. The choices live in the address (?category=legal&text=vote), so a filtered view can be shared.
(function () {
  "use strict";

  function all(root, selector) {  // as an array; none without a root
    return root ? Array.prototype.slice.call(root.querySelectorAll(selector)) : [];
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

  // A split timeline searches its other pages too (timeline-pages.js, which this script's tag names, fetched once the
  // reader filters; from a file it says it cannot); null for a list all on one page.
  var pages = document.currentScript.getAttribute("data-pages");
  function elsewhere(slot, panel, fields) {
    var loading = null;
    if (!slot.hasAttribute("data-everywhere")) return null;
    return function (active, done) {
      if (!active && !loading) return;
      loading = loading || import(new URL(pages, document.baseURI).href).then(function (module) {
        return module.elsewhere(slot, panel, fields);
      });
      loading.then(function (others) { others(active, done); }, function () {
        var status = panel.querySelector(".filter-elsewhere [role=status]");
        status.parentNode.hidden = !active;
        status.textContent = status.getAttribute("data-failed");
        done(-1);
      });
    };
  }

  function setUp(slot) {
    var list = document.getElementById(slot.getAttribute("data-filters"));
    var template = slot.querySelector("template");
    var items = all(list, "[data-filter-item]");
    if (!template || !(items.length || slot.hasAttribute("data-everywhere"))) return;
    slot.appendChild(template.content.cloneNode(true));
    var panel = slot.querySelector(".filters");
    var status = panel.querySelector("[role=status][data-template]");
    var reset = panel.querySelector(".filter-reset");
    var empty = panel.querySelector(".filter-empty");
    var fields = all(panel, "select[name], input[name]");
    var texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    var groups = all(list, "[data-filter-group]");
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
      groups.forEach(function (group) {
        group.hidden = !items.some(function (item) { return group.contains(item) && !(item.closest("li") || item).hidden; });
      });
      if (list) list.classList.toggle("is-filtered", active);
      if (status) status.textContent = status.getAttribute("data-template").replace("{shown}", shown)
        .replace("{total}", items.length);
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

  all(document, "[data-filters]").forEach(setUp);
})();
