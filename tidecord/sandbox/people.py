"""Acting as people in the sandbox: the Python face of the control API.

Every action goes through the same state (and the same permission rules) as the
bot's REST calls, and produces the gateway events Discord would send.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tidecord.models import (
    ActivityData,
    Channel,
    Component,
    Embed,
    Emoji,
    Member,
    Message,
    MessageReference,
    MessageReferenceType,
    Permissions,
    Poll,
    PollCreate,
    Snowflake,
    User,
    convert,
)
from tidecord.models.activity import activity_data
from tidecord.models.entitlement import (
    SKU,
    Entitlement,
    EntitlementOwnerType,
    EntitlementType,
    SKUType,
)
from tidecord.models.scheduled_event import ScheduledEvent
from tidecord.models.subscription import Subscription, SubscriptionStatus

from .interacting import InteractingAPI
from .refs import ChannelRef, FileLike, MessageRef, UserRef, read_upload
from .rest import audit
from .rest.bodies import (
    MessageBody,
    check_deletable,
    check_send,
    check_thread_activity,
    create_message,
    edit_fields,
)
from .rest.context import UploadedFile
from .rest.errors import APIError
from .rest.messages import ADD_REACTIONS, READ_HISTORY, parse_emoji
from .snowflakes import iso_ms
from .state import StateError
from .state.subscriptions import UNKNOWN_SUBSCRIPTION
from .waiting import WaitingAPI

if TYPE_CHECKING:
    from .feed import Feed
    from .files import FileStore
    from .interactions import Interactions
    from .state import State

__all__ = ["FileLike", "PeopleAPI"]

#: How long a person's message may be (Discord's limit with Nitro; bots get 2000).
NITRO_MESSAGE_LENGTH = 4000
#: Either lets a person post past a channel's slowmode.
SLOWMODE_EXEMPT = Permissions.manage_messages | Permissions.manage_channels


def slowmode_since(state: State, channel: Channel, user_id: int) -> int | None:
    """The time (ms) since which ``channel``'s slowmode holds back what ``user_id`` sent
    (a message, a thread: Discord lets a person do each once an interval), or ``None``
    when it has none or they are exempt (they may manage its messages or the channel)."""
    delay = channel.rate_limit_per_user
    if not isinstance(delay, int) or delay <= 0 or \
            state.permissions(channel.id, user_id) & SLOWMODE_EXEMPT:
        return None
    return state.clock.time_ms() - delay * 1000


def slowmode_refusal() -> StateError:
    """What a person held back by a slowmode gets: 20016, as 429."""
    return StateError(20016, "This action cannot be performed due to slowmode rate limit", 429)
#: The message types a person sends (default and reply); the rest are Discord's notices.
SENT_TYPES = frozenset({0, 19})


class PeopleAPI(InteractingAPI, WaitingAPI):
    """Mixin of :class:`~tidecord.sandbox.Sandbox`: what people do, and waiting for bots
    (their use of the bot's apps in ``interacting.py``, the waiting in ``waiting.py``)."""

    state: State
    interactions: Interactions
    files: FileStore
    feed: Feed

    def buy(self, user: UserRef, sku: int | str, *, guild: int | None = None) -> Entitlement:
        """``user`` buys one of the application's SKUs (by id or name): a ``purchase``
        entitlement, or for a subscription an ``application_subscription`` of 30 days,
        the guild's with ``guild``, and their active ``Subscription`` of 30 days.
        ENTITLEMENT_CREATE (and SUBSCRIPTION_CREATE); their interactions carry it."""
        found = self._sku(sku)
        subscription = found.type == SKUType.subscription
        buyer = self.state.user(user).id
        owner, owner_type = ((guild, EntitlementOwnerType.guild) if guild is not None
                             else (buyer, EntitlementOwnerType.user))
        entitlement = self.state.grant_entitlement(
            int(found.id), owner, owner_type,
            EntitlementType.application_subscription if subscription
            else EntitlementType.purchase, days=30 if subscription else None, buyer=buyer)
        if subscription:  # its period is the entitlement's, to the millisecond
            assert isinstance(entitlement.starts_at_iso, str)
            self.state.start_subscription(buyer, int(found.id), int(entitlement.id), days=30,
                                          now=iso_ms(entitlement.starts_at_iso))
        return entitlement

    def cancel_subscription(self, user: UserRef, sku: int | str) -> Subscription:
        """``user`` cancels their active subscription to an SKU (by id or name): it is
        ``ending`` from now, to the end of its period. SUBSCRIPTION_UPDATE."""
        found, subscriber = self._sku(sku), self.state.user(user).id
        running = next((s for s in self.state.subscriptions.values()
                        if s.user_id == subscriber and found.id in s.sku_ids
                        and s.status == SubscriptionStatus.active), None)
        if running is None:
            raise StateError(UNKNOWN_SUBSCRIPTION, "Unknown Subscription", 404)
        return self.state.cancel_subscription(running.id)

    def _sku(self, sku: int | str) -> SKU:
        """One of the application's SKUs, by id or name; 10027 if none."""
        found = next((s for s in self.state.skus.values() if sku in (s.id, s.name)), None)
        if found is None:
            raise StateError(10027, "Unknown SKU", 404)
        return found

    def _guild_or_first(self, guild: int | None) -> int:
        """``guild``, or the world's first guild when none is named."""
        return guild if guild is not None else next(iter(self.state.guilds))

    def find_message(self, channel: ChannelRef | None, message: MessageRef) -> Message:
        """A message by model, or id (in ``channel``, or searched everywhere); 10008 if none."""
        if isinstance(message, Message):
            return self.state.message(message.channel_id, message.id)
        if channel is not None:
            return self.state.message(self.state.channel(channel).id, message)
        for box in self.state.messages.values():
            if int(message) in box:
                return box[int(message)]
        raise StateError(10008, "Unknown Message", 404)

    async def send_message(
        self,
        author: UserRef,
        channel: ChannelRef,
        content: str = "",
        *,
        embeds: list[Embed] | None = None,
        reply_to: MessageRef | None = None,
        files: Iterable[FileLike] = (),
        components: list[Component] | None = None,
        poll: Poll | PollCreate | None = None,
        stickers: Iterable[Any] = (),
    ) -> Message:
        """Post a message as a person (permissions apply: 50013 raises StateError); a
        ``poll`` is a :class:`tidecord.Poll` as a bot makes one, or Discord's request;
        ``stickers``: up to three of the guild's stickers (ids, or anything with an ``id``)."""
        user = self.state.user(author)
        chan = self.state.channel(channel)
        reference = None
        if reply_to is not None:
            target = self.find_message(chan, reply_to)
            reference = MessageReference(message_id=Snowflake(target.id),
                                         channel_id=Snowflake(target.channel_id))
        if isinstance(poll, Poll):
            poll = convert(poll.to_dict(), PollCreate)
        body = MessageBody(content=content, embeds=embeds, message_reference=reference,
                           components=components, poll=poll,
                           sticker_ids=[Snowflake(getattr(s, "id", s)) for s in stickers] or None)
        uploads = [await read_upload(i, f) for i, f in enumerate(files)]
        return self.post(user, chan, body, uploads)

    def post(self, author: User, channel: Channel, body: MessageBody,
             uploads: list[UploadedFile]) -> Message:
        """Post a decoded message body as a person (what send_message and the control API
        do). AutoMod's rules apply (state/automod.py): a blocked message raises
        StateError 200000, as Discord answers the person's client."""
        content = body.content or ""
        self._slowmode(channel, author.id)
        try:
            trips = self.state.screen(channel, author.id, content)
            if trips:
                check_send(self, channel, author.id)  # type: ignore[arg-type]
            if self.state.blocks(trips):
                self.state.enforce(trips, channel, author.id, content, None)
                raise StateError(200000, "Message was blocked by automatic moderation", 400)
            # People are Nitro users here: 4000 characters, as Discord allows them.
            message = create_message(self, channel, author, body, uploads,  # type: ignore[arg-type]
                                     max_content=NITRO_MESSAGE_LENGTH)
        except APIError as exc:
            raise StateError(exc.code, exc.message, exc.status) from None
        if trips:
            self.state.enforce(trips, channel, author.id, content, message.id)
        self._cursor = max(self._cursor, message.id)
        return message

    def _slowmode(self, channel: Channel, user_id: int) -> None:
        """20016 (429) when ``user_id`` posted in ``channel`` less than its slowmode ago,
        as Discord refuses a person. (A message already deleted no longer holds its
        author back here.)"""
        since = slowmode_since(self.state, channel, user_id)
        if since is None:
            return
        for earlier in reversed(self.state.messages.get(channel.id, {}).values()):
            if Snowflake(earlier.id).timestamp_ms < since:
                return
            # Only what they sent counts: not a notice in their name ("started a
            # thread", a pin), as their thread counts apart (people_threads.py).
            if earlier.author.id == user_id and earlier.type in SENT_TYPES:
                raise slowmode_refusal()

    async def forward(self, user: UserRef, message: MessageRef, channel: ChannelRef, *,
                      source: ChannelRef | None = None) -> Message:
        """A person forwards ``message`` (found in ``source``, else anywhere) to
        ``channel``: a new message whose snapshot copies it, as Discord makes one."""
        target = self.find_message(source, message)
        reference = MessageReference(type=MessageReferenceType.forward,
                                     message_id=Snowflake(target.id),
                                     channel_id=Snowflake(target.channel_id))
        return self.post(self.state.user(user), self.state.channel(channel),
                         MessageBody(message_reference=reference), [])

    async def send_dm(self, author: UserRef, content: str = "", **options: Any) -> Message:
        """A person writes to the bot in their direct-message channel."""
        channel = self.state.dm_channel(self.state.user(author).id)
        return await self.send_message(author, channel, content, **options)

    async def edit_message(self, author: UserRef, message: MessageRef, content: str,
                           channel: ChannelRef | None = None) -> Message:
        """Edit a person's own message: MESSAGE_UPDATE."""
        msg = self.find_message(channel, message)
        if msg.author.id != self.state.user(author).id:
            raise StateError(50005, "Cannot edit a message authored by another user", 403)
        self._thread_activity(msg.channel_id, msg.author.id, "edit")
        try:  # what Discord refuses of a bot's edit, it refuses of a person's (4000 chars)
            changes = edit_fields(self, msg.channel_id, msg, MessageBody(content=content),  # type: ignore[arg-type]
                                  [], max_content=NITRO_MESSAGE_LENGTH)
        except APIError as exc:
            raise StateError(exc.code, exc.message, exc.status) from None
        return self.state.edit_message(msg.channel_id, msg.id, **changes)

    def _thread_activity(self, channel_id: int, user_id: int, action: str) -> None:
        """What a locked or archived thread refuses (bodies.check_thread_activity)."""
        try:
            check_thread_activity(self, self.state.channel(channel_id), user_id,  # type: ignore[arg-type]
                                  action)
        except APIError as exc:
            raise StateError(exc.code, exc.message, exc.status) from None

    async def delete_message(self, author: UserRef, message: MessageRef,
                             channel: ChannelRef | None = None) -> None:
        """Delete a message (own, or anyone's with MANAGE_MESSAGES): MESSAGE_DELETE."""
        msg = self.find_message(channel, message)
        uid = self.state.user(author).id
        if msg.author.id != uid:
            if self.state.guild_id_of(self.state.channel(msg.channel_id)) is None:
                # In a DM only a message's author deletes it, as Discord has it.
                raise StateError(50003, "Cannot execute action on a DM channel", 403)
            if not self.state.can(msg.channel_id, uid, 1 << 13):
                raise StateError(50013, "Missing Permissions", 403)
        try:
            check_deletable(msg)
        except APIError as exc:
            raise StateError(exc.code, exc.message, exc.status) from None
        self.state.delete_message(msg.channel_id, msg.id)
        gid = self.state.guild_id_of(self.state.channel(msg.channel_id))
        if msg.author.id != uid and gid is not None:
            # A moderator's deletion of someone else's message is in the audit log, as
            # Discord keeps it (a logger bot reads who did it there); one's own is not.
            audit.keep(self.state, gid, audit.Action.MESSAGE_DELETE, uid, msg.author.id,
                       options={"channel_id": msg.channel_id, "count": "1"})

    async def react(self, user: UserRef, message: MessageRef, emoji: str,
                    channel: ChannelRef | None = None, *, remove: bool = False) -> None:
        """Add (or with ``remove`` take back) a person's reaction: ``emoji`` is a unicode
        emoji, or a guild's custom one as a message writes it (``<:party:123>``) or as
        routes name it (``party:123``); 10014 for a custom one the sandbox lacks."""
        msg = self.find_message(channel, message)
        uid = self.state.user(user).id
        chosen = Emoji(name=emoji)
        if ":" in emoji:
            # A custom emoji is known by its id: the reaction carries the emoji's own
            # id, name and animated flag, as Discord sends it to bots.
            try:
                chosen = parse_emoji(emoji.strip("<>").removeprefix("a:"), self.state,
                                     msg.channel_id)
            except APIError as exc:
                raise StateError(exc.code, exc.message, exc.status) from None
        if not self.state.sees(msg.channel_id, uid):
            # Someone outside the guild, or kept out of the channel, never sees the
            # message to react on.
            raise StateError(50001, "Missing Access", 403)
        if remove:
            self.state.remove_reaction(msg.channel_id, msg.id, uid, chosen)
            return
        needs = READ_HISTORY | (0 if self.state.has_reaction(msg.id, chosen) else ADD_REACTIONS)
        if not self.state.can(msg.channel_id, uid, needs):
            raise StateError(50013, "Missing Permissions", 403)
        self._thread_activity(msg.channel_id, uid, "react")
        self.state.add_reaction(msg.channel_id, msg.id, uid, chosen)

    async def vote_poll(self, user: UserRef, message: MessageRef, answer_ids: int | Iterable[int],
                        channel: ChannelRef | None = None) -> None:
        """A person votes in a message's poll: their votes become ``answer_ids`` (one id,
        or several where the poll allows it), with MESSAGE_POLL_VOTE_ADD (and _REMOVE
        for answers they leave) per answer. 520001 once the poll has ended."""
        msg, uid = self._voter(user, message, channel)
        self.state.vote(msg.channel_id, msg.id, uid, _ids(answer_ids))

    async def remove_poll_vote(self, user: UserRef, message: MessageRef,
                               answer_ids: int | Iterable[int] | None = None,
                               channel: ChannelRef | None = None) -> None:
        """A person takes back their votes in a poll (all, or those for ``answer_ids``):
        MESSAGE_POLL_VOTE_REMOVE per answer. 520001 once the poll has ended."""
        msg, uid = self._voter(user, message, channel)
        self.state.remove_vote(msg.channel_id, msg.id, uid,
                               None if answer_ids is None else _ids(answer_ids))

    def _voter(self, user: UserRef, message: MessageRef, channel: ChannelRef | None
               ) -> tuple[Message, int]:
        msg = self.find_message(channel, message)
        uid = self.state.user(user).id
        if not self.state.can(msg.channel_id, uid, 1 << 10):  # VIEW_CHANNEL
            raise StateError(50001, "Missing Access", 403)
        return msg, uid

    async def typing(self, user: UserRef, channel: ChannelRef) -> None:
        """A person starts typing: TYPING_START."""
        self.state.typing(self.state.channel(channel).id, self.state.user(user).id)

    async def set_presence(self, user: UserRef, status: str = "online", *,
                           activities: Iterable[Any] = (),
                           platforms: Sequence[str] = ("desktop",)) -> None:
        """A person's status (``online``, ``idle``, ``dnd``, ``offline``) and what they
        are doing: PRESENCE_UPDATE in each of their guilds. An activity is a
        :class:`tidecord.Game`, ``Activity``... or Discord's JSON for one (a person can
        show what a bot cannot, such as Spotify)."""
        self.state.set_presence(self.state.user(user).id, str(status),
                                [_activity(a) for a in activities], tuple(platforms))

    async def join(self, user: str | User, guild: int | None = None, *,
                   invite: str | None = None) -> Member:
        """A person joins a guild (a new user is made for an unknown name); with
        ``invite``, through that invite's code, which counts the use before
        GUILD_MEMBER_ADD goes out (as an invite tracker reads it). Someone already a
        member, or banned (40007), uses nothing."""
        try:
            person = self.state.user(user)
        except StateError:
            if not isinstance(user, str):
                raise
            person = self.state.add_user(User(id=self.state.new_id(), username=user,
                                              public_flags_value=0, flags=0,
                                              primary_guild_data=None))
        if invite is None:
            gid = self._guild_or_first(guild)
            return self.state.add_member(gid, person)
        used = self.state.invite(invite)
        present = self.state.members[used.guild_id].get(person.id)
        if present is not None:
            return present
        self.state.refuse_banned(used.guild_id, person.id)  # before the use is counted
        self.state.use_invite(invite)
        return self.state.add_member(used.guild_id, person)

    async def leave(self, user: UserRef, guild: int | None = None) -> None:
        """A person leaves a guild: GUILD_MEMBER_REMOVE."""
        gid = self._guild_or_first(guild)
        self.state.remove_member(gid, self.state.user(user).id)

    async def join_voice(self, user: UserRef, channel: ChannelRef, *,
                         self_mute: bool | None = None, self_deaf: bool | None = None,
                         self_video: bool | None = None,
                         self_stream: bool | None = None) -> None:
        """A person connects to a voice or stage channel, or moves there from another
        one in the same guild: VOICE_STATE_UPDATE. A stage's audience joins suppressed.
        What is not given stays as it was (off for a new connection). As Discord's
        clients, they need View Channel and Connect there, and room under its user
        limit unless they may move members (StateError 50013)."""
        room = self.state.channel(channel)
        gid = self.state.guild_id_of(room)
        if gid is None:
            raise StateError(50024, "Cannot execute action on this channel type")
        self._may_connect(gid, room, self.state.user(user).id)
        given = {"self_mute": self_mute, "self_deaf": self_deaf, "self_video": self_video,
                 "self_stream": self_stream}
        self.state.set_voice(gid, self.state.user(user).id, room.id,
                             **{k: v for k, v in given.items() if v is not None})

    def _may_connect(self, gid: int, room: Any, uid: int) -> None:
        state = self.state
        if not state.can(room.id, uid, int(Permissions.view_channel | Permissions.connect)):
            raise StateError(50013, "Missing Permissions: cannot connect to this channel", 403)
        current = state.voice_state(gid, uid)
        if current is not None and current.channel_id == room.id:
            return  # already there
        inside = sum(v.channel_id == room.id for v in state.guild_voice_states(gid))
        if room.user_limit and inside >= room.user_limit \
                and not state.can(room.id, uid, int(Permissions.move_members)):
            raise StateError(50013, "Channel is full", 403)

    async def set_voice(self, user: UserRef, guild: int | None = None, **changes: bool) -> None:
        """A connected person mutes or deafens themselves, turns the camera on, goes live
        (``self_mute=``, ``self_deaf=``, ``self_video=``, ``self_stream=``):
        VOICE_STATE_UPDATE. 40032 if they are not connected."""
        allowed = {"self_mute", "self_deaf", "self_video", "self_stream"}
        if set(changes) - allowed:
            raise TypeError(f"a person can change only {sorted(allowed)} of their voice state")
        gid = self._guild_or_first(guild)
        uid = self.state.user(user).id
        current = self.state.voice_state(gid, uid)
        if current is None:
            raise StateError(40032, "Target user is not connected to voice.")
        self.state.set_voice(gid, uid, current.channel_id, **changes)

    async def leave_voice(self, user: UserRef, guild: int | None = None) -> None:
        """A person disconnects from voice: VOICE_STATE_UPDATE with no channel (nothing
        if they were not connected)."""
        gid = self._guild_or_first(guild)
        self.state.set_voice(gid, self.state.user(user).id, None)

    async def interested(self, user: UserRef, event: int | ScheduledEvent,
                         guild: int | None = None) -> None:
        """A person marks interest in a scheduled event (by id or model):
        GUILD_SCHEDULED_EVENT_USER_ADD. 10070 for an unknown event or one that is over,
        10007 for someone not in the guild."""
        self._interest(user, event, guild, True)

    async def not_interested(self, user: UserRef, event: int | ScheduledEvent,
                             guild: int | None = None) -> None:
        """A person takes their interest back: GUILD_SCHEDULED_EVENT_USER_REMOVE
        (nothing if they were not interested)."""
        self._interest(user, event, guild, False)

    def _interest(self, user: UserRef, event: int | ScheduledEvent, guild: int | None,
                  interested: bool) -> None:
        if isinstance(event, ScheduledEvent):
            gid, eid = int(event.guild_id), int(event.id)
        else:
            eid = int(event)
            gid = guild if guild is not None else next(
                (g for g, events in self.state.scheduled_events.items() if eid in events),
                next(iter(self.state.guilds)))
        self.state.set_interest(gid, eid, self.state.user(user).id, interested)


def _ids(answer_ids: int | Iterable[int]) -> list[int]:
    return [answer_ids] if isinstance(answer_ids, int) else list(answer_ids)


def _activity(activity: Any) -> ActivityData:
    """An activity as a person's presence carries it: an activity object, or Discord's
    JSON for one (a person can show what a bot cannot, such as Spotify)."""
    if isinstance(activity, Mapping):
        return convert(dict(activity), ActivityData)
    return activity_data(activity)
