// Click a cell of the report read (data-cell) or a finding (data-cells): mark the cells and
// the places in the source they were read from (data-src), and scroll the source to the first.
// No inline script: loaded as a static file so that a strict Content-Security-Policy holds.
(function () {
  "use strict";
  var ACTIVE = "gk-src--active";
  var PICKED = "gk-cell--picked";

  function clear() {
    document.querySelectorAll("." + ACTIVE + ", ." + PICKED).forEach(function (el) {
      el.classList.remove(ACTIVE, PICKED);
    });
  }

  function show(paths) {
    clear();
    var first = null;
    paths.forEach(function (path) {
      if (!path) { return; }
      document.querySelectorAll('[data-src="' + CSS.escape(path) + '"]').forEach(function (el) {
        el.classList.add(ACTIVE);
        first = first || el;
      });
      document.querySelectorAll('td[data-cell="' + CSS.escape(path) + '"]').forEach(function (el) {
        el.classList.add(PICKED);
      });
    });
    if (first) { first.scrollIntoView({block: "center"}); }
  }

  document.addEventListener("click", function (event) {
    var cell = event.target.closest("td[data-cell]");
    if (cell && !event.target.closest("a")) { show([cell.getAttribute("data-cell")]); return; }
    var finding = event.target.closest("[data-cells]");
    if (finding) { show(finding.getAttribute("data-cells").split(" ")); }
  });
  document.addEventListener("keydown", function (event) {
    var finding = event.target.closest && event.target.closest("[data-cells]");
    if (finding && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(finding.getAttribute("data-cells").split(" "));
    }
  });
})();
