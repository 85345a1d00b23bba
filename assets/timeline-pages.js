// A timeline split into pages: its filters search every page, not only the one on screen. filters.js loads this
// module once the reader filters. The slot's data-everywhere names a data file a year (explainer/formats/yearly.py),
// fetched then; the events that match elsewhere are listed as links to their permalinks (keeping the filters), a few
// dozen at a time. Each select's data-field names the record's field it matches; the words box searches the title,
// the date, the people and the chosen names.

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
}

function query(fields) {
  var chosen = new URLSearchParams();
  fields.forEach(function (field) { if (field.value.trim()) chosen.set(field.name, field.value.trim()); });
  return chosen.toString();
}

// What lists the matches elsewhere: `list(active, done)`, where `done(count)` is told how many once the files are in
// (-1 when they cannot be).
export function elsewhere(slot, panel, fields) {
  var box = panel.querySelector(".filter-elsewhere");
  var files = (slot.getAttribute("data-everywhere") || "").split(" ").filter(Boolean);
  var status = box.querySelector("[role=status]");
  var list = box.querySelector(".filter-results");
  var more = box.querySelector(".filter-more");
  var own = slot.getAttribute("data-page");
  var root = new URL(slot.getAttribute("data-root"), document.baseURI);
  var names = {};  // a field's value -> its label, for the words box: 'north-shore' -> 'North shore'
  fields.forEach(function (field) {
    Array.prototype.forEach.call(field.options || [], function (option) {
      if (option.value) names[option.value] = option.textContent;
    });
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
