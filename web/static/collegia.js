/* Collegia — optional enhancement only: every page works without this file.
 *
 * Wide tables: collegia.css lets each table scroll sideways inside its own box on a narrow
 * screen. This script puts each table in a `.table-scroll` box (keeping the table's own
 * display, hence its semantics in every browser) and, while that box really scrolls, makes it
 * reachable from the keyboard (tabindex="0", a named region), as WCAG 2.1.1 asks.
 *
 * The header's menu: collegia.css already shows its links on a wide screen; this keeps the
 * <details> itself open there (closed again on a narrow one), so that every tool reading the
 * page sees them as shown.
 */
(function () {
  "use strict";
  var boxes = [];
  var counter = 0;

  function wrap(table) {
    var box = table.parentElement;
    if (!box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    var caption = table.querySelector("caption");
    if (caption) {
      if (!caption.id) { caption.id = "table-caption-" + (++counter); }
      box.dataset.label = caption.id;
    }
    boxes.push(box);
  }

  function update() {
    boxes.forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (box.dataset.label) { box.setAttribute("aria-labelledby", box.dataset.label); }
        else { box.setAttribute("aria-label", document.documentElement.lang === "fr" ? "Tableau" : "Table"); }
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-labelledby");
        box.removeAttribute("aria-label");
      }
    });
  }

  function menu() {
    var details = document.querySelector("header.site details.menu");
    if (!details || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 60em)");
    var sync = function () { details.open = wide.matches; };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }

  function start() {
    menu();
    Array.prototype.forEach.call(document.querySelectorAll("main table"), wrap);
    update();
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) { window.cancelAnimationFrame(pending); }
      pending = window.requestAnimationFrame(update);
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
