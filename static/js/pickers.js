// Pickers (core/widgets.py): filter boxes for long selects and compact multi-selects. No inline script.
(function () {
  "use strict";
  function matches(text, query) { return text.toLowerCase().indexOf(query) !== -1; }

  // A select with a filter box: hide options (and empty groups) that do not match what was typed.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box.matches("[data-filter-for]")) {
      var select = document.getElementById(box.getAttribute("data-filter-for"));
      if (!select) return;
      var query = box.value.trim().toLowerCase();
      select.querySelectorAll("option").forEach(function (option) {
        option.hidden = option.value !== "" && query !== "" && !matches(option.textContent, query);
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        var visible = Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
        group.hidden = !visible && !matches(group.label, query);
        if (matches(group.label, query) && query !== "") {
          Array.prototype.forEach.call(group.children, function (o) { o.hidden = false; });
          group.hidden = false;
        }
      });
    } else if (box.matches("[data-multi-filter]")) {
      var panel = box.closest("[data-multi-select]");
      var q = box.value.trim().toLowerCase();
      panel.querySelectorAll(".multi-select-option").forEach(function (label) {
        var group = label.closest("fieldset");
        var groupText = group ? group.querySelector("legend").textContent : "";
        label.hidden = q !== "" && !matches(label.textContent, q) && !matches(groupText, q);
      });
      panel.querySelectorAll("fieldset").forEach(function (group) {
        group.hidden = !group.querySelector(".multi-select-option:not([hidden])");
      });
    }
  });

  // A compact multi-select: keep the summary in step with the ticked boxes.
  document.addEventListener("change", function (event) {
    var panel = event.target.closest("[data-multi-select]");
    if (!panel || event.target.type !== "checkbox") return;
    var chosen = Array.prototype.map.call(panel.querySelectorAll("input[type=checkbox]:checked"), function (box) {
      return box.parentElement.textContent.trim();
    });
    var summary = panel.querySelector("[data-summary]");
    if (!chosen.length) summary.textContent = summary.getAttribute("data-empty");
    else if (chosen.length <= 3) summary.textContent = chosen.join("、");
    else summary.textContent = "已选 " + chosen.length + " 项";
  });
})();
