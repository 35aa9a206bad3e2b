// Message components as Discord draws them: action rows of buttons and select menus,
// and the components-v2 layout pieces (containers, sections, text, thumbnails, media
// galleries, files, separators). Selects of users, roles, mentionables and channels
// list what the guild has (see useDirectory).

import { cssColor, emojiFace, formatSize, h } from "./dom.js";
import { renderMarkdown } from "./markdown.js";

const BUTTON_STYLES = { 1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link",
  6: "premium" };
const SELECTS = new Set([3, 5, 6, 7, 8]);

const NO_NAMES = { user: () => null, channel: () => null, role: () => null,
  colorStyle: () => null };
// Who and what entity selects offer, and how mentions read: set by the page (app.js).
let directory = { users: () => [], roles: () => [], channels: () => [], names: NO_NAMES };

/**
 * Where entity selects find their choices: {users(), roles(), channels()}, each
 * returning [{value, label, type?}] for the guild being shown, and `names` (how
 * mentions in text displays read).
 */
export function useDirectory(source) {
  directory = source;
}

/**
 * The components of a message. onInteract(component, values) runs for a button click
 * or a select pick; link buttons just open their URL.
 */
export function renderComponents(message, onInteract, names = directory.names) {
  const top = message.components || [];
  if (!top.length) return null;
  const v2 = Boolean((message.flags || 0) & (1 << 15));
  return h("div", { class: `components${v2 ? " components-v2" : ""}` },
    top.map((component) => renderComponent(component, onInteract, names)));
}

/** One component (and what it holds). */
export function renderComponent(component, onInteract, names = directory.names) {
  const inner = (children) => (children || []).map((c) => renderComponent(c, onInteract, names));
  switch (component.type) {
    case 1: // action row
      return h("div", { class: "action-row" }, inner(component.components));
    case 2:
      return renderButton(component, onInteract);
    case 9: // section: texts beside an accessory
      return h("div", { class: "component-section" },
        h("div", { class: "section-texts" }, inner(component.components)),
        component.accessory ? h("div", { class: "section-accessory" },
          renderComponent(component.accessory, onInteract, names)) : null);
    case 10:
      return h("div", { class: "component-text" },
        renderMarkdown(component.content || "", names));
    case 11:
      return media("component-thumbnail", component.media, component.description,
        component.spoiler);
    case 12:
      return h("div", { class: `media-gallery count-${Math.min((component.items || []).length,
        4)}` }, (component.items || []).map((item) =>
        media("gallery-item", item.media, item.description, item.spoiler)));
    case 13:
      return h("div", { class: "component-file" },
        h("div", { class: "file-icon", "aria-hidden": "true" }),
        h("a", { class: "file-name", href: component.file?.url, download: component.name || "" },
          component.name || component.file?.url || "file"),
        component.size ? h("span", { class: "file-size" }, formatSize(component.size)) : null);
    case 14:
      return h("div", { class: `component-separator spacing-${component.spacing || 1}`
        + (component.divider === false ? "" : " divider"), role: "separator" });
    case 17: {
      const color = cssColor(component.accent_color);
      return h("div", { class: `component-container${component.spoiler ? " spoiler" : ""}`,
        style: color ? `border-left-color:${color}` : null }, inner(component.components));
    }
    default:
      return SELECTS.has(component.type) ? renderSelect(component, onInteract) : null;
  }
}

function media(className, item, description, spoiler) {
  const url = item?.url || "";
  return h("a", { class: `${className}${spoiler ? " spoiler" : ""}`, href: url,
    target: "_blank", rel: "noopener" },
  h("img", { src: url, alt: description || "", loading: "lazy" }));
}

function renderButton(button, onInteract) {
  const style = BUTTON_STYLES[button.style] || "secondary";
  const label = [emojiFace(button.emoji), button.emoji && button.label ? " " : "",
    button.label ? h("span", { class: "button-label" }, button.label) : null];
  const title = button.label || null;  // the whole label, when it is cut
  if (style === "link") {
    return h("a", { class: "button button-link", href: button.url, target: "_blank",
      rel: "noopener", title }, label,
    h("span", { class: "external", "aria-hidden": "true" }, " ↗"));
  }
  const node = h("button", { class: `button button-${style}`, type: "button", title,
    disabled: Boolean(button.disabled), dataset: { customId: button.custom_id || "" } }, label);
  node.addEventListener("click", async () => {
    node.classList.add("pending");
    try {
      await onInteract(button, undefined);
    } finally {
      node.classList.remove("pending");
    }
  });
  return node;
}

/** What a select offers: its own options, or the guild's people, roles or channels. */
export function selectChoices(select) {
  switch (select.type) {
    case 3:
      return (select.options || []).map((o) => ({ value: o.value, label: o.label,
        description: o.description, emoji: o.emoji, selected: Boolean(o.default) }));
    case 5:
      return directory.users();
    case 6:
      return directory.roles();
    case 7:
      return [...directory.users(), ...directory.roles()];
    case 8: {
      const types = select.channel_types || [];
      return directory.channels().filter((c) => !types.length || types.includes(c.type));
    }
    default:
      return [];
  }
}

/**
 * A select menu: a box showing the placeholder (or what is picked) that opens a list.
 * With max_values > 1 choices are ticked and sent on "Done"; otherwise one click sends.
 * `onPick(values)` gets the picked values (ids for entity selects).
 */
export function selectMenu(select, onPick, { submitOnPick = true } = {}) {
  const most = select.max_values ?? 1;
  const defaults = new Set((select.default_values || []).map((d) => String(d.id)));
  const choices = selectChoices(select).map((c) => ({ ...c,
    selected: c.selected || defaults.has(String(c.value)) }));
  const picked = new Set(choices.filter((c) => c.selected).map((c) => String(c.value)));
  const summary = h("span", { class: "select-summary" });
  const list = h("div", { class: "select-options", role: "listbox", hidden: true,
    "aria-multiselectable": most > 1 ? "true" : null });
  const box = h("div", { class: "select-menu", dataset: { customId: select.custom_id || "",
    kind: String(select.type) } });

  const show = () => {
    const labels = choices.filter((c) => picked.has(String(c.value))).map((c) => c.label);
    summary.textContent = labels.join(", ") || select.placeholder || "Make a selection";
    box.dataset.values = JSON.stringify([...picked]);
  };
  const finish = () => {
    list.hidden = true;
    onPick([...picked]);
  };
  for (const choice of choices) {
    const option = h("div", { class: "select-option", role: "option",
      dataset: { value: String(choice.value) },
      "aria-selected": picked.has(String(choice.value)) ? "true" : "false" },
    choice.emoji ? h("span", { class: "select-emoji" }, emojiFace(choice.emoji)) : null,
    h("span", { class: "select-label" }, choice.label),
    choice.description ? h("span", { class: "select-description" }, choice.description) : null);
    option.addEventListener("click", () => {
      const value = String(choice.value);
      if (most > 1) {
        if (picked.has(value)) picked.delete(value);
        else if (picked.size < most) picked.add(value);
        option.setAttribute("aria-selected", picked.has(value) ? "true" : "false");
        show();
        if (!submitOnPick) onPick([...picked]);
        return;
      }
      picked.clear();
      picked.add(value);
      for (const other of list.children) {
        if (other.dataset.value !== undefined) {
          other.setAttribute("aria-selected", other === option ? "true" : "false");
        }
      }
      show();
      finish();
    });
    list.append(option);
  }
  if (most > 1 && submitOnPick) {
    list.append(h("button", { type: "button", class: "button button-primary select-done",
      onclick: finish }, "Done"));
  }
  const toggle = h("button", { type: "button", class: "select-toggle",
    disabled: Boolean(select.disabled), "aria-haspopup": "listbox" }, summary,
  h("span", { class: "select-caret", "aria-hidden": "true" }, "▾"));
  toggle.addEventListener("click", () => { list.hidden = !list.hidden; });
  box.append(toggle, list);
  show();
  return box;
}

function renderSelect(select, onInteract) {
  return selectMenu(select, (values) => onInteract(select, values));
}

// An open select list closes on a click elsewhere, or on Escape, as Discord's does.
function closeOpenLists(except = null) {
  for (const list of document.querySelectorAll(".select-options:not([hidden])")) {
    if (!except || !list.parentElement.contains(except)) list.hidden = true;
  }
}
document.addEventListener("mousedown", (event) => closeOpenLists(event.target));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeOpenLists();
});
