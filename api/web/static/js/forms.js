// The editors' forms: pickers with type-ahead, quotes selected in an article's text, and
// drafts kept on the server while the editor types. Everything here enhances a form that
// also works without it (the server judges every value).
"use strict";

(function () {
  const DRAFT_DELAY_MS = 2000;

  // --- Pickers: a text box, a listbox of matches, the chosen id in a hidden input. --------
  function setupPicker(picker) {
    const box = picker.querySelector('input[role="combobox"]');
    const list = picker.querySelector('[role="listbox"]');
    const multiple = picker.dataset.multiple;
    let timer = null;
    let active = -1;
    let asked = "";

    function options() {
      return Array.from(list.querySelectorAll('[role="option"][data-id]'));
    }
    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      const found = options();
      if (!found.length) { return; }
      active = (index + found.length) % found.length;
      found.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === active)); });
      box.setAttribute("aria-activedescendant", found[active].id);
      found[active].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      const id = option.dataset.id;
      const label = option.dataset.label;
      if (multiple) {
        addPicked(picker, multiple, id, label);
        box.value = "";
      } else {
        picker.querySelector("[data-picked]").value = id;
        box.value = label;
      }
      close();
      box.form.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new CustomEvent("picked", { bubbles: true, detail: { name: multiple || picker.querySelector("[data-picked]").name, id: id } }));
    }
    function ask() {
      const text = box.value.trim();
      if (!text) { close(); return; }
      if (text === asked && !list.hidden) { return; }
      asked = text;
      const url = picker.dataset.pick + "?field=" + encodeURIComponent(box.id) + "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (box.value.trim() !== text) { return; } // the editor typed on
          list.innerHTML = html; // the server's escaped listbox
          list.hidden = false;
          box.setAttribute("aria-expanded", "true");
          active = -1;
          if (options().length) { highlight(0); }
        });
    }
    box.addEventListener("input", function () {
      if (!multiple) { picker.querySelector("[data-picked]").value = ""; }
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    box.addEventListener("keydown", function (event) {
      const open = !list.hidden && options().length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { asked = ""; ask(); } else { highlight(active + 1); }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choosing is not submitting
        choose(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", function () { setTimeout(close, 200); });
    list.addEventListener("mousedown", function (event) {
      const option = event.target.closest('[role="option"][data-id]');
      if (option) { event.preventDefault(); choose(option); }
    });
  }

  function addPicked(picker, name, id, label) {
    const chosen = document.getElementById("picked-" + name);
    if (chosen.querySelector('input[value="' + CSS.escape(id) + '"]')) { return; }
    const item = document.createElement("li");
    const text = document.createElement("span");
    text.dir = "auto";
    text.textContent = label;
    const held = document.createElement("input");
    held.type = "hidden";
    held.name = name;
    held.value = id;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "unpick secondary";
    remove.textContent = chosen.dataset.remove;
    item.append(text, held, " ", remove);
    chosen.append(item);
  }

  document.addEventListener("click", function (event) {
    const remove = event.target.closest(".unpick");
    if (remove) {
      const form = remove.form;
      remove.closest("li").remove();
      if (form) { form.dispatchEvent(new Event("input", { bubbles: true })); }
    }
    const add = event.target.closest("[data-add-row]");
    if (add) { addRow(add); }
  });

  // A structured field's next row: the last one copied, its index one more, emptied.
  function addRow(button) {
    const rows = button.parentElement.querySelectorAll(".row");
    const last = rows[rows.length - 1];
    const index = Number(last.dataset.row);
    const copy = last.cloneNode(true);
    copy.dataset.row = String(index + 1);
    copy.querySelectorAll("[name], [id], [for], [aria-controls]").forEach(function (element) {
      ["name", "id", "for", "aria-controls"].forEach(function (attribute) {
        const value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replace("." + index + ".", "." + (index + 1) + ".")
            .replace("-" + index + "-", "-" + (index + 1) + "-"));
        }
      });
      if (element.tagName === "INPUT") { element.value = ""; }
      if (element.tagName === "SELECT") { element.selectedIndex = 0; }
    });
    copy.querySelectorAll(".picks").forEach(function (list) { list.innerHTML = ""; list.hidden = true; });
    last.after(copy);
    copy.querySelectorAll(".picker").forEach(setupPicker);
    const first = copy.querySelector("input:not([type=hidden]), select");
    if (first) { first.focus(); }
  }

  // --- An article's language: its publisher's usual one, unless the editor typed one. ----
  function setupLanguage(language, form) {
    let typed = false;
    language.addEventListener("input", function () { typed = true; });
    form.addEventListener("picked", function (event) {
      if (typed || event.detail.name !== "publisher_id") { return; }
      const url = language.dataset.usualLanguage + "?publisher_id=" + encodeURIComponent(event.detail.id);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (usual) {
          if (usual && !typed) {
            language.value = usual;
            form.dispatchEvent(new Event("input", { bubbles: true }));
          }
        });
    });
  }

  // --- A quote selected in the article's text: offsets in code points, as stored. ---------
  function codePoints(text) {
    let count = 0;
    for (const _ of text) { count += 1; } // eslint-disable-line no-unused-vars
    return count;
  }

  function setupQuote(source, form) {
    const quote = form.querySelector("[data-quote]");
    const start = form.querySelector('input[name="quote_start"]');
    const end = form.querySelector('input[name="quote_end"]');
    const preview = document.getElementById("quote-preview");
    // Editable only for the caret, so Shift and the arrow keys select; nothing changes it.
    source.contentEditable = "true";
    source.setAttribute("role", "textbox");
    source.setAttribute("aria-readonly", "true");
    source.setAttribute("aria-multiline", "true");
    source.spellcheck = false;
    ["beforeinput", "paste", "drop", "cut"].forEach(function (type) {
      source.addEventListener(type, function (event) { event.preventDefault(); });
    });
    function taken() {
      const selection = window.getSelection();
      if (!selection.rangeCount) { return; }
      const range = selection.getRangeAt(0);
      if (range.collapsed || !source.contains(range.startContainer) || !source.contains(range.endContainer)) { return; }
      const before = document.createRange();
      before.selectNodeContents(source);
      before.setEnd(range.startContainer, range.startOffset);
      const first = codePoints(before.toString());
      const text = range.toString();
      if (quote) { quote.value = text; }
      if (start) { start.value = String(first); }
      if (end) { end.value = String(first + codePoints(text)); }
      if (preview) { preview.textContent = "“" + text + "”"; }
      form.dispatchEvent(new Event("input", { bubbles: true }));
    }
    source.addEventListener("mouseup", taken);
    source.addEventListener("keyup", function (event) { if (event.shiftKey || event.key === "Shift") { taken(); } });
    if (quote) {
      // A quote typed by hand: the server finds it in the text; stale offsets would not frame it.
      quote.addEventListener("input", function () {
        if (start) { start.value = ""; }
        if (end) { end.value = ""; }
      });
      if (quote.value && preview) { preview.textContent = "“" + quote.value + "”"; }
    }
  }

  // --- Drafts: the form's values posted a couple of seconds after each change. ------------
  // A draft keeps what was typed, not the files chosen (a saved page is read on saving).
  function draftOf(form) {
    const data = new FormData(form);
    form.querySelectorAll("input[type=file][name]").forEach(function (input) { data.delete(input.name); });
    return data;
  }

  function setupDrafts(form) {
    const state = document.getElementById("draft-state");
    let changed = false;
    let sending = false;
    let submitted = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { submitted = true; });
    function keep() {
      if (!changed || sending || submitted) { return; }
      changed = false;
      sending = true;
      fetch(form.dataset.draft, { method: "POST", body: draftOf(form), credentials: "same-origin" })
        .then(function (response) {
          if (state) {
            state.textContent = response.ok
              ? form.dataset.draftKept + " " + new Date().toLocaleTimeString()
              : form.dataset.draftFailed;
          }
          if (!response.ok) { changed = true; }
        })
        .catch(function () { changed = true; if (state) { state.textContent = form.dataset.draftFailed; } })
        .finally(function () { sending = false; });
    }
    setInterval(keep, DRAFT_DELAY_MS);
    window.addEventListener("pagehide", function () {
      if (changed && !submitted) { navigator.sendBeacon(form.dataset.draft, draftOf(form)); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".picker").forEach(setupPicker);
    const form = document.getElementById("record-form");
    if (!form) { return; }
    const source = document.getElementById("article-text");
    if (source) { setupQuote(source, form); }
    const language = form.querySelector("[data-usual-language]");
    if (language) { setupLanguage(language, form); }
    if (form.dataset.draft) { setupDrafts(form); }
    // Ctrl+Enter (or Cmd+Enter) saves from anywhere in the form, a text area included;
    // with Shift it saves and opens the next form.
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        const another = document.getElementById("save-another");
        form.requestSubmit(event.shiftKey && another ? another : document.getElementById("save"));
      }
    });
  });
})();
