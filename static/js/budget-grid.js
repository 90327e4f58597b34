// Live 증감, 증감률 and 계 of the budget grid (templates/admin/budget/budget_grid.html), computed
// exactly as plans/rules/figures.py computes them for the report: whole numbers of 천원 (BigInt,
// so no amount is ever rounded by floating point), the rate relative to last year's amount to
// one decimal rounded half up, a decrease printed with △, "순증"/"순감" from a zero base, and
// "0%" for no change. tests/browser/test_grids_browser.py types values into the page and checks
// each cell against the server's figures. A file rather than an inline <script>, so the
// Content-Security-Policy can allow only scripts served from this site.
(function () {
  "use strict";
  var form = document.getElementById("budget-form");
  if (!form) { return; }
  var DECREASE = "\u25B3";  // △

  // A cell's amount: digits with optional separators and spaces; anything else (or nothing)
  // is null and counts as empty, as on the server.
  function read(text) {
    var digits = String(text).replace(/[\s,]/g, "");
    return /^[0-9]+$/.test(digits) ? BigInt(digits) : null;
  }

  function abs(n) { return n < 0n ? -n : n; }

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // figures.format_number for a whole number: 78,676 / △856.
  function formatNumber(n) {
    var text = grouped(abs(n).toString());
    return n < 0n ? DECREASE + text : text;
  }

  // figures.Change.format_rate: the rate in tenths of a percent, half up, from |previous|.
  function formatRate(current, previous) {
    var amount = current - previous;
    if (amount === 0n) { return "0%"; }
    if (previous === 0n) { return amount > 0n ? "순증" : "순감"; }
    var base = abs(previous);
    var tenths = (abs(amount) * 2000n + base) / (2n * base);  // floor((|a|·1000/|p|) + ½)
    var text = grouped((tenths / 10n).toString()) + "." + (tenths % 10n).toString();
    return (amount < 0n ? DECREASE : "") + text + "%";
  }

  function valueOf(element) {
    return read(element.tagName === "INPUT" ? element.value : element.dataset.value || "");
  }

  var cells = Array.prototype.slice.call(form.querySelectorAll("[data-col]"));

  function refresh() {
    var rows = {};
    var totals = { current: 0n, previous: 0n };
    cells.forEach(function (element) {
      var row = rows[element.dataset.row] || (rows[element.dataset.row] = {});
      var value = valueOf(element);
      row[element.dataset.col] = value;
      if (value !== null) { totals[element.dataset.col] += value; }
      if (element.tagName === "INPUT") {
        var typed = element.value.trim();
        element.classList.toggle("unreadable", typed !== "" && value === null);
      }
    });
    Object.keys(rows).forEach(function (key) {
      var row = rows[key];
      var amountCell = form.querySelector('[data-row="' + key + '"][data-part="amount"]');
      var rateCell = form.querySelector('[data-row="' + key + '"][data-part="rate"]');
      if (!amountCell || !rateCell) { return; }
      if (row.current == null && row.previous == null) {
        amountCell.textContent = "-";
        rateCell.textContent = "-";
        return;
      }
      var current = row.current || 0n;
      var previous = row.previous || 0n;
      amountCell.textContent = formatNumber(current - previous);
      rateCell.textContent = formatRate(current, previous);
    });
    document.getElementById("total-current").textContent = formatNumber(totals.current);
    document.getElementById("total-previous").textContent = formatNumber(totals.previous);
    document.getElementById("total-change-amount").textContent =
      formatNumber(totals.current - totals.previous);
    document.getElementById("total-change-rate").textContent =
      formatRate(totals.current, totals.previous);
  }

  form.addEventListener("input", refresh);
})();
