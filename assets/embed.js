// For pages shown in an iframe on another site (embed/): dark only when the host asks with ?theme=dark, and the
// page's height posted to the host, whose snippet sizes the iframe to fit (see explainer/publish.py).
(function () {
  "use strict";
  if (/[?&]theme=dark(&|$)/.test(location.search)) document.documentElement.setAttribute("data-theme", "dark");
  if (window.parent === window || !window.ResizeObserver) return;
  document.addEventListener("DOMContentLoaded", function () {
    new ResizeObserver(function () {
      window.parent.postMessage({explainerEmbedHeight: Math.ceil(document.body.getBoundingClientRect().height)}, "*");
    }).observe(document.body);
  });
})();
