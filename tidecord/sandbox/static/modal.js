// A modal the bot opened (interaction callback type 9): a form over the page whose
// submission is a MODAL_SUBMIT interaction for the bot. Inputs come in action rows
// (a text input each) or in labels (type 18: a title and description around a text
// input, a select of any kind, a file upload, a radio group (21), a checkbox group (22)
// or a checkbox (23)); text displays (type 10) show text.

import { h } from "./dom.js";
import { renderComponent, selectMenu } from "./components.js";

const PARAGRAPH = 2;  // text input style: 1 short, 2 paragraph

/** The modal's fields: each input with the label (and description) shown for it. */
function fields(components) {
  const out = [];
  for (const component of components || []) {
    if (component.type === 18 && component.component) {
      out.push({ input: component.component, label: component.label,
        description: component.description });
    } else if (component.type === 1) {
      out.push(...fields(component.components));
    } else if (component.type === 10) {
      out.push({ text: component });
    } else {
      out.push({ input: component, label: component.label });
    }
  }
  return out;
}

/** The control for one input; `read()` gives its value for the submission. */
function control(input) {
  const required = Boolean(input.required ?? true);
  if (input.type === 4) {
    const attrs = { class: "modal-input", name: input.custom_id,
      placeholder: input.placeholder || null, required,
      minlength: input.min_length ?? null, maxlength: input.max_length ?? null };
    const node = input.style === PARAGRAPH
      ? h("textarea", { ...attrs, rows: 4 }, input.value || "")
      : h("input", { ...attrs, type: "text", value: input.value || null });
    return { node, read: () => node.value, files: null };
  }
  if (input.type === 19) {
    const node = h("input", { class: "modal-input modal-upload", type: "file",
      name: input.custom_id, multiple: (input.max_values ?? 1) > 1, required });
    return { node, read: null, files: () => [...node.files] };
  }
  if (input.type === 23) {
    const node = h("input", { class: "modal-checkbox", type: "checkbox", name: input.custom_id,
      checked: Boolean(input.default) });
    return { node, read: () => node.checked, files: null };
  }
  if (input.type === 21 || input.type === 22) {
    // A radio group submits one value (or null); a checkbox group the values ticked.
    const radio = input.type === 21;
    const options = input.options || [];
    const boxes = options.map((option) => h("input", { type: radio ? "radio" : "checkbox",
      name: input.custom_id, value: option.value, checked: Boolean(option.default) }));
    const node = h("div", { class: "modal-choices", role: radio ? "radiogroup" : "group" },
      options.map((option, i) => h("label", { class: "modal-choice" }, boxes[i], option.label,
        option.description ? h("span", { class: "modal-description" }, option.description)
          : null)));
    const picked = () => boxes.filter((box) => box.checked).map((box) => box.value);
    return { node, read: radio ? () => picked()[0] ?? null : picked, files: null };
  }
  if ([3, 5, 6, 7, 8].includes(input.type)) {
    let picked = [];
    const node = selectMenu(input, (values) => { picked = values; }, { submitOnPick: false });
    node.classList.add("modal-select");
    const defaults = JSON.parse(node.dataset.values || "[]");
    picked = defaults;
    return { node, read: () => picked, files: null };
  }
  return { node: h("div", { class: "modal-unsupported" }, `(component type ${input.type})`),
    read: null, files: null };
}

/**
 * Show the modal `data` ({custom_id, title, components}) on `root`.
 * `onSubmit(values, files)` gets {custom_id: text | [values] | value | bool} and
 * {custom_id: [File]}, and
 * may throw to keep the modal open (its message is shown).
 */
export function openModal(root, data, onSubmit, names = null) {
  const inputs = [];
  const parts = fields(data.components).map((field) => {
    if (field.text) return renderComponent(field.text, () => {}, names);
    const { input, label, description } = field;
    const made = control(input);
    inputs.push({ id: input.custom_id, ...made });
    const required = Boolean(input.required ?? true);
    const wrap = made.node.tagName === "INPUT" || made.node.tagName === "TEXTAREA"
      ? "label" : "div";
    return h(wrap, { class: "modal-field", dataset: { customId: input.custom_id } },
      h("span", { class: "modal-label" }, label || input.custom_id,
        required ? h("span", { class: "modal-required" }, " *") : null),
      description ? h("span", { class: "modal-description" }, description) : null,
      made.node);
  });
  const error = h("div", { class: "modal-error", role: "alert" });
  const close = () => backdrop.remove();
  const form = h("form", { class: "modal", role: "dialog", "aria-modal": "true",
    "aria-label": data.title || "Form", dataset: { customId: data.custom_id || "" } },
  h("h2", { class: "modal-title" }, data.title || ""),
  ...parts,
  error,
  h("footer", { class: "modal-footer" },
    h("button", { type: "button", class: "modal-cancel", onclick: close }, "Cancel"),
    h("button", { type: "submit", class: "button button-primary modal-submit" }, "Submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    const files = {};
    for (const input of inputs) {
      if (input.read) values[input.id] = input.read();
      if (input.files) {
        const chosen = input.files();
        if (chosen.length) files[input.id] = chosen;
      }
    }
    try {
      await onSubmit(values, files);
      close();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  const backdrop = h("div", { class: "modal-backdrop",
    onmousedown: (event) => { if (event.target === backdrop) close(); } }, form);
  root.append(backdrop);
  form.querySelector(".modal-input, .select-toggle")?.focus();
}
