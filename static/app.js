// Progressive enhancement only: every button here also works as a plain form submit.
(function () {
  "use strict";

  function nextIndex(tbody) {
    var max = -1;
    tbody.querySelectorAll("[name^='connectors[']").forEach(function (el) {
      var m = /^connectors\[(\d+)\]/.exec(el.name);
      if (m) { max = Math.max(max, parseInt(m[1], 10)); }
    });
    return max + 1;
  }

  function renumber(tbody) {
    tbody.querySelectorAll("tr[data-row] > th[scope=row]").forEach(function (th, i) {
      th.textContent = String(i + 1);
    });
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!(target instanceof Element)) { return; }
    var add = target.closest("[data-add-row]");
    if (add) {
      var tbody = document.getElementById("connector-rows");
      var tpl = document.getElementById("connector-row-template");
      if (!tbody || !tpl) { return; }
      ev.preventDefault();
      var i = String(nextIndex(tbody));
      var html = tpl.innerHTML.split("__i__").join(i);
      var holder = document.createElement("tbody");
      holder.innerHTML = html;
      var row = holder.querySelector("tr");
      tbody.appendChild(row);
      renumber(tbody);
      var first = row.querySelector("input[type=text]");
      if (first) { first.focus(); }
      return;
    }
    var remove = target.closest("[data-remove-row]");
    if (remove) {
      var tr = remove.closest("tr");
      var body = tr && tr.parentElement;
      if (!tr || !body || body.id !== "connector-rows") { return; }
      ev.preventDefault();
      // The server orders rows by index and closes gaps, so names need not be rewritten.
      tr.remove();
      renumber(body);
    }
  });

  document.addEventListener("focusin", function (ev) {
    var t = ev.target;
    if (t instanceof HTMLInputElement && t.hasAttribute("data-select-on-focus")) { t.select(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-print-hint]").forEach(function (p) { p.hidden = true; });
  });
})();
