// QuizApp's only script: keyboard shortcuts for flashcards, busy buttons, and a message when a request fails.
// Every page works without it (plain links and forms); htmx does the fragment swaps.
(function () {
  "use strict";

  // Flashcards: Space/Enter show the answer, 1-4 grade, U undoes.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var card = document.getElementById("card");
    if (!card) return;
    var button = null;
    if (event.key === " " || event.key === "Enter") {
      button = card.querySelector("[data-key=show]");
    } else if (/^[1-4]$/.test(event.key)) {
      button = card.querySelector('[data-grade="' + event.key + '"]');
    } else if (event.key === "u" || event.key === "U") {
      button = card.querySelector("[data-key=undo]");
    }
    if (button && !button.disabled) {
      event.preventDefault();
      // Content swapped in a moment ago may not be wired up by htmx yet: make sure it is.
      if (window.htmx && button.form) window.htmx.process(button.form);
      button.click();
    }
  });

  // Plain forms that take a while (adding an article): say so, and stop a second submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var busy = form.getAttribute("data-busy");
    if (!busy || event.defaultPrevented) return;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      if (form.dataset.submitted) { event.preventDefault(); return; }
      form.dataset.submitted = "1";
      button.textContent = busy;
      button.setAttribute("aria-busy", "true");
    }
  });

  // After a swap that replaced the focused control (saving or suspending an item), keep the keyboard user's
  // place: focus the swapped-in element instead of letting focus fall back to the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    var active = document.activeElement;
    if (active && active !== document.body) return;
    var id = event.detail.target && event.detail.target.id;
    var element = id && document.getElementById(id);
    if (!element) return;
    if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: true });
  });

  // An htmx request that failed (network, server error): tell the learner instead of doing nothing.
  function problem(message) {
    var box = document.getElementById("problem");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    problem(status === 400
      ? "This page has expired. Reload it and try again."
      : "Something went wrong (" + status + "). Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    problem("QuizApp cannot be reached. Check that it is running, then try again.");
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("problem");
    if (box) box.hidden = true;
  });
})();
