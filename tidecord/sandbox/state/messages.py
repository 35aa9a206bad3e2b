"""Message mutations: create, edit, delete, reactions, pins, typing."""

from __future__ import annotations

import re
from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    AllowedMentions,
    Attachment,
    Channel,
    Component,
    Embed,
    Emoji,
    Member,
    Mention,
    Message,
    MessageReference,
    MessageReferenceType,
    MessageType,
    Poll,
    Reaction,
    ReactionCountDetails,
    Snowflake,
    StickerItem,
    UnsetType,
    User,
)
from tidecord.models.gateway import (
    ChannelPinsUpdate,
    MessageDelete,
    MessageDeleteBulk,
    ReactionEvent,
    TypingStart,
)
from tidecord.models.message_details import MessageInteraction

from ..components import number_components
from ..snowflakes import iso_timestamp
from .core import StateCore, StateError
from .snapshots import HAS_SNAPSHOT, snapshots_of

#: MessageFlags.crossposted: an announcement published to following channels.
CROSSPOSTED = 1 << 0

__all__ = ["EVERY_MENTION", "USER_MENTIONS", "MessageOps", "emoji_key"]

#: What a message parses without ``allowed_mentions``: a bot's or a person's ping
#: everything; an interaction's or a webhook's only users (Discord's defaults).
EVERY_MENTION = ("users", "roles", "everyone")
USER_MENTIONS = ("users",)
MENTION_EVERYONE = 1 << 17

_USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
_ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")
MAX_PINS = 250


def emoji_key(emoji: Emoji) -> str:
    """How an emoji is named in routes: ``name:id`` for custom ones, else the character."""
    return f"{emoji.name}:{emoji.id}" if emoji.id is not None else (emoji.name or "")


class MessageOps(StateCore):
    """Messages and what hangs on them."""

    def create_message(
        self,
        channel_id: int,
        author_id: int,
        *,
        content: str = "",
        embeds: list[Embed] | None = None,
        components: list[Component] | None = None,
        attachments: list[Attachment] | None = None,
        reference: MessageReference | None = None,
        nonce: int | str | None = None,
        flags: int = 0,
        tts: bool = False,
        type: int | None = None,
        webhook_id: int | None = None,
        application_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        interaction: MessageInteraction | None = None,
        author: User | None = None,
        poll: Poll | None = None,
        sticker_items: list[StickerItem] | UnsetType = UNSET,
        dispatch: bool = True,
        allowed_mentions: AllowedMentions | None = None,
        default_parse: tuple[str, ...] = EVERY_MENTION,
        message_id: int | None = None,
    ) -> Message:
        """Store a message and dispatch MESSAGE_CREATE; replies get type 19. A ``poll``
        stays open (state/polls.py) until it ends.

        Its ``mentions``, ``mention_roles`` and ``mention_everyone`` are what pings:
        what the content names, as far as ``allowed_mentions`` (else
        ``default_parse``) and the author's permissions let it. ``message_id``: the id
        it takes instead of a new one (a forum post's first message has its thread's).
        """
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        author = author or self.user(author_id)
        referenced: Message | None = None
        snapshots: Any = UNSET
        if reference is not None and isinstance(reference.message_id, int):
            ref_channel = reference.channel_id if reference.channel_id is not UNSET else channel.id
            try:
                referenced = self.message(int(ref_channel), int(reference.message_id))
            except StateError:
                if reference.fail_if_not_exists is not False:
                    raise
        if referenced is None and reference is not None \
                and reference.type == MessageReferenceType.default:
            # A reply to a message gone, with fail_if_not_exists false: Discord sends
            # "a normal (non-reply) message", naming nothing.
            reference = None
        if reference is not None and isinstance(reference.message_id, int):
            ref_channel = reference.channel_id if reference.channel_id is not UNSET else channel.id
            # The reference names the referenced message's guild (a forward's may be
            # another guild's, or none for a DM's).
            known = self.channels.get(int(ref_channel))
            ref_guild = self.guild_id_of(known) if known is not None else gid
            # What the stored message names: fail_if_not_exists only asks, and is not
            # part of the message Discord keeps.
            reference = MessageReference(
                type=reference.type,
                message_id=reference.message_id,
                channel_id=Snowflake(ref_channel),
                guild_id=Snowflake(ref_guild) if ref_guild is not None else UNSET,
            )
            if reference.type == MessageReferenceType.forward and referenced is not None:
                # A forward: a copy of the message, no reply (type 0, nobody pinged).
                snapshots, referenced = snapshots_of(referenced), None
                flags |= HAS_SNAPSHOT
                type = 0 if type is None else type
        if type is None:
            type = 19 if referenced is not None else 0
        # Only a reply pings the author of what it references (``replied_user``): a
        # message command's answer or a poll's result names a message and pings nobody.
        users, roles, everyone = self._pings(content, gid, channel.id, author.id,
                                             referenced if type == 19 else None,
                                             allowed_mentions, default_parse)
        message_id = self.new_id() if message_id is None else Snowflake(message_id)
        message = Message(
            id=message_id,
            channel_id=channel.id,
            author=author,
            content=content,
            timestamp=self.created_iso(message_id),
            tts=tts,
            mention_everyone=everyone,
            mentions=users,
            mention_roles=roles,
            attachments=attachments or [],
            embeds=embeds or [],
            nonce=nonce if nonce is not None else UNSET,
            type=MessageType(type),
            flags_value=flags,
            components=number_components(components or []),
            message_reference=reference if reference is not None else UNSET,
            referenced_message=(
                msgspec.structs.replace(referenced, referenced_message=UNSET)
                if referenced is not None else (
                    None if reference is not None and snapshots is UNSET else UNSET)
            ),
            snapshots_data=snapshots,
            webhook_id_raw=Snowflake(webhook_id) if webhook_id is not None else UNSET,
            application_id=Snowflake(application_id) if application_id is not None else UNSET,
            interaction_metadata_data=interaction_metadata or UNSET,
            interaction_data=interaction if interaction is not None else UNSET,
            position=UNSET,
            poll_data=poll if poll is not None else UNSET,
            sticker_items=sticker_items,
        )
        if flags & (1 << 6):  # ephemeral: only the interaction's user (the page) sees it
            if dispatch:
                self.emit("MESSAGE_CREATE", self.gateway_message(message, gid), guild_id=gid,
                          channel_id=channel.id, feed_only=True)
            return message
        self.store_message(message)
        if poll is not None:
            self.open_poll(channel.id, message.id)
        # Both views of the channel move on (cached GUILD_CREATE frames may lag: fine).
        self.put_channel(self._thread_counts(
            msgspec.structs.replace(channel, last_message_id=message.id), message.id, 1))
        if dispatch:
            self.emit("MESSAGE_CREATE", self.gateway_message(message, gid), guild_id=gid,
                      channel_id=channel.id, content_gated=self.content_gated(message, gid))
        return message

    def gateway_message(self, message: Message, guild_id: int | None) -> Message:
        """A stored message as the gateway carries it: with guild_id and partial member."""
        if guild_id is None:
            return message
        member = UNSET if message.webhook_id is not None else self.partial_member(
            guild_id, message.author.id)
        return msgspec.structs.replace(message, guild_id=Snowflake(guild_id), member=member)

    def content_gated(self, message: Message, guild_id: int | None) -> bool:
        """Whether a bot without MESSAGE_CONTENT reads no content of ``message``: it
        reads DMs, its own messages and those that mention it."""
        bot_id = self.bot_user.id
        if guild_id is None or message.author.id == bot_id:
            return False
        return not any(m.id == bot_id for m in message.mentions)

    def mentions_in(self, content: str, guild_id: int | None) -> list[Mention]:
        """The users ``content`` mentions, as a message carries them."""
        return self._mentions(content, guild_id, None)

    def _pings(self, content: str, guild_id: int | None, channel_id: int, author_id: int,
               referenced: Message | None, allowed: AllowedMentions | None,
               default_parse: tuple[str, ...]) -> tuple[list[Mention], list[int], bool]:
        """Who a new message pings: users, roles, and whether everyone."""
        if allowed is None:
            parse, users, roles, replied = set(default_parse), set(), set(), True
        else:
            parse = set(allowed.parse or ())
            users = {int(u) for u in allowed.users or ()}
            roles = {int(r) for r in allowed.roles or ()}
            replied = allowed.replied_user is True
        named = [int(u) for u in _USER_MENTION.findall(content)]
        pinged = [u for u in named if "users" in parse or u in users]
        if referenced is not None and replied:
            pinged.append(int(referenced.author.id))
        # Roles ping when mentionable, or when the author may mention everyone; so do
        # @everyone and @here. Authors that are not members (webhooks) are not limited.
        member = guild_id is not None and author_id in self.members.get(guild_id, {})
        mighty = not member or self.can(channel_id, author_id, MENTION_EVERYONE)
        guild_roles = self.roles.get(guild_id, {}) if guild_id is not None else {}
        role_ids: list[int] = []
        for raw in _ROLE_MENTION.findall(content):
            rid = int(raw)
            role = guild_roles.get(rid)
            if ("roles" in parse or rid in roles) and rid not in role_ids and (
                    mighty or (role is not None and role.mentionable)):
                role_ids.append(Snowflake(rid))
        everyone = ("@everyone" in content or "@here" in content) and "everyone" in parse \
            and mighty
        return self._mention_list(pinged, guild_id), role_ids, everyone

    def _mentions(self, content: str, guild_id: int | None, referenced: Message | None
                  ) -> list[Mention]:
        ids = [int(raw) for raw in _USER_MENTION.findall(content)]
        if referenced is not None:
            ids.append(int(referenced.author.id))
        return self._mention_list(ids, guild_id)

    def _mention_list(self, user_ids: list[int], guild_id: int | None) -> list[Mention]:
        ids: list[int] = []
        for uid in user_ids:
            if uid in self.users and uid not in ids:
                ids.append(uid)
        out = []
        for uid in ids:
            user = self.users[uid]
            fields = msgspec.structs.asdict(user)
            fields.pop("_state", None)
            member = self.partial_member(guild_id, uid) if guild_id is not None else UNSET
            out.append(Mention(**fields, member=member))
        return out

    def open_poll(self, channel_id: int, message_id: int) -> None:
        """The poll of a stored message takes votes from now until it ends."""
        self.poll_votes[message_id] = {}
        self.open_polls[message_id] = channel_id

    def edit_pings(self, message: Message, content: str,
                   allowed_mentions: AllowedMentions | None = None) -> dict[str, Any]:
        """The mention fields of ``message`` edited to ``content``: it pings again as a
        new message would, as far as the edit's ``allowed_mentions`` (else its author's
        default: a webhook's or an interaction's only users) let it; a reply keeps the
        ping of the author it answers."""
        gid = self._gid(message.channel_id)
        hooked = message.webhook_id is not None or message.interaction_metadata_data \
            is not UNSET
        users, roles, everyone = self._pings(
            content, gid, message.channel_id, message.author.id, None, allowed_mentions,
            USER_MENTIONS if hooked else EVERY_MENTION)
        replied = message.referenced_message
        if isinstance(replied, Message) and any(
                m.id == replied.author.id for m in message.mentions):
            users = self._mention_list([u.id for u in users] + [replied.author.id], gid)
        return {"mentions": users, "mention_roles": roles, "mention_everyone": everyone}

    def edit_message(self, channel_id: int, message_id: int, **changes: Any) -> Message:
        """Change fields of a message and dispatch MESSAGE_UPDATE (new content without
        its mention fields pings as :meth:`edit_pings` says)."""
        message = self.message(channel_id, message_id)
        changes = {k: v for k, v in changes.items() if v is not UNSET}
        if "content" in changes and "mentions" not in changes:
            changes.update(self.edit_pings(message, changes["content"]))
        if isinstance(changes.get("components"), list):
            changes["components"] = number_components(changes["components"])
        message = msgspec.structs.replace(message, edited_timestamp=self.now_iso(), **changes)
        self.messages[int(channel_id)][message.id] = message
        self._refer_again(int(channel_id), message.id, message)
        gid = self._gid(channel_id)
        self.emit("MESSAGE_UPDATE", self.gateway_message(message, gid), guild_id=gid,
                  channel_id=int(channel_id), content_gated=self.content_gated(message, gid))
        return message

    def crosspost(self, channel_id: int, message_id: int) -> Message:
        """Publish an announcement: the CROSSPOSTED flag and MESSAGE_UPDATE (40033 if it
        was published already)."""
        message = self.message(channel_id, message_id)
        if message.flags_value & CROSSPOSTED:
            raise StateError(40033, "This message has already been crossposted.")
        message = msgspec.structs.replace(message, flags_value=message.flags_value | CROSSPOSTED)
        self.messages[int(channel_id)][message.id] = message
        gid = self._gid(channel_id)
        self.emit("MESSAGE_UPDATE", self.gateway_message(message, gid), guild_id=gid,
                  channel_id=int(channel_id), content_gated=self.content_gated(message, gid))
        return message

    def delete_message(self, channel_id: int, message_id: int) -> None:
        """Delete a message and dispatch MESSAGE_DELETE."""
        self.message(channel_id, message_id)
        del self.messages[int(channel_id)][int(message_id)]
        self._forget_message(int(channel_id), int(message_id))
        self.put_channel(self._thread_counts(self.channel(channel_id), message_id, -1))
        gid = self._gid(channel_id)
        self.emit("MESSAGE_DELETE", MessageDelete(
            id=Snowflake(message_id), channel_id=Snowflake(channel_id),
            guild_id=Snowflake(gid) if gid is not None else UNSET,
        ), guild_id=gid, channel_id=int(channel_id))

    def bulk_delete(self, channel_id: int, message_ids: list[int]) -> None:
        """Delete several messages at once and dispatch MESSAGE_DELETE_BULK."""
        box = self.messages.get(int(channel_id), {})
        for mid in message_ids:
            if box.pop(int(mid), None) is not None:
                self.put_channel(self._thread_counts(self.channel(channel_id), mid, -1))
            self._forget_message(int(channel_id), int(mid))
        gid = self._gid(channel_id)
        self.emit("MESSAGE_DELETE_BULK", MessageDeleteBulk(
            ids=[Snowflake(m) for m in message_ids], channel_id=Snowflake(channel_id),
            guild_id=Snowflake(gid) if gid is not None else UNSET,
        ), guild_id=gid, channel_id=int(channel_id))

    def _refer_again(self, channel_id: int, message_id: int, now: Message | None) -> None:
        """Replies show the message they answer as it is now, as Discord reads them:
        edited, or null once it is deleted."""
        box = self.messages.get(channel_id, {})
        for reply_id, reply in list(box.items()):
            was = reply.referenced_message
            if isinstance(was, Message) and was.id == message_id:
                box[reply_id] = msgspec.structs.replace(reply, referenced_message=(
                    None if now is None else msgspec.structs.replace(
                        now, referenced_message=UNSET)))

    def _forget_message(self, channel_id: int, message_id: int) -> None:
        self._refer_again(channel_id, message_id, None)
        pins = self.pins.get(channel_id)
        if pins:
            pins.pop(message_id, None)
        for key in [k for k in self.reactors if k[0] == message_id]:
            del self.reactors[key]
        self.poll_votes.pop(message_id, None)
        self.open_polls.pop(message_id, None)

    def _thread_counts(self, channel: Channel, message_id: int, step: int) -> Channel:
        """A thread with one message more (``step`` 1) or fewer (-1), as Discord counts
        them: message_count leaves out a post's opening message and goes down on a
        delete; total_message_sent only ever goes up. Any other channel as it is."""
        if not channel.is_thread or int(message_id) == channel.id \
                or not isinstance(channel.message_count, int):
            return channel
        sent = channel.total_message_sent if isinstance(channel.total_message_sent, int) else 0
        return msgspec.structs.replace(channel, message_count=max(channel.message_count + step, 0),
                                       total_message_sent=sent + max(step, 0))

    def _gid(self, channel_id: int) -> int | None:
        return self.guild_id_of(self.channel(channel_id))

    # -- reactions -----------------------------------------------------------------

    def has_reaction(self, message_id: int, emoji: Emoji) -> bool:
        """Whether anyone reacted ``emoji`` on the message (adding one nobody has needs
        Add Reactions; joining one does not)."""
        return bool(self.reactors.get((int(message_id), emoji_key(emoji))))

    def add_reaction(self, channel_id: int, message_id: int, user_id: int, emoji: Emoji) -> bool:
        """Add a user's reaction; False (and no event) if it was already there."""
        message = self.message(channel_id, message_id)
        users = self.reactors.setdefault((message.id, emoji_key(emoji)), [])
        if int(user_id) in users:
            return False
        users.append(int(user_id))
        self._refresh_reactions(message, emoji)
        self._reaction_event("MESSAGE_REACTION_ADD", message, user_id, emoji)
        return True

    def remove_reaction(self, channel_id: int, message_id: int, user_id: int, emoji: Emoji) -> None:
        """Remove a user's reaction (no error when absent, as Discord does)."""
        message = self.message(channel_id, message_id)
        users = self.reactors.get((message.id, emoji_key(emoji)), [])
        if int(user_id) not in users:
            return
        users.remove(int(user_id))
        self._refresh_reactions(message, emoji)
        self._reaction_event("MESSAGE_REACTION_REMOVE", message, user_id, emoji)

    def clear_reactions(self, channel_id: int, message_id: int, emoji: Emoji | None = None) -> None:
        """Remove all reactions (or all of one emoji) from a message."""
        message = self.message(channel_id, message_id)
        keys = [k for k in self.reactors if k[0] == message.id
                and (emoji is None or k[1] == emoji_key(emoji))]
        for key in keys:
            del self.reactors[key]
        kept = [] if emoji is None else [
            r for r in (message.reactions or []) if emoji_key(r.emoji_data) != emoji_key(emoji)]
        message = msgspec.structs.replace(message, reactions_data=kept or UNSET)
        self.messages[message.channel_id][message.id] = message
        gid = self._gid(message.channel_id)
        data: dict[str, Any] = {"channel_id": message.channel_id, "message_id": message.id}
        if gid is not None:
            data["guild_id"] = Snowflake(gid)
        event = "MESSAGE_REACTION_REMOVE_ALL"
        if emoji is not None:
            data["emoji"] = emoji
            event = "MESSAGE_REACTION_REMOVE_EMOJI"
        self.emit(event, data, guild_id=gid, channel_id=message.channel_id)

    def reaction_users(self, message_id: int, emoji: Emoji) -> list[User]:
        """Who reacted with ``emoji``, in order."""
        return [self.users[u] for u in self.reactors.get((int(message_id), emoji_key(emoji)), [])]

    def _refresh_reactions(self, message: Message, emoji: Emoji) -> None:
        key = emoji_key(emoji)
        users = self.reactors.get((message.id, key), [])
        reactions = [r for r in (message.reactions or []) if emoji_key(r.emoji_data) != key]
        if users:
            reaction = Reaction(
                count=len(users), count_details=ReactionCountDetails(normal=len(users)),
                me=self.bot_user.id in users, emoji_data=emoji,
            )
            old = [emoji_key(r.emoji_data) for r in (message.reactions or [])]
            index = old.index(key) if key in old else len(reactions)
            reactions.insert(index, reaction)
        else:
            self.reactors.pop((message.id, key), None)
        updated = msgspec.structs.replace(message, reactions_data=reactions or UNSET)
        self.messages[message.channel_id][message.id] = updated

    def _reaction_event(self, event: str, message: Message, user_id: int, emoji: Emoji) -> None:
        gid = self._gid(message.channel_id)
        member: Member | UnsetType = UNSET
        if gid is not None and event == "MESSAGE_REACTION_ADD":
            member = self.members.get(gid, {}).get(int(user_id), UNSET)
        self.emit(event, ReactionEvent(
            user_id=Snowflake(user_id), channel_id=Snowflake(message.channel_id),
            message_id=Snowflake(message.id),
            guild_id=Snowflake(gid) if gid is not None else UNSET, member=member, emoji=emoji,
            message_author_id=(Snowflake(message.author.id)
                               if event == "MESSAGE_REACTION_ADD" else UNSET),
        ), guild_id=gid, channel_id=message.channel_id)

    # -- pins and typing -----------------------------------------------------------

    def pin(self, channel_id: int, message_id: int, pinned: bool = True) -> None:
        """Pin or unpin a message: a MESSAGE_UPDATE with its ``pinned`` changed (a change
        only; discord.py lists a pin among what fires ``on_message_edit``), then
        CHANNEL_PINS_UPDATE, as Discord sends them."""
        message = self.message(channel_id, message_id)
        pins = self.pins.setdefault(int(channel_id), {})
        if pinned and message.id not in pins:
            if len(pins) >= MAX_PINS:
                raise StateError(30003, "Maximum number of pins reached (250)")
            pins[message.id] = self.clock.time_ms()
        elif not pinned:
            pins.pop(message.id, None)
        changed = message.pinned != pinned
        message = msgspec.structs.replace(message, pinned=pinned)
        self.messages[int(channel_id)][message.id] = message
        gid = self._gid(channel_id)
        if changed:
            self.emit("MESSAGE_UPDATE", self.gateway_message(message, gid), guild_id=gid,
                      channel_id=int(channel_id),
                      content_gated=self.content_gated(message, gid))
        # The newest pin left, as Discord's last_pin_timestamp.
        last = iso_timestamp(max(pins.values())) if pins else None
        self.emit("CHANNEL_PINS_UPDATE", ChannelPinsUpdate(
            guild_id=Snowflake(gid) if gid is not None else UNSET,
            channel_id=Snowflake(channel_id), last_pin_timestamp=last,
        ), guild_id=gid, channel_id=int(channel_id))

    def pinned(self, channel_id: int) -> list[tuple[int, Message]]:
        """(pinned at in ms, message) of a channel's pins, the newest pin first."""
        pins = self.pins.get(int(channel_id), {})
        return [(at, self.message(channel_id, mid)) for mid, at in reversed(pins.items())]

    def typing(self, channel_id: int, user_id: int) -> None:
        """Dispatch TYPING_START."""
        gid = self._gid(channel_id)
        self.emit("TYPING_START", TypingStart(
            channel_id=Snowflake(channel_id), guild_id=Snowflake(gid) if gid is not None else UNSET,
            user_id=Snowflake(user_id), timestamp=int(self.clock.time()),
            member=self.members.get(gid, {}).get(int(user_id), UNSET) if gid else UNSET,
        ), guild_id=gid, channel_id=int(channel_id))

    # -- direct messages -----------------------------------------------------------

    def dm_channel(self, user_id: int) -> Channel:
        """The bot's DM channel with a user, made on first use (no event, as Discord)."""
        user = self.user(user_id)
        existing = self.dm_channels.get(user.id)
        if existing is not None:
            return self.channels[existing]
        channel = Channel(id=self.new_id(), type=1, recipients=[user], last_message_id=None,
                          flags_value=0)
        self.channels[channel.id] = channel
        self.dm_channels[user.id] = channel.id
        return channel
