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
    // Highlight a nation, its links and its partners; returns how many partners.
    function highlight(slug) {
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
      var count = 0;
      nodes.forEach(function (other) {
        if (partners[other.getAttribute("data-slug")]) {
          other.classList.add("is-linked");
          if (other.getAttribute("data-slug") !== slug) count += 1;
        }
      });
      svg.classList.add("is-focused");
      return count;
    }
    var finding = false;
    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () { highlight(node.getAttribute("data-slug")); });
      node.addEventListener("mouseleave", function () { if (!finding) clear(); });
    });
    // The search box: works on touch screens, where there is no hover.
    var box = document.querySelector("[data-network-find]");
    var said = document.querySelector("[data-network-found]");
    if (box) {
      var bySlug = {};
      document.querySelectorAll("#network-nations option").forEach(function (option) {
        bySlug[option.value.toLowerCase()] = option.getAttribute("data-slug");
      });
      box.addEventListener("input", function () {
        var slug = bySlug[box.value.trim().toLowerCase()];
        finding = Boolean(slug);
        if (slug) {
          var count = highlight(slug);
          said.textContent = box.value.trim() + ": " + count + " partner" + (count === 1 ? "" : "s") + " highlighted.";
        } else {
          clear();
          said.textContent = "";
        }
      });
      box.form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
