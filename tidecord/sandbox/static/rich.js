// What a message carries besides its text: attachments, embeds, components, reactions.

import { cssColor, emojiFace, emojiKey, formatSize, formatTimestamp, h } from "./dom.js";
import { renderInline, renderMarkdown } from "./markdown.js";

const COMPONENTS_V2 = 1 << 15;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;

/** An image by its content type or, when that says nothing, by its file name. */
function isImage(attachment) {
  const type = attachment.content_type || "";
  if (type.startsWith("image/")) return true;
  const generic = !type || type === "application/octet-stream";
  return generic && IMAGE_EXTENSIONS.test(attachment.filename);
}

/**
 * The URL an embed names: "attachment://card.png" means the message's own file of that
 * name (and Discord then shows the file only inside the embed).
 */
function mediaUrl(message, url) {
  if (!url || !url.startsWith("attachment://")) return url;
  const name = url.slice("attachment://".length);
  const found = (message.attachments || []).find((a) => a.filename === name);
  return found ? found.url : url;
}

/** Attachments the message's embeds show (attachment://name, or the file's own URL). */
function embeddedFiles(message) {
  const urls = new Set();
  for (const embed of message.embeds || []) {
    for (const media of [embed.image, embed.thumbnail, embed.author, embed.footer]) {
      const url = media && (media.url || media.icon_url);
      if (url) urls.add(url);
    }
  }
  return new Set((message.attachments || []).filter((a) => urls.has(`attachment://${a.filename}`)
    || urls.has(a.url) || urls.has(a.proxy_url)).map((a) => a.id));
}

/**
 * Images inline (click opens the original), other files as a download card. A
 * components-v2 message shows its files only through its components, as Discord does.
 */
export function renderAttachments(message) {
  if ((message.flags || 0) & COMPONENTS_V2) return null;
  const shown = embeddedFiles(message);
  const attachments = (message.attachments || []).filter((a) => !shown.has(a.id));
  if (!attachments.length) return null;
  return h("div", { class: "attachments" }, attachments.map((attachment) =>
    spoilered(attachment, renderAttachment(attachment))));
}

/**
 * A file sent as a spoiler (its name starts "SPOILER_", as discord.File(spoiler=True)
 * names it) is hidden under Discord's "SPOILER" cover until clicked.
 */
function spoilered(attachment, node) {
  if (!attachment.filename?.startsWith("SPOILER_")) return node;
  const cover = h("button", { type: "button", class: "spoiler-cover" }, "SPOILER");
  const box = h("div", { class: "attachment-spoiler" }, node, cover);
  cover.addEventListener("click", () => {
    box.classList.add("revealed");
    cover.remove();
  });
  return box;
}

function renderAttachment(attachment) {
  const url = attachment.url || attachment.proxy_url;
  if (isImage(attachment)) {
    return h("a", { class: "attachment attachment-image", href: url, target: "_blank",
      dataset: { filename: attachment.filename } },
    h("img", { src: url, alt: attachment.description || attachment.filename, loading: "lazy",
      width: attachment.width || null, height: attachment.height || null }));
  }
  return h("div", { class: "attachment attachment-file",
    dataset: { filename: attachment.filename } },
    h("div", { class: "file-icon", "aria-hidden": "true" }),
    h("div", { class: "file-meta" },
      h("a", { class: "file-name", href: url, download: attachment.filename },
        attachment.filename),
      h("div", { class: "file-size" }, formatSize(attachment.size || 0))));
}

const LOTTIE = 3;  // a sticker format a browser cannot draw without Discord's player

/** A message's stickers, each as its image (from the sandbox's CDN), as Discord shows them. */
export function renderStickers(message) {
  const stickers = message.sticker_items || [];
  if (!stickers.length) return null;
  return h("div", { class: "stickers" }, stickers.map((sticker) =>
    (sticker.format_type === LOTTIE
      ? h("div", { class: "sticker sticker-name", title: sticker.name }, sticker.name)
      : h("img", { class: "sticker", alt: sticker.name, title: sticker.name,
        src: `/cdn/stickers/${sticker.id}.${sticker.format_type === 4 ? "gif" : "png"}` }))));
}

/** Discord's embed card: coloured bar, author, title, description, fields, image, footer. */
export function renderEmbeds(message, names) {
  const embeds = (message.embeds || []).filter((embed) => embed.type !== "gifv");
  if (!embeds.length) return null;
  return h("div", { class: "embeds" },
    embeds.map((embed) => renderEmbed(embed, names, (url) => mediaUrl(message, url))));
}

function renderEmbed(embed, names, media) {
  const color = cssColor(embed.color);
  const title = embed.title
    ? h("div", { class: "embed-title" },
      embed.url ? h("a", { href: embed.url, target: "_blank", rel: "noopener" },
        renderInline(embed.title, names)) : renderInline(embed.title, names))
    : null;
  const author = embed.author
    ? h("div", { class: "embed-author" },
      embed.author.icon_url ? h("img", { class: "embed-author-icon",
        src: media(embed.author.icon_url), alt: "" }) : null,
      embed.author.url ? h("a", { href: embed.author.url, target: "_blank" }, embed.author.name)
        : embed.author.name)
    : null;
  const fields = (embed.fields || []).length
    ? h("div", { class: "embed-fields" }, embed.fields.map((field) =>
      h("div", { class: `embed-field${field.inline ? " inline" : ""}` },
        h("div", { class: "embed-field-name" }, renderInline(field.name, names)),
        h("div", { class: "embed-field-value" }, renderMarkdown(field.value, names)))))
    : null;
  const footerParts = [embed.footer && embed.footer.text,
    embed.timestamp && formatTimestamp(embed.timestamp)].filter(Boolean);
  const footer = footerParts.length
    ? h("div", { class: "embed-footer" },
      embed.footer && embed.footer.icon_url
        ? h("img", { class: "embed-footer-icon", src: media(embed.footer.icon_url), alt: "" })
        : null,
      footerParts.join(" • "))
    : null;
  return h("div", { class: "embed", style: color ? `border-left-color:${color}` : null },
    h("div", { class: "embed-grid" },
      h("div", { class: "embed-main" },
        author, title,
        embed.description ? h("div", { class: "embed-description" },
          renderMarkdown(embed.description, names)) : null,
        fields,
        embed.image ? h("img", { class: "embed-image", src: media(embed.image.url), alt: "" })
          : null,
        footer),
      embed.thumbnail ? h("img", { class: "embed-thumbnail", src: media(embed.thumbnail.url),
        alt: "" }) : null));
}

// Components (buttons, selects, components-v2 layouts) have a module of their own.
export { renderComponents } from "./components.js";

/** Reaction pills; onToggle(emoji, on) adds or removes the current person's reaction. */
/**
 * Discord's tooltip on a reaction: "Alice and Bob reacted with 👍" (three names at most,
 * then how many others; `names` are those known here, `count` all of them).
 */
function reactedBy(names, count, emoji) {
  const shown = names.slice(0, 3);
  const others = count - shown.length;
  if (!shown.length) return `${count} reacted with ${emoji}`;
  const list = others > 0 ? [...shown, `${others} other${others === 1 ? "" : "s"}`] : shown;
  const said = list.length === 1 ? list[0]
    : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
  return `${said} reacted with ${emoji}`;
}

export function renderReactions(message, reactedByPerson, onToggle, reactors = () => []) {
  const reactions = (message.reactions || []).filter((reaction) => reaction.count > 0);
  if (!reactions.length) return null;
  return h("div", { class: "reactions" }, reactions.map((reaction) => {
    const mine = reactedByPerson(reaction.emoji);
    const key = emojiKey(reaction.emoji);
    const face = h("span", { class: `reaction-emoji${reaction.emoji.id ? " custom" : ""}` },
      emojiFace(reaction.emoji));
    return h("button", { class: `reaction${mine ? " mine" : ""}`, type: "button",
      "aria-pressed": mine ? "true" : "false", dataset: { emoji: key },
      title: reactedBy(reactors(reaction.emoji), reaction.count,
        reaction.emoji.id ? `:${reaction.emoji.name}:` : reaction.emoji.name),
      onclick: () => onToggle(reaction.emoji, !mine) },
    face, h("span", { class: "reaction-count" }, String(reaction.count)));
  }));
}
