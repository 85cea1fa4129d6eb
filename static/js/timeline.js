/* The timeline picture: while a dot is pointed at or has the keyboard focus, its date and
 * title (the link's own name) are written under the picture, in the page's type, where they
 * fit any screen; and on an event's page the 1945–1953 strip, which scrolls sideways on a
 * phone, starts scrolled to that event. Without JavaScript the dots are links all the same,
 * with their names as tooltips, and the list under the picture gives every date and title. */
(function () {
  "use strict";
  var figure = document.querySelector(".timeline-figure");
  if (!figure) return;
  var readout = figure.querySelector(".tl-readout");

  function markFrom(node) {
    return node && node.closest ? node.closest("a.tl-mark") : null;
  }
  function describe(mark) {
    var title = mark.querySelector("title");
    if (!readout || !title) return;
    readout.textContent = title.textContent;
    readout.hidden = false;
  }
  figure.addEventListener("focusin", function (event) {
    var mark = markFrom(event.target);
    if (mark) describe(mark);
  });
  figure.addEventListener("pointerover", function (event) {
    var mark = markFrom(event.target);
    if (mark && event.pointerType !== "touch") describe(mark);
  });

  var current = figure.querySelector(".tl-scroll a.tl-mark[aria-current='page']");
  if (current) {
    var strip = current.closest(".tl-scroll");
    var dot = current.getBoundingClientRect();
    var box = strip.getBoundingClientRect();
    strip.scrollLeft += dot.left + dot.width / 2 - (box.left + box.width / 2);
    describe(current);
  }
})();
