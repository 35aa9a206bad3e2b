// ":smile:" in the composer, as Discord does it: typing ":sm" offers matching emoji
// (arrows and Tab or Enter to take one), typing the closing colon of a known name turns
// it into the emoji at once, and any left in a message are turned on sending.

import { h } from "./dom.js";
import { loadEmoji, partialShortcode, searchEmoji, withEmoji } from "./emoji.js";

const SUGGESTIONS = 8;
const COMPLETE = /:([a-z0-9_+-]+):$/i;

/**
 * A key pressed while a suggestion list (`list`: Shortcodes or Mentions, with their
 * open, matches, highlighted, render, choose and close) may be open: arrows move, Tab
 * or Enter take one, Escape closes; returns true when the key was used.
 */
export function suggestionKey(list, event) {
  if (!list.open) return false;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const step = event.key === "ArrowDown" ? 1 : -1;
    list.highlighted = (list.highlighted + step + list.matches.length) % list.matches.length;
    list.render();
  } else if (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey)) {
    list.choose(list.matches[list.highlighted]);
  } else if (event.key === "Escape") {
    list.close();
  } else {
    return false;
  }
  event.preventDefault();
  return true;
}

export class Shortcodes {
  /** `input` is the composer's textarea, `popup` the element suggestions show in. */
  constructor(input, popup) {
    this.input = input;
    this.popup = popup;
    this.matches = [];
    this.highlighted = 0;
    this.partial = null;
  }

  get open() {
    return !this.popup.hidden && this.matches.length > 0;
  }

  /** After each edit of the composer. */
  async update() {
    const caret = this.input.selectionStart;
    const before = this.input.value.slice(0, caret);
    const complete = COMPLETE.exec(before);
    const partial = complete ? null : partialShortcode(before);
    if (!complete && !partial) {
      this.close();
      return;
    }
    let catalog;
    try {
      catalog = await loadEmoji();
    } catch {
      return;  // no catalog (the sandbox is away): leave the text as typed
    }
    if (this.input.value.slice(0, this.input.selectionStart) !== before) return;  // typed on
    if (complete) {
      const emoji = catalog.byName.get(complete[1].toLowerCase());
      if (emoji) this.insert(emoji, caret - complete[0].length, caret);
      this.close();
      return;
    }
    this.partial = partial;
    this.matches = searchEmoji(catalog, partial, SUGGESTIONS);
    this.highlighted = 0;
    this.render();
  }

  /** Keys while suggestions are open; returns true when the key was used. */
  handleKey(event) {
    return suggestionKey(this, event);
  }

  /** Replace the ":partial" before the caret with the chosen emoji. */
  choose(entry) {
    const caret = this.input.selectionStart;
    this.insert(entry.emoji, caret - this.partial.length - 1, caret);
    this.close();
  }

  /** Put `text` in place of [start, end) and leave the caret after it. */
  insert(text, start, end) {
    this.input.setRangeText(text, start, end, "end");
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.focus();
  }

  /** `text` with its known shortcodes turned into emoji (for sending). */
  convert(text) {
    return withEmoji(text);
  }

  render() {
    if (!this.matches.length) {
      this.close();
      return;
    }
    this.popup.replaceChildren(
      h("div", { class: "command-popup-header" }, `Emoji matching :${this.partial}`),
      ...this.matches.map((entry, index) => h("div", {
        class: `command-item emoji-item${index === this.highlighted ? " highlighted" : ""}`,
        role: "option",
        dataset: { emoji: entry.emoji, name: entry.name },
        onmousedown: (event) => { event.preventDefault(); this.choose(entry); },
      }, h("span", { class: "emoji-item-face" }, entry.emoji),
      h("span", { class: "command-name" }, `:${entry.name}:`))));
    this.popup.hidden = false;
  }

  close() {
    this.matches = [];
    this.popup.hidden = true;
    this.popup.replaceChildren();
  }
}
