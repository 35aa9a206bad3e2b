// The channel header's pins button: a panel listing the channel's pinned messages,
// newest pin first, as Discord's client shows them; a click on one shows it in the list,
// its "×" unpins it.

import * as api from "./api.js";
import { avatar, botTag, displayName, formatTimestamp, h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";
import { openPopover } from "./popover.js";

export class PinsPanel {
  /**
   * `button` opens and closes the panel; `names` resolves mentions; `onJump(messageId)`
   * shows a pinned message in the channel; `onUnpin(message)` unpins one; `onError(error)`
   * says why the pins did not load.
   */
  constructor(button, names, { onJump, onUnpin, onError }) {
    this.button = button;
    this.names = names;
    this.onJump = onJump;
    this.onError = onError;
    this.onUnpin = onUnpin;
    this.current = null;    // the channel shown on the page
    this.channelId = null;  // the channel whose pins are shown, while the panel is open
    this.list = null;
    this.close = null;
    button.addEventListener("click", () => (this.close ? this.close() : this.open()));
  }

  /** The channel now shown: a panel open on another channel's pins closes. */
  setChannel(channelId) {
    this.current = channelId;
    if (this.close && channelId !== this.channelId) this.close();
  }

  /** Open the panel (a pin notice's "See all pinned messages"); an open one stays. */
  show() {
    if (!this.close) this.open();
  }

  open() {
    this.channelId = this.current;
    this.list = h("div", { class: "pins-list" });
    const panel = h("div", { class: "pins" },
      h("header", { class: "pins-head" }, "Pinned Messages"), this.list);
    this.button.setAttribute("aria-expanded", "true");
    this.close = openPopover(this.button, panel, { side: "below", label: "Pinned Messages",
      onClose: () => {
        this.close = null;
        this.channelId = null;
        this.button.setAttribute("aria-expanded", "false");
      } });
    this.refresh(this.channelId);
  }

  /** The pins of `channelId` changed (CHANNEL_PINS_UPDATE): an open panel reloads them. */
  async refresh(channelId) {
    if (!this.close || channelId !== this.channelId) return;
    const list = this.list;
    let pins;
    try {
      pins = await api.fetchPins(channelId);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (list !== this.list) return;  // closed or reopened meanwhile
    list.replaceChildren(...(pins.items.length ? pins.items.map(({ message }) =>
      this.renderPin(message)) : [h("p", { class: "pins-empty" },
      "This channel doesn't have any pinned messages... yet.")]));
  }

  renderPin(message) {
    return h("article", { class: "pin", dataset: { messageId: message.id } },
      avatar(message.author),
      h("div", { class: "pin-body" },
        h("header", { class: "message-header" },
          h("span", { class: "message-author" }, this.names.user(message.author.id)
            ?? displayName(message.author)),
          botTag(message.author),
          h("time", { class: "message-time", datetime: message.timestamp },
            formatTimestamp(message.timestamp))),
        message.content ? h("div", { class: "message-content" },
          renderMarkdown(message.content, this.names)) : null),
      h("div", { class: "pin-tools" },
        h("button", { type: "button", class: "pin-jump", onclick: () => {
          this.close?.();
          this.onJump(message.id);
        } }, "Jump"),
        h("button", { type: "button", class: "pin-unpin", title: "Unpin Message",
          "aria-label": "Unpin Message", onclick: () => this.onUnpin(message) }, "×")));
  }
}
