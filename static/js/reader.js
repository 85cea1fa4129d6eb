/* The reader's note popover: a note shown in place, without leaving the text.
 *
 * Without JavaScript every marker is a plain link to its note and back, which still works.
 * With it: pointing at a marker (mouse) or moving the keyboard focus onto it shows the note
 * beside the marker; a tap on a touch screen shows it instead of jumping; Escape, a tap or
 * click elsewhere, or moving away closes it. A mouse click or Enter still jumps to the note.
 * The popover can be pointed at and its links used (WCAG 1.4.13: dismissible, hoverable,
 * persistent). It shows the note's exact text (copied from the note list) and, under it, the
 * note's references as data, fetched once from the note's page (where they stand without
 * JavaScript; the reader does not carry them, to stay light). From a marker whose
 * note is open, Tab moves into the note's links and on past them; Shift+Tab goes back;
 * Escape closes it and puts the focus back on the marker.
 *
 * Also: the copy buttons of “Cite this”.
 */
(function () {
  "use strict";

  // “Cite this”: the copy buttons are shown only where the clipboard can be written; if the
  // browser refuses, the citation is selected so that the reader can copy it by hand.
  var copyStatus = document.querySelector(".cite-box .copy-status");
  function say(message) {
    if (copyStatus) copyStatus.textContent = message;
  }
  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll(".cite-box button.copy-citation").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      var label = Array.prototype.map.call(button.childNodes, function (node) {
        return node.cloneNode(true);
      });
      button.hidden = false;
      button.addEventListener("click", function () {
        var name = button.getAttribute("data-label") || "citation";
        navigator.clipboard.writeText(target.textContent.trim()).then(
          function () {
            button.textContent = "Copied";
            say("The " + name + " citation is copied.");
            window.setTimeout(function () { button.replaceChildren.apply(button, label); }, 2000);
          },
          function () {
            selectText(target);
            say("Copying was refused: the " + name + " citation is selected, copy it with your keyboard.");
          }
        );
      });
    });
  }

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

  // Each note's references as data (archive, file, folios, the work; Ibid. resolved), from
  // its page: fetched the first time its note is shown, then kept.
  var references = {};
  function referencesOf(number, href) {
    if (!references[number]) {
      references[number] = fetch(href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var data = page.querySelector(".note-data");
          return data ? document.importNode(data, true) : null;
        })
        .catch(function () { return null; });
    }
    return references[number];
  }

  function noteNumber(marker) {
    return (marker.getAttribute("href") || "").replace(/^#fn-/, "");
  }

  function fill(marker, viaKeyboard) {
    var number = noteNumber(marker);
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
    var page = item.querySelector(".note-page");
    if (page) {
      referencesOf(number, page.href).then(function (data) {
        // Still this note's popover (not closed, not another note's since)?
        if (!data || current !== marker || popover.hidden || !popover.contains(body)) return;
        body.appendChild(data.cloneNode(true));
        place(marker);
      });
    }

    var links = document.createElement("p");
    links.className = "note-popover-links";
    var go = document.createElement("a");
    go.href = "#fn-" + number;
    go.textContent = "Go to note " + number;
    links.appendChild(go);
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
    popover.appendChild(label);
    popover.appendChild(body);
    popover.appendChild(links);
    if (viaKeyboard) {
      var hint = document.createElement("p");
      hint.className = "note-popover-hint";
      hint.textContent = "Tab: the links in this note · Escape: close · Enter on the marker: go to the note";
      popover.appendChild(hint);
    }
    // Last in the Tab order (Escape does the same); it is drawn in the top corner.
    popover.appendChild(close);
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

  function show(marker, viaKeyboard) {
    cancelHide();
    if (current === marker && !popover.hidden) return;
    if (!fill(marker, viaKeyboard)) return;
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
    hideTimer = window.setTimeout(function () {
      // A keyboard user reading the note's links keeps it even if the mouse wanders off.
      if (!popover.contains(document.activeElement)) hide();
    }, 300);
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
    if (marker) show(marker, lastPointer === "keyboard");
    else if (!popover.contains(event.target)) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (markerFrom(event.target) === current && !popover.contains(event.relatedTarget)) {
      scheduleHide();
    }
  });

  // The popover is not next to its marker in the page (it is one box for every note), so Tab
  // is steered: from the marker with its note open into the note's links, from the last of
  // them on to what follows the marker, and Shift+Tab from the first back to the marker.
  var TABBABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";

  function tabbable(root) {
    return Array.prototype.filter.call(root.querySelectorAll(TABBABLE), function (node) {
      return !node.hidden && node.getClientRects().length > 0;
    });
  }

  function afterMarker(marker) {
    var order = tabbable(document).filter(function (node) { return !popover.contains(node); });
    return order[order.indexOf(marker) + 1] || null;
  }

  function steerTab(event) {
    if (popover.hidden || !current) return false;
    var inside = tabbable(popover);
    if (!inside.length) return false;
    var active = document.activeElement;
    var target = null;
    if (active === current && !event.shiftKey) {
      target = inside[0];
    } else if (active === inside[0] && event.shiftKey) {
      target = current;
    } else if (active === inside[inside.length - 1] && !event.shiftKey) {
      target = afterMarker(current);
      if (!target) return false;
    }
    if (!target) return false;
    event.preventDefault();
    target.focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    lastPointer = "keyboard";
    if (event.key === "Tab" && !event.altKey && !event.ctrlKey && !event.metaKey) {
      steerTab(event);
      return;
    }
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
