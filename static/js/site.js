/* Glas: small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
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
})();
