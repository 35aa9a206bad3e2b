// The message list of the selected channel. Nodes are kept per message and rebuilt only
// when that message (or its grouping, or who is looking) changed, so images do not
// reload; where the list is scrolled is the ScrollKeeper's business (scroll.js).

import { renderRestCall, sameCall } from "./devlog.js";
import { avatar, botTag, compareIds, displayName, emojiKey, formatClock, formatTimestamp, h,
  redrawer } from "./dom.js";
import { renderInline, renderMarkdown } from "./markdown.js";
import { renderPoll } from "./poll.js";
import {
  renderAttachments, renderComponents, renderEmbeds, renderReactions, renderStickers,
} from "./rich.js";

const GROUP_WINDOW_MS = 7 * 60 * 1000;  // Discord groups a run of messages within 7 minutes
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "👀"];
const CONTENT_TYPES = new Set([0, 19, 20, 23]);  // default, reply, slash and context commands
const FORUMS = new Set([15, 16]);  // forum and media channels: posts, not messages

/** A closed poll's notice, from its poll_result embed: the question and the winner. */
function pollResult(message) {
  const fields = new Map(((message.embeds || [])[0]?.fields || []).map((f) => [f.name, f.value]));
  const closed = `${displayName(message.author)}'s poll ${fields.get("poll_question_text") || ""}`
    + " has closed.";
  const winner = fields.get("victor_answer_text");
  if (!winner) return `${closed} There was no winner.`;
  const emoji = fields.get("victor_answer_emoji_name");
  return `${closed} ${emoji ? `${emoji} ` : ""}${winner} won with `
    + `${fields.get("victor_answer_votes")} of ${fields.get("total_votes")} votes.`;
}

export class MessageList {
  /**
   * `names` resolves mentions and colours; `actions` has react(message, emoji, on),
   * interact(message, component, values), vote(message, answerIds), reply(message),
   * startThread(message), openChannel(channelId), newPost(forum), pin(message), openPins(),
   * pickReaction(message, anchor)
   * (the emoji picker) and profile(userId, anchor); `scroll` is the list's ScrollKeeper,
   * `editor` the MessageEditor (editing.js) of one's own messages.
   */
  constructor(root, store, names, actions, scroll, editor) {
    this.root = root;
    this.scroll = scroll;
    this.editor = editor;
    this.store = store;
    this.names = names;
    this.actions = actions;
    this.cache = new Map();   // message id -> {key, node}
    this.dismissed = new Set();  // ids of ephemeral messages dismissed (on this page only)
    this.channelId = null;
    this.redraw = redrawer(() => this.draw());
  }

  /** Redraw the list now (a redraw asked for with redrawSoon is then made already). */
  render() {
    this.redraw.now();
  }

  /**
   * Redraw once before the next paint, however many changes arrive first: a burst of
   * messages redrew the whole list once per message (hundreds of redraws of hundreds
   * of messages).
   */
  redrawSoon() {
    this.redraw.soon();
  }

  /** Show a channel (forgetting the nodes of the previous one), at its newest message. */
  show(channelId) {
    if (channelId !== this.channelId) {
      this.cache.clear();
      this.channelId = channelId;
      this.root.replaceChildren();
    }
    this.render();
    this.scroll.follow();
  }

  /** Draw the list; the ScrollKeeper is told how many messages are new. */
  draw() {
    const firstDraw = this.cache.size === 0;
    const newest = [...this.cache.keys()]
      .reduce((top, id) => (!top || compareIds(id, top) > 0 ? id : top), null);
    let arrived = 0;
    const starter = this.starter();
    const messages = [...(starter ? [starter] : []),
      ...this.store.channelMessages(this.channelId).filter((message) => this.visible(message))];
    const items = this.withRestCalls(messages);
    const nodes = [];
    const seen = new Set();
    let previous = null;
    for (let i = 0; i < items.length; i += 1) {
      const message = items[i];
      const day = new Date(message.timestamp).toDateString();
      if (!previous || new Date(previous.timestamp).toDateString() !== day) {
        nodes.push(h("div", { class: "day-divider", role: "separator" },
          h("span", {}, new Date(message.timestamp).toLocaleDateString(undefined,
            { year: "numeric", month: "long", day: "numeric" }))));
      }
      if (message.restCall) {
        // Repeats of one failure in a row are one line, counted.
        let count = 1;
        while (items[i + 1]?.restCall && sameCall(items[i + 1], message)) {
          i += 1;
          count += 1;
        }
        const last = items[i];
        const key = `rest|${count}|${this.store.bot?.id}`;
        let entry = this.cache.get(message.id);
        if (!entry || entry.key !== key) {
          entry = { key, node: renderRestCall(last, this.store.bot, count) };
          this.cache.set(message.id, entry);
        }
        seen.add(message.id);
        nodes.push(entry.node);
        previous = last;
        continue;
      }
      const grouped = this.groupsWith(previous, message);
      const thread = message.thread && this.store.channels.get(message.thread.id);
      const key = `${message._v}|${grouped}|${this.store.person?.id}|${this.store.names}|`
        + `${this.editor.isEditing(message)}|${thread?.name}|${thread?.message_count}`;
      let entry = this.cache.get(message.id);
      // Only messages after those shown are new: older history read in is not.
      if (!entry && (!newest || compareIds(message.id, newest) > 0)) arrived += 1;
      if (!entry || entry.key !== key) {
        entry = { key, node: this.renderMessage(message, grouped) };
        this.cache.set(message.id, entry);
      }
      seen.add(message.id);
      nodes.push(entry.node);
      previous = message;
    }
    for (const id of [...this.cache.keys()]) if (!seen.has(id)) this.cache.delete(id);
    if (!items.length) nodes.push(this.renderEmpty());
    this.root.replaceChildren(...nodes);
    this.scroll.afterRender(firstDraw ? 0 : arrived);
  }

  /**
   * In a thread started from a message, that message (it lives in the parent channel
   * and bears the thread's id): Discord's client shows it first in the thread.
   */
  starter() {
    const thread = this.store.channels.get(this.channelId);
    if (!thread?.thread_metadata || !thread.parent_id) return null;
    return this.store.messages.get(thread.parent_id)?.get(thread.id) || null;
  }

  /** The channel's messages with the bot's failed REST calls merged in by time. */
  withRestCalls(messages) {
    const guildId = this.store.channels.get(this.channelId)?.guild_id;
    const calls = this.store.restCalls(this.channelId, guildId)
      .map((call) => ({ ...call, restCall: true }));
    if (!calls.length) return messages;
    return [...messages, ...calls].sort((a, b) => compareIds(a.id, b.id));
  }

  /** Ephemeral answers are shown only to the person whose interaction they answer. */
  visible(message) {
    if (!(message.flags & EPHEMERAL)) return true;
    if (this.dismissed.has(message.id)) return false;
    const user = message.interaction_metadata?.user || message.interaction?.user;
    return !user || user.id === this.store.person?.id;
  }

  groupsWith(previous, message) {
    if (!previous || previous.restCall || previous.author.id !== message.author.id) return false;
    if (previous.id === this.channelId) return false;  // a thread's starter stands alone
    if (message.message_reference || message.interaction_metadata) return false;
    if (!CONTENT_TYPES.has(message.type) || !CONTENT_TYPES.has(previous.type)) return false;
    return new Date(message.timestamp) - new Date(previous.timestamp) < GROUP_WINDOW_MS;
  }

  renderEmpty() {
    const channel = this.store.channels.get(this.channelId);
    if (FORUMS.has(channel?.type)) return this.renderForum(channel);
    if (channel?.type === 1 && this.store.bot) {
      const bot = displayName(this.store.bot);
      return h("div", { class: "channel-welcome" }, avatar(this.store.bot),
        h("h1", {}, bot),
        h("p", {}, `This is the beginning of your direct message history with ${bot}. `
          + "Say something, or type / for the bot's commands."));
    }
    return h("div", { class: "channel-welcome" },
      h("div", { class: "welcome-icon" }, "#"),
      h("h1", {}, `Welcome to #${channel ? channel.name : "channel"}!`),
      h("p", {}, `This is the start of the #${channel ? channel.name : "channel"} channel. `
        + "Say something, or type / for the bot's commands."));
  }

  /** A forum (or media channel): its posts, newest first, and a button to make one. */
  renderForum(channel) {
    const posts = [...this.store.channels.values()]
      .filter((post) => post.parent_id === channel.id && post.thread_metadata)
      .sort((a, b) => compareIds(b.id, a.id));
    const tags = new Map((channel.available_tags || []).map((tag) => [tag.id, tag]));
    return h("div", { class: "forum" },
      h("div", { class: "forum-head" },
        h("h1", {}, channel.name),
        h("button", { type: "button", class: "button button-primary forum-new",
          onclick: () => this.actions.newPost(channel) }, "New Post")),
      posts.length ? null : h("p", { class: "forum-empty" }, "No posts yet: start one."),
      posts.map((post) => h("button", { type: "button", class: "forum-post",
        dataset: { threadId: post.id }, onclick: () => this.actions.openChannel(post.id) },
      h("span", { class: "thread-name" }, post.name),
      (post.applied_tags || []).map((id) => tags.get(id)).filter(Boolean).map((tag) =>
        h("span", { class: "forum-tag" }, [tag.emoji_name, tag.name].filter(Boolean)
          .join(" "))),
      h("span", { class: "thread-count" }, `${post.message_count || 0} Messages`))));
  }

  renderMessage(message, grouped) {
    if (!CONTENT_TYPES.has(message.type)) return this.renderSystem(message);
    const author = message.author;
    const member = this.store.member(message.guild_id
      || this.store.channels.get(message.channel_id)?.guild_id, author.id);
    const name = displayName(author, member);
    const classes = ["message", grouped ? "grouped" : "first",
      this.store.pings(message) ? "mentioned" : "", message.flags & EPHEMERAL ? "ephemeral" : "",
      message.id === this.channelId ? "thread-starter" : "",
      this.editor.isEditing(message) ? "editing" : ""];
    const profile = (event) => this.actions.profile(author.id, event.currentTarget);
    return h("article", { class: classes.filter(Boolean).join(" "),
      dataset: { messageId: message.id, author: author.username } },
    this.renderContext(message),
    h("div", { class: "message-gutter" },
      grouped ? h("time", { class: "gutter-time", datetime: message.timestamp },
        formatClock(message.timestamp))
        : h("button", { type: "button", class: "avatar-button", title: name, onclick: profile },
          avatar(author))),
    h("div", { class: "message-body" },
      grouped ? null : h("header", { class: "message-header" },
        h("span", { class: "message-author", style: this.names.colorStyle(author.id, member),
          role: "button", tabindex: "0", onclick: profile }, name),
        botTag(author),
        h("time", { class: "message-time", datetime: message.timestamp },
          formatTimestamp(message.timestamp))),
      this.editor.isEditing(message) ? this.editor.render(message) : this.renderContent(message),
      this.renderForward(message),
      renderAttachments(message),
      renderStickers(message),
      renderEmbeds(message, this.names),
      renderPoll(message, this.store.pollVoters.get(message.id) || null, this.store.person?.id,
        (answerIds) => this.actions.vote(message, answerIds)),
      renderComponents(message, (component, values) =>
        this.actions.interact(message, component, values)),
      this.renderThread(message),
      renderReactions(message,
        (emoji) => this.store.reactedByPerson(message.id, emoji),
        (emoji, on) => this.actions.react(message, emoji, on),
        (emoji) => [...this.store.reactors.get(message.id)?.get(emojiKey(emoji)) || []]
          .map((id) => this.names.user(id)).filter(Boolean)),
      message.flags & EPHEMERAL ? h("div", { class: "ephemeral-footer" },
        h("span", { class: "ephemeral-note" }, "Only you can see this message"), " • ",
        h("button", { type: "button", class: "ephemeral-dismiss", onclick: () => {
          this.dismissed.add(message.id);
          this.render();
        } }, "Dismiss message")) : null),
    this.renderActions(message));
  }

  renderContent(message) {
    if (message.flags & LOADING) {
      return h("div", { class: "message-content thinking" },
        `${displayName(message.author)} is thinking`, h("span", { class: "dots" }, "…"));
    }
    if (!message.content) return null;
    return h("div", { class: "message-content" },
      renderMarkdown(message.content, this.names),
      message.edited_timestamp ? h("span", { class: "edited",
        title: formatTimestamp(message.edited_timestamp) }, " (edited)") : null);
  }

  /** Under a message a thread was started from: its name and size; a click opens it. */
  renderThread(message) {
    if (!message.thread || message.thread.id === this.channelId) return null;  // in it
    const thread = this.store.channels.get(message.thread.id) || message.thread;
    const count = thread.message_count || 0;
    return h("button", { type: "button", class: "thread-preview",
      dataset: { threadId: thread.id }, onclick: () => this.actions.openChannel(thread.id) },
    h("span", { class: "thread-name" }, thread.name),
    h("span", { class: "thread-count" }, `${count} Message${count === 1 ? "" : "s"} ›`));
  }

  /** A forwarded message: a copy of the original (its first snapshot), marked so. */
  renderForward(message) {
    const snapshot = message.message_snapshots?.[0]?.message;
    if (!snapshot) return null;
    return h("div", { class: "forwarded" },
      h("div", { class: "forwarded-label" }, "↱ Forwarded"),
      snapshot.content ? h("div", { class: "message-content" },
        renderMarkdown(snapshot.content, this.names)) : null,
      renderAttachments(snapshot),
      renderEmbeds(snapshot, this.names));
  }

  /** The line above a reply (the message it answers) or an interaction's answer. */
  renderContext(message) {
    if (message.interaction_metadata || message.interaction) {
      const meta = message.interaction_metadata || message.interaction;
      const user = meta.user || {};
      const name = meta.name || message.interaction?.name;
      const what = { 3: " clicked a button", 5: " submitted a form" }[meta.type] || " used ";
      return h("div", { class: "reply-context" },
        h("span", { class: "reply-spine", "aria-hidden": "true" }),
        user.id ? avatar(user, "tiny") : null,
        h("span", { class: "reply-author" }, user.id ? displayName(user) : "someone"),
        h("span", { class: "reply-used" }, name ? " used " : what),
        name ? h("span", { class: "reply-command" }, `/${name}`) : null);
    }
    if (!message.message_reference || message.type !== 19) return null;
    const ref = message.referenced_message
      || this.store.messages.get(message.channel_id)?.get(message.message_reference.message_id);
    if (!ref) {
      return h("div", { class: "reply-context missing" },
        h("span", { class: "reply-spine", "aria-hidden": "true" }),
        h("span", { class: "reply-content" }, "Original message was deleted"));
    }
    const snippet = ref.content ? renderInline(ref.content.split("\n")[0], this.names)
      : (ref.attachments || []).length ? "Click to see attachment" : "Click to see message";
    return h("div", { class: "reply-context", dataset: { refId: ref.id },
      onclick: () => this.jumpTo(ref.id) },
    h("span", { class: "reply-spine", "aria-hidden": "true" }),
    avatar(ref.author, "tiny"),
    // "@" when the reply pinged the author, as Discord's client marks it.
    h("span", { class: "reply-author", style: this.names.colorStyle(ref.author.id) },
      `${(message.mentions || []).some((u) => u.id === ref.author.id) ? "@" : ""}`
      + `${this.names.user(ref.author.id) ?? displayName(ref.author)}`),
    h("span", { class: "reply-content" }, snippet));
  }

  renderSystem(message) {
    const who = displayName(message.author);
    const other = (message.mentions || [])[0];
    const texts = {
      1: `${who} added ${other ? displayName(other) : "someone"} to the thread.`,
      2: `${who} removed ${other ? displayName(other) : "someone"} from the thread.`,
      4: `${who} changed the channel name: ${message.content}`,
      7: `${who} joined the server.`,
      6: `${who} pinned a message to this channel.`,  // and see them all: below
      18: `${who} started a thread: ${message.content}`,
      46: pollResult(message),
    };
    // A pin's notice and a poll's result name their message: a click shows it.
    const ref = message.message_reference?.message_id;
    return h("article", { class: "message system", dataset: { messageId: message.id } },
      h("div", { class: "message-gutter" }, h("span", { class: "system-icon" }, "→")),
      h("div", { class: "message-body" },
        h("span", { class: `system-text${ref ? " jumps" : ""}`,
          onclick: ref ? () => this.jumpTo(ref) : null },
        texts[message.type] || message.content || ""),
        message.type === 6 ? h("button", { type: "button", class: "system-link",
          onclick: () => this.actions.openPins() }, "See all pinned messages.") : null,
        h("time", { class: "message-time", datetime: message.timestamp },
          formatTimestamp(message.timestamp))));
  }

  /** The hover toolbar: quick reactions, any reaction, reply; edit and delete one's own. */
  renderActions(message) {
    const own = message.author.id === this.store.person?.id && !(message.flags & EPHEMERAL);
    const tool = (cls, title, face, onclick) => h("button", { type: "button",
      class: `action ${cls}`, title, "aria-label": title, onclick }, face);
    return h("div", { class: "message-actions" },
      QUICK_REACTIONS.map((emoji) => h("button", { type: "button", class: "action quick-react",
        title: `React with ${emoji}`, dataset: { emoji },
        onclick: () => this.actions.react(message, { id: null, name: emoji },
          !this.store.reactedByPerson(message.id, { id: null, name: emoji })) }, emoji)),
      tool("add-reaction", "Add Reaction", "☺+",
        (event) => this.actions.pickReaction(message, event.currentTarget)),
      // A thread's starter lives in the parent: it is answered there, not in the thread.
      message.channel_id === this.channelId ? tool("reply-action", "Reply", "↩",
        () => this.actions.reply(message)) : null,
      this.canStartThread(message) ? tool("thread-action", "Create Thread", "🧵",
        () => this.actions.startThread(message)) : null,
      CONTENT_TYPES.has(message.type) && !(message.flags & EPHEMERAL) ? tool("pin-action",
        "Pin Message", "📌", () => this.actions.pin(message)) : null,
      own && message.type !== 7 ? [
        tool("edit-action", "Edit", "✎", () => this.editor.start(message)),
        tool("delete-action", "Delete", "🗑", (event) => this.editor.remove(message, event)),
      ] : null);
  }

  /** A thread starts from a message of a guild's text or announcement channel, once. */
  canStartThread(message) {
    const channel = this.store.channels.get(message.channel_id);
    return Boolean(channel?.guild_id && [0, 5].includes(channel.type) && !message.thread
      && CONTENT_TYPES.has(message.type) && !(message.flags & EPHEMERAL));
  }

  /** Edit the person's latest message in this channel (Up in an empty composer). */
  editLast() {
    const mine = this.store.channelMessages(this.channelId).filter((message) =>
      message.author.id === this.store.person?.id && CONTENT_TYPES.has(message.type));
    if (mine.length) this.editor.start(mine[mine.length - 1]);
  }

  jumpTo(messageId) {
    const node = this.root.querySelector(`[data-message-id="${messageId}"]`);
    if (!node) return;
    node.scrollIntoView({ block: "center", behavior: "smooth" });
    node.classList.add("highlight");
    setTimeout(() => node.classList.remove("highlight"), 1500);
  }
}
