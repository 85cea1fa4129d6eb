/* The reader's note popover: a note shown in place, without leaving the text.
 *
 * Without JavaScript every marker is a plain link to its note and back, which still works.
 * With it: pointing at a marker (mouse) or moving the keyboard focus onto it shows the note
 * beside the marker; a tap on a touch screen shows it instead of jumping; Escape, a tap or
 * click elsewhere, or moving away closes it. A mouse click or Enter still jumps to the note.
 * The popover can be pointed at and its links used (WCAG 1.4.13: dismissible, hoverable,
 * persistent).
 */
(function () {
  "use strict";

  var article = document.querySelector(".reader");
  if (!article || !document.querySelector(".notes")) return;

  var popover = document.createElement("div");
  popover.className = "note-popover";
  popover.id = "note-popover";
  popover.setAttribute("role", "note");
  popover.setAttribute("aria-labelledby", "note-popover-label");
  popover.hidden = true;
  article.appendChild(popover);

  var current = null;
  var hideTimer = 0;
  var lastPointer = "";
  var refocusing = false; // focus handed back to the marker on closing: do not reopen

  function returnFocus(marker) {
    refocusing = true;
    marker.focus({ preventScroll: true });
    refocusing = false;
  }

  function markerFrom(node) {
    return node && node.closest ? node.closest(".note-ref a") : null;
  }

  function fill(marker) {
    var number = marker.getAttribute("data-note");
    var item = document.getElementById("fn-" + number);
    var text = item && item.querySelector(".note-text");
    if (!text) return false;
    popover.textContent = "";

    var label = document.createElement("p");
    label.className = "note-popover-label";
    label.id = "note-popover-label";
    label.textContent = "Note " + number;

    var body = document.createElement("div");
    body.className = "note-popover-text";
    body.appendChild(text.cloneNode(true));

    var links = document.createElement("p");
    links.className = "note-popover-links";
    var go = document.createElement("a");
    go.href = "#fn-" + number;
    go.textContent = "Go to note " + number;
    links.appendChild(go);
    var page = item.querySelector(".note-page");
    if (page) {
      links.appendChild(document.createTextNode(" · "));
      var pageLink = document.createElement("a");
      pageLink.href = page.getAttribute("href");
      pageLink.textContent = "Note page";
      links.appendChild(pageLink);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "note-popover-close";
    close.setAttribute("aria-label", "Close note " + number);
    close.textContent = "×";
    close.addEventListener("click", function () {
      var marker = current;
      hide();
      if (marker) returnFocus(marker);
    });
    popover.appendChild(close);
    popover.appendChild(label);
    popover.appendChild(body);
    popover.appendChild(links);
    return true;
  }

  function place(marker) {
    var box = marker.getBoundingClientRect();
    var frame = article.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = window.innerHeight;
    popover.style.left = "0px";
    popover.style.top = "0px";
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;
    var left = box.left + box.width / 2 - width / 2;
    left = Math.max(8, Math.min(left, viewportWidth - width - 8));
    var top = box.bottom + 6;
    if (top + height > viewportHeight && box.top - height - 6 > 0) {
      top = box.top - height - 6; // no room below: open above the marker
    }
    popover.style.left = left - frame.left + "px";
    popover.style.top = top - frame.top + "px";
  }

  function show(marker) {
    cancelHide();
    if (current === marker && !popover.hidden) return;
    if (!fill(marker)) return;
    if (current) current.removeAttribute("aria-describedby");
    current = marker;
    popover.hidden = false;
    place(marker);
    marker.setAttribute("aria-describedby", "note-popover");
    marker.setAttribute("aria-expanded", "true");
  }

  function hide() {
    cancelHide();
    if (popover.hidden) return;
    popover.hidden = true;
    if (current) {
      current.removeAttribute("aria-describedby");
      current.setAttribute("aria-expanded", "false");
    }
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, 300);
  }

  function cancelHide() {
    if (hideTimer) window.clearTimeout(hideTimer);
    hideTimer = 0;
  }

  // Mouse and pen: show while pointing at the marker or at the popover itself.
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    var marker = markerFrom(event.target);
    if (marker) show(marker);
    else if (popover.contains(event.target)) cancelHide();
  });
  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var marker = markerFrom(event.target);
    if ((marker && marker === current) || popover.contains(event.target)) scheduleHide();
  });

  // Keyboard: the marker's focus shows its note; leaving both marker and popover hides it.
  document.addEventListener("focusin", function (event) {
    var marker = markerFrom(event.target);
    if (refocusing) return;
    if (marker && lastPointer === "touch") return; // the tap's click decides
    if (marker) show(marker);
    else if (!popover.contains(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (markerFrom(event.target) === current && !popover.contains(event.relatedTarget)) {
      scheduleHide();
    }
  });

  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key !== "Escape" || popover.hidden) return;
    var marker = current;
    var focusInside = popover.contains(document.activeElement);
    hide();
    if (focusInside && marker) returnFocus(marker);
    // Focus stays on the marker: do not show the note again until focus moves.
    if (marker) marker.setAttribute("aria-expanded", "false");
  });

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
  });

  document.addEventListener("click", function (event) {
    var marker = markerFrom(event.target);
    if (marker && event.detail > 0 && lastPointer === "touch") {
      // A tap shows the note in place; the popover's own link jumps to the note list.
      event.preventDefault();
      if (current === marker && !popover.hidden) hide();
      else show(marker);
      return;
    }
    if (marker || !popover.contains(event.target) || event.target.closest("a")) hide();
  });

  window.addEventListener("resize", hide);
})();
