// An embed of others' content in place of its facade: the provider's frame, made once the reader presses the
// facade's button (enhance.js loads this module then), so nothing loads from the provider before.
export function frame(figure) {
  var box = figure.querySelector(".facade-frame");
  var iframe = document.createElement("iframe");
  iframe.title = figure.querySelector(".facade-title").textContent;
  iframe.setAttribute("sandbox", figure.getAttribute("data-embed-sandbox"));
  iframe.setAttribute("allow", figure.getAttribute("data-embed-allow"));
  iframe.setAttribute("loading", "lazy");
  iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  iframe.src = figure.getAttribute("data-embed-src");
  box.textContent = "";
  box.appendChild(iframe);
  figure.classList.add("is-loaded");
  iframe.focus();
}
