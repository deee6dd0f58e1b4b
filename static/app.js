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
    keepClearOfSaveBar(t);
  });

  // The sticky save bar must never cover the focused field (CSS scroll-padding does most of
  // this; a field reached without a scroll, e.g. by script, is nudged here).
  function keepClearOfSaveBar(el) {
    if (!(el instanceof Element)) { return; }
    var bar = document.querySelector(".form-actions");
    if (!bar || bar.contains(el)) { return; }
    var top = bar.getBoundingClientRect().top;
    var r = el.getBoundingClientRect();
    if (r.bottom > top - 8) { window.scrollBy(0, r.bottom - top + 16); }
  }

  // An error clears as soon as its field is edited: the message, the red border, the summary
  // line and the section badge no longer claim a problem the user is fixing.
  function clearError(el) {
    var id = el.id;
    if (!id || el.getAttribute("aria-invalid") !== "true") { return; }
    el.removeAttribute("aria-invalid");
    var msg = document.getElementById(id + "-error");
    if (msg) { msg.remove(); }
    var holder = el.closest(".invalid");
    if (holder) { holder.classList.remove("invalid"); }
    var link = document.querySelector("#error-summary a[href='#" + id + "']");
    if (link && link.parentElement) { link.parentElement.remove(); }
    var summary = document.getElementById("error-summary");
    if (summary && !summary.querySelector("li")) { summary.hidden = true; }
  }

  // What a typed number reads as, updated while typing; the server's reading (same rules,
  // src/number.rs) is the one that counts on save.
  function readNumber(raw) {
    var s = raw.trim().replace(/[\u00a0\u202f\u2009 ]/g, function (c, i, all) { return "_"; });
    if (s === "") { return null; }
    var plain = /^[-+]?\d+(\.\d+)?$/;
    var grouped = /^[-+]?\d{1,3}(_\d{3})+([.,]\d+)?$/;
    var commas = /^[-+]?\d{1,3}(,\d{3}){2,}(\.\d+)?$|^[-+]?\d{1,3},\d{3}\.\d+$/;
    var decimalComma = /^[-+]?\d+,(\d{1,2}|\d{4,})$|^[-+]?0,\d+$/;
    if (plain.test(s)) { return parseFloat(s); }
    if (grouped.test(s)) { return parseFloat(s.replace(/_/g, "").replace(",", ".")); }
    if (commas.test(s)) { return parseFloat(s.replace(/,/g, "")); }
    if (decimalComma.test(s)) { return parseFloat(s.replace(",", ".")); }
    return undefined;
  }

  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) { return; }
    clearError(el);
    var out = el.id ? document.getElementById(el.id + "-reading") : null;
    if (!out) { return; }
    var unitEl = el.parentElement && el.parentElement.querySelector(".unit");
    var unit = unitEl ? " " + unitEl.textContent : "";
    var raw = el.value.trim();
    if (unit && raw.toLowerCase().endsWith(unit.trim().toLowerCase())) {
      raw = raw.slice(0, raw.length - unit.trim().length);
    }
    var n = readNumber(raw);
    if (n === null) { out.textContent = ""; }
    else if (n === undefined || !isFinite(n)) { out.textContent = "Not read yet: checked when you save"; }
    else { out.textContent = "Read as " + n.toLocaleString("en-US", { maximumFractionDigits: 10 }) + unit; }
  });
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) { clearError(el); }
  });

  // Copy buttons for links shown once; without script the field still selects on focus.
  function enableCopy(btn) {
    var field = document.getElementById(btn.getAttribute("data-copy") || "");
    if (!field) { return; }
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var status = document.getElementById(btn.getAttribute("data-copy") + "-copied");
      var done = function () { if (status) { status.textContent = "Copied"; } };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { field.select(); });
      } else {
        field.focus(); field.select();
        try { if (document.execCommand("copy")) { done(); } } catch (e) { /* selected for Ctrl+C */ }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-print-hint]").forEach(function (p) { p.hidden = true; });
    document.querySelectorAll("button[data-copy]").forEach(enableCopy);
    // A summary link moves focus to its field, not just the scroll position.
    document.querySelectorAll("#error-summary a[href^='#']").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (!target) { return; }
        var details = target.closest("details");
        if (details) { details.open = true; }
        if (target.matches("input, select, textarea, button")) {
          ev.preventDefault();
          target.focus();
          history.replaceState(null, "", a.getAttribute("href"));
        }
      });
    });
  });
})();
