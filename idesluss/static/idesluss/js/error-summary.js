// The error summary (macros/forms.html): give it the focus when the page opens (where the
// autofocus attribute did not), and let its links put the focus in the field they name,
// with the field's label or legend in view and a folded <details> around it opened.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    var details = field.closest("details");
    while (details) {
      details.open = true;
      details = details.parentElement && details.parentElement.closest("details");
    }
    var fieldset = field.closest("fieldset");
    var label = (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector('label[for="' + CSS.escape(field.id) + '"]') || field;
    label.scrollIntoView();
    field.focus({ preventScroll: true });
    history.replaceState(null, "", link.hash);
  });
})();
