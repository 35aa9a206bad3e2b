// Discord's flavour of markdown, rendered to DOM nodes (never to HTML strings, so a
// message can never inject markup into the page).
//
// Blocks: ```code blocks```, "> " quotes, "# " headings, "- " lists.
// Inline: **bold**, *italic* / _italic_, __underline__, ~~strike~~, ||spoiler||, `code`,
// [masked](links), bare links, <@user>, <@&role>, <#channel>, <:custom:emoji>, <t:unix:R>.

import { cssColor, emojiFace, h } from "./dom.js";

/**
 * Render message text. `names` resolves mentions:
 * {user(id) -> string|null, role(id) -> {name, color}|null, channel(id) -> string|null}.
 */
export function renderMarkdown(text, names) {
  const fragment = document.createDocumentFragment();
  // Code blocks first: nothing inside them is markdown.
  const fence = /```(?:([\w+-]+)\n)?([\s\S]*?)```/g;
  let last = 0;
  for (const match of text.matchAll(fence)) {
    renderBlocks(fragment, text.slice(last, match.index), names);
    fragment.append(h("pre", { class: "md-codeblock" },
      h("code", { dataset: { lang: match[1] || "" } }, match[2].replace(/^\n|\n$/g, ""))));
    last = match.index + match[0].length;
  }
  renderBlocks(fragment, text.slice(last), names);
  return fragment;
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
      parent.append(h("blockquote", { class: "md-quote" }, renderInline(rest, names)));
      return;
    }
    if (/^> /.test(line)) {
      flush();
      const quoted = [];
      while (i < lines.length && /^> /.test(lines[i])) quoted.push(lines[i++].slice(2));
      i -= 1;
      parent.append(h("blockquote", { class: "md-quote" },
        renderInline(quoted.join("\n"), names)));
      continue;
    }
    if (/^[-*] /.test(line)) {
      flush();
      const items = [];
      while (i < lines.length && /^[-*] /.test(lines[i])) items.push(lines[i++].slice(2));
      i -= 1;
      parent.append(h("ul", { class: "md-list" },
        items.map((item) => h("li", {}, renderInline(item, names)))));
      continue;
    }
    plain.push(line);
  }
  flush();
}

// Each rule: a regex (sticky search is done by exec on the remaining text) and a
// builder. Order breaks ties between rules that match at the same position.
const RULES = [
  { re: /\\([*_~`|\\<>#[\]()])/, build: (m) => m[1] },
  { re: /``([^`]+?)``|`([^`\n]+?)`/, build: (m) => h("code", { class: "md-code" }, m[1] ?? m[2]) },
  { re: /<@!?(\d+)>/, build: (m, n) => mention(`@${n.user(m[1]) ?? "unknown-user"}`) },
  { re: /<@&(\d+)>/, build: (m, n) => roleMention(n.role(m[1])) },
  { re: /<#(\d+)>/, build: (m, n) => mention(`#${n.channel(m[1]) ?? "unknown-channel"}`) },
  { re: /<\/([\w -]+):\d+>/, build: (m) => mention(`/${m[1]}`) },
  { re: /@(everyone|here)\b/, build: (m) => mention(`@${m[1]}`) },
  { re: /<a?:(\w+):(\d+)>/, build: (m) => h("span", { class: "md-emoji" },
    emojiFace({ name: m[1], id: m[2] })) },
  { re: /<t:(-?\d+)(?::([tTdDfFR]))?>/, build: (m) => timestamp(Number(m[1]), m[2] || "f") },
  { re: /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/,
    build: (m, n) => link(m[2], renderInline(m[1], n)) },
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

const STYLES = {
  t: { timeStyle: "short" },
  T: { timeStyle: "medium" },
  d: { dateStyle: "short" },
  D: { dateStyle: "long" },
  f: { dateStyle: "long", timeStyle: "short" },
  F: { dateStyle: "full", timeStyle: "short" },
};

const RELATIVE_UNITS = [
  ["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60],
  ["second", 1],
];

/** <t:unix:style> as Discord shows it, "R" being relative ("in 5 minutes"). */
function timestamp(seconds, style) {
  const when = new Date(seconds * 1000);
  let label;
  if (style === "R") {
    const diff = (when.getTime() - Date.now()) / 1000;
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    const [unit, size] = RELATIVE_UNITS.find(([, size]) => Math.abs(diff) >= size)
      ?? ["second", 1];
    label = relative.format(Math.round(diff / size), unit);
  } else {
    label = new Intl.DateTimeFormat(undefined, STYLES[style]).format(when);
  }
  return h("time", { class: "md-timestamp", datetime: when.toISOString() }, label);
}
