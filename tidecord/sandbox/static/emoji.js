// The Unicode emoji the page offers (GET /_sandbox/emoji, loaded once): search by
// name for the picker and for ":sm" completion, and ":smile:" shortcodes to emoji.

import * as api from "./api.js";

let loading = null;

/**
 * The catalog: {list: [{emoji, names, category}] in keyboard order, byName: Map(short
 * name -> emoji)}. Fetched on first use; a failure is retried on the next call.
 */
export function loadEmoji() {
  if (!loading) {
    loading = api.fetchEmoji().then((list) => {
      const byName = new Map();
      for (const entry of list) for (const name of entry.names) byName.set(name, entry.emoji);
      return { list, byName };
    }).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/**
 * Emoji whose short names match `query`: names starting with it first, then names
 * containing it (the rest of a word, as "up" finds "thumbsup"), at most `limit`. Each
 * is {emoji, names, category, name}, `name` being the short name that matched.
 */
export function searchEmoji(catalog, query, limit = Infinity) {
  const wanted = query.toLowerCase().replace(/^:|:$/g, "");
  if (!wanted) return catalog.list.slice(0, limit).map((entry) => ({ ...entry,
    name: entry.names[0] }));
  const starts = [];
  const contains = [];
  for (const entry of catalog.list) {
    const start = entry.names.find((name) => name.startsWith(wanted));
    const inside = start ? null : entry.names.find((name) => name.includes(wanted));
    if (start) starts.push({ ...entry, name: start });
    else if (inside) contains.push({ ...entry, name: inside });
  }
  return starts.concat(contains).slice(0, limit);
}

// A shortcode: ":name:" where name is letters, digits, "_", "+" or "-".
const SHORTCODE = /:([a-z0-9_+-]+):/gi;

/** Turn every known ":name:" in `text` into its emoji; unknown ones stay as typed. */
export function replaceShortcodes(text, catalog) {
  return text.replace(SHORTCODE, (whole, name) => catalog.byName.get(name.toLowerCase())
    ?? whole);
}

/** `text` with its known shortcodes turned into emoji; as typed when there is no catalog. */
export async function withEmoji(text) {
  if (!text.includes(":")) return text;
  try {
    return replaceShortcodes(text, await loadEmoji());
  } catch {
    return text;
  }
}

/** The ":partial" being typed right before the caret (two characters or more), or null. */
export function partialShortcode(textBeforeCaret) {
  const match = /(^|\s):([a-z0-9_+-]{2,})$/i.exec(textBeforeCaret);
  return match ? match[2] : null;
}
