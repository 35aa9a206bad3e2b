// The composer: Enter sends, Shift+Enter breaks the line, "+" attaches files, "/" opens
// the bot's slash commands, ":sm" offers emoji (shortcodes.js), "@al" members and "#ge"
// channels (mentions.js), the smiley button opens
// the emoji picker, Up edits one's last message, and a reply bar when answering one.

import {
  commandFor, matchingCommands, optionHints, parseInvocation, typingOption,
} from "./commands.js";
import { displayName, formatSize, h } from "./dom.js";
import { Mentions } from "./mentions.js";
import { openEmojiPicker } from "./picker.js";
import { Shortcodes } from "./shortcodes.js";

const TYPING_EVERY_MS = 8000;  // Discord clients re-send typing about every 8-10 s
const AUTOCOMPLETE_WAIT_MS = 150;  // ask the bot once typing pauses this long
const MAX_CHOICES = 25;  // Discord offers at most 25
const SLASH_EXAMPLE = `tree = app_commands.CommandTree(client)

@tree.command(description="Say hello")
async def hello(interaction):
    await interaction.response.send_message("Hello!")

# in setup_hook:  await tree.sync()`;

export class Composer {
  /**
   * `actions`: send(content, files, replyTo, replyPing), invoke(command, options, files),
   * autocomplete(command, focused, options) -> Promise of choices (null: none came),
   * typing(), refreshCommands() -> Promise, resolve {user, channel, role}, notify(text),
   * editLast() (Up in an empty composer: edit one's last message), mentionables() (who
   * and what "@" and "#" offer: see mentions.js).
   */
  constructor(elements, store, actions) {
    this.form = elements.form;
    this.input = elements.input;
    this.fileInput = elements.fileInput;
    this.uploads = elements.uploads;
    this.replyBar = elements.replyBar;
    this.popup = elements.popup;
    this.shortcodes = new Shortcodes(elements.input, elements.emojiPopup);
    this.mentions = new Mentions(elements.input, elements.mentionPopup, actions.mentionables);
    this.store = store;
    this.actions = actions;
    this.files = [];
    this.previews = [];  // object URLs of image previews, released on redraw
    this.replyTo = null;
    this.replyPing = true;  // whether a reply pings the author of what it answers
    this.matches = [];
    this.choices = [];    // the choices offered for the option being typed
    this.asked = 0;       // the latest autocomplete request (older answers are dropped)
    this.typing = null;   // the option being typed (typingOption), when it has choices
    this.failed = false;  // the bot offered no choices in time
    this.highlighted = 0;
    this.lastTyping = 0;
    this.input.addEventListener("keydown", (event) => this.onKeyDown(event));
    this.input.addEventListener("input", () => this.onInput());
    this.fileInput.addEventListener("change", () => this.addFiles(this.fileInput.files));
    elements.emojiButton.addEventListener("click", () => openEmojiPicker(elements.emojiButton,
      (emoji) => this.shortcodes.insert(emoji, this.input.selectionStart,
        this.input.selectionEnd), { side: "above" }).catch((error) => actions.notify(error.message)));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** The placeholder names the channel (or, in a DM, the bot), as Discord's does. */
  setChannel(channel) {
    const dm = channel?.type === 1 && this.store.bot;
    const forum = channel?.type === 15 || channel?.type === 16;
    this.input.placeholder = dm ? `Message @${displayName(this.store.bot)}`
      : forum ? `Start a new post in #${channel.name}`
        : channel ? `Message #${channel.name}` : "Message";
    this.setReply(null);
  }

  focus() {
    this.input.focus();
  }

  /** A command's mention was clicked: "/name " to fill in, its options offered. */
  useCommand(name) {
    this.input.value = `/${name} `;
    this.input.focus();
    this.onInput();
  }

  onInput() {
    this.autosize();
    const text = this.input.value;
    if (text.startsWith("/")) {
      this.shortcodes.close();
      this.mentions.close();
      // The bot may register commands at any time: ask again when "/" is typed.
      if (text === "/") this.actions.refreshCommands().then(() => this.updatePopup());
      this.updatePopup();
    } else {
      this.closePopup();
      this.shortcodes.update();
      this.mentions.update();
      if (text && Date.now() - this.lastTyping > TYPING_EVERY_MS) {
        this.lastTyping = Date.now();
        this.actions.typing();
      }
    }
  }

  onKeyDown(event) {
    if (this.shortcodes.handleKey(event) || this.mentions.handleKey(event)) return;
    if (event.key === "ArrowUp" && !this.input.value && this.popup.hidden) {
      event.preventDefault();
      this.actions.editLast();
      return;
    }
    const items = this.matches.length ? this.matches : this.choices;
    const open = !this.popup.hidden && items.length > 0;
    if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.highlighted = (this.highlighted + step + items.length) % items.length;
      this.renderPopup();
      return;
    }
    if (open && (event.key === "Tab" || (event.key === "Enter" && !this.matches.length))) {
      // A highlighted choice is picked (Enter then sends), as in Discord's client.
      event.preventDefault();
      if (this.matches.length) this.choose(this.matches[this.highlighted]);
      else this.pickChoice(this.choices[this.highlighted]);
      return;
    }
    if (event.key === "Escape") {
      if (!this.popup.hidden) this.closePopup();
      else this.setReply(null);
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const exact = commandFor(this.store.commands, this.input.value.trim());
      if (open && !exact) this.choose(this.matches[this.highlighted]);
      else this.submit();
    }
  }

  /** Fill in "/name " so the person can type the options, or press Enter again. */
  choose(command) {
    this.input.value = `/${command.name} `;
    this.input.focus();
    this.updatePopup();
  }

  updatePopup() {
    const text = this.input.value;
    const previous = this.matches[this.highlighted];
    this.matches = matchingCommands(this.store.commands, text);
    const command = commandFor(this.store.commands, text);
    this.offerChoices(command, text);
    if (text === "/" && !this.store.commands.length) {
      this.renderNoCommands();
      return;
    }
    if (!this.matches.length && !command) {
      this.closePopup();
      return;
    }
    const kept = this.matches.indexOf(previous);
    this.highlighted = kept >= 0 ? kept : 0;
    this.renderPopup(command);
  }

  /**
   * The choices of the option being typed: its own (filtered by what is typed), or,
   * for an autocomplete option, those the bot offers (an interaction of type 4).
   */
  offerChoices(command, text) {
    const typing = command && !this.matches.length ? typingOption(command, text) : null;
    const option = typing?.option;
    if (option?.choices?.length) {
      const typed = typing.value.toLowerCase();
      this.choices = option.choices.filter((c) => c.name.toLowerCase().startsWith(typed)
        || String(c.value).toLowerCase().startsWith(typed));
      this.typing = typing;
      return;
    }
    if (!option?.autocomplete) {
      this.choices = [];
      this.typing = null;
      return;
    }
    this.typing = typing;
    const asked = ++this.asked;
    setTimeout(async () => {
      if (asked !== this.asked) return;  // still typing: only the last pause asks
      const offered = await this.actions.autocomplete(command, option.name, typing.options)
        .catch(() => null);
      if (asked !== this.asked || this.input.value !== text) return;
      this.choices = (offered || []).slice(0, MAX_CHOICES);
      this.failed = offered === null;
      this.highlighted = 0;
      this.renderPopup(command);
    }, AUTOCOMPLETE_WAIT_MS);
  }

  /** Put a choice's value where its option is being typed, quoted if it has spaces. */
  pickChoice(choice) {
    const value = String(choice.value);
    const text = this.input.value.slice(0, this.typing.from);
    this.input.value = `${text}${/\s/.test(value) ? `"${value}"` : value} `;
    this.input.focus();
    this.updatePopup();
  }

  renderPopup(command = commandFor(this.store.commands, this.input.value)) {
    const bot = this.store.bot;
    const header = h("div", { class: "command-popup-header" },
      this.matches.length ? `Commands matching ${this.input.value}`
        : "Options: type name:value, then press Enter",
      bot ? h("span", { class: "command-app" }, displayName(bot)) : null);
    let body;
    if (this.matches.length) {
      body = this.matches.map((match, index) => h("div", {
        class: `command-item${index === this.highlighted ? " highlighted" : ""}`,
        role: "option",
        dataset: { command: match.name },
        onmousedown: (event) => { event.preventDefault(); this.choose(match); },
      },
      h("span", { class: "command-name" }, `/${match.name}`),
      optionHints(match).map((hint) => h("span",
        { class: `command-option${hint.required ? " required" : ""}` }, hint.name)),
      h("span", { class: "command-description" }, match.description || "")));
    } else {
      const failed = this.failed && this.typing?.option.autocomplete && !this.choices.length;
      const choices = this.choices.map((choice, index) => h("div", {
        class: `command-item choice${index === this.highlighted ? " highlighted" : ""}`,
        role: "option", dataset: { value: String(choice.value) },
        onmousedown: (event) => { event.preventDefault(); this.pickChoice(choice); },
      }, h("span", { class: "command-name" }, choice.name)));
      body = [h("div", { class: `command-item${choices.length ? "" : " highlighted"}`,
        dataset: { command: command.name } },
        h("span", { class: "command-name" }, `/${command.name}`),
        optionHints(command, this.input.value).map((hint) => h("span",
          { class: `command-option${hint.required ? " required" : ""}`,
            title: hint.description }, `${hint.name}: ${hint.type}`)),
        h("span", { class: "command-description" },
          command.description || "Press Enter to send")), ...choices,
      failed ? h("div", { class: "command-item choice failed" }, "Loading options failed")
        : []];
    }
    this.popup.replaceChildren(header, ...body);
    this.popup.hidden = false;
  }

  /**
   * When the bot registered no slash commands, say how to add one rather than showing
   * nothing (the README's "Slash commands" section has the whole story).
   */
  renderNoCommands() {
    const bot = this.store.bot ? displayName(this.store.bot) : "The bot";
    this.popup.replaceChildren(h("div", { class: "command-popup-header" }, "Commands"),
      h("div", { class: "command-empty" },
        h("p", {}, `${bot} has no slash commands yet. A bot adds one with a command tree, `
          + "then syncs it; it shows up here at once:"),
        h("pre", { class: "command-example" }, SLASH_EXAMPLE),
        h("p", { class: "command-help" }, "How to add one: the \"Slash commands\" section of "
          + "tidecord's README, ", h("code", {}, "README.md#slash-commands"), ".")));
    this.popup.hidden = false;
  }

  closePopup() {
    this.matches = [];
    this.choices = [];
    this.asked += 1;  // an answer on its way is not wanted any more
    this.popup.hidden = true;
    this.popup.replaceChildren();
  }

  addFiles(fileList) {
    this.files.push(...fileList);
    this.fileInput.value = "";
    this.renderUploads();
    this.input.focus();
  }

  renderUploads() {
    for (const url of this.previews.splice(0)) URL.revokeObjectURL(url);
    const preview = (file) => {
      const url = URL.createObjectURL(file);
      this.previews.push(url);
      return url;
    };
    this.uploads.hidden = this.files.length === 0;
    this.uploads.replaceChildren(...this.files.map((file, index) => h("div",
      { class: "upload", dataset: { filename: file.name } },
      file.type.startsWith("image/")
        ? h("img", { class: "upload-preview", src: preview(file), alt: "" })
        : h("div", { class: "file-icon", "aria-hidden": "true" }),
      h("div", { class: "upload-name" }, file.name),
      h("div", { class: "upload-size" }, formatSize(file.size)),
      h("button", { type: "button", class: "upload-remove", title: "Remove",
        onclick: () => { this.files.splice(index, 1); this.renderUploads(); } }, "×"))));
  }

  setReply(message, ping = true) {
    this.replyTo = message;
    this.replyPing = ping;
    this.replyBar.hidden = !message;
    // Discord's "@ ON": whether the reply pings its author (one's own: never asked).
    const toggle = message && message.author.id !== this.store.person?.id
      ? h("button", { type: "button", class: `reply-ping${ping ? " on" : ""}`,
        "aria-pressed": String(ping), title: ping ? "Click to disable pinging the author"
          : "Click to enable pinging the author",
        onclick: () => this.setReply(message, !ping) }, ping ? "@ ON" : "@ OFF") : null;
    this.replyBar.replaceChildren(...(message ? [
      h("span", {}, "Replying to ", h("strong", {}, displayName(message.author))),
      h("span", { class: "reply-tools" }, toggle,
        h("button", { type: "button", class: "reply-cancel", title: "Cancel reply",
          onclick: () => this.setReply(null) }, "×")),
    ] : []));
    if (message) this.input.focus();
  }

  /**
   * Send what is typed (or invoke the command). The composer empties at once, as
   * Discord's does, so the next message can be typed while this one is on its way; if
   * sending fails, what was typed comes back (unless something new was typed since).
   */
  async submit() {
    const text = this.input.value.trim();
    const command = text.startsWith("/") ? commandFor(this.store.commands, text) : null;
    if (!text && !this.files.length) return;
    let options = null;
    try {
      // Files attached with "+" go to the command's attachment options, in order.
      let next = 0;
      const file = () => (next < this.files.length ? next++ : null);
      if (command) options = parseInvocation(command, text, { ...this.actions.resolve, file });
    } catch (error) {
      this.actions.notify(error.message);
      return;  // keep what was typed so it can be fixed
    }
    const typed = { value: this.input.value, files: this.files, replyTo: this.replyTo,
      replyPing: this.replyPing };
    this.clear();
    try {
      if (command) {
        await this.actions.invoke(command, options, typed.files);
      } else {
        const content = this.mentions.convert(await this.shortcodes.convert(text));
        await this.actions.send(content, typed.files, typed.replyTo ? typed.replyTo.id : null,
          typed.replyPing);
      }
    } catch (error) {
      this.actions.notify(error.message);
      if (!this.input.value && !this.files.length) this.restore(typed);
    }
  }

  clear() {
    this.input.value = "";
    // A sent message ends one's typing indicator: typing again starts a new one at once.
    this.lastTyping = 0;
    this.files = [];
    this.renderUploads();
    this.setReply(null);
    this.closePopup();
    this.shortcodes.close();
    this.autosize();
  }

  restore({ value, files, replyTo, replyPing }) {
    this.input.value = value;
    this.files = files;
    this.renderUploads();
    this.setReply(replyTo, replyPing);
    this.autosize();
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }
}
