// "@" and "#" in the composer, as Discord's client does them: typing "@al" offers the
// members (and roles, @everyone and @here) whose names match, "#gen" the channels;
// arrows and Tab or Enter take one, which shows as "@alice" and is sent as <@id>.
// An "@username" or "#channel" typed out in full is sent as a mention too.

import { avatar, h } from "./dom.js";
import { suggestionKey } from "./shortcodes.js";

const SUGGESTIONS = 8;
const PARTIAL = /(^|\s)([@#])([^\s@#]*)$/;
// Code is sent as typed: nothing in `code` or ```blocks``` becomes a mention.
const CODE = /(```[\s\S]*?```|`[^`\n]*`)/;

/** Outside code, each part of `text` changed by `change`. */
function outsideCode(text, change) {
  return text.split(CODE).map((part, index) => (index % 2 ? part : change(part))).join("");
}

/**
 * `text` with "@username", "@role name" and "#channel" of `found` (a directory, as
 * below), and those in `chosen` (shown text -> markup), as mention markup.
 */
export function withMarkup(text, found, chosen = new Map()) {
  const known = new Map(chosen);
  for (const u of found.users) known.set(`@${u.username}`, `<@${u.id}>`);
  for (const r of found.roles) known.set(`@${r.name}`, `<@&${r.id}>`);
  for (const c of found.channels) known.set(`#${c.name}`, `<#${c.id}>`);
  // Longest first, so "@Plant Lovers" wins over "@Plant"; a name ends at a word's end.
  const names = [...known.keys()].sort((a, b) => b.length - a.length);
  if (!names.length) return text;
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(^|\\s)(${escaped.join("|")})(?=$|[\\s.,!?;:)'])`, "gi");
  const exact = new Map([...known].map(([name, markup]) => [name.toLowerCase(), markup]));
  return outsideCode(text, (part) => part.replace(pattern,
    (all, space, name) => space + exact.get(name.toLowerCase())));
}

/** Mention markup as a person reads and edits it: <@id> as "@username", and so on. */
export function withNames(text, found) {
  const byId = (list, name) => new Map(list.map((item) => [item.id, name(item)]));
  const users = byId(found.users, (u) => `@${u.username}`);
  const roles = byId(found.roles, (r) => `@${r.name}`);
  const channels = byId(found.channels, (c) => `#${c.name}`);
  const named = (map) => (all, id) => map.get(id) ?? all;
  return outsideCode(text, (part) => part.replace(/<@!?(\d+)>/g, named(users))
    .replace(/<@&(\d+)>/g, named(roles)).replace(/<#(\d+)>/g, named(channels)));
}

export class Mentions {
  /**
   * `input` is the composer's textarea, `popup` the element suggestions show in;
   * `directory()` is what may be mentioned where the person is: {users: [{id, name,
   * username, user}], roles: [{id, name}], channels: [{id, name}]}.
   */
  constructor(input, popup, directory) {
    this.input = input;
    this.popup = popup;
    this.directory = directory;
    this.matches = [];
    this.highlighted = 0;
    this.partial = null;  // {sigil, text} typed before the caret
    this.chosen = new Map();  // text shown in the composer -> its mention markup
  }

  get open() {
    return !this.popup.hidden && this.matches.length > 0;
  }

  /** After each edit of the composer. */
  update() {
    const before = this.input.value.slice(0, this.input.selectionStart);
    const typed = PARTIAL.exec(before);
    if (!typed) {
      this.close();
      return;
    }
    this.partial = { sigil: typed[2], text: typed[3] };
    this.matches = this.candidates(typed[2], typed[3].toLowerCase());
    this.highlighted = 0;
    this.render();
  }

  candidates(sigil, wanted) {
    const found = this.directory();
    const fits = (...names) => names.some((name) => name && name.toLowerCase().startsWith(wanted));
    if (sigil === "#") {
      return found.channels.filter((c) => fits(c.name)).slice(0, SUGGESTIONS).map((c) => ({
        kind: "channel", label: `#${c.name}`, text: `#${c.name}`, markup: `<#${c.id}>` }));
    }
    const users = found.users.filter((u) => fits(u.name, u.username)).map((u) => ({
      kind: "user", label: u.name, detail: u.username, user: u.user,
      text: `@${u.username}`, markup: `<@${u.id}>` }));
    const roles = found.roles.filter((r) => fits(r.name)).map((r) => ({
      kind: "role", label: `@${r.name}`, text: `@${r.name}`, markup: `<@&${r.id}>` }));
    const everyone = found.roles.length ? ["everyone", "here"].filter((name) => fits(name))
      .map((name) => ({ kind: "everyone", label: `@${name}`, text: `@${name}`,
        markup: `@${name}` })) : [];
    return [...users, ...roles, ...everyone].slice(0, SUGGESTIONS);
  }

  /** Keys while suggestions are open; returns true when the key was used. */
  handleKey(event) {
    return suggestionKey(this, event);
  }

  /** Replace the "@partial" before the caret with the chosen name and a space. */
  choose(entry) {
    const caret = this.input.selectionStart;
    const start = caret - this.partial.text.length - 1;
    this.chosen.set(entry.text, entry.markup);
    this.close();
    this.input.setRangeText(`${entry.text} `, start, caret, "end");
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.focus();
  }

  /** `text` with the names chosen, or typed out in full, as mention markup (to send). */
  convert(text) {
    const sent = withMarkup(text, this.directory(), this.chosen);
    this.chosen.clear();
    return sent;
  }

  render() {
    if (!this.matches.length) {
      this.close();
      return;
    }
    const header = this.partial.sigil === "#" ? "Text Channels" : "Members";
    this.popup.replaceChildren(
      h("div", { class: "command-popup-header" }, header),
      ...this.matches.map((entry, index) => h("div", {
        class: `command-item mention-item${index === this.highlighted ? " highlighted" : ""}`,
        role: "option",
        "aria-label": entry.label,
        dataset: { kind: entry.kind },
        onmousedown: (event) => { event.preventDefault(); this.choose(entry); },
      }, entry.user ? avatar(entry.user, "tiny") : null,
      h("span", { class: "command-name" }, entry.label),
      entry.detail ? h("span", { class: "command-description" }, entry.detail) : null)));
    this.popup.hidden = false;
  }

  close() {
    this.matches = [];
    this.popup.hidden = true;
    this.popup.replaceChildren();
  }
}
