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

/* The comment form: how many characters are left under each long text (textarea with
   data-glas-maxlength). Nothing is cut: over the limit the count says by how much, and the
   server's message explains on sending. Screen readers hear the count through a polite live
   region, updated when typing pauses (not on every keystroke) and at once when the limit is
   crossed. The words come from the form's data-count-left / data-count-over ("{count}"). */
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-glas-maxlength]").forEach(function (area) {
    var form = area.closest("form");
    var limit = parseInt(area.getAttribute("data-glas-maxlength"), 10);
    if (!form || !limit) return;
    var leftText = form.getAttribute("data-count-left") || "{count}";
    var overText = form.getAttribute("data-count-over") || "-{count}";
    var count = document.createElement("p");
    count.className = "char-count";
    count.id = area.id + "-count";
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.id = area.id + "-count-live";
    area.insertAdjacentElement("afterend", live);
    area.insertAdjacentElement("afterend", count);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + count.id);
    var timer = null;
    var wasOver = false;
    function message() {
      var left = limit - area.value.length;
      return left >= 0 ? leftText.replace("{count}", left) : overText.replace("{count}", -left);
    }
    function update() {
      var over = area.value.length > limit;
      count.textContent = message();
      count.classList.toggle("is-over", over);
      window.clearTimeout(timer);
      if (over !== wasOver) {
        live.textContent = count.textContent;
      } else {
        timer = window.setTimeout(function () { live.textContent = message(); }, 1500);
      }
      wasOver = over;
    }
    count.textContent = message();
    wasOver = area.value.length > limit;
    count.classList.toggle("is-over", wasOver);
    area.addEventListener("input", update);
  });
})();
