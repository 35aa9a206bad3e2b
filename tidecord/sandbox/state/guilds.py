"""Guild mutations: the guild's settings, emojis and stickers, roles, members,
bans, webhooks and people's presences (its channels and threads: ``channels.py``)."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    Emoji,
    Guild,
    GuildSticker,
    Member,
    Permissions,
    Role,
    Snowflake,
    User,
)
from tidecord.models.base import DISCORD_EPOCH_MS
from tidecord.models.gateway import (
    ActivityData,
    GuildMemberRemove,
    GuildMemberUpdate,
    GuildRoleDelete,
    GuildRoleEvent,
    PresenceUpdate,
)
from tidecord.models.webhook import PartialWebhookChannel, PartialWebhookGuild, WebhookData

from ..builder import role_colors
from .channels import ChannelOps
from .core import StateError

__all__ = ["MAX_ROLES", "GuildOps"]

# Discord's per-guild maximum; it also bounds what a runaway bot can make the
# sandbox keep in memory.
MAX_ROLES = 250
# What a person can show (Discord shows "invisible" to others as offline).
PRESENCE_STATUSES = frozenset({"online", "idle", "dnd", "offline"})


class GuildOps(ChannelOps):
    """Everything that changes a guild's structure or membership."""

    bulk_delete: Callable[[int, list[int]], None]  # MessageOps': a ban's purge uses it

    # -- roles ---------------------------------------------------------------------

    def create_role(self, guild_id: int, **fields: Any) -> Role:
        """Create a role and dispatch GUILD_ROLE_CREATE."""
        roles = self.roles[int(self.guild(guild_id).id)]
        if len(roles) >= MAX_ROLES:
            raise StateError(30005, f"Maximum number of guild roles reached ({MAX_ROLES})")
        fields = _colours({k: v for k, v in fields.items() if v is not UNSET and v is not None})
        perms = fields.pop("permissions", 0)
        fields.setdefault("colors", role_colors(0))  # neither form given: no colour
        # Discord puts a new role at the bottom, just above @everyone, and the others
        # each go up one: a GUILD_ROLE_UPDATE for each, or a client's cache would keep
        # their old places (the new role tied with the one it went under).
        shifted = []
        for rid, other in list(roles.items()):
            if other.position >= 1:
                roles[rid] = msgspec.structs.replace(other, position=other.position + 1)
                shifted.append(roles[rid])
        role = Role(
            id=self.new_id(), name=fields.pop("name", "new role"), position=1,
            permissions=Permissions(int(perms)), icon_hash=None,
            unicode_emoji=fields.pop("unicode_emoji", None), **fields,
        )
        roles[role.id] = role
        self.emit("GUILD_ROLE_CREATE", GuildRoleEvent(guild_id=Snowflake(guild_id), role=role),
                  guild_id=int(guild_id))
        for moved in shifted:
            self.emit("GUILD_ROLE_UPDATE", GuildRoleEvent(guild_id=Snowflake(guild_id),
                                                          role=moved), guild_id=int(guild_id))
        return role

    def update_guild(self, guild_id: int, **changes: Any) -> None:
        """Change a guild's settings: GUILD_UPDATE with the guild (none of the parts only
        GUILD_CREATE carries: ``large``, ``joined_at`` and ``unavailable`` among them)."""
        gid = int(guild_id)
        self.guilds[gid] = msgspec.structs.replace(self.guild(gid), **changes)
        update = msgspec.structs.replace(
            self.guild(gid), roles=self.guild_roles(gid), members=UNSET, channels=UNSET,
            threads=UNSET, presences=UNSET, voice_states=UNSET, member_count=UNSET,
            stage_instance_data=UNSET, guild_scheduled_events=UNSET, soundboard_data=UNSET,
            large=UNSET, joined_at=UNSET, unavailable=UNSET)
        self.emit("GUILD_UPDATE", update, guild_id=gid)

    def set_emojis(self, guild_id: int, emojis: list[Emoji]) -> None:
        """A guild's custom emojis are now ``emojis``: GUILD_EMOJIS_UPDATE with all of them."""
        gid = int(guild_id)
        self.guilds[gid] = msgspec.structs.replace(self.guild(gid), emojis=list(emojis))
        self.emit("GUILD_EMOJIS_UPDATE", {"guild_id": str(gid), "emojis": list(emojis)},
                  guild_id=gid)

    def set_stickers(self, guild_id: int, stickers: list[GuildSticker]) -> None:
        """A guild's stickers are now ``stickers``: GUILD_STICKERS_UPDATE with all of them."""
        gid = int(guild_id)
        self.guilds[gid] = msgspec.structs.replace(self.guild(gid), stickers=list(stickers))
        self.emit("GUILD_STICKERS_UPDATE", {"guild_id": str(gid), "stickers": list(stickers)},
                  guild_id=gid)

    def custom_emoji(self, emoji_id: int) -> tuple[int, Emoji] | None:
        """(guild id, emoji) of a custom emoji in any of the sandbox's guilds."""
        for gid, guild in self.guilds.items():
            for emoji in guild.emojis:
                if emoji.id == emoji_id:
                    return gid, emoji
        return None

    def update_role(self, guild_id: int, role_id: int, **changes: Any) -> Role:
        """Change a role and dispatch GUILD_ROLE_UPDATE."""
        roles = self.roles.get(int(guild_id), {})
        role = roles.get(int(role_id))
        if role is None:
            raise StateError(10011, "Unknown Role", 404)
        changes = _colours({k: v for k, v in changes.items() if v is not UNSET})
        if "permissions" in changes:
            changes["permissions"] = Permissions(int(changes["permissions"]))
        role = msgspec.structs.replace(role, **changes)
        roles[role.id] = role
        self.emit("GUILD_ROLE_UPDATE", GuildRoleEvent(guild_id=Snowflake(guild_id), role=role),
                  guild_id=int(guild_id))
        return role

    def move_roles(self, guild_id: int, moves: dict[int, int]) -> list[Role]:
        """Give roles new positions (``@everyone`` stays at 0), renumber the others
        1, 2, ... in their new order, and dispatch GUILD_ROLE_UPDATE for each role
        whose position changed. Returns every role of the guild."""
        gid = int(guild_id)
        roles = self.roles.get(gid, {})
        for role_id in moves:
            if role_id not in roles:
                raise StateError(10011, "Unknown Role", 404)
        moves = {rid: pos for rid, pos in moves.items() if rid != gid}
        others = sorted((r for r in roles.values() if r.id != gid and r.id not in moves),
                        key=Role._rank)
        # Each moved role goes in at the place asked for, lowest first.
        for role_id, position in sorted(moves.items(), key=lambda m: m[1]):
            others.insert(max(0, min(position - 1, len(others))), roles[role_id])
        for place, role in enumerate(others, start=1):
            if role.position != place:
                moved = roles[role.id] = msgspec.structs.replace(role, position=place)
                self.emit("GUILD_ROLE_UPDATE",
                          GuildRoleEvent(guild_id=Snowflake(gid), role=moved), guild_id=gid)
        return self.guild_roles(gid)

    def delete_role(self, guild_id: int, role_id: int) -> None:
        """Delete a role (members lose it) and dispatch GUILD_ROLE_DELETE."""
        roles = self.roles.get(int(guild_id), {})
        if int(role_id) not in roles or int(role_id) == int(guild_id):
            raise StateError(10011, "Unknown Role", 404)
        del roles[int(role_id)]
        for uid, member in self.members[int(guild_id)].items():
            if role_id in member.roles:
                self.members[int(guild_id)][uid] = msgspec.structs.replace(
                    member, role_set=[r for r in member.role_set if r != role_id])
        self.emit("GUILD_ROLE_DELETE", GuildRoleDelete(
            guild_id=Snowflake(guild_id), role_id=Snowflake(role_id)), guild_id=int(guild_id))

    # -- members -------------------------------------------------------------------

    def add_member(self, guild_id: int, user: User) -> Member:
        """A user joins a guild: GUILD_MEMBER_ADD."""
        gid = int(self.guild(guild_id).id)
        self.refuse_banned(gid, user.id)
        if user.id not in self.users:
            self.add_user(user)
        member = Member(user=user, nick=None, guild_avatar_hash=None, guild_banner_hash=None,
                        role_set=[],
                        joined_at_iso=self.now_iso(),
                        premium_since_iso=None, pending=False, communication_disabled_until=None)
        self.members[gid][user.id] = member
        self.emit("GUILD_MEMBER_ADD", self._member_event(gid, member), guild_id=gid)
        return member

    def refuse_banned(self, guild_id: int, user_id: int) -> None:
        """40007 if the user is banned from the guild (they cannot join)."""
        if user_id in self.bans[int(guild_id)]:
            raise StateError(40007, "The user is banned from this guild.", 403)

    def update_member(self, guild_id: int, user_id: int, **changes: Any) -> Member:
        """Change a member (nick, roles, timeout...) and dispatch GUILD_MEMBER_UPDATE."""
        member = self.member(guild_id, user_id)
        changes = {k: v for k, v in changes.items() if v is not UNSET}
        if "roles" in changes:
            known = self.roles[int(guild_id)]
            for rid in changes["roles"]:
                if int(rid) not in known:
                    raise StateError(10011, "Unknown Role", 404)
            # A member's roles are a set on Discord: a role named twice is held once.
            changes["role_set"] = [
                Snowflake(r) for r in dict.fromkeys(map(int, changes.pop("roles")))]
        member = msgspec.structs.replace(member, **changes)
        self.members[int(guild_id)][int(user_id)] = member
        # The gateway docs' intent caveats: the bot's own GUILD_MEMBER_UPDATE is sent
        # "regardless of whether the GUILD_MEMBERS intent is set" (its roles are its
        # permissions); anyone else's needs the intent.
        itself = int(user_id) == self.bot_user.id
        self.emit("GUILD_MEMBER_UPDATE", self._member_event(int(guild_id), member),
                  guild_id=int(guild_id), intent=0 if itself else None)
        return member

    def remove_member(self, guild_id: int, user_id: int) -> None:
        """A member leaves or is kicked: GUILD_MEMBER_REMOVE."""
        member = self.member(guild_id, user_id)
        self.set_voice(guild_id, user_id, None)  # whoever leaves a guild leaves its voice
        del self.members[int(guild_id)][int(user_id)]
        assert isinstance(member.user, User)
        self.emit("GUILD_MEMBER_REMOVE", GuildMemberRemove(
            guild_id=Snowflake(guild_id), user=member.user), guild_id=int(guild_id))

    # -- webhooks -------------------------------------------------------------------

    def create_webhook(self, channel_id: int, name: str, avatar: str | None,
                       creator_id: int, application_id: int | None = None) -> WebhookData:
        """A channel webhook with a fresh token (``application_id``: the application
        that made it, if a bot did): WEBHOOKS_UPDATE."""
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        hook = WebhookData(
            id=self.new_id(), type=1, guild_id=Snowflake(gid) if gid is not None else None,
            channel_id=Snowflake(channel.id), user=self.user(creator_id), name=name,
            avatar=avatar,
            token=secrets.token_urlsafe(51),
            application_id=None if application_id is None else Snowflake(application_id))
        self.webhooks[hook.id] = hook
        self._webhooks_changed(hook)
        return hook

    def follow_channel(self, source_id: int, target_id: int, creator_id: int) -> WebhookData:
        """Follow an announcement channel into another: a Channel Follower webhook there
        (type 2, no token), named and pictured after the source as Discord's, that
        brings each message published in the source; WEBHOOKS_UPDATE."""
        source, target = self.channel(source_id), self.channel(target_id)
        guild = self.guild(self.guild_id_of(source) or 0)
        gid = self.guild_id_of(target)
        hook = WebhookData(
            id=self.new_id(), type=2, guild_id=Snowflake(gid) if gid is not None else None,
            channel_id=Snowflake(target.id), user=self.user(creator_id),
            name=f"{guild.name} #{source.name}", avatar=guild.icon_hash, application_id=None,
            source_guild=PartialWebhookGuild(id=Snowflake(guild.id), name=guild.name,
                                             icon_hash=guild.icon_hash),
            source_channel=PartialWebhookChannel(id=Snowflake(source.id), name=str(source.name)))
        self.webhooks[hook.id] = hook
        self._webhooks_changed(hook)
        return hook

    def webhook(self, webhook_id: int, token: str | None = None) -> WebhookData:
        """A webhook by id (10015 if none); with ``token``, 50027 unless it matches."""
        hook = self.webhooks.get(int(webhook_id))
        if hook is None:
            raise StateError(10015, "Unknown Webhook", 404)
        if token is not None and not hmac.compare_digest(str(hook.token).encode(),
                                                         token.encode()):
            raise StateError(50027, "Invalid Webhook Token", 401)
        return hook

    def edit_webhook(self, webhook_id: int, **changes: Any) -> WebhookData:
        """Rename, re-avatar or move a webhook: WEBHOOKS_UPDATE (in both channels when
        it moves)."""
        old = self.webhook(webhook_id)
        if "channel_id" in changes:
            self.channel(changes["channel_id"])  # 10003 for a channel that is not there
        hook = msgspec.structs.replace(old, **changes)
        self.webhooks[hook.id] = hook
        self._webhooks_changed(hook)
        if hook.channel_id != old.channel_id:
            self._webhooks_changed(old)
        return hook

    def delete_webhook(self, webhook_id: int) -> None:
        """Delete a webhook (its messages stay): WEBHOOKS_UPDATE."""
        self._webhooks_changed(self.webhooks.pop(self.webhook(webhook_id).id))

    def _webhooks_changed(self, hook: WebhookData) -> None:
        gid = hook.guild_id if isinstance(hook.guild_id, int) else None
        if gid is not None:
            # Heard, as what happens in a channel is, only by who may view it.
            cid = hook.channel_id
            self.emit("WEBHOOKS_UPDATE", {"guild_id": Snowflake(gid), "channel_id": cid},
                      guild_id=gid, bot_sees=cid is not None and cid in self.channels
                      and self.sees(cid, self.bot_user.id))

    # -- presences -------------------------------------------------------------------

    def set_presence(self, user_id: int, status: str, activities: list[ActivityData],
                     platforms: tuple[str, ...] = ("desktop",)) -> PresenceUpdate:
        """A person's status and activities change: PRESENCE_UPDATE in each of their
        guilds (bots with the presences intent only), and GUILD_CREATE from now on."""
        user = self.user(user_id)
        if status not in PRESENCE_STATUSES:
            raise StateError(50035, f"Invalid Form Body (status: {status!r} is not one of "
                             f"{', '.join(sorted(PRESENCE_STATUSES))})")
        if status == "offline":
            activities = []
        # Discord stamps each activity with when it began (hikari reads it by key).
        now = self.clock.time_ms()
        activities = [a if a.created_at is not UNSET else msgspec.structs.replace(a, created_at=now)
                      for a in activities]
        presence = PresenceUpdate(
            user={"id": str(user.id)}, status=status, activities=activities,
            client_status={} if status == "offline" else dict.fromkeys(platforms, status))
        if status == "offline":
            self.presences.pop(user.id, None)
        else:
            self.presences[user.id] = presence
        for gid, members in self.members.items():
            if user.id in members:
                self.touch_guild(gid)
                self.emit("PRESENCE_UPDATE", msgspec.structs.replace(
                    presence, guild_id=Snowflake(gid)), guild_id=gid)
        return presence

    def ban(self, guild_id: int, user_id: int, reason: str | None = None,
            delete_seconds: int = 0) -> None:
        """Ban a user (removing the membership): GUILD_BAN_ADD then GUILD_MEMBER_REMOVE;
        then, as Discord, what they said in the guild in the last ``delete_seconds``
        goes, a MESSAGE_DELETE_BULK for each channel it was in."""
        user = self.user(user_id)
        gid = int(self.guild(guild_id).id)
        self.bans[gid][user.id] = reason
        self.emit("GUILD_BAN_ADD", {"guild_id": Snowflake(gid), "user": user}, guild_id=gid)
        if user.id in self.members[gid]:
            self.remove_member(gid, user.id)
        if delete_seconds > 0:
            since = self.clock.time_ms() - delete_seconds * 1000
            for channel_id in [*self.guild_channels[gid], *self.threads[gid]]:
                said = [mid for mid, message in self.messages.get(channel_id, {}).items()
                        if message.author.id == user.id
                        and (mid >> 22) + DISCORD_EPOCH_MS >= since]
                if said:
                    self.bulk_delete(channel_id, said)

    def unban(self, guild_id: int, user_id: int) -> None:
        """Lift a ban: GUILD_BAN_REMOVE; 10026 when there is none."""
        gid = int(self.guild(guild_id).id)
        if int(user_id) not in self.bans[gid]:
            raise StateError(10026, "Unknown Ban", 404)
        del self.bans[gid][int(user_id)]
        self.emit("GUILD_BAN_REMOVE", {"guild_id": Snowflake(gid),
                                       "user": self.user(user_id)}, guild_id=gid)

    def _member_event(self, guild_id: int, member: Member) -> GuildMemberUpdate:
        fields = msgspec.structs.asdict(member)
        fields.pop("_state", None)
        fields.pop("_guild_id", None)
        return GuildMemberUpdate(**fields, guild_id=Snowflake(guild_id))

    def join_guild(self, guild: Guild) -> int:
        """The bot is added to ``guild`` (made while the sandbox runs): it is one of the
        bot's guilds from now on. The gateway sends each session its GUILD_CREATE (see
        the hub's ``guild_joined``); the chat page is told here. Returns its id."""
        gid = int(guild.id)
        self._load_guild(guild)
        self.emit("GUILD_CREATE", self.guild_snapshot(gid), guild_id=gid, feed_only=True)
        return gid

    def leave_guild(self, guild_id: int) -> None:
        """The bot leaves a guild: GUILD_DELETE, and the guild is gone from the sandbox."""
        gid = int(self.guild(guild_id).id)
        self.emit("GUILD_DELETE", {"id": Snowflake(gid)}, guild_id=gid)
        for cid in list(self.guild_channels[gid]) + list(self.threads[gid]):
            self.channels.pop(cid, None)
            self.messages.pop(cid, None)
        for box in (self.guilds, self.roles, self.guild_channels, self.threads, self.members,
                    self.bans, self.voice_states, self.automod_rules):
            box.pop(gid, None)
        for event_id in self.scheduled_events.pop(gid, {}):
            self.event_users.pop(event_id, None)
        for stage in self.guild_stage_instances(gid):
            del self.stage_instances[int(stage.channel_id)]


def _colours(fields: dict[str, Any]) -> dict[str, Any]:
    """A role body's colour as the role keeps it, in both forms Discord answers:
    ``colors`` (given as a struct or a dict) with ``color`` its primary, or ``colors``
    made from a plain ``color``."""
    given = fields.get("colors")
    if given is None:
        fields.pop("colors", None)
        if "color" in fields:
            fields["colors"] = role_colors(int(fields["color"]))
        return fields
    if not isinstance(given, dict):
        given = msgspec.structs.asdict(given)
    colors = {**role_colors(int(given.get("primary_color") or 0)),
              "secondary_color": given.get("secondary_color"),
              "tertiary_color": given.get("tertiary_color")}
    return {**fields, "colors": colors, "color": colors["primary_color"]}
