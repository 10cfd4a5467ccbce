// Network page: pointing at a nation highlights its links and partners. Progressive
// enhancement only; the tables on the page carry the same information.
(function () {
  "use strict";
  function ready() {
    var svg = document.querySelector(".network-svg");
    if (!svg) return;
    var edges = svg.querySelectorAll(".network-edges path");
    var nodes = svg.querySelectorAll(".network-node");
    function clear() {
      svg.classList.remove("is-focused");
      svg.querySelectorAll(".is-linked").forEach(function (el) { el.classList.remove("is-linked"); });
    }
    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () {
        var slug = node.getAttribute("data-slug");
        var partners = {};
        partners[slug] = true;
        clear();
        edges.forEach(function (edge) {
          var a = edge.getAttribute("data-source"), b = edge.getAttribute("data-target");
          if (a === slug || b === slug) {
            edge.classList.add("is-linked");
            partners[a] = partners[b] = true;
          }
        });
        nodes.forEach(function (other) {
          if (partners[other.getAttribute("data-slug")]) other.classList.add("is-linked");
        });
        svg.classList.add("is-focused");
      });
      node.addEventListener("mouseleave", clear);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
