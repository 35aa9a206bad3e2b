// The developer console in the chat: the bot's failed and rate-limited REST calls, as
// small system lines where they happened ("SandboxBot: 403 Missing Permissions (50013)
// on POST /channels/{channel_id}/messages"). The sandbox records them (its REST log,
// sandbox/rest/journal.py); the page merges them into the channel by time.

import { displayName, formatTimestamp, h } from "./dom.js";

const ICONS = { error: "⚠", rate_limited: "⏱", bucket_exhausted: "⏱" };

/** Whether two REST log records say the same thing (repeats are shown once, with ×N). */
export function sameCall(a, b) {
  return a.kind === b.kind && a.method === b.method && a.route === b.route
    && a.status === b.status && a.code === b.code && a.injected === b.injected;
}

/** Who made the call: the bot, or a client whose token this sandbox refused. */
function caller(call, bot) {
  if (!call.authorized) return "A client with a token this sandbox refused";
  return bot ? displayName(bot) : "The bot";
}

/** One system line for `call` (seen `count` times in a row). */
export function renderRestCall(call, bot, count = 1) {
  const [before, route, after] = splitRoute(call.summary, `${call.method} ${call.route}`);
  return h("article", {
    class: `message system rest-log rest-${call.kind}`,
    dataset: { restId: call.id, kind: call.kind, status: String(call.status) },
    title: "The sandbox's record of a REST call by the bot (not a Discord message; "
      + "everyone on this page sees it)",
  },
  h("div", { class: "message-gutter" },
    h("span", { class: "system-icon rest-icon", "aria-hidden": "true" }, ICONS[call.kind] || "•")),
  h("div", { class: "message-body" },
    h("span", { class: "system-text" },
      h("strong", {}, caller(call, bot)), ": ", before,
      route ? h("code", { class: "rest-route" }, route) : null, after,
      count > 1 ? h("span", { class: "rest-count" }, ` ×${count}`) : null),
    h("span", { class: "sandbox-tag rest-tag" }, "SANDBOX"),
    h("time", { class: "message-time", datetime: call.timestamp },
      formatTimestamp(call.timestamp))));
}

/** The summary around its "METHOD /route" part, so the route can be set as code. */
function splitRoute(summary, route) {
  const at = summary.indexOf(route);
  if (at < 0) return [summary, null, ""];
  return [summary.slice(0, at), route, summary.slice(at + route.length)];
}
