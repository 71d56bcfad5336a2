/* Glas: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // A form with errors opens with its summary (templates/includes/error_summary.html) in focus.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  // E-mail addresses are stored reversed and base64-encoded (see glas_tags.protected_email).
  document.querySelectorAll("a.js-protected-email[data-address]").forEach(function (link) {
    try {
      var address = atob(link.getAttribute("data-address")).split("").reverse().join("");
      link.textContent = address;
      link.setAttribute("href", "mailto:" + address);
    } catch (e) {
      /* leave the fallback text */
    }
  });

  // Consultations: tapping a paragraph opens its comments (no text selection needed).
  document.querySelectorAll("[data-paragraph] .paragraph-text").forEach(function (text) {
    text.addEventListener("click", function (event) {
      if (event.target.closest("a") || String(window.getSelection()).length > 0) return;
      var paragraph = text.closest("[data-paragraph]");
      var details = paragraph.querySelector("details.paragraph-comments");
      var active = paragraph.classList.toggle("is-active");
      if (details) details.open = active;
    });
  });
  // A link to a paragraph or a comment opens the comments it points into.
  function openTarget() {
    if (!window.location.hash) return;
    var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!target) return;
    var details = target.matches("[data-paragraph]") ? target.querySelector("details") : target.closest("details");
    if (details) details.open = true;
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
