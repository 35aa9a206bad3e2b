// The sandbox's control API (/_sandbox/, documented in tidecord/sandbox/control.py):
// everything the page does as a person goes through here.

const BASE = "/_sandbox";

/** An error answered by the sandbox: {error, code} (Discord's code when there is one). */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error || body.message)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** The sandbox did not answer at all: it stopped, or nothing listens at this address. */
export class SandboxDown extends Error {
  constructor() {
    super("The sandbox is not running (it stopped, or cannot be reached), so nothing was "
      + "done. Start it again and this page reconnects by itself.");
  }
}

async function call(method, path, body = undefined) {
  const init = { method, headers: {} };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  let text;
  try {
    response = await fetch(BASE + path, init);
    text = await response.text();
  } catch {
    // fetch rejects only when no answer came (the browser says "Failed to fetch").
    throw new SandboxDown();
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { error: `The sandbox answered ${response.status} with something other than JSON` };
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** The world: {bot, people, guilds: [Guild with channels, members, roles]}. */
export function fetchState() {
  return call("GET", "/state");
}

/** The bot's DM channels: [Channel], each naming its person in `recipients`. */
export function fetchDms() {
  return call("GET", "/dms");
}

/** The person's DM channel with the bot, made on first use. */
export function openDm(person) {
  return call("POST", "/dms", { as: person.id });
}

/** The Unicode emoji the page offers: [{emoji, names, category}]. */
export function fetchEmoji() {
  return call("GET", "/emoji");
}

/** The bot's failed and rate-limited REST calls (the last 500), oldest first. */
export function fetchRestLog() {
  return call("GET", "/rest-log");
}

/** The bot's latest health report (null until a tidecord bot publishes one). */
export function fetchHealth() {
  return call("GET", "/health");
}

/** A channel's newest messages (those before message `before`), oldest first. */
export function fetchMessages(channelId, limit = 100, before = null) {
  return call("GET", `/channels/${channelId}/messages?limit=${limit}`
    + (before ? `&before=${before}` : ""));
}

/** Who reacted to a message with an emoji: [User]. */
export function fetchReactionUsers(channelId, messageId, emojiKey) {
  return call("GET", `/channels/${channelId}/messages/${messageId}/reactions/`
    + encodeURIComponent(emojiKey));
}

/** The application's slash commands visible in a guild (global and guild ones). */
export function fetchCommands(guildId) {
  return call("GET", `/commands?guild_id=${guildId}`);
}

/**
 * Say something as a person. With files, the body is multipart: payload_json plus
 * files[n], exactly as a bot uploads. A reply pings its author unless `replyPing` is
 * false (Discord's client then sends allowed_mentions without replied_user).
 */
export function sendMessage(person, channelId, content,
  { replyTo = null, replyPing = true, files = [] } = {}) {
  const payload = { as: person.id, channel_id: channelId, content };
  if (replyTo) payload.message_reference = { message_id: replyTo };
  if (replyTo && !replyPing) {
    payload.allowed_mentions = { parse: ["users", "roles", "everyone"], replied_user: false };
  }
  if (!files.length) return call("POST", "/messages", payload);
  const form = new FormData();
  form.append("payload_json", JSON.stringify(payload));
  files.forEach((file, index) => form.append(`files[${index}]`, file, file.name));
  return call("POST", "/messages", form);
}

/** Edit one's own message: MESSAGE_UPDATE. */
export function editMessage(person, message, content) {
  return call("PATCH", `/messages/${message.channel_id}/${message.id}`,
    { as: person.id, content });
}

/** Delete one's own message: MESSAGE_DELETE. */
export function deleteMessage(person, message) {
  return call("DELETE", `/messages/${message.channel_id}/${message.id}?as=${person.id}`);
}

function reactionPath(channelId, messageId, emojiKey, person) {
  const emoji = encodeURIComponent(emojiKey);
  return `/channels/${channelId}/messages/${messageId}/reactions/${emoji}?as=${person.id}`;
}

/** Add (on=true) or remove the person's reaction. */
export function setReaction(person, channelId, messageId, emojiKey, on) {
  return call(on ? "PUT" : "DELETE", reactionPath(channelId, messageId, emojiKey, person));
}

/** Click a button or pick from a select menu: INTERACTION_CREATE type 3 for the bot. */
export function clickComponent(person, message, component, values = undefined) {
  return call("POST", "/interactions/component", {
    as: person.id,
    channel_id: message.channel_id,
    message_id: message.id,
    custom_id: component.custom_id,
    component_type: component.type,
    values,
  });
}

/**
 * Invoke a slash command: INTERACTION_CREATE type 2 for the bot. Its attachment options
 * ({"$file": n}) name `files[n]`, sent as multipart as Discord's client uploads them.
 */
export function invokeCommand(person, channelId, command, options, files = []) {
  const payload = { as: person.id, channel_id: channelId, name: command.name,
    command_id: command.id, options };
  if (!files.length) return call("POST", "/interactions/command", payload);
  const form = new FormData();
  form.append("payload_json", JSON.stringify(payload));
  files.forEach((file, index) => form.append(`files[${index}]`, file, file.name));
  return call("POST", "/interactions/command", form);
}

/**
 * What the bot offers for option `focused` typed so far (an autocomplete interaction):
 * its choices, or null when it offered none in time.
 */
export async function autocomplete(person, channelId, command, focused, options) {
  const answer = await call("POST", "/interactions/autocomplete", {
    as: person.id, channel_id: channelId, name: command.name, focused, options });
  return answer.choices;
}

/**
 * Submit the modal the bot opened in answer to `interactionId`: MODAL_SUBMIT. `values`
 * maps input ids to text or select values; `files` maps file uploads to their Files.
 */
export function submitModal(person, interactionId, values, files = {}) {
  const payload = { as: person.id, interaction: interactionId, values };
  const uploads = Object.entries(files).filter(([, list]) => list.length);
  if (!uploads.length) return call("POST", "/interactions/modal", payload);
  const form = new FormData();
  let index = 0;
  payload.files = {};
  for (const [customId, list] of uploads) {
    payload.files[customId] = list.map((file) => {
      form.append(`files[${index}]`, file, file.name);
      return index++;
    });
  }
  form.append("payload_json", JSON.stringify(payload));
  return call("POST", "/interactions/modal", form);
}

/** Use a context menu command on a member (user commands) or a message. */
export function invokeContextMenu(person, channelId, command, targetId) {
  return call("POST", "/interactions/command", {
    as: person.id, channel_id: channelId, name: command.name, target: targetId,
  });
}

/** Show "<person> is typing…" to the bot. */
export function startTyping(person, channelId) {
  return call("POST", "/typing", { as: person.id, channel_id: channelId });
}

/** Who voted for what in a message's poll: {answer id: [user ids]}. */
export function fetchPollVoters(channelId, messageId) {
  return call("GET", `/channels/${channelId}/messages/${messageId}/poll`);
}

/** The person's votes in a poll become `answerIds` (none: take them back). */
export function votePoll(person, message, answerIds) {
  return call("POST", "/polls/vote", { as: person.id, channel_id: message.channel_id,
    message: message.id, answers: answerIds });
}

/** Make a post in a forum or media channel: the thread, its first message nested. */
export function createPost(person, channelId, name, content) {
  return call("POST", "/posts", { as: person.id, channel_id: channelId, name, content });
}

/** Start a thread from a message (THREAD_CREATE): the thread's Channel. */
export function startThread(person, message, name) {
  return call("POST", "/threads", { as: person.id, channel_id: message.channel_id,
    message: message.id, name });
}

/** The message a thread was started from (shown first in it), or null. */
export function fetchStarter(threadId) {
  return call("GET", `/threads/${threadId}/starter`);
}

/** A thread's members: [user id]. */
export function fetchThreadMembers(threadId) {
  return call("GET", `/threads/${threadId}/members`);
}

/** A channel's pinned messages: {items: [{pinned_at, message}]}, newest pin first. */
export function fetchPins(channelId) {
  return call("GET", `/channels/${channelId}/pins`);
}

/** Pin (on=true) or unpin a message as the person (Manage or Pin Messages needed). */
export function setPinned(person, message, on) {
  return call(on ? "PUT" : "DELETE",
    `/channels/${message.channel_id}/pins/${message.id}?as=${person.id}`);
}

/** The ids of the private threads the person sees (a member, or Manage Threads). */
export function fetchPrivateThreads(person) {
  return call("GET", `/people/${person.id}/private-threads`);
}
