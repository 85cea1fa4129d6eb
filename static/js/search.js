/* The search page: the filters are a collapsible panel (a <details>, closed, so that on a phone
 * the results come first; it opens and closes without JavaScript). On a wide screen, where the
 * filters stand beside the results, this opens the panel. */
(function () {
  "use strict";
  var panel = document.querySelector("details.facets");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 56rem)");
  function follow() {
    if (wide.matches) panel.open = true;
  }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();
