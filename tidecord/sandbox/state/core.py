"""The state's storage, lookups, permissions and the dispatch fan-out."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterator
from typing import TYPE_CHECKING, Any, Final

import msgspec

from tidecord.models import (
    UNSET,
    Application,
    ApplicationCommand,
    Channel,
    Emoji,
    Guild,
    Member,
    Message,
    Permissions,
    PresenceUpdate,
    Role,
    Snowflake,
    User,
    VoiceState,
    base_permissions,
    channel_permissions,
    encode,
    to_builtins,
)
from tidecord.models.automod import AutoModRule
from tidecord.models.base import DISCORD_EPOCH_MS
from tidecord.models.channel import CHANNEL_OVERWRITES
from tidecord.models.channel_type import THREAD_TYPES
from tidecord.models.entitlement import SKU, Entitlement
from tidecord.models.integration import Integration
from tidecord.models.onboarding import OnboardingData
from tidecord.models.scheduled_event import EventStatus, ScheduledEvent
from tidecord.models.soundboard import SoundboardSound
from tidecord.models.stage_instance import StageInstance
from tidecord.models.subscription import Subscription
from tidecord.models.webhook import WebhookData
from tidecord.models.welcome_screen import WelcomeScreenData

from ..clock import Clock
from ..dispatch import Dispatch
from ..snowflakes import SnowflakeFactory, iso_timestamp
from ..world import World
from .obfuscation import bot_thread, bot_view

if TYPE_CHECKING:
    from .invites import StoredInvite

__all__ = ["StateCore", "StateError"]

Subscriber = Callable[[Dispatch], None]
VIEW_CHANNEL: Final[int] = Permissions.view_channel
MANAGE_THREADS: Final[int] = Permissions.manage_threads
# All a running timeout leaves a member who is neither the owner nor an administrator.
TIMED_OUT_KEEPS: Final[int] = VIEW_CHANNEL | Permissions.read_message_history
ALL_PERMISSIONS: Final[int] = Permissions.all().value
PRIVATE_THREAD: Final = 12
# Older messages are forgotten past this many per channel, so long runs stay bounded.
MAX_MESSAGES_PER_CHANNEL = 10_000


class StateError(Exception):
    """An operation the state refuses: carries Discord's error code and HTTP status."""

    def __init__(self, code: int, message: str, status: int = 400,
                 errors: dict[str, tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        # For 50035: each refused field's path, and Discord's code and message there.
        self.errors = errors


class StateCore:
    """Guilds, channels, roles, members, users and messages, in memory.

    Every mutation (in the mixins) ends with :meth:`emit`, which hands a
    :class:`Dispatch` to each subscriber (the gateway hub, the feed).
    """

    def __init__(self, world: World, clock: Clock) -> None:
        self.world = world
        self.clock = clock
        self.ids = SnowflakeFactory(worker=1, process=world.seed & 0x1F)
        self.application: Application = world.application
        self.bot_user: User = world.bot
        self.token = world.token
        self.privileged_intents = world.privileged_intents
        self.users: dict[int, User] = {u.id: u for u in (world.bot, *world.users)}
        self.guilds: dict[int, Guild] = {}
        self.roles: dict[int, dict[int, Role]] = {}
        self.channels: dict[int, Channel] = {}
        self.guild_channels: dict[int, dict[int, Channel]] = {}
        self.threads: dict[int, dict[int, Channel]] = {}
        self.members: dict[int, dict[int, Member]] = {}
        # webhook id -> the webhook (with its token), for channel webhooks
        self.webhooks: dict[int, WebhookData] = {}
        # guild id -> its audit log entries, oldest first (see rest/audit.py)
        self.audit_log: dict[int, list[dict[str, Any]]] = {}
        # invite code -> the invite
        self.invites: dict[str, StoredInvite] = {}
        # guild id -> how many joined through its vanity code (no invite of its own)
        self.vanity_uses: dict[int, int] = {}
        # user id -> what that person shows, for people not offline
        self.presences: dict[int, PresenceUpdate] = {}
        self.bans: dict[int, dict[int, str | None]] = {}
        self.messages: dict[int, dict[int, Message]] = {}
        # channel -> message id -> when it was pinned (ms), oldest pin first.
        self.pins: dict[int, dict[int, int]] = {}
        # thread -> user id -> when they joined (ms); whoever starts a thread is in it.
        self.thread_members: dict[int, dict[int, int]] = {}
        # guild -> user id -> voice state, for people connected to voice
        self.voice_states: dict[int, dict[int, VoiceState]] = {}
        # guild -> event id -> its scheduled event; event id -> who is interested
        self.scheduled_events: dict[int, dict[int, ScheduledEvent]] = {}
        # guild id -> sound id -> its soundboard sound (state/soundboard.py)
        self.soundboard: dict[int, dict[int, SoundboardSound]] = {}
        self.event_users: dict[int, set[int]] = {}
        # guild -> integration id -> its integration (see integrations.py)
        self.integrations: dict[int, dict[int, Integration]] = {}
        # stage channel id -> its live stage instance, oldest first
        self.stage_instances: dict[int, StageInstance] = {}
        # guild -> rule id -> its AutoMod rule, oldest first
        self.automod_rules: dict[int, dict[int, AutoModRule]] = {}
        # guild -> its welcome screen, once changed (Community guilds start empty)
        self.welcome_screens: dict[int, WelcomeScreenData] = {}
        # guild id -> its onboarding, once set (rest/onboarding.py)
        self.onboarding: dict[int, OnboardingData] = {}
        # template code -> the template as kept (see rest/templates.py), oldest first
        self.templates: dict[str, dict[str, Any]] = {}
        self.skus: dict[int, SKU] = {int(s.id): s for s in world.skus}
        # entitlement id -> entitlement, oldest first (deleted ones kept, marked)
        self.entitlements: dict[int, Entitlement] = {}
        # subscription id -> a person's subscription, oldest first
        self.subscriptions: dict[int, Subscription] = {}
        # the application's own emojis (any guild may use them), oldest first
        self.app_emojis: dict[int, Emoji] = {}
        # the application's role connection metadata records, as last PUT
        self.role_connection_metadata: list[dict[str, Any]] = []
        self.reactors: dict[tuple[int, str], list[int]] = {}
        # poll message id -> answer id -> who voted for it, in order; and the polls
        # still open (message id -> channel id).
        self.poll_votes: dict[int, dict[int, list[int]]] = {}
        self.open_polls: dict[int, int] = {}
        self.dm_channels: dict[int, int] = {}
        # DM channels between two people (the bot not among them), by the pair.
        self.people_dms: dict[frozenset[int], int] = {}
        # Guilds the bot is not in (people there use the app through their own install).
        self.outside_guilds: set[int] = set()
        self.commands: dict[int, ApplicationCommand] = {}
        self._subscribers: list[Subscriber] = []
        self._guild_versions: dict[int, int] = {}
        self._guild_frames: dict[tuple[Any, ...], bytes] = {}
        self._by_name: dict[str, int] = {u.username: u.id for u in self.users.values()}
        for guild in world.guilds:
            self._load_guild(guild)

    def _load_guild(self, guild: Guild) -> None:
        gid = guild.id
        self.roles[gid] = {r.id: r for r in guild.roles}
        channels = guild.channels if isinstance(guild.channels, list) else []
        self.guild_channels[gid] = {c.id: c for c in channels}
        self.channels.update(self.guild_channels[gid])
        self.threads[gid] = {}
        members = guild.members if isinstance(guild.members, list) else []
        self.members[gid] = {m.user.id: m for m in members if isinstance(m.user, User)}
        self.bans[gid] = {}
        self.guilds[gid] = msgspec.structs.replace(
            guild, roles=[], members=UNSET, channels=UNSET, threads=UNSET, member_count=UNSET
        )
        self._guild_versions[gid] = 0

    # -- subscribers ---------------------------------------------------------------

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every dispatch; returns the unsubscribe function."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def emit(
        self,
        event: str,
        data: Any,
        *,
        guild_id: int | None = None,
        channel_id: int | None = None,
        content_gated: bool = False,
        feed_only: bool = False,
        intent: int | None = None,
        bot_sees: bool | None = None,
        bot_data: Any = None,
    ) -> Dispatch:
        """Send an event to every subscriber; the gateway filters per connection.

        ``feed_only`` events (ephemeral interaction answers) reach the chat page's
        feed but never a bot's gateway; ``intent`` overrides the one the event's
        kind needs. An event of a guild ``channel_id`` reaches the bot when it
        :meth:`sees` the channel, unless the caller decides with ``bot_sees`` (the
        channel is gone, or the event is the one a removed member still gets).
        ``bot_data`` is what the bot is sent instead of ``data`` (an obfuscated channel).
        """
        visible = not feed_only
        if visible and bot_sees is not None:
            visible = bot_sees
        elif visible and guild_id is not None and int(guild_id) in self.outside_guilds:
            visible = False  # a guild the bot is not in
        elif visible and channel_id is not None and guild_id is not None:
            visible = self.sees(channel_id, self.bot_user.id)
        elif visible and channel_id is not None and self.people_dms \
                and int(channel_id) in self.people_dms.values():
            visible = False  # a DM between people: the bot is not in it
        dispatch = Dispatch(
            event, data, guild_id=guild_id, content_gated=content_gated, bot_visible=visible,
            intent=intent, bot_data=bot_data,
        )
        if guild_id is not None and event.startswith(("GUILD_", "CHANNEL_", "THREAD_")):
            self.touch_guild(guild_id)
        for callback in list(self._subscribers):
            callback(dispatch)
        return dispatch

    def touch_guild(self, guild_id: int) -> None:
        """Forget cached GUILD_CREATE frames of a guild that changed."""
        self._guild_versions[guild_id] = self._guild_versions.get(guild_id, 0) + 1

    # -- time and ids --------------------------------------------------------------

    def new_id(self) -> Snowflake:
        """A fresh snowflake stamped with the sandbox clock."""
        return self.ids.at(self.clock.time_ms())

    def now_iso(self) -> str:
        """The sandbox clock's now, as Discord writes timestamps."""
        return iso_timestamp(self.clock.time_ms())

    @staticmethod
    def created_iso(snowflake: int) -> str:
        """The moment a snowflake was made, as Discord writes timestamps: a message's
        ``timestamp`` is its id's time, to the millisecond (not a second clock read,
        which can fall in the next millisecond)."""
        return iso_timestamp((snowflake >> 22) + DISCORD_EPOCH_MS)

    # -- lookups -------------------------------------------------------------------

    def user(self, ref: int | str | User | Member) -> User:
        """A user by id, username or model; 10013 when unknown."""
        if isinstance(ref, Member):
            if not isinstance(ref.user, User):
                raise StateError(10013, "Unknown User", 404)
            ref = ref.user.id
        if isinstance(ref, User):
            ref = ref.id
        if isinstance(ref, str) and not ref.isdigit():
            uid = self._by_name.get(ref)
            if uid is None:
                raise StateError(10013, "Unknown User", 404)
            ref = uid
        user = self.users.get(int(ref))
        if user is None:
            raise StateError(10013, "Unknown User", 404)
        return user

    def me(self) -> User:
        """The bot's own user as /users/@me and READY show it (with its private fields)."""
        return msgspec.structs.replace(
            self.bot_user, mfa_enabled=False, verified=True, email=None, flags=0,
            locale="en-US", premium_type=0, accent_color_value=None,
            banner_hash=self.bot_user.banner_hash or None,
        )

    def rename_bot(self, user: User) -> None:
        """The bot's own user changed (PATCH /users/@me): known by its new name only."""
        old = self.bot_user
        if self._by_name.get(old.username) == old.id:
            del self._by_name[old.username]
        self.bot_user = user
        self.add_user(user)

    def add_user(self, user: User) -> User:
        """Register a user (a person joining the sandbox)."""
        self.users[user.id] = user
        self._by_name[user.username] = user.id
        return user

    def guild(self, guild_id: int) -> Guild:
        """A guild by id; 10004 when unknown."""
        guild = self.guilds.get(int(guild_id))
        if guild is None:
            raise StateError(10004, "Unknown Guild", 404)
        return guild

    def channel(self, ref: int | str | Channel, guild_id: int | None = None) -> Channel:
        """A channel by id, name (``"general"`` or ``"#general"``) or model; 10003 if unknown."""
        if isinstance(ref, Channel):
            ref = ref.id
        if isinstance(ref, str) and not ref.isdigit():
            name = ref.lstrip("#")
            for channel in self.channels.values():
                if channel.name == name and (guild_id is None or channel.guild_id == guild_id):
                    return channel
            raise StateError(10003, "Unknown Channel", 404)
        found = self.channels.get(int(ref))
        if found is None:
            raise StateError(10003, "Unknown Channel", 404)
        return found

    def guild_id_of(self, channel: Channel) -> int | None:
        """The guild a channel belongs to, or None for DMs."""
        return None if isinstance(channel.guild_id, msgspec.UnsetType) else int(channel.guild_id)

    def put_channel(self, channel: Channel) -> None:
        """Keep a changed channel (or thread) in every view of it: by id and in its guild."""
        self.channels[channel.id] = channel
        gid = self.guild_id_of(channel)
        if gid is None:
            return
        box = self.threads[gid] if channel.is_thread else self.guild_channels[gid]
        box[channel.id] = channel

    def member(self, guild_id: int, user_id: int) -> Member:
        """A membership; 10007 when the user is not in the guild."""
        member = self.members.get(int(guild_id), {}).get(int(user_id))
        if member is None:
            raise StateError(10007, "Unknown Member", 404)
        return member

    def message(self, channel_id: int, message_id: int) -> Message:
        """A message; 10008 when unknown."""
        message = self.messages.get(int(channel_id), {}).get(int(message_id))
        if message is None:
            raise StateError(10008, "Unknown Message", 404)
        return message

    def channel_messages(self, channel_id: int) -> list[Message]:
        """Messages of a channel, oldest first."""
        return list(self.messages.get(int(channel_id), {}).values())

    def store_message(self, message: Message) -> None:
        """Keep a message, forgetting the oldest past the per-channel bound."""
        box = self.messages.setdefault(int(message.channel_id), {})
        box[message.id] = message
        if len(box) > MAX_MESSAGES_PER_CHANNEL:
            del box[next(iter(box))]

    def guild_roles(self, guild_id: int) -> list[Role]:
        """A guild's roles, @everyone first."""
        return list(self.roles.get(int(guild_id), {}).values())

    def all_guild_channels(self, guild_id: int) -> Iterator[Channel]:
        """Channels and threads of a guild."""
        yield from self.guild_channels.get(guild_id, {}).values()
        yield from self.threads.get(guild_id, {}).values()

    # -- permissions ---------------------------------------------------------------

    def permissions(self, channel_id: int, user_id: int) -> int:
        """A user's permissions in a channel, computed as Discord does (all bits in DMs)."""
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        if gid is None:
            return (1 << 53) - 1
        member = self.members.get(gid, {}).get(int(user_id))
        if member is None:
            return 0
        base = self._role_permissions(gid, member)
        channel = self.settings_channel(channel)
        overwrites = CHANNEL_OVERWRITES.__get__(channel)  # read, not copied
        perms = channel_permissions(
            base, guild_id=gid, user_id=int(user_id), member_roles=member.roles,
            overwrites=overwrites if isinstance(overwrites, list) else [],
        )
        # After the overwrites: an overwrite's allow gives a timed-out member nothing.
        return perms & TIMED_OUT_KEEPS if self._held_back(member, base) else perms

    def settings_channel(self, channel: Channel) -> Channel:
        """The channel whose overwrites and settings (NSFW...) apply in ``channel``: a
        thread's parent, else the channel itself."""
        if channel.type in THREAD_TYPES and isinstance(channel.parent_id, int):
            return self.channels.get(channel.parent_id) or channel
        return channel

    def permissions_in_guild(self, guild_id: int, user_id: int) -> int:
        """A member's guild-level permissions (roles only, no channel overwrites)."""
        member = self.members.get(int(guild_id), {}).get(int(user_id))
        if member is None:
            return 0
        perms = self._role_permissions(int(guild_id), member)
        return perms & TIMED_OUT_KEEPS if self._held_back(member, perms) else perms

    def _role_permissions(self, guild_id: int, member: Member) -> int:
        """@everyone's and the member's roles' permissions (all for the owner)."""
        return base_permissions(
            guild_id=guild_id, owner_id=self.guild(guild_id).owner_id,
            user_id=int(member.id), member_roles=member.roles, roles=self.roles[guild_id],
        )

    def _held_back(self, member: Member, base: int) -> bool:
        """Whether a timeout runs for the member by the sandbox clock and takes from
        them: Discord's guild resource says timed-out members lose every permission
        but View Channel and Read Message History, the owner and administrators
        exempt (``base``, their roles' permissions, is then every permission)."""
        until = member.communication_disabled_until
        if not isinstance(until, str) or base == ALL_PERMISSIONS:
            return False
        ends = datetime.datetime.fromisoformat(until).timestamp()
        return ends > self.clock.time()

    def top_role_position(self, guild_id: int, user_id: int) -> int:
        """The position of a member's highest role (0: only @everyone)."""
        member = self.members.get(int(guild_id), {}).get(int(user_id))
        roles = self.roles.get(int(guild_id), {})
        if member is None:
            return 0
        return max((roles[r].position for r in member.roles if r in roles), default=0)

    def outranks(self, guild_id: int, actor_id: int, target_id: int) -> bool:
        """Role hierarchy: the owner outranks all; else the higher top role wins."""
        owner = int(self.guild(guild_id).owner_id)
        if int(target_id) == owner:
            return False
        if int(actor_id) == owner:
            return True
        return self.top_role_position(guild_id, actor_id) > self.top_role_position(
            guild_id, target_id)

    def can(self, channel_id: int, user_id: int, bits: int) -> bool:
        """Whether the user holds every permission in ``bits`` in the channel."""
        return self.permissions(channel_id, user_id) & bits == bits

    def sees(self, channel_id: int, user_id: int) -> bool:
        """Whether the user may see the channel: View Channel and, for a private thread,
        to be one of its members or a moderator (Manage Threads), as Discord's threads
        topic says of private threads. What happens in a channel reaches a user's
        gateway, and its REST routes answer, only when this holds."""
        perms = self.permissions(channel_id, user_id)
        if not perms & VIEW_CHANNEL:
            return False
        if self.channel(channel_id).type != PRIVATE_THREAD or perms & MANAGE_THREADS:
            return True
        return int(user_id) in self.thread_members.get(int(channel_id), {})

    # -- guild snapshots -----------------------------------------------------------

    def guild_snapshot(self, guild_id: int, *, with_members: bool = True,
                       large: bool | None = None, presences: bool = False,
                       voice: bool = False, member_ids: Collection[int] | None = None
                       ) -> Guild:
        """The guild as GUILD_CREATE shows it (roles, channels, threads, members, the
        scheduled events not yet over, with ``presences`` the presences of members not
        offline, and with ``voice`` the voice states of everyone connected). Members
        are all of them, with ``member_ids`` those, without ``with_members`` the bot."""
        base = self.guild(guild_id)
        everyone = self.members[guild_id]
        if member_ids is not None:
            members = [everyone[uid] for uid in member_ids if uid in everyone]
        elif with_members:
            members = list(everyone.values())
        else:
            bot = everyone.get(self.bot_user.id)
            members = [bot] if bot is not None else []
        return msgspec.structs.replace(
            base,
            roles=self.guild_roles(guild_id),
            channels=list(self.guild_channels[guild_id].values()),
            threads=list(self.threads[guild_id].values()),
            members=members,
            member_count=len(self.members[guild_id]),
            large=(not with_members) if large is None else large,
            presences=[to_builtins(p) for p in self.guild_presences(guild_id)]
            if presences else [],
            voice_states=[to_builtins(v) for v in self.voice_states.get(guild_id, {}).values()]
            if voice else [],
            guild_scheduled_events=[
                to_builtins(e) for e in self.scheduled_events.get(guild_id, {}).values()
                if e.status in (EventStatus.scheduled, EventStatus.active)],
            stage_instance_data=[to_builtins(s) for s in self.stage_instances.values()
                                 if int(s.guild_id) == guild_id],
            # Without their makers: those come with REST answers to managers.
            soundboard_data=[to_builtins(msgspec.structs.replace(s, user_data=UNSET))
                             for s in self.soundboard.get(guild_id, {}).values()],
        )

    def guild_presences(self, guild_id: int, user_ids: Any = None) -> list[PresenceUpdate]:
        """The presences of a guild's members who are not offline (of ``user_ids``, if
        given), as GUILD_CREATE and member chunks carry them."""
        members = self.members.get(int(guild_id), {})
        wanted = members.keys() if user_ids is None else user_ids
        return [self.presences[uid] for uid in wanted
                if uid in self.presences and uid in members]

    def guild_create_payload(self, guild_id: int, large_threshold: int, *,
                             all_members: bool = False, presences: bool = False,
                             voice: bool = False, joined: bool = False) -> bytes:
        """GUILD_CREATE's ``d`` for a connection, encoded once per guild version.

        ``presences``, ``voice``: the connection has the presences (voice states) intent.
        Its members, as Discord sends them: without the presences intent (or past 75,000
        members) only the bot and whoever is in voice; with it, everyone, but in a
        guild over ``large_threshold`` members ("large") only those not offline (and
        the bot and voice). ``all_members``: everyone regardless (benchmarks that
        cache from it). ``joined``: the bot was just added, and the payload has no
        ``unavailable`` (which says a guild the bot is in became available).
        """
        everyone = self.members[guild_id]
        large = len(everyone) > large_threshold
        shown: frozenset[int] | None = None
        if not all_members and not (presences and not large and len(everyone) <= 75_000):
            shown = frozenset({self.bot_user.id, *self.voice_states.get(guild_id, {})})
            if presences and len(everyone) <= 75_000:  # large: the online ones too
                shown |= {uid for uid in everyone if uid in self.presences}
        key = (guild_id, self._guild_versions[guild_id], large, shown, presences, voice, joined)
        frame = self._guild_frames.get(key)
        if frame is None:
            snapshot = self.guild_snapshot(
                guild_id, large=large, presences=presences, voice=voice,
                member_ids=sorted(shown) if shown is not None else None)
            # Discord's threads topic: GUILD_CREATE has the active threads the user
            # may view (so not the private ones it is neither in nor moderates).
            # And since channel obfuscation, the channels it may not view obfuscated.
            bot = self.bot_user.id
            threads = snapshot.threads if isinstance(snapshot.threads, list) else []
            channels = snapshot.channels if isinstance(snapshot.channels, list) else []
            frame = encode(msgspec.structs.replace(
                snapshot, threads=[bot_thread(self, t) for t in threads if self.sees(t.id, bot)],
                channels=[bot_view(self, c) for c in channels],
                unavailable=UNSET if joined else snapshot.unavailable))
            stale = [k for k in self._guild_frames if k[0] == guild_id and k[1] != key[1]]
            for old in stale:
                del self._guild_frames[old]
            self._guild_frames[key] = frame
        return frame

    def partial_member(self, guild_id: int, user_id: int) -> Member | Any:
        """The member without its user, as MESSAGE_CREATE carries it (UNSET if none)."""
        member = self.members.get(guild_id, {}).get(user_id)
        if member is None:
            return UNSET
        return msgspec.structs.replace(member, user=UNSET)

    def next_position(self, guild_id: int) -> int:
        """The position for a new channel at the bottom of the guild."""
        return len(self.guild_channels.get(guild_id, {}))
