// A task card's add form opened from its plan starts with the next free number of the chosen
// chapter (plans.admin.registrations.TaskCardAdmin puts each chapter's next number on the
// input as data-next-main and data-next-special). Choosing the other chapter puts that
// chapter's next number instead, unless the clerk has typed a number of their own. Left empty,
// the number is filled when the card is saved (plans.admin.ordering).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const number = document.getElementById("id_number");
  const section = document.getElementById("id_section");
  if (!number || !section || number.dataset.nextMain === undefined) {
    return;
  }
  const nextOf = function (chapter) {
    return number.dataset["next" + chapter.charAt(0).toUpperCase() + chapter.slice(1)] || "";
  };
  let previous = section.value;
  section.addEventListener("change", function () {
    if (number.value === "" || number.value === nextOf(previous)) {
      number.value = nextOf(section.value);
    }
    previous = section.value;
  });
});
