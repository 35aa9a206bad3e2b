// Small DOM and formatting helpers shared by every part of the page.

/**
 * Build an element: h("div", {class: "x", onclick: fn, dataset: {id: 1}}, child, "text").
 * Children may be nodes, strings, arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append children (nodes, strings, nested arrays) to a parent element. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Call `draw` before the next paint; a hidden page, which paints nothing, gets a timer. */
function beforePaint(draw) {
  if (document.hidden) setTimeout(draw, 0);
  else requestAnimationFrame(draw);
}

/**
 * `draw`, called now (`now()`: a click wants its answer drawn) or once before the next
 * paint however often asked meanwhile (`soon()`: each event of a burst asks).
 */
export function redrawer(draw) {
  let due = false;
  const now = () => {
    due = false;
    draw();
  };
  return {
    now,
    soon() {
      if (due) return;
      due = true;
      beforePaint(() => {
        if (due) now();
      });
    },
  };
}

/** Compare two snowflakes (decimal strings) without losing precision. */
export function compareIds(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// Discord's default avatar colours, picked by user id so a person keeps theirs.
const AVATAR_COLORS = ["#5865f2", "#757e8a", "#3ba55c", "#faa61a", "#ed4245", "#eb459e"];

/** The name a user is shown by: guild nick, then global name, then username. */
export function displayName(user, member) {
  return (member && member.nick) || user.global_name || user.username;
}

/** A round avatar with the user's initial on their colour. */
export function avatar(user, size = "normal") {
  const color = AVATAR_COLORS[Number(BigInt(user.id) % BigInt(AVATAR_COLORS.length))];
  const name = user.global_name || user.username || "?";
  return h("div", { class: `avatar avatar-${size}`, style: `background:${color}`,
    "aria-hidden": "true" }, name.slice(0, 1).toUpperCase());
}

/** "BOT" tag shown after a bot's name. */
export function botTag(user) {
  return user && user.bot ? h("span", { class: "bot-tag" }, "BOT") : null;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const DATE = new Intl.DateTimeFormat(undefined,
  { year: "numeric", month: "2-digit", day: "2-digit" });

/** "Today at 14:02", "Yesterday at 09:10" or a date, as Discord labels messages. */
export function formatTimestamp(iso) {
  const when = new Date(iso);
  const today = new Date();
  const yesterday = new Date(today.getTime() - 86400000);
  const sameDay = (a, b) => a.toDateString() === b.toDateString();
  if (sameDay(when, today)) return `Today at ${TIME.format(when)}`;
  if (sameDay(when, yesterday)) return `Yesterday at ${TIME.format(when)}`;
  return `${DATE.format(when)} ${TIME.format(when)}`;
}

/** Just the clock time, for the gutter of grouped messages. */
export function formatClock(iso) {
  return TIME.format(new Date(iso));
}

/** Human file size: 1.2 MB. */
export function formatSize(bytes) {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`;
}

/** An integer colour (embeds, roles) as CSS hex; null when it is 0 (no colour). */
export function cssColor(value) {
  if (!value) return null;
  return `#${value.toString(16).padStart(6, "0")}`;
}

/**
 * An emoji as Discord draws it: a custom one as its image (from the sandbox's CDN,
 * on this page's origin), a Unicode one as its text.
 */
export function emojiFace(emoji) {
  if (!emoji) return null;
  if (!emoji.id) return emoji.name || null;
  return h("img", { class: "custom-emoji", src: `/cdn/emojis/${emoji.id}.png`,
    alt: `:${emoji.name}:`, title: `:${emoji.name}:`, draggable: "false" });
}

/** The text of an emoji as reactions name it: unicode, or "name:id" for custom ones. */
export function emojiKey(emoji) {
  return emoji.id ? `${emoji.name}:${emoji.id}` : emoji.name;
}
