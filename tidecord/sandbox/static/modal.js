// A modal the bot opened (interaction callback type 9): a form over the page whose
// submission is a MODAL_SUBMIT interaction for the bot.

import { h } from "./dom.js";

const PARAGRAPH = 2;  // text input style: 1 short, 2 paragraph

/**
 * The text inputs of a modal, in order. Modals hold them in action rows (type 1) or,
 * in the newer layout, in labels (type 18) that name one component each.
 */
function textInputs(components) {
  const inputs = [];
  for (const component of components || []) {
    if (component.type === 4) inputs.push({ input: component, label: component.label });
    else if (component.type === 18 && component.component?.type === 4) {
      inputs.push({ input: component.component, label: component.label,
        description: component.description });
    } else if (component.type === 1) inputs.push(...textInputs(component.components));
  }
  return inputs;
}

/**
 * Show the modal `data` ({custom_id, title, components}) on `root`. `onSubmit(values)`
 * gets {custom_id: text} and may throw to keep the modal open (its message is shown).
 */
export function openModal(root, data, onSubmit) {
  const fields = textInputs(data.components).map(({ input, label, description }) => {
    const attrs = {
      class: "modal-input",
      name: input.custom_id,
      placeholder: input.placeholder || null,
      required: Boolean(input.required ?? true),
      minlength: input.min_length ?? null,
      maxlength: input.max_length ?? null,
    };
    const control = input.style === PARAGRAPH
      ? h("textarea", { ...attrs, rows: 4 }, input.value || "")
      : h("input", { ...attrs, type: "text", value: input.value || null });
    return h("label", { class: "modal-field" },
      h("span", { class: "modal-label" }, label || input.custom_id,
        attrs.required ? h("span", { class: "modal-required" }, " *") : null),
      description ? h("span", { class: "modal-description" }, description) : null,
      control);
  });
  const error = h("div", { class: "modal-error", role: "alert" });
  const close = () => backdrop.remove();
  const form = h("form", { class: "modal", role: "dialog", "aria-modal": "true",
    "aria-label": data.title || "Form", dataset: { customId: data.custom_id || "" } },
  h("h2", { class: "modal-title" }, data.title || ""),
  ...fields,
  error,
  h("footer", { class: "modal-footer" },
    h("button", { type: "button", class: "modal-cancel", onclick: close }, "Cancel"),
    h("button", { type: "submit", class: "button button-primary modal-submit" }, "Submit")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const control of form.querySelectorAll(".modal-input")) {
      values[control.name] = control.value;
    }
    try {
      await onSubmit(values);
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
  form.querySelector(".modal-input")?.focus();
}
