// Discord's flavour of markdown, rendered to DOM nodes (never to HTML strings, so a
// message can never inject markup into the page).
//
// Blocks: ```code blocks```, "> " quotes, "# " headings, "-# " subtext, "- " and "1. "
// lists (nested by indenting).
// Inline: **bold**, *italic* / _italic_, __underline__, ~~strike~~, ||spoiler||, `code`,
// [masked](links), bare links and <links>, <@user>, <@&role>, <#channel>,
// <:custom:emoji>, <t:unix:R>.

import { cssColor, emojiFace, h } from "./dom.js";

/**
 * Render message text. `names` resolves mentions:
 * {user(id) -> string|null, role(id) -> {name, color}|null, channel(id) -> string|null}.
 */
export function renderMarkdown(text, names) {
  if (onlyEmoji(text)) {
    // A message of nothing but emoji (30 at most) shows them large, as Discord's.
    return h("span", { class: "md-jumbo" }, renderInline(text, names));
  }
  const fragment = document.createDocumentFragment();
  // Code blocks first: nothing inside them is markdown.
  const fence = /```(?:([\w+-]+)\n)?([\s\S]*?)```/g;
  let last = 0;
  for (const match of text.matchAll(fence)) {
    // The line breaks around a block are the block's: none shows as an empty line.
    renderBlocks(fragment, text.slice(last, match.index).replace(/\n$/, ""), names);
    fragment.append(h("pre", { class: "md-codeblock" },
      h("code", { dataset: { lang: match[1] || "" } }, match[2].replace(/^\n|\n$/g, ""))));
    last = match.index + match[0].length;
    if (text[last] === "\n") last += 1;
  }
  renderBlocks(fragment, text.slice(last), names);
  return fragment;
}

const CUSTOM_EMOJI = /<a?:\w+:\d+>/g;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Whether `text` is only emoji (Unicode or custom, spaces between), 30 at most. */
function onlyEmoji(text) {
  const custom = (text.match(CUSTOM_EMOJI) || []).length;
  const rest = text.replace(CUSTOM_EMOJI, "").replace(/\s/g, "");
  if (/[\w#*]/.test(rest)) return false;  // digits, # and * are emoji parts too
  if (!/^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f)*$/u.test(rest)) {
    return false;
  }
  // An emoji is what shows as one: a family joined by ZWJs, a flag, a skin tone.
  const unicode = [...GRAPHEMES.segment(rest)]
    .filter(({ segment }) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment))
    .length;
  return custom + unicode > 0 && custom + unicode <= 30;
}

/** Line-level structure: quotes, headings and lists; the rest is inline text. */
function renderBlocks(parent, text, names) {
  if (!text) return;
  let plain = [];
  const flush = () => {
    if (plain.length) parent.append(...renderInline(plain.join("\n"), names));
    plain = [];
  };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const subtext = /^-# (.+)$/.exec(line);
    if (subtext) {
      flush();
      parent.append(h("small", { class: "md-subtext" }, renderInline(subtext[1], names)));
      continue;
    }
    const heading = /^(#{1,3}) (.+)$/.exec(line);
    if (heading) {
      flush();
      parent.append(h(`h${heading[1].length + 2}`, { class: "md-heading" },
        renderInline(heading[2], names)));
      continue;
    }
    if (/^>>> /.test(line)) {
      // ">>> " quotes everything to the end of the message.
      flush();
      const rest = [line.slice(4), ...lines.slice(i + 1)].join("\n");
      parent.append(quote(rest, names));
      return;
    }
    if (/^> /.test(line)) {
      flush();
      const quoted = [];
      while (i < lines.length && /^> /.test(lines[i])) quoted.push(lines[i++].slice(2));
      i -= 1;
      parent.append(quote(quoted.join("\n"), names));
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      const items = [];
      // A list goes on while its lines are items of its kind (bullets, or numbers), or
      // indented items under one.
      const numbered = (text) => /^\d/.test(text);
      while (i < lines.length && ((LIST_ITEM.test(lines[i])
        && numbered(lines[i]) === numbered(line))
        || (items.length && NESTED_ITEM.test(lines[i]) && /^ /.test(lines[i])))) {
        const [, indent, marker, item] = NESTED_ITEM.exec(lines[i++]);
        items.push({ depth: indent.length, marker, item });
      }
      i -= 1;
      parent.append(renderList(items, names));
      continue;
    }
    plain.push(line);
  }
  flush();
}

/** A quote: what it quotes has its own headings and lists, as Discord draws it. */
function quote(text, names) {
  const node = h("blockquote", { class: "md-quote" });
  renderBlocks(node, text, names);
  return node;
}

const LIST_ITEM = /^([-*]|\d{1,9}\.) \S/;
const NESTED_ITEM = /^( *)([-*]|\d{1,9}\.) (.*)$/;

/**
 * A list (<ul>, or <ol> from its first item's number on) of items {depth, marker,
 * item}: those indented deeper than the first item nest under the one before them.
 */
function renderList(items, names) {
  const first = items[0];
  const number = /^(\d+)\./.exec(first.marker);
  const list = number ? h("ol", { class: "md-list", start: Number(number[1]) })
    : h("ul", { class: "md-list" });
  let i = 0;
  while (i < items.length) {
    const li = h("li", {}, renderInline(items[i].item, names));
    i += 1;
    const nested = [];
    while (i < items.length && items[i].depth > first.depth) nested.push(items[i++]);
    if (nested.length) li.append(renderList(nested, names));
    list.append(li);
  }
  return list;
}

// Each rule: a regex (sticky search is done by exec on the remaining text) and a
// builder. Order breaks ties between rules that match at the same position.
const RULES = [
  { re: /\\([*_~`|\\<>#[\]()])/, build: (m) => m[1] },
  // A run of backticks closes on a run as long: ``a ` b`` holds a backtick. A space
  // that only pads a backtick at either end is not shown (`` `x` `` is `x`).
  { re: /(`+)([\s\S]*?[^`])\1(?!`)/, build: (m) => h("code", { class: "md-code" },
    m[2].replace(/^ (?= *`)|(` *) $/g, "$1")) },
  { re: /<@!?(\d+)>/, build: (m, n) => mention(`@${n.user(m[1]) ?? "unknown-user"}`) },
  { re: /<@&(\d+)>/, build: (m, n) => roleMention(n.role(m[1])) },
  { re: /<#(\d+)>/, build: (m, n) => mention(`#${n.channel(m[1]) ?? "unknown-channel"}`) },
  // A command's mention: a click puts it in the composer (app.js), as Discord's does.
  { re: /<\/([\w -]+):\d+>/, build: (m) => h("span", { class: "md-mention md-command",
    role: "button", tabindex: "0", dataset: { command: m[1] } }, `/${m[1]}`) },
  { re: /@(everyone|here)\b/, build: (m) => mention(`@${m[1]}`) },
  { re: /<a?:(\w+):(\d+)>/, build: (m) => h("span", { class: "md-emoji" },
    emojiFace({ name: m[1], id: m[2] })) },
  { re: /<t:(-?\d+)(?::([tTdDfFsSR]))?>/, build: (m) => timestamp(Number(m[1]), m[2] || "f",
    m[0]) },
  { re: /\[([^\]\n]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/,
    build: (m, n) => link(m[2], renderInline(m[1], n)) },
  // <url>: a link whose embed is suppressed, drawn without its brackets.
  { re: /<(https?:\/\/[^\s>]+)>/, build: (m) => link(m[1], m[1]) },
  { re: /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/, build: (m) => link(m[0], m[0]) },
  { re: /\*\*([\s\S]+?)\*\*(?!\*)/, build: (m, n) => h("strong", {}, renderInline(m[1], n)) },
  { re: /__([\s\S]+?)__(?!_)/, build: (m, n) => h("u", {}, renderInline(m[1], n)) },
  { re: /\*(?![\s*])([\s\S]*?[^\s\\])\*(?!\*)/,
    build: (m, n) => h("em", {}, renderInline(m[1], n)) },
  { re: /\b_([^_\n]+?)_\b/, build: (m, n) => h("em", {}, renderInline(m[1], n)) },
  { re: /~~([\s\S]+?)~~/, build: (m, n) => h("s", {}, renderInline(m[1], n)) },
  { re: /\|\|([\s\S]+?)\|\|/, build: (m, n) => spoiler(renderInline(m[1], n)) },
];

/** Inline markdown to a list of nodes: repeatedly take the earliest matching rule. */
export function renderInline(text, names) {
  const out = [];
  let rest = text;
  while (rest) {
    let best = null;
    let bestRule = null;
    for (const rule of RULES) {
      const match = rule.re.exec(rest);
      if (match && (best === null || match.index < best.index)) {
        best = match;
        bestRule = rule;
      }
    }
    if (!best) {
      out.push(document.createTextNode(rest));
      break;
    }
    if (best.index > 0) out.push(document.createTextNode(rest.slice(0, best.index)));
    const built = bestRule.build(best, names);
    out.push(typeof built === "string" ? document.createTextNode(built) : built);
    rest = rest.slice(best.index + best[0].length);
  }
  return out;
}

function mention(label) {
  return h("span", { class: "md-mention" }, label);
}

function roleMention(role) {
  if (!role) return mention("@deleted-role");
  const color = cssColor(role.color);
  return h("span", { class: "md-mention", style: color ? `color:${color}` : null },
    `@${role.name}`);
}

function link(url, label) {
  return h("a", { class: "md-link", href: url, target: "_blank", rel: "noopener noreferrer" },
    label);
}

function spoiler(children) {
  const node = h("span", { class: "md-spoiler", title: "Spoiler: click to reveal" }, children);
  node.addEventListener("click", () => node.classList.add("revealed"));
  return node;
}

// Discord's styles (its documented table): d is day, month and a four-digit year
// ("04/20/2021" in en-US), s and S that short date with the short or medium time.
const SHORT_DATE = { day: "2-digit", month: "2-digit", year: "numeric" };
const STYLES = {
  t: { timeStyle: "short" },
  T: { timeStyle: "medium" },
  d: SHORT_DATE,
  D: { dateStyle: "long" },
  f: { dateStyle: "long", timeStyle: "short" },
  F: { dateStyle: "full", timeStyle: "short" },
  s: { ...SHORT_DATE, hour: "numeric", minute: "2-digit" },
  S: { ...SHORT_DATE, hour: "numeric", minute: "2-digit", second: "2-digit" },
};

const RELATIVE_UNITS = [
  ["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60],
  ["second", 1],
];

/**
 * <t:unix:style> as Discord shows it, "R" being relative ("in 5 minutes"); a moment
 * beyond what a date can hold stays its `source` text.
 */
function timestamp(seconds, style, source) {
  const when = new Date(seconds * 1000);
  if (Number.isNaN(when.getTime())) return source;
  const relative = style === "R";
  const label = relative ? relativeLabel(when)
    : new Intl.DateTimeFormat(undefined, STYLES[style]).format(when);
  // Hovered, it tells the full date and time, as Discord's does.
  return h("time", { class: "md-timestamp", datetime: when.toISOString(),
    title: new Intl.DateTimeFormat(undefined, STYLES.F).format(when),
    dataset: relative ? { relative: "" } : null }, label);
}

/** "in 5 minutes", "2 hours ago": how far `when` is from now. */
function relativeLabel(when) {
  const diff = (when.getTime() - Date.now()) / 1000;
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(diff) >= size)
    ?? ["second", 1];
  return relative.format(Math.round(diff / size), unit);
}

/**
 * Keep relative timestamps under `root` true as time passes (a bot's countdown "in 10
 * seconds" comes to "now", then "5 seconds ago"), as Discord's client does.
 */
export function refreshTimestamps(root) {
  for (const node of root.querySelectorAll("time.md-timestamp[data-relative]")) {
    const label = relativeLabel(new Date(node.dateTime));
    if (node.textContent !== label) node.textContent = label;
  }
}
