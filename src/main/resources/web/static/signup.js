// The sign-up form: shows whether the username is free and how strong the password is while they are typed,
// by posting the fields to the form's data-check endpoint (JSON). Only advice: the server checks again on submit.
"use strict";
(function () {
  var form = document.getElementById("signup-form");
  if (!form) {
    return;
  }
  var endpoint = form.getAttribute("data-check");
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null;

  function show(id, result) {
    var el = document.getElementById(id);
    if (!el) {
      return;
    }
    el.textContent = result ? result.text : "";
    el.className = "hint " + (result ? (result.ok ? "check-ok" : "check-bad") : "");
  }

  function check() {
    var body = new URLSearchParams();
    body.set("username", form.elements.username.value);
    body.set("domain", form.elements.domain.value);
    body.set("password", form.elements.password.value);
    fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf},
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (!result) {
        return;
      }
      show("username-check", result.address);
      show("password-check", result.password);
      document.getElementById("password-meter").setAttribute("data-score",
          result.password ? String(result.password.score) : "0");
    }).catch(function () { /* offline: the server checks on submit */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  }

  ["username", "domain", "password"].forEach(function (name) {
    form.elements[name].addEventListener("input", later);
  });
})();
