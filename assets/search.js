// Search, loaded by enhance.js once the reader focuses the header's search box or searches; it then fetches
// Pagefind's script, and Pagefind the parts of the index a query needs. A hit is the innermost element with an id that
// holds matched words (an event, a quote, a source, a section), so it links to that fact's permalink; its title is the
// heading it opens with, else its first words.

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
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

// What searches the site from the form in `slot` (enhance.js has put it in): `search(query)` lists the hits in the
// form's list; Pagefind starts loading at once, so it is often there before the reader has typed.
export function searcher(slot) {
  var status = slot.querySelector("[role=status]");
  var unavailable = slot.querySelector(".search-unavailable");
  var list = slot.querySelector(".search-results");
  var script = new URL(slot.getAttribute("data-search"), document.baseURI);
  var asked = 0;
  var loading = import(script.href).then(function (pagefind) {
    return pagefind.options({baseUrl: new URL("../", script).pathname}).then(function () { return pagefind; });
  });
  loading.catch(function () { /* said when the reader searches */ });

  function search(query) {
    var ticket = ++asked;
    list.textContent = "";
    list.hidden = unavailable.hidden = true;
    status.textContent = query ? status.getAttribute("data-searching") : "";
    if (!query) return;
    loading.then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
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

  return search;
}
