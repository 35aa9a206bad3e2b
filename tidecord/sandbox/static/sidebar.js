// Around the chat: the guild rail, the channel list, the member list and the person
// switcher (who you are talking as).

import { avatar, botTag, compareIds, displayName, h } from "./dom.js";

const GUILD_TEXT = 0;
const GUILD_ANNOUNCEMENT = 5;
const GUILD_CATEGORY = 4;
const GUILD_FORUM = 15;
const TEXTUAL = new Set([GUILD_TEXT, GUILD_ANNOUNCEMENT]);
const PRIVATE_THREAD = 12;
const THREADS = new Set([10, 11, PRIVATE_THREAD]);

function byPosition(a, b) {
  return (a.position ?? 0) - (b.position ?? 0) || compareIds(a.id, b.id);
}

/** Guild initials, as Discord shows a guild without an icon: "Sandbox" -> "S". */
function initials(name) {
  return name.split(/\s+/).filter(Boolean).map((word) => word[0]).join("").slice(0, 3);
}

export function renderGuildRail(root, store, selectedId, onSelect) {
  const guilds = [...store.guilds.values()];
  root.replaceChildren(
    h("div", { class: "guild-icon home", title: "tidecord sandbox" }, "td"),
    h("div", { class: "guild-separator" }),
    ...guilds.map((guild) => h("button", {
      type: "button",
      class: `guild-icon${guild.id === selectedId ? " selected" : ""}`,
      title: guild.name,
      dataset: { guildId: guild.id },
      onclick: () => onSelect(guild.id),
    }, initials(guild.name))));
}

/** The channels a person can read in: text ones, grouped under their categories. */
export function textChannels(store, guildId) {
  return [...store.channels.values()]
    .filter((channel) => channel.guild_id === guildId && TEXTUAL.has(channel.type))
    .sort(byPosition);
}

/**
 * The channel list: the person's direct messages with the bot first (`onOpenDm` opens
 * them, making the channel on first use), then the guild's channels by category.
 */
export function renderChannels(root, store, guildId, selectedId, onSelect, onOpenDm) {
  const channels = [...store.channels.values()].filter((c) => c.guild_id === guildId);
  const categories = channels.filter((c) => c.type === GUILD_CATEGORY).sort(byPosition);
  const listed = channels.filter((c) => TEXTUAL.has(c.type) || c.type === GUILD_FORUM);
  const elsewhere = (set, channel) => set.has(channel.id) && channel.id !== selectedId;
  const item = (channel) => h("button", {
    type: "button",
    class: ["channel", THREADS.has(channel.type) ? "thread" : "",
      channel.id === selectedId ? "selected" : "",
      elsewhere(store.unread, channel) ? "unread" : "",
      elsewhere(store.alerts, channel) ? "alert" : ""].filter(Boolean).join(" "),
    dataset: { channelId: channel.id, channelName: channel.name },
    onclick: () => onSelect(channel.id),
  }, h("span", { class: "channel-hash", "aria-hidden": "true" },
    THREADS.has(channel.type) ? "└" : "#"),
  h("span", { class: "channel-label" }, channel.name),
  channel.id === selectedId ? null : mentionBadge(store, channel.id),
  elsewhere(store.alerts, channel) ? h("span", { class: "channel-alert",
    title: "A REST call of the bot failed here" }, "!") : null);
  // A channel's active threads show under it (a private one to those who see it: its
  // members and those who may Manage Threads), oldest first, as Discord's list shows them.
  const withThreads = (channel) => [item(channel), channels.filter((t) => THREADS.has(t.type)
    && t.parent_id === channel.id && !t.thread_metadata?.archived
    && (t.type !== PRIVATE_THREAD || store.privateThreads.has(t.id)))
    .sort((a, b) => compareIds(a.id, b.id)).map(item)];
  const groups = [renderDmGroup(store, selectedId, onOpenDm), h("div", { class: "channel-group" },
    listed.filter((c) => !c.parent_id).sort(byPosition).map(withThreads))];
  for (const category of categories) {
    const inside = listed.filter((c) => c.parent_id === category.id).sort(byPosition);
    groups.push(h("div", { class: "channel-group" },
      h("div", { class: "category" }, h("span", { class: "chevron" }, "⌄"), category.name),
      inside.map(withThreads)));
  }
  root.replaceChildren(...groups);
}

/** "Direct Messages": the bot, as the person talking sees their DM with it. */
function renderDmGroup(store, selectedId, onOpenDm) {
  if (!store.bot || !store.person) return null;
  const dm = store.dms.get(store.person.id);
  const selected = dm && dm.id === selectedId;
  const unread = dm && !selected && store.unread.has(dm.id);
  return h("div", { class: "channel-group dm-group" },
    h("div", { class: "dm-category" }, "Direct Messages"),
    h("button", { type: "button", class: ["channel", "dm", selected ? "selected" : "",
      unread ? "unread" : ""].filter(Boolean).join(" "),
    dataset: { channelId: dm ? dm.id : "", dm: store.bot.username }, onclick: onOpenDm },
    h("span", { class: "dm-avatar" }, avatar(store.bot, "tiny")),
    h("span", { class: "channel-label" }, displayName(store.bot)), botTag(store.bot),
    dm && !selected ? mentionBadge(store, dm.id) : null));
}

/** Discord's red pill: how many pings of the person wait unread in a channel. */
function mentionBadge(store, channelId) {
  const count = store.mentions.get(channelId) || 0;
  if (!count) return null;
  return h("span", { class: "channel-alert mention-badge",
    "aria-label": `${count} mention${count === 1 ? "" : "s"}` }, String(count));
}

const STATUS_LABELS = { online: "Online", idle: "Idle", dnd: "Do Not Disturb",
  offline: "Offline" };
const ACTIVITY_VERBS = { 0: "Playing", 1: "Streaming", 2: "Listening to", 3: "Watching",
  5: "Competing in" };

/** "Playing chess", or a custom status's text, as the member list shows it. */
function activityText(activity) {
  if (activity.type === 4) return activity.state || activity.name || "";
  return `${ACTIVITY_VERBS[activity.type] || "Playing"} ${activity.name}`;
}

/** A status dot (online, idle, dnd, offline) for an avatar's corner. */
export function statusDot(status) {
  return h("span", { class: `status ${status}`, title: STATUS_LABELS[status] || status,
    dataset: { status } });
}

/**
 * Members grouped Discord-style: hoisted roles first, then everyone else online, then
 * those offline (the bot, when it has no gateway connection). In a DM, `only` names the
 * two users in it: a DM has no guild's members (nor roles) to show; in a thread, `ids`
 * (a Set) its members.
 */
export function renderMembers(root, store, guildId, names, onOpen, { only = null,
  ids = null } = {}) {
  const guild = only ? null : store.guilds.get(guildId);
  const members = only ? only.filter(Boolean).map((user) => ({ user }))
    : [...(store.members.get(guildId)?.values() || [])]
      .filter((member) => !ids || ids.has(member.user.id));
  const roles = new Map((guild?.roles || []).map((role) => [role.id, role]));
  const hoistedRole = (member) => (member.roles || []).map((id) => roles.get(id))
    .filter((role) => role && role.hoist)
    .sort((a, b) => b.position - a.position)[0];
  const groups = new Map();
  for (const member of members) {
    const offline = store.status(member.user.id) === "offline";
    const role = offline ? null : hoistedRole(member);
    const label = offline ? "Offline" : role ? role.name : "Online";
    const order = offline ? 2 : role ? -role.position : 1;
    if (!groups.has(label)) groups.set(label, { order, members: [] });
    groups.get(label).members.push(member);
  }
  const sorted = [...groups.entries()].sort((a, b) => a[1].order - b[1].order);
  root.replaceChildren(...sorted.map(([label, group]) => h("section", { class: "member-group" },
    h("h2", { class: "member-group-title" }, `${label} — ${group.members.length}`),
    group.members
      .sort((a, b) => displayName(a.user, a).localeCompare(displayName(b.user, b)))
      .map((member) => renderMember(store, member, names, onOpen)))));
}

/** One member; a click calls onOpen(user id, node) (the profile card). */
function renderMember(store, member, names, onOpen) {
  const status = store.status(member.user.id);
  const activity = store.activities(member.user.id)[0];
  return h("div", { class: `member${status === "offline" ? " offline" : ""}`, role: "button",
    tabindex: "0", dataset: { userId: member.user.id, username: member.user.username },
    onclick: (event) => onOpen(member.user.id, event.currentTarget),
    onkeydown: (event) => {
      if (event.key === "Enter") onOpen(member.user.id, event.currentTarget);
    } },
  h("div", { class: "member-avatar" }, avatar(member.user), statusDot(status)),
  h("div", { class: "member-text" },
    h("div", { class: "member-line" },
      h("span", { class: "member-name", style: names.colorStyle(member.user.id, member) },
        displayName(member.user, member)),
      botTag(member.user)),
    activity ? h("div", { class: "member-activity" }, activityText(activity)) : null));
}

/** The panel at the bottom: who is talking, and buttons to switch to another person. */
export function renderPersonPanel(current, switcher, store, onSelect) {
  const person = store.person;
  current.replaceChildren(...(person ? [
    h("div", { class: "member-avatar" }, avatar(person), statusDot("online")),
    h("div", { class: "person-names" },
      h("div", { class: "person-name" }, displayName(person)),
      h("div", { class: "person-handle" }, `talking as ${person.username}`)),
  ] : []));
  switcher.replaceChildren(...store.people.map((user) => h("button", {
    type: "button",
    role: "radio",
    class: `person-option${person && user.id === person.id ? " selected" : ""}`,
    "aria-checked": person && user.id === person.id ? "true" : "false",
    dataset: { username: user.username },
    title: `Talk as ${displayName(user)}`,
    onclick: () => onSelect(user),
  }, user.username)));
}

/** "alice is typing…" under the composer, from TYPING_START within the last 10 s. */
export function renderTyping(root, store, channelId) {
  const now = Date.now();
  const typing = store.typing.get(channelId) || new Map();
  const who = [...typing.entries()].filter(([id, until]) => until > now
    && id !== store.person?.id).map(([id]) => store.users.get(id))
    .filter(Boolean).map((user) => displayName(user));
  if (!who.length) {
    root.replaceChildren();
    return;
  }
  root.replaceChildren(h("span", { class: "typing-dots", "aria-hidden": "true" },
    h("i"), h("i"), h("i")), ...typingWords(who));
}

/** Discord's wording: "A is typing…", "A and B are…", "A, B, and C are…", "Several…". */
function typingWords(names) {
  const bold = (name) => h("strong", {}, name);
  if (names.length > 3) return ["Several people are typing…"];
  if (names.length === 1) return [bold(names[0]), " is typing…"];
  if (names.length === 2) return [bold(names[0]), " and ", bold(names[1]), " are typing…"];
  return [bold(names[0]), ", ", bold(names[1]), ", and ", bold(names[2]), " are typing…"];
}
