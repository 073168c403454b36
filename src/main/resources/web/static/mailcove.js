// Mailcove pages: the little behaviour that plain HTML lacks. No inline script anywhere (the
// Content-Security-Policy allows only files from this site); htmx does the partial updates.
"use strict";
document.addEventListener("submit", function (event) {
  // <form data-confirm="Really?">: ask before sending
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
document.addEventListener("htmx:confirm", function (event) {
  // the same for htmx requests (hx-confirm is handled by htmx itself; this covers data-confirm on a button)
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
