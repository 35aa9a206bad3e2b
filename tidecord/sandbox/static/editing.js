// Editing and deleting one's own messages, as Discord does: Edit turns the message into
// a text box (Enter saves, Escape cancels, an emptied message asks to delete it; its
// mentions read "@name" there, and are saved as mentions), and Delete asks first
// (Shift+click skips the question).

import { h } from "./dom.js";
import { withEmoji } from "./emoji.js";

export class MessageEditor {
  /**
   * `actions`: save(message, content) and remove(message), both returning promises
   * (the control API), redraw() (the list), notify(text), display(content) and
   * convert(text) (mention markup to names in the box, and back: mentions.js).
   */
  constructor(actions) {
    this.actions = actions;
    this.editing = null;  // id of the message being edited
  }

  isEditing(message) {
    return this.editing === message.id;
  }

  start(message) {
    this.editing = message.id;
    this.actions.redraw();
  }

  stop() {
    this.editing = null;
    this.actions.redraw();
  }

  /** The text box that stands in for the message's content while it is edited. */
  render(message) {
    const box = h("textarea", { class: "edit-input", "aria-label": "Edit message",
      rows: Math.min(8, (message.content || "").split("\n").length) },
    this.actions.display(message.content || ""));
    const save = async () => {
      const content = this.actions.convert((await withEmoji(box.value)).trim());
      if (content === (message.content || "").trim()) return this.stop();
      if (!content) return this.confirmDelete(message, () => this.stop());
      try {
        await this.actions.save(message, content);
        this.stop();
      } catch (error) {
        this.actions.notify(error.message);
      }
    };
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.stop();
      } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        save();
      }
    });
    // Focus once the box is in the page, with the caret at the end.
    setTimeout(() => {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    });
    return h("div", { class: "message-editor" }, box,
      h("div", { class: "edit-hint" }, "escape to ",
        h("button", { type: "button", class: "edit-link", onclick: () => this.stop() }, "cancel"),
        " • enter to ",
        h("button", { type: "button", class: "edit-link", onclick: save }, "save")));
  }

  /** Delete `message`: at once with Shift held, else after asking. */
  remove(message, event = null) {
    if (event && event.shiftKey) return this.deleteNow(message);
    return this.confirmDelete(message);
  }

  async deleteNow(message) {
    try {
      await this.actions.remove(message);
    } catch (error) {
      this.actions.notify(error.message);
    }
  }

  confirmDelete(message, onCancel = null) {
    const close = (deleting) => {
      backdrop.remove();
      if (deleting) this.deleteNow(message);
      else if (onCancel) onCancel();
    };
    const dialog = h("div", { class: "modal confirm", role: "dialog", "aria-modal": "true",
      "aria-label": "Delete Message" },
    h("h2", { class: "modal-title" }, "Delete Message"),
    h("p", { class: "confirm-text" }, "Are you sure you want to delete this message?"),
    h("blockquote", { class: "confirm-preview" }, message.content || "(no text)"),
    h("footer", { class: "modal-footer" },
      h("button", { type: "button", class: "modal-cancel", onclick: () => close(false) },
        "Cancel"),
      h("button", { type: "button", class: "button button-danger confirm-delete",
        onclick: () => close(true) }, "Delete")));
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close(false);
      if (event.key === "Enter") close(true);
    });
    const backdrop = h("div", { class: "modal-backdrop",
      onmousedown: (event) => { if (event.target === backdrop) close(false); } }, dialog);
    document.body.append(backdrop);
    dialog.querySelector(".confirm-delete").focus();
  }
}
