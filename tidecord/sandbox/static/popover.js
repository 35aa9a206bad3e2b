// One floating panel at a time (the emoji picker, a profile card; later the Apps menu of
// a right click): placed beside what opened it and inside the window, closed by Escape,
// by a click elsewhere, or by opening another.

import { h } from "./dom.js";

const GAP = 8;  // px between the panel and what it belongs to
let current = null;

/**
 * Show `content` in a panel next to `anchor` (an element, or a {x, y} point for menus).
 * `side`: "above", "below", "left" or "right" (first choice; the other side is used when
 * there is no room). Returns the function that closes it; `onClose` runs when it closes.
 */
export function openPopover(anchor, content, { side = "below", label = "", onClose } = {}) {
  closePopover();
  const panel = h("div", { class: "popover", role: "dialog", "aria-label": label || null },
    content);
  document.body.append(panel);
  place(panel, anchor, side);
  const onDown = (event) => {
    const inAnchor = anchor instanceof Element && anchor.contains(event.target);
    if (!panel.contains(event.target) && !inAnchor) close();
  };
  const onKey = (event) => {
    if (event.key === "Escape") close();
  };
  function close() {
    if (current?.panel !== panel) return;
    current = null;
    panel.remove();
    document.removeEventListener("mousedown", onDown, true);
    document.removeEventListener("keydown", onKey, true);
    if (onClose) onClose();
  }
  // Registered at once: the event that opened the panel has passed the document's
  // capture phase already, so it cannot close it, while a press that comes next does,
  // however soon (deferring this to a timer let a quick click outside slip through).
  document.addEventListener("mousedown", onDown, true);
  document.addEventListener("keydown", onKey, true);
  current = { panel, close };
  return close;
}

/** Close the open panel, if any. */
export function closePopover() {
  if (current) current.close();
}

function place(panel, anchor, side) {
  const box = anchor instanceof Element ? anchor.getBoundingClientRect()
    : { left: anchor.x, right: anchor.x, top: anchor.y, bottom: anchor.y };
  const width = panel.offsetWidth;
  const height = panel.offsetHeight;
  const maxX = window.innerWidth - width - GAP;
  const maxY = window.innerHeight - height - GAP;
  const clamp = (value, max) => Math.max(GAP, Math.min(value, max));
  let x;
  let y;
  if (side === "left" || side === "right") {
    const left = box.left - GAP - width;
    const right = box.right + GAP;
    const fitsLeft = left >= GAP;
    const fitsRight = right <= maxX;
    x = side === "left" ? (fitsLeft || !fitsRight ? left : right)
      : (fitsRight || !fitsLeft ? right : left);
    y = box.top;
  } else {
    const above = box.top - GAP - height;
    const below = box.bottom + GAP;
    y = side === "above" ? (above >= GAP || below > maxY ? above : below)
      : (below <= maxY || above < GAP ? below : above);
    x = box.right - width;
  }
  panel.style.left = `${clamp(x, maxX)}px`;
  panel.style.top = `${clamp(y, maxY)}px`;
}
