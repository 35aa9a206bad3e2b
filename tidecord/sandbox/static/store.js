// The page's copy of the sandbox world: filled from the control API's snapshot, then kept
// current by the live feed's dispatches. Views subscribe and redraw what changed.

import { compareIds, emojiKey } from "./dom.js";

export class Store {
  constructor() {
    this.bot = null;              // the bot's User
    this.people = [];             // Users one can talk as (alice, bob)
    this.person = null;           // the User currently talking
    this.guilds = new Map();      // id -> Guild (with channels, roles)
    this.channels = new Map();    // id -> Channel
    this.dms = new Map();         // person's user id -> their DM channel with the bot
    this.privateThreads = new Set();  // ids of the private threads the person sees
    this.threadMembers = new Map();   // thread id -> Set(user id), for threads opened
    this.members = new Map();     // guild id -> Map(user id -> Member)
    this.names = 0;               // bumped when a member changes: names and colours redrawn
    this.users = new Map();       // id -> User
    this.messages = new Map();    // channel id -> Map(message id -> Message)
    this.loaded = new Set();      // channel ids whose history has been fetched
    this.fetching = new Map();    // channel id -> feed changes made while its history came
    this.complete = new Set();    // ...and those whose oldest message is here too
    this.reactors = new Map();    // message id -> Map(emoji key -> Set(user id))
    this.pollVoters = new Map();  // message id -> Map(answer id -> Set(user id))
    this.typing = new Map();      // channel id -> Map(user id -> expiry ms)
    this.presences = new Map();   // user id -> {status, activities} (the bot's, from the feed)
    this.commands = [];           // the application's registered commands
    this.unread = new Set();      // channel ids with messages not yet seen
    this.mentions = new Map();    // channel id -> pings of the person not yet seen
    this.restLog = [];            // the bot's failed and rate-limited REST calls, oldest first
    this.alerts = new Set();      // channel ids with REST failures not yet seen
    this.listeners = new Map();   // topic -> Set(fn)
  }

  /**
   * Call fn(detail) whenever topic changes: "world", "messages", "typing", "person",
   * "presence", "names" (a nick, a role, a channel: how messages name them); "removed" (a
   * channel or thread deleted) gets the channel.
   */
  on(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
  }

  emit(topic, detail) {
    for (const fn of this.listeners.get(topic) || []) fn(detail);
  }

  /** Replace everything with the control API's snapshot (first load and after reconnect). */
  loadSnapshot(snapshot) {
    this.bot = snapshot.bot;
    this.people = snapshot.people || [];
    this.guilds.clear();
    this.channels.clear();
    this.members.clear();
    this.rememberUser(this.bot);
    for (const user of this.people) this.rememberUser(user);
    if (this.person) this.person = this.people.find((p) => p.id === this.person.id) || null;
    for (const guild of snapshot.guilds || []) this.addGuild(guild);
    this.presences.clear();
    for (const presence of snapshot.presences || []) this.setPresence(presence);
    this.emit("world");
  }

  addGuild(guild) {
    this.guilds.set(guild.id, guild);
    for (const channel of [...(guild.channels || []), ...(guild.threads || [])]) {
      this.channels.set(channel.id, { ...channel, guild_id: guild.id });
    }
    const members = new Map();
    for (const member of guild.members || []) {
      this.rememberUser(member.user);
      members.set(member.user.id, member);
    }
    this.members.set(guild.id, members);
  }

  /** The bot's DM channels (GET /_sandbox/dms), kept beside the guilds' channels. */
  loadDms(channels) {
    this.dms.clear();
    for (const channel of channels) this.addDm(channel);
    // The bot wrote first: its messages came before the DM was known here, uncounted.
    const mine = this.dms.get(this.person?.id);
    if (mine && this.unread.has(mine.id) && !this.mentions.has(mine.id)) {
      const unseen = this.channelMessages(mine.id)
        .filter((m) => m.author.id !== this.person.id).length;
      if (unseen) this.mentions.set(mine.id, unseen);
    }
    this.emit("world");
  }

  /** A DM channel: its recipient is the person talking with the bot there. */
  addDm(channel) {
    const person = (channel.recipients || [])[0];
    if (!person) return;
    this.rememberUser(person);
    this.dms.set(person.id, channel);
    this.channels.set(channel.id, channel);
  }

  rememberUser(user) {
    if (user && user.id) this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  /** Set who is talking; reactions are redrawn since "mine" depends on it. */
  setPerson(user) {
    if (user?.id !== this.person?.id) {  // theirs, not ours
      this.privateThreads = new Set();
      this.mentions.clear();
    }
    this.person = user;
    this.emit("person", user);
  }

  setPresence(presence) {
    this.presences.set(presence.user.id, { status: presence.status || "offline",
      activities: presence.activities || [] });
  }

  /**
   * "online", "idle", "dnd" or "offline". The sandbox reports the bot's presence; the
   * people one talks as are always online.
   */
  status(userId) {
    const known = this.presences.get(userId);
    if (known) return known.status;
    return this.bot && userId === this.bot.id ? "offline" : "online";
  }

  activities(userId) {
    return this.presences.get(userId)?.activities || [];
  }

  member(guildId, userId) {
    return this.members.get(guildId)?.get(userId) || null;
  }

  /** Messages of a channel, oldest first. */
  channelMessages(channelId) {
    const map = this.messages.get(channelId);
    if (!map) return [];
    return [...map.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  /**
   * Store a channel's history (from the control API), replacing what was there;
   * `reactors` lists [message id, emoji key, [user ids]] for its reactions.
   */
  loadMessages(channelId, messages, reactors = []) {
    const map = new Map();
    const before = this.messages.get(channelId);
    this.messages.set(channelId, map);
    this.loaded.add(channelId);
    this.complete.delete(channelId);
    for (const message of messages) this.putMessage(message, map);
    // What the feed brought while the history was on its way is newer than all of it
    // (a bot's answer to a post just made): kept, not lost under the older history.
    const newest = messages.reduce((top, m) => (BigInt(m.id) > top ? BigInt(m.id) : top), 0n);
    for (const message of before?.values() || []) {
      if (BigInt(message.id) > newest && !map.has(message.id)) map.set(message.id, message);
    }
    // The history says every reaction of its messages, and who made it.
    for (const message of messages) this.reactors.delete(message.id);
    this.loadReactors(reactors);
    // The history may have been read before changes the feed brought while it came (an
    // edit, a reaction): made again over it, or it would put back what they changed.
    const changes = this.fetching.get(channelId) || [];
    this.fetching.delete(channelId);
    for (const [t, d] of changes) DISPATCH[t](this, d, true);
    // Who reacted was read after the history, and the changes made again keep it right:
    // each reaction of the history's messages counts its reactors.
    for (const { id } of messages) {
      const message = map.get(id);
      const byEmoji = this.reactors.get(id);
      if (!message?.reactions || !byEmoji) continue;
      message.reactions = message.reactions.map((reaction) => {
        const users = byEmoji.get(emojiKey(reaction.emoji));
        return users ? { ...reaction, count: users.size } : reaction;
      }).filter((reaction) => reaction.count > 0);
      message._v += 1;  // drawn again
    }
    this.emit("messages", channelId);
  }

  /** A channel's history is on its way: the feed's changes to it are kept until it is in. */
  beginLoad(channelId) {
    this.fetching.set(channelId, []);
  }

  /** The history came, or failed: stop keeping changes for it. */
  endLoad(channelId) {
    this.fetching.delete(channelId);
  }

  /** Older history of a loaded channel, read as the reader scrolls up: added to it. */
  addOlder(channelId, messages, reactors = []) {
    const map = this.messagesOf(channelId);
    for (const message of messages) if (!map.has(message.id)) this.putMessage(message, map);
    this.loadReactors(reactors);
    this.emit("messages", channelId);
  }

  loadReactors(reactors) {
    for (const [messageId, key, userIds] of reactors) {
      const users = this.reactorSet(messageId, key);
      users.clear();
      for (const id of userIds) users.add(id);
    }
  }

  putMessage(message, map = null) {
    const target = map || this.messagesOf(message.channel_id);
    this.rememberUser(message.author);
    const old = target.get(message.id);
    message._v = (old?._v || 0) + 1;
    target.set(message.id, message);
  }

  messagesOf(channelId) {
    if (!this.messages.has(channelId)) this.messages.set(channelId, new Map());
    return this.messages.get(channelId);
  }

  /** The set of user ids who reacted to a message with an emoji (created empty). */
  reactorSet(messageId, key) {
    if (!this.reactors.has(messageId)) this.reactors.set(messageId, new Map());
    const byEmoji = this.reactors.get(messageId);
    if (!byEmoji.has(key)) byEmoji.set(key, new Set());
    return byEmoji.get(key);
  }

  /** Who voted for what in a message's poll ({answer id: [user ids]}), as loaded. */
  loadPollVoters(messageId, byAnswer) {
    this.pollVoters.set(messageId, new Map(Object.entries(byAnswer).map(([answer, ids]) =>
      [answer, new Set(ids)])));
  }

  /**
   * Whether the message pings the person talking, as Discord highlights it: by name, by
   * @everyone or @here, or by a role of theirs (what the sandbox made ping, not what the
   * text says: a role no one may mention pings nobody).
   */
  pings(message) {
    const person = this.person?.id;
    if (!person) return false;
    const guildId = this.channels.get(message.channel_id)?.guild_id;
    const roles = this.member(guildId, person)?.roles || [];
    return (message.mentions || []).some((u) => u.id === person)
      || Boolean(message.mention_everyone)
      || (message.mention_roles || []).some((id) => roles.includes(id));
  }

  /** Whether the current person reacted to a message with an emoji. */
  reactedByPerson(messageId, emoji) {
    const set = this.reactors.get(messageId)?.get(emojiKey(emoji));
    return Boolean(this.person && set && set.has(this.person.id));
  }

  /** The sandbox's REST log, as loaded with the world (see devlog.js). */
  loadRestLog(records) {
    this.restLog = records.slice(-REST_LOG_KEPT);
  }

  /**
   * REST log records to show in a channel: its own, and those about no channel of its
   * guild (or of no guild), since the developer is looking there.
   */
  restCalls(channelId, guildId) {
    return this.restLog.filter((call) => (call.channel_id ? call.channel_id === channelId
      : !call.guild_id || call.guild_id === guildId));
  }

  /** Apply one dispatch from the live feed. */
  apply(t, d) {
    const handler = DISPATCH[t];
    if (!handler) return;
    handler(this, d);
    if (REMADE_AFTER_HISTORY.has(t)) this.fetching.get(d.channel_id)?.push([t, d]);
  }

  touchMessage(channelId, messageId, change) {
    const message = this.messages.get(channelId)?.get(messageId);
    if (!message) return;
    change(message);
    message._v += 1;
    this.emit("messages", channelId);
  }
}

function reactionAdd(store, d) {
  const key = emojiKey(d.emoji);
  const users = store.reactorSet(d.message_id, key);
  if (users.has(d.user_id)) return;
  users.add(d.user_id);
  store.touchMessage(d.channel_id, d.message_id, (message) => {
    message.reactions = message.reactions || [];
    const reaction = message.reactions.find((r) => emojiKey(r.emoji) === key);
    if (reaction) reaction.count += 1;
    else message.reactions.push({ emoji: d.emoji, count: 1 });
  });
}

function reactionRemove(store, d) {
  const key = emojiKey(d.emoji);
  const users = store.reactorSet(d.message_id, key);
  if (!users.delete(d.user_id)) return;  // already gone (made again after a history)
  store.touchMessage(d.channel_id, d.message_id, (message) => {
    const reaction = (message.reactions || []).find((r) => emojiKey(r.emoji) === key);
    if (!reaction) return;
    reaction.count -= 1;
    if (reaction.count <= 0) message.reactions = message.reactions.filter((r) => r !== reaction);
  });
}

/** A vote cast or taken back: the poll's counts follow it (Discord edits no message). */
function pollVote(store, d, added) {
  if (!store.pollVoters.has(d.message_id)) store.pollVoters.set(d.message_id, new Map());
  const byAnswer = store.pollVoters.get(d.message_id);
  const answer = String(d.answer_id);
  if (!byAnswer.has(answer)) byAnswer.set(answer, new Set());
  if (added) byAnswer.get(answer).add(d.user_id);
  else byAnswer.get(answer).delete(d.user_id);
  store.touchMessage(d.channel_id, d.message_id, () => {});
}

function messageCreate(store, d) {
  const thread = store.channels.get(d.channel_id);
  // A thread counts its messages (its starter shows the count), as Discord's do.
  if (thread?.thread_metadata && !store.messages.get(d.channel_id)?.has(d.id)) {
    thread.message_count = (thread.message_count || 0) + 1;
  }
  store.putMessage(d);
  store.typing.get(d.channel_id)?.delete(d.author.id);
  store.unread.add(d.channel_id);
  // Counted on its channel until read, as Discord's red badge: pings, and in one's DM
  // with the bot everything it says.
  const dm = store.dms.get(store.person?.id)?.id === d.channel_id;
  if (store.pings(d) || (dm && d.author.id !== store.person.id)) {
    store.mentions.set(d.channel_id, (store.mentions.get(d.channel_id) || 0) + 1);
  }
  store.emit("typing", d.channel_id);
  store.emit("messages", d.channel_id);
}

function messageUpdate(store, d) {
  const old = store.messages.get(d.channel_id)?.get(d.id);
  // A message before the history read so far is read as it is when scrolled to: kept
  // now, it would stand alone above a gap the reading back stops at.
  if (!old && store.loaded.has(d.channel_id) && !store.complete.has(d.channel_id)) {
    const oldest = store.channelMessages(d.channel_id)[0];
    if (oldest && compareIds(d.id, oldest.id) < 0) return;
  }
  // Discord may send partial updates: keep what the update does not mention.
  const updated = old ? { ...old, ...d } : d;
  store.putMessage(updated);
  followedByReplies(store, d.channel_id, d.id, updated);
  store.emit("messages", d.channel_id);
}

function messageDelete(store, ids, channelId, again = false) {
  const map = store.messages.get(channelId);
  if (!map) return;
  const thread = store.channels.get(channelId);
  for (const id of ids) {
    // A thread's count leaves its deleted messages out, as Discord's message_count does
    // (once: not when the deletion is made again over a history).
    if (thread?.thread_metadata && map.has(id) && !again) {
      thread.message_count = Math.max(0, (thread.message_count || 0) - 1);
    }
    map.delete(id);
    store.reactors.delete(id);
    followedByReplies(store, channelId, id, null);
  }
  store.emit("messages", channelId);
}

/**
 * Replies to message `id` quote it as it is now (`current`; null once deleted: "Original
 * message was deleted"), as Discord's client shows them; their copy came with them.
 */
function followedByReplies(store, channelId, id, current) {
  for (const message of store.messages.get(channelId)?.values() || []) {
    if (message.type !== 19 || message.message_reference?.message_id !== id) continue;
    message.referenced_message = current;
    message._v += 1;
  }
}

function channelChange(store, d, removed = false) {
  const guild = store.guilds.get(d.guild_id);
  if (removed) store.channels.delete(d.id);
  else store.channels.set(d.id, d);
  if (guild) {
    guild.channels = (guild.channels || []).filter((c) => c.id !== d.id);
    if (!removed) guild.channels.push(d);
  }
  if (removed) store.emit("removed", d);
  store.names += 1;  // its mentions (<#id>) read its new name
  store.emit("world");
  store.emit("names");
}

function memberChange(store, d, removed = false) {
  const members = store.members.get(d.guild_id);
  if (!members) return;
  store.rememberUser(d.user);
  // Someone new joined (the control API's join): they can be talked as, too.
  if (!removed && !d.user.bot && !store.people.some((p) => p.id === d.user.id)) {
    store.people.push(d.user);
  }
  if (removed) members.delete(d.user.id);
  else members.set(d.user.id, { ...members.get(d.user.id), ...d });
  store.names += 1;
  store.emit("world");
  store.emit("names");
}

/** A role made, changed or deleted: role mentions and member colours follow it. */
function roleChange(store, d, removed = false) {
  const guild = store.guilds.get(d.guild_id);
  if (!guild) return;
  const id = removed ? d.role_id : d.role.id;
  guild.roles = (guild.roles || []).filter((role) => role.id !== id);
  if (!removed) guild.roles.push(d.role);
  store.names += 1;
  store.emit("world");
  store.emit("names");
}

function typingStart(store, d) {
  if (!store.typing.has(d.channel_id)) store.typing.set(d.channel_id, new Map());
  // Discord shows the indicator for 10 s or until the user's message arrives.
  store.typing.get(d.channel_id).set(d.user_id, Date.now() + 10000);
  if (d.member && d.member.user) store.rememberUser(d.member.user);
  store.emit("typing", d.channel_id);
}

const REST_LOG_KEPT = 500;  // as many as the sandbox keeps

function restCall(store, d) {
  store.restLog.push(d);
  if (store.restLog.length > REST_LOG_KEPT) store.restLog.shift();
  if (d.channel_id) store.alerts.add(d.channel_id);
  store.emit("restlog", d);
}

// Changes to a channel's messages, made again over its history if they came while it
// was on its way (each gives the same result made twice).
const REMADE_AFTER_HISTORY = new Set([
  "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK", "MESSAGE_REACTION_ADD",
  "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL", "MESSAGE_REACTION_REMOVE_EMOJI",
  "MESSAGE_POLL_VOTE_ADD", "MESSAGE_POLL_VOTE_REMOVE",
]);

const DISPATCH = {
  SANDBOX_REST_LOG: restCall,
  MESSAGE_CREATE: messageCreate,
  MESSAGE_UPDATE: messageUpdate,
  // `again`: made again over a history that came meanwhile (see loadMessages).
  MESSAGE_DELETE: (store, d, again) => messageDelete(store, [d.id], d.channel_id, again),
  MESSAGE_DELETE_BULK: (store, d, again) => messageDelete(store, d.ids, d.channel_id, again),
  MESSAGE_REACTION_ADD: reactionAdd,
  MESSAGE_REACTION_REMOVE: reactionRemove,
  MESSAGE_REACTION_REMOVE_ALL: (store, d) => {
    store.reactors.delete(d.message_id);
    store.touchMessage(d.channel_id, d.message_id, (m) => { m.reactions = []; });
  },
  MESSAGE_REACTION_REMOVE_EMOJI: (store, d) => {
    const key = emojiKey(d.emoji);
    store.reactors.get(d.message_id)?.delete(key);
    store.touchMessage(d.channel_id, d.message_id, (m) => {
      m.reactions = (m.reactions || []).filter((r) => emojiKey(r.emoji) !== key);
    });
  },
  MESSAGE_POLL_VOTE_ADD: (store, d) => pollVote(store, d, true),
  MESSAGE_POLL_VOTE_REMOVE: (store, d) => pollVote(store, d, false),
  TYPING_START: typingStart,
  THREAD_MEMBERS_UPDATE: (store, d) => {
    const members = store.threadMembers.get(d.id);
    if (!members) return;  // a thread not opened here: its list is read when it is
    for (const added of d.added_members || []) members.add(added.user_id || added.id);
    for (const id of d.removed_member_ids || []) members.delete(id);
    store.emit("world");
  },
  CHANNEL_PINS_UPDATE: (store, d) => store.emit("pins", d.channel_id),
  PRESENCE_UPDATE: (store, d) => {
    store.setPresence(d);
    store.emit("presence", d.user.id);
  },
  CHANNEL_CREATE: (store, d) => channelChange(store, d),
  CHANNEL_UPDATE: (store, d) => channelChange(store, d),
  CHANNEL_DELETE: (store, d) => channelChange(store, d, true),
  THREAD_CREATE: (store, d) => channelChange(store, d),
  THREAD_UPDATE: (store, d) => channelChange(store, d),
  THREAD_DELETE: (store, d) => channelChange(store, d, true),
  THREAD_LIST_SYNC: (store, d) => {
    for (const thread of d.threads || []) store.channels.set(thread.id, thread);
    store.emit("world");
  },
  GUILD_ROLE_CREATE: (store, d) => roleChange(store, d),
  GUILD_ROLE_UPDATE: (store, d) => roleChange(store, d),
  GUILD_ROLE_DELETE: (store, d) => roleChange(store, d, true),
  GUILD_MEMBER_ADD: (store, d) => memberChange(store, d),
  GUILD_MEMBER_UPDATE: (store, d) => memberChange(store, d),
  GUILD_MEMBER_REMOVE: (store, d) => memberChange(store, d, true),
  GUILD_CREATE: (store, d) => { store.addGuild(d); store.emit("world"); },
  GUILD_UPDATE: (store, d) => {
    const guild = store.guilds.get(d.id);
    if (guild) Object.assign(guild, { name: d.name, icon: d.icon });
    store.emit("world");
  },
  GUILD_DELETE: (store, d) => { store.guilds.delete(d.id); store.emit("world"); },
};
