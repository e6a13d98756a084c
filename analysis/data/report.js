/* Searchable, paginated tables and evidence filters: no network, no libraries. */
(function () {
  "use strict";
  var PAGE = 25;
  function button(label) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    return b;
  }
  function enhance(table) {
    var body = table.tBodies[0];
    if (!body || table.getAttribute("data-enhanced")) { return; }
    table.setAttribute("data-enhanced", "1");
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var matches = rows, page = 0;
    var bar = document.createElement("div");
    bar.className = "tbar";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows (any text)";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var info = document.createElement("span");
    info.className = "tinfo";
    info.setAttribute("aria-live", "polite");
    var prev = button("\u2039 Previous"), next = button("Next \u203a");
    bar.appendChild(input); bar.appendChild(prev); bar.appendChild(next); bar.appendChild(info);
    var host = table.parentNode.classList.contains("tablewrap") ? table.parentNode : table;
    host.parentNode.insertBefore(bar, host);
    function render() {
      var pages = Math.max(1, Math.ceil(matches.length / PAGE));
      page = Math.min(page, pages - 1);
      rows.forEach(function (r) { r.hidden = true; });
      matches.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) { r.hidden = false; });
      var first = matches.length ? page * PAGE + 1 : 0;
      var last = Math.min((page + 1) * PAGE, matches.length);
      info.textContent = "rows " + first + "\u2013" + last + " of " + matches.length +
        (matches.length !== rows.length ? " (filtered from " + rows.length + ")" : "") +
        " \u00b7 page " + (page + 1) + " of " + pages;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    function filter(q) {
      q = (q || "").toLowerCase().trim();
      matches = q ? rows.filter(function (r, i) { return texts[i].indexOf(q) >= 0; }) : rows;
      page = 0;
      render();
    }
    input.addEventListener("input", function () { filter(input.value); });
    prev.addEventListener("click", function () { page -= 1; render(); });
    next.addEventListener("click", function () { page += 1; render(); });
    table.filterRows = function (q) { input.value = q; filter(q); };
    render();
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.dataframe, table.data"), enhance);
    document.addEventListener("click", function (e) {
      var el = e.target.closest ? e.target.closest("[data-filter-target]") : null;
      if (!el) { return; }
      var table = document.getElementById(el.getAttribute("data-filter-target"));
      if (!table || !table.filterRows) { return; }
      e.preventDefault();
      table.filterRows(el.getAttribute("data-filter") || "");
      table.scrollIntoView({block: "start"});
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
