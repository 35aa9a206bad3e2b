// What is behind the page, said plainly: whether the sandbox is running (the feed's
// WebSocket) and whether the bot is connected to it (its gateway presence). The header
// badge shows the feed's state; the banner under the header explains what is wrong.

import { displayName, h } from "./dom.js";

const BADGES = {
  connecting: "connecting…",
  open: "live",
  closed: "reconnecting…",
  stopped: "sandbox stopped",
  unreachable: "sandbox not running",
};

export class StatusBanner {
  constructor(banner, badge, store) {
    this.banner = banner;
    this.badge = badge;
    this.store = store;
    this.feed = "connecting";
    this.loaded = false;  // a snapshot arrived: the bot's presence is known
  }

  /** The feed's state changed (see feed.js). */
  setFeed(state) {
    this.feed = state;
    this.badge.dataset.state = state;
    this.badge.textContent = BADGES[state] || state;
    // How many times the feed opened: tests (and curious people) can see reconnections.
    if (state === "open") {
      this.badge.dataset.connections = String(Number(this.badge.dataset.connections || 0) + 1);
    }
    this.render();
  }

  /** The world (and with it the bot's presence) is loaded. */
  setLoaded() {
    this.loaded = true;
    this.render();
  }

  /** Whether the sandbox is gone (stopped, or nothing answers). */
  get sandboxDown() {
    return this.feed === "stopped" || this.feed === "unreachable";
  }

  /** Whether the bot has no live gateway connection. */
  get botOffline() {
    const bot = this.store.bot;
    return Boolean(bot) && this.store.status(bot.id) === "offline";
  }

  render() {
    const bot = this.store.bot ? displayName(this.store.bot) : "The bot";
    let state = null;
    let title = "";
    let detail = "";
    if (this.sandboxDown) {
      state = "sandbox-stopped";
      title = this.feed === "stopped" ? "The sandbox has stopped."
        : "The sandbox has stopped, or is not running at this address.";
      detail = "Start it again (tidecord run bot.py, or tidecord sandbox) and this page "
        + "reconnects by itself.";
    } else if (this.feed === "open" && this.loaded && this.botOffline) {
      state = "bot-offline";
      title = `${bot} is not connected.`;
      detail = "No bot is connected to this sandbox's gateway, so nothing answers here. "
        + "Start your bot; it shows up online when it connects.";
    }
    this.banner.hidden = state === null;
    if (state === null) {
      delete this.banner.dataset.state;
      this.banner.replaceChildren();
      return;
    }
    if (this.banner.dataset.state === state && this.banner.textContent.startsWith(title)) return;
    this.banner.dataset.state = state;
    this.banner.replaceChildren(h("strong", {}, title), " ", h("span", {}, detail));
  }
}
