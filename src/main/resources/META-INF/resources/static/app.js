// Reelgate's only script: small progressive enhancements on top of HTMX. Pages work without it.
(function () {
  "use strict";

  // Close an open <details> menu when clicking elsewhere or pressing Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  });

  // A session that expired answers HTMX requests with a redirect to the sign-in page, which an
  // XHR cannot follow across origins: reload the page instead so the browser signs in again.
  document.addEventListener("htmx:sendError", function () { window.location.reload(); });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 401) { window.location.reload(); }
  });
})();
