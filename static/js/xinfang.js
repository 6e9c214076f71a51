// Small progressive enhancements. Every page works without JavaScript.
(function () {
  "use strict";
  // With JavaScript, narrow screens fold the navigation into a menu button; without it, it stays open.
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (!toggle) return;
    var open = document.body.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  // Add another sub-form to a Django formset: clones the <template> and bumps TOTAL_FORMS.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    event.preventDefault();
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-template");
    var target = document.getElementById(prefix + "-forms");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__num__/g, index + 1);
    target.insertAdjacentHTML("beforeend", html);
    if (window.htmx) window.htmx.process(target.lastElementChild);  // the new form's pickers talk to the server
    total.value = index + 1;
  });
  // A select that submits its form when changed (the language switch), in place of an inline onchange.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // A link that carries the page's current query string (the list's filters, which htmx keeps in the URL).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-current-query]");
    if (link) link.search = window.location.search;
  });
  // Prevent double submission: disable the submit button once the form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-once")) {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; b.textContent = b.getAttribute("data-busy") || b.textContent; });
    }
  });
})();
