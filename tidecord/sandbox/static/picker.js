// The emoji picker: a searchable grid of Unicode emoji by category, for reactions and
// the composer. Type to search by name (":tada" or "tada"); Enter takes the first match.

import { h } from "./dom.js";
import { loadEmoji, searchEmoji } from "./emoji.js";
import { openPopover } from "./popover.js";

/**
 * Open the picker beside `anchor`; `onPick(emoji)` gets the chosen character. `side`
 * as for openPopover. Returns once it is shown (the catalog may need loading first).
 */
export async function openEmojiPicker(anchor, onPick, { side = "above", label = "Emoji" } = {}) {
  const catalog = await loadEmoji();
  const search = h("input", { class: "picker-search", type: "search", placeholder:
    "Find the perfect emoji", "aria-label": "Search emoji", autocomplete: "off" });
  const grid = h("div", { class: "picker-grid", role: "listbox", "aria-label": label });
  const preview = h("div", { class: "picker-preview" });
  let close = null;
  let shown = [];
  const pick = (emoji) => {
    close();
    onPick(emoji);
  };
  const showPreview = (entry) => preview.replaceChildren(...(entry ? [
    h("span", { class: "picker-preview-emoji" }, entry.emoji),
    h("span", { class: "picker-preview-name" }, entry.names.map((n) => `:${n}:`).join(" ")),
  ] : []));
  const button = (entry) => h("button", {
    type: "button", class: "picker-emoji", role: "option", title: `:${entry.names[0]}:`,
    "aria-label": entry.names[0], dataset: { emoji: entry.emoji, name: entry.names[0] },
    onclick: () => pick(entry.emoji), onmouseenter: () => showPreview(entry),
  }, entry.emoji);
  const render = () => {
    const query = search.value.trim();
    shown = searchEmoji(catalog, query);
    if (query) {
      grid.replaceChildren(...(shown.length ? [h("div", { class: "picker-row" },
        shown.map(button))] : [h("div", { class: "picker-empty" }, "No emoji match")]));
    } else {
      // Discord's layout: a heading per category, in keyboard order.
      const groups = new Map();
      for (const entry of shown) {
        if (!groups.has(entry.category)) groups.set(entry.category, []);
        groups.get(entry.category).push(entry);
      }
      grid.replaceChildren(...[...groups].map(([category, entries]) => h("section",
        { class: "picker-category", dataset: { category } },
        h("h3", {}, category), h("div", { class: "picker-row" }, entries.map(button)))));
    }
    grid.scrollTop = 0;
    showPreview(shown[0]);
  };
  search.addEventListener("input", render);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      if (shown.length) pick(shown[0].emoji);
    }
  });
  render();
  close = openPopover(anchor, h("div", { class: "picker" }, search, grid, preview),
    { side, label });
  search.focus();
}
