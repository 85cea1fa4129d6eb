// A mention by selecting its words: on a paragraph's (or note's) admin page, select words in
// the text box and press "Mention the selected words": a new mention row is added with the
// words and their start and end filled in (offsets in characters, as the server counts them).
// A static file, not an inline script: the Content-Security-Policy allows no inline code.
"use strict";
(function () {
  function codePoints(text) {
    return Array.from(text).length;
  }

  function newMentionRow(group) {
    const add = group.querySelector(".add-row a");
    if (!add) return null;
    add.click();
    const rows = group.querySelectorAll(".form-row:not(.empty-form), .inline-related:not(.empty-form)");
    return rows.length ? rows[rows.length - 1] : null;
  }

  function field(row, name) {
    return row.querySelector(`[name$="-${name}"]:not([name^="initial-"])`);
  }

  function setUp() {
    const text = document.getElementById("id_text");
    const group = document.getElementById("mentions-group");
    if (!text || !group) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button curation-select-mention";
    button.textContent = "Mention the selected words";
    const status = document.createElement("span");
    status.className = "curation-note";
    status.setAttribute("role", "status");
    text.insertAdjacentElement("afterend", status);
    text.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      const from = text.selectionStart;
      const to = text.selectionEnd;
      const words = text.value.slice(from, to);
      if (!words.trim()) {
        status.textContent = " Select the words in the text first.";
        return;
      }
      const lead = words.length - words.trimStart().length;
      const start = codePoints(text.value.slice(0, from + lead));
      const surface = words.trim();
      const row = newMentionRow(group);
      if (!row) {
        status.textContent = " You may not add mentions here.";
        return;
      }
      field(row, "surface").value = surface;
      field(row, "start").value = String(start);
      field(row, "end").value = String(start + codePoints(surface));
      status.textContent = ` “${surface}” (${start}–${start + codePoints(surface)}): choose whom it names below.`;
      row.scrollIntoView({ block: "center" });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
