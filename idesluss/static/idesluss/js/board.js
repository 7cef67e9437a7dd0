// Drag and drop on the idea boards: an enhancement only. Dropping a card on
// another column opens the idea's move page with that stage chosen, because
// every move needs a message to the submitter. Without JavaScript (or with the
// keyboard) the card's "Move" link does the same.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) return;
  var dragged = null;

  board.querySelectorAll("[data-move-url]").forEach(function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      card.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.moveUrl);
    });
    card.addEventListener("dragend", function () {
      card.classList.remove("is-dragging");
      dragged = null;
    });
  });

  board.querySelectorAll("[data-stage]").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (!dragged || dragged.closest("[data-stage]") === column) return;
      event.preventDefault();
      column.classList.add("is-drop-target");
    });
    column.addEventListener("dragleave", function () {
      column.classList.remove("is-drop-target");
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("is-drop-target");
      if (!dragged) return;
      var url = new URL(dragged.dataset.moveUrl, window.location.href);
      url.searchParams.set("to", column.dataset.stage);
      window.location.assign(url.toString());
    });
  });
})();
