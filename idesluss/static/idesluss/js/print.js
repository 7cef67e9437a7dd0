// "Print / save as PDF": shown only where a script runs (the browser's own print works
// anyway), it opens the browser's print dialogue.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
