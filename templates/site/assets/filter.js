// Filters the index of the transparency site as you type. The page works without it: every tool is listed.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("tools");
  if (!form || !table) { return; }
  var text = document.getElementById("filter-text");
  var phase = document.getElementById("filter-phase");
  var count = document.getElementById("filter-count");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  function apply() {
    var q = text.value.trim().toLowerCase();
    var p = phase.value;
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) !== -1) && (!p || row.getAttribute("data-phase") === p);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " shown";
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  text.addEventListener("input", apply);
  phase.addEventListener("change", apply);
  form.hidden = false;
  apply();
}());
