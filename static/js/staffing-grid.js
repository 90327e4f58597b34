// Live sums of the staffing grid (templates/admin/personnel/staffing_grid.html): every
// .grid-sum adds the inputs of its kind (현원/정원), limited to its team (data-team) and grades
// (data-grades) when it names them. A value that is not a non-negative whole number counts as
// empty, as on the server. A file rather than an inline <script>, so the Content-Security-Policy
// can allow only scripts served from this site.
(function () {
  "use strict";
  var form = document.getElementById("staffing-form");
  if (!form) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-kind]"));
  var sums = Array.prototype.slice.call(document.querySelectorAll(".grid-sum"));

  function count(input) {
    var text = input.value.trim().replace(/,/g, "");
    return /^\d+$/.test(text) ? parseInt(text, 10) : 0;
  }

  function refresh() {
    sums.forEach(function (sum) {
      var kind = sum.dataset.kind;
      var team = sum.dataset.team;
      var grades = sum.dataset.grades ? sum.dataset.grades.split(" ") : null;
      var total = 0;
      inputs.forEach(function (input) {
        if (input.dataset.kind !== kind) { return; }
        if (team && input.dataset.team !== team) { return; }
        if (grades && grades.indexOf(input.dataset.grade) === -1) { return; }
        total += count(input);
      });
      sum.textContent = total.toLocaleString("ko-KR");
    });
  }

  form.addEventListener("input", refresh);
})();
