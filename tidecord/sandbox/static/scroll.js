// Where the message list is scrolled, as Discord does it: while the reader is at the
// newest message the view follows new messages and stays there while images and embeds
// load; a message the reader sends is always shown; a reader of older messages is left
// where they are and offered "jump to present".

import { h } from "./dom.js";

// Within this many pixels of the bottom counts as "at the newest message".
const AT_BOTTOM_PX = 4;
// Within this many of the top, the messages before the loaded ones are read.
const NEAR_TOP_PX = 200;

export class ScrollKeeper {
  /**
   * `scroller` is the scrolling element, `content` the element inside it that grows
   * (watched for size changes), `bar` the element the "jump to present" bar goes in;
   * `onTop()` runs when the reader scrolls up to the top (older history to read).
   */
  constructor(scroller, content, bar, onTop = () => {}) {
    this.scroller = scroller;
    this.onTop = onTop;
    this.content = content;
    this.bar = bar;
    this.pinned = true;
    this.unseen = 0;      // messages that arrived while the reader was reading older ones
    this.lastTop = 0;     // scrollTop as this keeper last left it
    this.barText = null;  // what the bar says now (null: hidden)
    scroller.addEventListener("scroll", () => this.onScroll(), { passive: true });
    // Anything that changes the height under a pinned reader (an image decoding, an embed,
    // a reaction row, the composer growing) keeps the newest message in view.
    const observer = new ResizeObserver(() => {
      if (this.pinned) this.toBottom();
    });
    observer.observe(content);
    observer.observe(scroller);
  }

  distance() {
    const el = this.scroller;
    return el.scrollHeight - el.scrollTop - el.clientHeight;
  }

  onScroll() {
    const top = this.scroller.scrollTop;
    if (this.distance() <= AT_BOTTOM_PX) {
      this.pinned = true;
      this.unseen = 0;
    } else if (top < this.lastTop - 1) {
      // The reader moved up. (Content growing below a pinned reader also moves the
      // bottom away, but leaves scrollTop alone: the resize observer handles that.)
      this.pinned = false;
    }
    this.lastTop = top;
    this.renderBar();
    if (!this.pinned && top < NEAR_TOP_PX) this.onTop();
  }

  /**
   * Run `load` (which adds messages above the reader) with the messages in view kept
   * where they are, as Discord's client keeps them while it reads older ones.
   */
  async keepingPlace(load) {
    const el = this.scroller;
    const fromBottom = el.scrollHeight - el.scrollTop;
    await load();
    el.scrollTop = el.scrollHeight - fromBottom;
    this.lastTop = el.scrollTop;
  }

  /** Show the newest message and follow from now on (a new channel, a sent message). */
  follow() {
    this.pinned = true;
    this.unseen = 0;
    this.toBottom();
    this.renderBar();
  }

  toBottom() {
    const el = this.scroller;
    el.scrollTop = el.scrollHeight;
    this.lastTop = el.scrollTop;
  }

  /** After the list was redrawn with `arrived` new messages. */
  afterRender(arrived) {
    if (this.pinned) {
      this.toBottom();
    } else if (arrived > 0) {
      this.unseen += arrived;
    }
    this.renderBar();
  }

  renderBar() {
    // A reader a few lines up needs no bar; one who left the newest message does.
    const away = !this.pinned
      && (this.unseen > 0 || this.distance() > this.scroller.clientHeight / 2);
    let what = null;
    if (away) {
      what = this.unseen > 0
        ? `${this.unseen} new message${this.unseen === 1 ? "" : "s"}`
        : "You're viewing older messages";
    }
    if (what === this.barText) return;  // scroll events come fast: redraw on change only
    this.barText = what;
    this.bar.hidden = what === null;
    if (what === null) {
      this.bar.replaceChildren();
      return;
    }
    this.bar.replaceChildren(h("span", { class: "jump-text" }, what),
      h("button", { type: "button", class: "jump-button", onclick: () => this.follow() },
        "Jump to present"));
  }
}
