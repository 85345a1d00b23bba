// A source's card beside its mark (publisher, date, title, note, a link to the sources page), as a dialog that takes
// focus. enhance.js loads this module the first time a reader taps a source mark or moves focus to one; the cards'
// words are a <template> at the page's end, what each says of its source is the edition's data file
// (explainer/formats/source_cards.py). Escape, the card's close button or a click elsewhere closes it.

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
}

function made(template, source, mark) {
  var card = template.content.firstElementChild.cloneNode(true);
  var head = card.querySelector("[data-template]"), time = document.createElement("time");
  var title = card.querySelector(".source-title a"), note = card.querySelector(".note");
  head.textContent = fill(head.getAttribute("data-template"), {number: source.number});
  head.id = "source-card-" + source.number;  // made here: an id in the template would be one editors could link to
  card.setAttribute("aria-labelledby", head.id);
  card.querySelector(".source-publisher-name").textContent = source.publisher;
  time.dateTime = source.date;
  time.textContent = source.when;
  card.querySelector(".source-date").replaceWith(time);  // a <time> with no date would not be valid in the template
  title.href = source.url;
  title.textContent = source.title;
  if (source.note) note.textContent = source.note;
  else note.remove();
  card.querySelector(".source-card-page").href = mark.href;
  return card;
}

function place(card, mark) {
  var at = mark.getBoundingClientRect(), frame = card.offsetParent.getBoundingClientRect();
  var left = Math.max(8, Math.min(at.left, document.documentElement.clientWidth - card.offsetWidth - 8));
  card.style.left = (left - frame.left) + "px";
  card.style.top = (at.bottom + 8 - frame.top) + "px";
}

// Fetches the edition's cards; then what a tap on a mark does: `toggle(mark)` opens its card or closes it (and
// follows the mark to the sources page for a source the file does not have).
export function sourceCards(template) {
  return fetch(template.getAttribute("data-cards")).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (records) {
    var sources = {}, root = new URL(template.getAttribute("data-root"), document.baseURI), open = null;
    records.forEach(function (record) { sources[new URL(record.uri, root).href] = record; });

    function close(refocus) {
      var shown = open;
      open = null;  // first: removing the card may move focus out of it, which closes it too
      if (!shown) return;
      shown.mark.setAttribute("aria-expanded", "false");
      shown.card.remove();
      if (refocus) shown.mark.focus();
    }

    function show(mark) {
      var card = made(template, sources[mark.href], mark);
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

    document.addEventListener("click", function (event) {  // a tap on a mark is enhance.js's, which calls toggle
      if (open && !open.card.contains(event.target) && !open.mark.contains(event.target)) close(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && open) close(true);
    });
    return function toggle(mark) {
      var again = open && open.mark === mark;
      close(false);
      if (!sources[mark.href]) location.href = mark.href;
      else if (!again) show(mark);
    };
  });
}
