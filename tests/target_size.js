/* Target size (WCAG 2.2, 2.5.8 Minimum), measured on the page as rendered: every link, button,
 * summary and form control that is shown, from its getBoundingClientRect(), never from CSS.
 * A target passes when
 *  - its box is at least 24 × 24 CSS px; or
 *  - it is INLINE: laid out as `display: inline` in running text, i.e. the lines of its
 *    nearest block container hold at least three words outside any target (text in inline
 *    elements only: a block beside it, such as a date set above a title, does not count) —
 *    the "in a sentence or its size is otherwise constrained by the line-height of
 *    non-target text" exception; or
 *  - SPACING: a circle of 24 px diameter centred on its box meets no other target's box and
 *    no such circle of another undersized target (centres at least 24 px apart).
 * A target wholly covered by other content (under an open popover) is not counted.
 * Returns the failures, one line each: selector-like name, size, and which rule failed. */
() => {
  const SIZE = 24, RADIUS = 12, EPSILON = 0.01;
  const selector = "a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button]";
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    // not inside a closed <details> (its content is laid out but not rendered)
    if (el.checkVisibility && !el.checkVisibility({contentVisibilityAuto: true})) return false;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // A target wholly under other content (a note popover drawn over the text) cannot be
  // tapped while it is covered: it is not counted (hit-tested at its centre, in view only).
  const covered = (el) => {
    const box = el.getBoundingClientRect();
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const top = document.elementFromPoint(x, y);
    if (!top || el.contains(top) || top.contains(el)) return false;
    const cover = top.closest("[role=note], [role=dialog], .note-popover") || top;
    const area = cover.getBoundingClientRect();
    return area.left <= box.left && area.right >= box.right && area.top <= box.top && area.bottom >= box.bottom;
  };
  const targets = [...document.querySelectorAll(selector)].filter((el) => shown(el) && !covered(el));
  const isTarget = (node) => node.nodeType === 1 && node.matches(selector);
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node || document.body;
  };
  const words = (text) => (text.match(/[\p{L}\p{N}]{2,}/gu) || []).length;
  const textOutsideTargets = (root) => {
    let text = "";
    const walk = (node) => {
      if (node.nodeType === 3) text += node.textContent + " ";
      else if (node.nodeType === 1 && !isTarget(node)) {
        // only text in the target's own lines: not in blocks beside it, not hidden
        const display = getComputedStyle(node).display;
        if (display.startsWith("inline") || display === "contents") node.childNodes.forEach(walk);
      }
    };
    root.childNodes.forEach(walk);
    return text;
  };
  const inline = (el) => {
    if (el.namespaceURI !== "http://www.w3.org/1999/xhtml") return false;
    if (getComputedStyle(el).display !== "inline") return false;
    return words(textOutsideTargets(blockOf(el))) >= 3;
  };
  const name = (el) => {
    let label = el.tagName.toLowerCase();
    if (el.id) label += "#" + el.id;
    const cls = el.getAttribute("class");
    if (cls) label += "." + cls.trim().split(/\s+/).join(".");
    let anchor = el.closest("[id]");
    if (anchor && anchor !== el) label = "#" + anchor.id + " " + label;
    const text = (el.textContent || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ");
    return label + ' "' + text.slice(0, 40) + '"';
  };
  const boxes = targets.map((el) => el.getBoundingClientRect());
  const centre = (box) => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) => {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    return Math.hypot(dx, dy);
  };
  const small = boxes.map((box) => box.width < SIZE - EPSILON || box.height < SIZE - EPSILON);
  const exempt = targets.map((el, i) => small[i] && inline(el));
  const failures = [];
  targets.forEach((el, i) => {
    if (!small[i] || exempt[i]) return;
    const c = centre(boxes[i]);
    for (let j = 0; j < targets.length; j++) {
      if (j === i) continue;
      if (targets[j].contains(el) || el.contains(targets[j])) continue;
      const other = boxes[j];
      let clash = distanceToBox(c, other) < RADIUS - EPSILON;
      if (!clash && small[j] && !exempt[j]) {
        const [x, y] = centre(other);
        clash = Math.hypot(c[0] - x, c[1] - y) < 2 * RADIUS - EPSILON;
      }
      if (clash) {
        const b = boxes[i];
        failures.push(
          name(el) + " " + b.width.toFixed(1) + "×" + b.height.toFixed(1) +
          " px, too close to " + name(targets[j])
        );
        return;
      }
    }
  });
  return {count: targets.length, exempt: exempt.filter(Boolean).length, failures};
}
