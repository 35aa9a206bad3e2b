// Narrow windows: the channel list (with the guild rail) and the member list become
// drawers opened from the chat header, as in Discord's phone app. Choosing a channel,
// tapping outside, or Escape closes them. Wide windows show both and hide the buttons.

const OPEN = { channels: "show-channels", members: "show-members" };

export class Drawers {
  /** `app` is the page's root; `buttons` {channels, members} open the two drawers. */
  constructor(app, buttons, backdrop) {
    this.app = app;
    this.backdrop = backdrop;
    buttons.channels.addEventListener("click", () => this.toggle("channels"));
    buttons.members.addEventListener("click", () => this.toggle("members"));
    backdrop.addEventListener("click", () => this.close());
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.openOne) this.close();
    });
    this.buttons = buttons;
  }

  get openOne() {
    return Object.keys(OPEN).find((name) => this.app.classList.contains(OPEN[name])) || null;
  }

  toggle(name) {
    const wasOpen = this.openOne === name;
    this.close();
    if (!wasOpen) {
      this.app.classList.add(OPEN[name]);
      this.buttons[name].setAttribute("aria-expanded", "true");
      this.backdrop.hidden = false;
    }
  }

  close() {
    for (const [name, cls] of Object.entries(OPEN)) {
      this.app.classList.remove(cls);
      this.buttons[name].setAttribute("aria-expanded", "false");
    }
    this.backdrop.hidden = true;
  }
}
