// The sandbox chat page: talk to your bot as alice or bob and watch it answer live.
// This module wires the parts together; each concept lives in its own module:
//   api.js (control API), answers.js (the bot's answers to interactions), feed.js (live
//   WebSocket), store.js (the page's copy of the world), directory.js (names and
//   mentions of the open guild), status.js (is the sandbox running, is the bot
//   connected), sidebar.js, pins.js (the header's pinned messages), layout.js (drawers
//   on narrow screens), messages.js, scroll.js, devlog.js (the bot's failed REST calls),
//   rich.js, markdown.js, editing.js, composer.js, commands.js, shortcodes.js,
//   mentions.js, emoji.js, picker.js, popover.js, profile.js, modal.js, components.js
//   (buttons, selects, layouts), appsmenu.js (right-click: the bot's context menus),
//   health.js (the bot's event loop and REST calls, as a tidecord bot reports them).

import { Answers } from "./answers.js";
import * as api from "./api.js";
import { installAppsMenu } from "./appsmenu.js";
import { useDirectory } from "./components.js";
import { Composer } from "./composer.js";
import { directory } from "./directory.js";
import { displayName, emojiKey, h, redrawer } from "./dom.js";
import { MessageEditor } from "./editing.js";
import { Feed } from "./feed.js";
import { HealthPanel } from "./health.js";
import { Drawers } from "./layout.js";
import { withMarkup, withNames } from "./mentions.js";
import { refreshTimestamps } from "./markdown.js";
import { MessageList } from "./messages.js";
import { openModal } from "./modal.js";
import { openEmojiPicker } from "./picker.js";
import { PinsPanel } from "./pins.js";
import { openProfile } from "./profile.js";
import { ScrollKeeper } from "./scroll.js";
import { StatusBanner } from "./status.js";
import {
  renderChannels, renderGuildRail, renderMembers, renderPersonPanel, renderTyping, textChannels,
} from "./sidebar.js";
import { Store } from "./store.js";

const $ = (id) => document.getElementById(id);
const PERSON_KEY = "tidecord.sandbox.person";
const DM = 1;  // a direct message channel's type
const PRIVATE_THREAD = 12;
// What may change which private threads a person sees: a thread's members, a member's
// roles, a role's or a channel's permissions.
const SIGHT_EVENTS = new Set(["THREAD_CREATE", "THREAD_UPDATE", "THREAD_MEMBERS_UPDATE",
  "THREAD_LIST_SYNC", "GUILD_MEMBER_UPDATE", "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE",
  "GUILD_ROLE_DELETE", "CHANNEL_UPDATE"]);
const FORUMS = new Set([15, 16]);  // forum and media channels

const store = new Store();
const view = { guildId: null, channelId: null };
const status = new StatusBanner($("status-banner"), $("connection"), store);
const health = new HealthPanel($("health-chip"), $("health-panel"));

const { names, resolve, mentionables } = directory(store, view);

function notify(text) {
  const toast = h("div", { class: "toast", role: "alert" }, text);
  $("app").append(toast);
  setTimeout(() => toast.remove(), 4000);
}

/** Show why a control API call failed (clicks have no one else to tell). */
function report(error) {
  notify(error.message);
}

const answers = new Answers({
  onLate: () => {
    const bot = store.bot ? displayName(store.bot) : "The bot";
    notify(status.botOffline ? `${bot} is not connected, so nothing answered`
      : `${bot} did not respond in time`);
  },
  // This page's interaction was answered; a modal (callback type 9) opens here.
  onAnswer: (id, answer) => {
    if (answer.type !== 9) return;
    const person = store.person;
    openModal($("app"), answer.data || {}, (values, files) =>
      watchAnswer(api.submitModal(person, id, values, files)), names);
  },
});
const watchAnswer = (promise) => answers.watch(promise);

// What entity selects (users, roles, channels) offer: the open guild's.
useDirectory({
  names,
  users: () => [...(store.members.get(view.guildId)?.values() || [])].map((m) => ({
    value: m.user.id, label: displayName(m.user, m) })),
  roles: () => (store.guilds.get(view.guildId)?.roles || [])
    .filter((r) => r.id !== view.guildId).map((r) => ({ value: r.id, label: r.name })),
  channels: () => [...store.channels.values()].filter((c) => c.guild_id === view.guildId)
    .map((c) => ({ value: c.id, label: c.type === 4 ? c.name : `#${c.name}`, type: c.type })),
});

// Right-click a member or a message: the bot's context menu commands.
installAppsMenu({ messages: $("messages"), members: $("members") }, {
  commands: () => store.commands,
  botName: () => (store.bot ? displayName(store.bot) : "The bot"),
  invoke: (command, targetId) => watchAnswer(api.invokeContextMenu(store.person,
    view.channelId, command, targetId)).catch(report),
});

const drawers = new Drawers($("app"), { channels: $("open-channels"), members: $("open-members") },
  $("drawer-backdrop"));

/** The profile card of a user of the open guild, beside what was clicked. */
function showProfile(userId, anchor, side) {
  openProfile(anchor, store, view.guildId, userId, { side });
}

const react = (message, emoji, on) => api.setReaction(store.person, message.channel_id,
  message.id, emojiKey(emoji), on).catch(report);

const pins = new PinsPanel($("open-pins"), names, {
  onJump: (messageId) => list.jumpTo(messageId), onError: report,
  onUnpin: (message) => api.setPinned(store.person, message, false).catch(report) });
store.on("pins", (channelId) => pins.refresh(channelId));

const scroll = new ScrollKeeper($("messages"), $("message-list"), $("jump-bar"),
  () => readOlder().catch(report));
const editor = new MessageEditor({
  save: (message, content) => api.editMessage(store.person, message, content),
  remove: (message) => api.deleteMessage(store.person, message),
  redraw: () => list.render(),
  notify,
  display: (content) => withNames(content, mentionables()),
  convert: (text) => withMarkup(text, mentionables()),
});
const list = new MessageList($("message-list"), store, names, {
  react,
  pickReaction: (message, anchor) => openEmojiPicker(anchor, (emoji) => react(message,
    { id: null, name: emoji }, !store.reactedByPerson(message.id, { id: null, name: emoji })),
  { side: "left", label: "Add Reaction" }).catch(report),
  profile: (userId, anchor) => showProfile(userId, anchor, "right"),
  interact: (message, component, values) => watchAnswer(
    api.clickComponent(store.person, message, component, values)).catch(report),
  vote: (message, answerIds) => api.votePoll(store.person, message, answerIds).catch(report),
  reply: (message) => composer.setReply(message),
  startThread,
  newPost,
  openChannel: (channelId) => selectChannel(channelId),
  pin: (message) => api.setPinned(store.person, message, true).catch(report),
  openPins: () => pins.show(),
}, scroll, editor);

/** A forum's "New Post": a title and a first message, then the post opens. */
function newPost(forum, content = "") {
  const person = store.person;
  openModal($("app"), { title: "New Post", custom_id: "post", components: [
    { type: 18, label: "Title", component: { type: 4, custom_id: "name", style: 1,
      max_length: 100 } },
    { type: 18, label: "Message", component: { type: 4, custom_id: "content", style: 2,
      value: content } }] }, async (values) => {
    const post = await api.createPost(person, forum.id, values.name, values.content);
    store.channels.set(post.id, post);
    await selectChannel(post.id);
  });
}

/** Discord's "Create Thread" on a message: name it (its text to start with), then open it. */
function startThread(message) {
  const person = store.person;
  const name = (message.content || "").split("\n")[0].slice(0, 100) || "New Thread";
  openModal($("app"), { title: "Create Thread", custom_id: "thread", components: [
    { type: 18, label: "Thread Name", component: { type: 4, custom_id: "name", style: 1,
      value: name, max_length: 100 } }] }, async (values) => {
    const thread = await api.startThread(person, message, values.name);
    store.channels.set(thread.id, thread);
    await selectChannel(thread.id);
  });
}

const composer = new Composer({
  form: $("composer"), input: $("composer-input"), fileInput: $("file-input"),
  uploads: $("upload-list"), replyBar: $("reply-bar"), popup: $("command-popup"),
  emojiPopup: $("emoji-popup"), emojiButton: $("emoji-button"),
  mentionPopup: $("mention-popup"),
}, store, {
  send: async (content, files, replyTo, replyPing) => {
    const forum = store.channels.get(view.channelId);
    if (FORUMS.has(forum?.type)) {
      newPost(forum, content);  // a forum takes posts, each titled: ask for the title
      return;
    }
    scroll.follow();  // a message one sends is always shown, wherever one was reading
    const message = await api.sendMessage(store.person, view.channelId, content,
      { replyTo, replyPing, files });
    // Show it at once; the feed's MESSAGE_CREATE for it changes nothing.
    if (message && message.id && !store.messages.get(view.channelId)?.has(message.id)) {
      store.apply("MESSAGE_CREATE", message);
    }
  },
  // Errors go back to the composer, which shows them and keeps what was typed.
  invoke: (command, options, files) => {
    scroll.follow();
    return watchAnswer(api.invokeCommand(store.person, view.channelId, command, options,
      files));
  },
  autocomplete: (command, focused, options) => api.autocomplete(store.person, view.channelId,
    command, focused, options),
  typing: () => api.startTyping(store.person, view.channelId).catch(() => {}),
  refreshCommands,
  resolve,
  notify,
  editLast: () => list.editLast(),
  mentionables,
});

async function refreshCommands() {
  if (!view.guildId) return;
  try {
    store.commands = await api.fetchCommands(view.guildId);
  } catch (error) {
    console.warn("could not list commands", error);
  }
}

// The channel list, drawn now (a channel opened) or soon (a message elsewhere marks its
// channel unread: a burst there redrew the list once a message).
const channelList = redrawer(() => renderChannels($("channels"), store, view.guildId,
  view.channelId, selectChannel, openDm));

function renderWorld() {
  const guild = store.guilds.get(view.guildId);
  $("guild-name").textContent = guild ? guild.name : "";
  renderGuildRail($("guilds"), store, view.guildId, selectGuild);
  channelList.now();
  drawMembers();
  renderPersonPanel($("person-current"), $("person-switcher"), store, selectPerson);
  const channel = store.channels.get(view.channelId);
  const dm = channel?.type === DM;
  document.querySelector(".chat-hash").textContent = dm ? "@" : "#";
  $("channel-name").textContent = dm ? displayName(store.bot) : channel ? channel.name : "";
  $("channel-topic").textContent = channel?.topic || "";
}

/** The person's DM with the bot (made on first use, as a click on "Message" does). */
async function openDm() {
  let channel = store.dms.get(store.person.id);
  if (!channel) {
    channel = await api.openDm(store.person);
    store.addDm(channel);
  }
  return selectChannel(channel.id);
}

/** A message in a DM not known yet (the bot wrote to someone first): learn the DMs. */
function learnDms() {
  api.fetchDms().then((channels) => store.loadDms(channels)).catch(report);
}

/** The member list: the guild's; in a DM, the two in it (the person and the bot). */
function drawMembers() {
  const channel = store.channels.get(view.channelId);
  renderMembers($("members"), store, view.guildId, names, openMemberProfile, {
    only: channel?.type === DM ? [store.person, store.bot] : null,
    ids: channel?.thread_metadata ? store.threadMembers.get(channel.id) || new Set() : null });
}

/** A thread's members, for its member list (kept by THREAD_MEMBERS_UPDATE after). */
async function loadThreadMembers(threadId) {
  if (!store.channels.get(threadId)?.thread_metadata) return;
  const ids = await api.fetchThreadMembers(threadId);
  store.threadMembers.set(threadId, new Set(ids));
  if (view.channelId === threadId) drawMembers();
}

function openMemberProfile(userId, node) {
  showProfile(userId, node, "left");
}

function selectGuild(guildId) {
  view.guildId = guildId;
  const channels = textChannels(store, guildId);
  const general = channels.find((c) => c.name === "general") || channels[0];
  refreshCommands();
  return selectChannel(general ? general.id : null);
}

async function selectChannel(channelId) {
  view.channelId = channelId;
  drawers.close();
  editor.editing = null;
  store.unread.delete(channelId);
  store.mentions.delete(channelId);
  store.alerts.delete(channelId);
  if (channelId) history.replaceState(null, "", `#/channels/${view.guildId}/${channelId}`);
  composer.setChannel(store.channels.get(channelId));
  pins.setChannel(channelId);
  renderWorld();
  list.show(channelId);
  if (channelId && !store.threadMembers.has(channelId)) {
    loadThreadMembers(channelId).catch(report);
  }
  if (channelId && !store.loaded.has(channelId)) await loadChannel(channelId).catch(report);
  composer.focus();
}

const HISTORY_PAGE = 100;  // messages read at a time

/**
 * A channel's history (its newest messages, or with `before` the ones before that
 * message), who reacted with what (so a click can toggle one's own) and who voted for
 * what in its polls.
 */
async function loadChannel(channelId, before = null) {
  if (before) return readChannel(channelId, before);
  store.beginLoad(channelId);
  try {
    return await readChannel(channelId, null);
  } finally {
    store.endLoad(channelId);
  }
}

async function readChannel(channelId, before) {
  const [messages, starter] = await Promise.all([
    api.fetchMessages(channelId, HISTORY_PAGE, before), before ? null : loadStarter(channelId)]);
  const reactions = [...messages, ...(starter ? [starter] : [])].flatMap((message) =>
    (message.reactions || []).map((reaction) => [message, emojiKey(reaction.emoji)]));
  const users = await Promise.all(reactions.map(([message, key]) =>
    api.fetchReactionUsers(message.channel_id, message.id, key).catch(() => [])));
  const polls = messages.filter((message) => message.poll);
  const voters = await Promise.all(polls.map((message) =>
    api.fetchPollVoters(channelId, message.id).catch(() => null)));
  polls.forEach((message, index) => {
    if (voters[index]) store.loadPollVoters(message.id, voters[index]);
  });
  const reactors = reactions.map(([message, key], index) =>
    [message.id, key, users[index].map((user) => user.id)]);
  if (before) store.addOlder(channelId, messages, reactors);
  else store.loadMessages(channelId, messages, reactors);
  if (messages.length < HISTORY_PAGE) store.complete.add(channelId);
}

let readingOlder = false;

/** The reader scrolled to the top of what is loaded: read the messages before it. */
async function readOlder() {
  const channelId = view.channelId;
  if (readingOlder || !store.loaded.has(channelId) || store.complete.has(channelId)) return;
  const oldest = store.channelMessages(channelId)[0];
  if (!oldest) return;
  readingOlder = true;
  try {
    // Drawn at once, not before the next paint: the place is kept against what is drawn.
    await scroll.keepingPlace(async () => {
      await loadChannel(channelId, oldest.id);
      list.render();
    });
  } finally {
    readingOlder = false;
  }
}

/**
 * A thread's starter message (shown first in it), unless its parent's history has it:
 * the one fetched, or null.
 */
async function loadStarter(threadId) {
  const thread = store.channels.get(threadId);
  if (!thread?.thread_metadata || !thread.parent_id
    || store.messages.get(thread.parent_id)?.has(threadId)) return null;
  const starter = await api.fetchStarter(threadId);
  if (starter) store.putMessage(starter);
  return starter;
}

/**
 * Which private threads the person sees, as the sandbox rules (Discord's: its members,
 * and those who may Manage Threads); one open that they no longer see is left.
 */
async function learnPrivateThreads() {
  const person = store.person;
  if (!person) return;
  const ids = await api.fetchPrivateThreads(person);
  if (store.person?.id !== person.id) return;  // someone else talks now: theirs is asked
  store.privateThreads = new Set(ids);
  const open = store.channels.get(view.channelId);
  if (open?.type === PRIVATE_THREAD && !store.privateThreads.has(open.id)) {
    selectGuild(view.guildId);
    return;
  }
  store.emit("world");
}

function selectPerson(user) {
  localStorage.setItem(PERSON_KEY, user.username);
  const channel = store.channels.get(view.channelId);
  const leftDm = channel?.type === DM && store.dms.get(user.id)?.id !== channel.id;
  store.setPerson(user);
  learnPrivateThreads().catch(report);
  document.title = `${displayName(user)} · tidecord sandbox`;
  // One person's DMs are not another's: switching leaves them for the guild.
  if (leftDm) {
    selectGuild(view.guildId);
    return;
  }
  renderWorld();
  list.render();
}

/** Where to start: the URL's channel (else #general), the remembered person (or ?as=bob). */
function initialSelection() {
  const [, guildId, channelId] = /#\/channels\/(\d+)\/(\d+)/.exec(location.hash) || [];
  const wanted = new URLSearchParams(location.search).get("as")
    || localStorage.getItem(PERSON_KEY);
  // After a reconnection, whoever was talking goes on talking.
  const person = store.person || store.people.find((p) => p.username === wanted)
    || store.people[0];
  if (person) selectPerson(person);
  if (view.channelId && store.channels.has(view.channelId)) return selectChannel(view.channelId);
  if (guildId && store.guilds.has(guildId) && store.channels.has(channelId)) {
    view.guildId = guildId;
    refreshCommands();
    return selectChannel(channelId);
  }
  const first = store.guilds.keys().next().value;
  return first ? selectGuild(first) : selectChannel(null);
}

// Events that arrive while a snapshot is being fetched are applied after it.
let pending = null;

/** (Re)load the world and the open channel: on first connection and after a drop. */
async function resync() {
  pending = [];
  try {
    const [snapshot, restLog, report, dms] = await Promise.all([api.fetchState(),
      api.fetchRestLog(), api.fetchHealth(), api.fetchDms()]);
    store.loadRestLog(restLog);
    health.update(report);
    store.loadSnapshot(snapshot);
    store.loadDms(dms);
    store.loaded.clear();
    await initialSelection();
  } finally {
    const queued = pending;
    pending = null;
    for (const [t, d] of queued) store.apply(t, d);
  }
  status.setLoaded();
  $("app").dataset.ready = "true";
}

// A command's mention in a message (</name:id>) puts the command in the composer.
$("message-list").addEventListener("click", (event) => {
  const command = event.target.closest?.(".md-command");
  if (command) composer.useCommand(command.dataset.command);
});

// What the gateway changes is drawn once a frame: a bot making fifty channels, or giving
// a role to everyone, redrew the whole page (and every message) once an event.
const world = redrawer(() => {
  renderWorld();
  // A forum lists its posts: a new one (THREAD_CREATE) shows.
  if (FORUMS.has(store.channels.get(view.channelId)?.type)) list.render();
});
store.on("world", world.soon);
// The open channel deleted: its thread's parent opens (else #general), as Discord's does.
store.on("removed", (channel) => {
  if (channel.id !== view.channelId) return;
  if (store.channels.has(channel.parent_id)) selectChannel(channel.parent_id).catch(report);
  else selectGuild(view.guildId).catch(report);
});
store.on("person", () => list.render());
// A nick or a role changed: messages name and colour their authors and mentions anew.
store.on("names", () => list.redrawSoon());
const presences = redrawer(() => {
  drawMembers();
  status.render();
});
store.on("presence", presences.soon);
store.on("messages", (channelId) => {
  if (channelId === view.channelId) {
    store.unread.delete(channelId);
    store.mentions.delete(channelId);
    // Replying to a message deleted meanwhile: the reply is called off, as Discord's is.
    const replyTo = composer.replyTo;
    if (replyTo?.channel_id === channelId && !store.messages.get(channelId)?.has(replyTo.id)) {
      composer.setReply(null);
    }
    list.redrawSoon();
  } else {
    // A thread of this channel grew: its starter message shows the new count; or this
    // thread's starter, which lives in the parent, changed.
    if (store.channels.get(channelId)?.parent_id === view.channelId
      || store.channels.get(view.channelId)?.parent_id === channelId) list.redrawSoon();
    channelList.soon();
  }
});
store.on("restlog", (call) => {
  const here = call.channel_id ? call.channel_id === view.channelId
    : !call.guild_id || call.guild_id === view.guildId;
  if (here) {
    store.alerts.delete(view.channelId);
    list.redrawSoon();  // a bot failing call after call: one redraw a frame
  } else {
    channelList.soon();
  }
});
store.on("typing", (channelId) => {
  if (channelId === view.channelId) renderTyping($("typing"), store, channelId);
});
// Typing indicators expire on their own, and "in 5 seconds" comes true: look again
// every second.
setInterval(() => {
  renderTyping($("typing"), store, view.channelId);
  refreshTimestamps($("message-list"));
}, 1000);

const feed = new Feed({
  onEvent: (t, d) => {
    if (t === "SANDBOX_INTERACTION_RESPONSE") answers.answered(d);
    else if (t === "SANDBOX_BOT_HEALTH") health.update(d);
    else if (pending) pending.push([t, d]);
    else {
      if (t === "MESSAGE_CREATE" && !d.guild_id && !store.channels.has(d.channel_id)) learnDms();
      store.apply(t, d);
      if (SIGHT_EVENTS.has(t)) learnPrivateThreads().catch(report);
    }
  },
  onStatus: (state) => status.setFeed(state),
  onOpen: () => resync().catch((error) => notify(`Could not load the sandbox: ${error.message}`)),
});
feed.connect();
