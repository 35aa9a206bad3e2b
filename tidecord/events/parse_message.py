"""Message-side dispatches: messages, reactions, typing, presences, interactions.

``parse_message_create`` is the hot path of a busy bot: decode, bind, cache,
dispatch; nothing else.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from ..cache.member_view import PackedMember
from ..interactions import Interaction
from ..models import (
    UNSET,
    Channel,
    Emoji,
    InteractionPayload,
    Message,
    MessageDelete,
    MessageDeleteBulk,
    PresenceUpdate,
    Reaction,
    ReactionEvent,
    Snowflake,
    TypingStart,
    UnsetType,
    decoder,
)
from ..models.base import Model
from ..models.poll import POLL_RESULT
from ..models.presence import OFFLINE, RawPresenceUpdateEvent, presence_of
from .raw import (
    RawBulkMessageDeleteEvent,
    RawMessageDeleteEvent,
    RawMessageUpdateEvent,
    RawReactionActionEvent,
    RawReactionClearEmojiEvent,
    RawReactionClearEvent,
    RawTypingEvent,
)

__all__ = ["MessageEvents"]

_MESSAGE: Final[msgspec.json.Decoder[Message]] = decoder(Message)
_DELETE: Final[msgspec.json.Decoder[MessageDelete]] = decoder(MessageDelete)
_DELETE_BULK: Final[msgspec.json.Decoder[MessageDeleteBulk]] = decoder(MessageDeleteBulk)
_REACTION: Final[msgspec.json.Decoder[ReactionEvent]] = decoder(ReactionEvent)
_TYPING: Final[msgspec.json.Decoder[TypingStart]] = decoder(TypingStart)
_PRESENCE: Final[msgspec.json.Decoder[PresenceUpdate]] = decoder(PresenceUpdate)
_INTERACTION: Final[msgspec.json.Decoder[InteractionPayload]] = decoder(InteractionPayload)
_JSON: Final = msgspec.json.Decoder()
# A channel's last_message_id slot, written on every message past the attribute's view
# (which reads a left-out id as None): a Python-level __set__ per message otherwise.
_SET_LAST_MESSAGE_ID: Final = Channel.__dict__["last_message_id"].stored.__set__


def _message_id(message: Any) -> int:
    return int(message.id)


def _same_emoji(a: Any, b: Any) -> bool:
    return bool(a.id == b.id) if (a.id is not None or b.id is not None) else a.name == b.name


def _cached_reaction(msg: Any, emoji: Any) -> Any:
    """The cached message's reaction of ``emoji`` (a dispatch's), or None."""
    return next((r for r in msg.reactions if _same_emoji(r.emoji_data, emoji)), None)


class MessageEvents:
    """Parsers for message-side dispatches (mixed into :class:`Parsers`)."""

    state: Any
    cache: Any
    dispatch: Any
    wants: Any
    poll_closed: Any

    def parse_message_create(self, shard: Any, d: Any, size: int | None = None) -> None:
        """``d``: the payload's bytes, or the :class:`Message` the shard decoded with
        its frame (``size``: that frame's bytes)."""
        if size is None:
            size = len(d)
            d = _MESSAGE.decode(d)
        msg = self.state.bind_message(d)
        self.cache.add_message(msg, size)
        if msg.type == POLL_RESULT:
            self.poll_closed(msg)
        channel = self.cache.channels.get(msg.channel_id)
        if channel is not None:
            _SET_LAST_MESSAGE_ID(channel, msg.id)
        self.dispatch("message", msg)

    def parse_message_update(self, shard: Any, d: Any) -> None:
        data = _JSON.decode(d)
        cached = self.cache.get_message(int(data["id"]))
        try:
            msg = self.state.bind_message(_MESSAGE.decode(d))
        except msgspec.ValidationError:
            # A partial update (older gateways): patch what we have.
            msg = None
        if msg is not None and "components" in data and self.state.views is not None:
            self.state.views.message_edited(msg.id, msg.components)
        if msg is not None and cached is not None:
            self.cache.replace_message(msg, len(d))
        elif msg is None and cached is not None:
            msg = msgspec.structs.replace(cached)
            for key in ("content", "edited_timestamp", "pinned"):
                if key in data:
                    setattr(msg, key, data[key])
            if "flags" in data:
                msg.flags_value = data["flags"]
            self.cache.replace_message(msg)
        if self.wants("raw_message_edit"):
            self.dispatch("raw_message_edit", RawMessageUpdateEvent(data, msg, cached))
        if cached is not None and msg is not None:
            self.dispatch("message_edit", cached, msg)

    def parse_message_delete(self, shard: Any, d: Any) -> None:
        event = _DELETE.decode(d)
        cached = self.cache.remove_message(event.id)
        self.dispatch(
            "raw_message_delete",
            RawMessageDeleteEvent(event.id, event.channel_id, event.guild_id, cached),
        )
        if cached is not None:
            self.dispatch("message_delete", cached)

    def parse_message_delete_bulk(self, shard: Any, d: Any) -> None:
        event = _DELETE_BULK.decode(d)
        cached = [m for m in (self.cache.remove_message(i) for i in event.ids) if m is not None]
        # As discord.py hands them, in the order they were cached (oldest first), whatever
        # order Discord lists the ids in.
        cached.sort(key=_message_id)
        self.dispatch(
            "raw_bulk_message_delete",
            RawBulkMessageDeleteEvent(event.ids, event.channel_id, event.guild_id, cached),
        )
        if cached:
            self.dispatch("bulk_message_delete", cached)

    # -- reactions --------------------------------------------------------------
    def _reaction_member(self, event: ReactionEvent) -> Any:
        member = event.member
        if member is not UNSET:
            return self.state.bind_member(member, event.guild_id)
        return None

    def _reactor(self, event: ReactionEvent, member: Any) -> Any:
        if member is not None and member.user is not UNSET:
            return member
        if event.guild_id is not UNSET:
            cached = self.cache.get_member(event.guild_id, event.user_id)
            if cached is not None:
                return cached
        return self.cache.get_user(event.user_id)

    # The reaction parsers change the cached message before dispatching the raw event:
    # discord.py's raw handlers run as tasks once the whole event was read, so they see
    # the message as it is after it; here a handler's first step runs at the dispatch.
    def parse_message_reaction_add(self, shard: Any, d: Any) -> None:
        event = _REACTION.decode(d)
        member = self._reaction_member(event)
        msg = self.cache.get_message(event.message_id)
        reaction = None
        if msg is not None:
            me = self.state.user is not None and event.user_id == self.state.user.id
            reaction = _cached_reaction(msg, event.emoji)
            if reaction is None:
                reaction = Reaction(count=1, me=me,
                                    emoji_data=self.state.reaction_emoji(event.emoji))
                reactions = msg.reactions  # a new list when the message had none
                reactions.append(reaction)
                msg.reactions = reactions
            else:
                reaction.count += 1
                reaction.me = reaction.me or me
            reaction._message = msg
        self.dispatch("raw_reaction_add", RawReactionActionEvent(event, "REACTION_ADD", member))
        if reaction is not None:
            user = self._reactor(event, member)
            if user is not None:
                self.dispatch("reaction_add", reaction, user)

    def parse_message_reaction_remove(self, shard: Any, d: Any) -> None:
        event = _REACTION.decode(d)
        msg = self.cache.get_message(event.message_id)
        reaction = None if msg is None else _cached_reaction(msg, event.emoji)
        if reaction is not None:
            reaction.count -= 1
            if self.state.user is not None and event.user_id == self.state.user.id:
                reaction.me = False
            if reaction.count <= 0:
                msg.reactions.remove(reaction)
            reaction._message = msg
        self.dispatch("raw_reaction_remove", RawReactionActionEvent(event, "REACTION_REMOVE", None))
        if reaction is not None:
            user = self._reactor(event, None)
            if user is not None:
                self.dispatch("reaction_remove", reaction, user)

    def parse_message_reaction_remove_all(self, shard: Any, d: Any) -> None:
        data = _JSON.decode(d)
        mid, cid = int(data["message_id"]), int(data["channel_id"])
        gid = data.get("guild_id")
        msg = self.cache.get_message(mid)
        old: list[Any] = []
        if msg is not None and msg.reactions_data is not UNSET:
            old = list(msg.reactions)
            msg.reactions = []
        self.dispatch("raw_reaction_clear",
                      RawReactionClearEvent(mid, cid, None if gid is None else int(gid), None))
        if msg is not None:  # as discord.py: for any cached message, reactions or not
            self.dispatch("reaction_clear", msg, old)

    def parse_message_reaction_remove_emoji(self, shard: Any, d: Any) -> None:
        event = _REACTION_EMOJI.decode(d)
        msg = self.cache.get_message(event.message_id)
        gone = []
        if msg is not None and msg.reactions_data is not UNSET:
            gone = [r for r in msg.reactions if _same_emoji(r.emoji_data, event.emoji)]
            msg.reactions = [r for r in msg.reactions if not _same_emoji(r.emoji_data, event.emoji)]
        self.dispatch(
            "raw_reaction_clear_emoji",
            RawReactionClearEmojiEvent(event.message_id, event.channel_id, event.guild_id,
                                       event.emoji),
        )
        for reaction in gone:
            reaction._message = msg
            self.dispatch("reaction_clear_emoji", reaction)

    # -- typing, presence, interactions -------------------------------------------
    def parse_typing_start(self, shard: Any, d: Any) -> None:
        event = _TYPING.decode(d)
        user: Any = None
        if event.guild_id is not UNSET:  # the cached member, else the one sent
            user = self.cache.get_member(event.guild_id, event.user_id)
            if user is None and event.member is not UNSET:
                user = self.state.bind_member(event.member, event.guild_id)
        if user is None:
            user = self.cache.get_user(event.user_id)
        raw = RawTypingEvent(event, user)
        # As discord.py: on_typing first, then the raw event.
        if user is not None and self.wants("typing"):
            channel = self.state.channel_for(event.channel_id, event.guild_id)
            self.dispatch("typing", channel, user, raw.timestamp)
        self.dispatch("raw_typing", raw)

    def parse_presence_update(self, shard: Any, d: Any) -> None:
        event = _PRESENCE.decode(d)
        uid = int(event.user["id"])
        presence = presence_of(event)
        cache = self.cache
        gid = event.guild_id if event.guild_id is not UNSET else None
        member = None
        if gid is not None:
            # First: a member still kept as wire bytes is decoded, its user shared.
            member = cache.get_member(gid, uid)
        # A presence may carry a changed name or avatar: keep the shared user fresh.
        user = cache.get_user(uid) if len(event.user) > 1 else None
        user_before = msgspec.structs.replace(user) if user is not None else None
        renamed = cache.refresh_user(uid, event.user)
        guild = cache.guilds.get(gid) if gid is not None else None
        if self.state.raw_presences:
            self.dispatch("raw_presence_update",
                          RawPresenceUpdateEvent(uid, gid, guild, presence))
        if member is None or gid is None:
            return
        before = member.detach() if isinstance(member, PackedMember) else (
            msgspec.structs.replace(member))
        before._presence = cache.set_presence(gid, uid, presence) or OFFLINE
        if renamed and user_before is not None:
            self.dispatch("user_update", user_before, user)
        self.dispatch("presence_update", before, member)

    def parse_interaction_create(self, shard: Any, d: Any) -> None:
        self.state.route_interaction(Interaction(_INTERACTION.decode(d), self.state))


class _ReactionEmoji(Model, kw_only=True):
    message_id: Snowflake
    channel_id: Snowflake
    guild_id: Snowflake | UnsetType = UNSET
    emoji: Emoji


_REACTION_EMOJI: Final[msgspec.json.Decoder[_ReactionEmoji]] = decoder(_ReactionEmoji)
