"""Seeded random streams of guild changes, watched by a tidecord bot and a discord.py bot
connected to the same sandbox at once (two sessions of one application, as Discord
allows): after every step both caches must read the same (guild settings, channels with
their overwrites and positions, categories, threads, roles, members, emojis, stickers,
voice states, and what is derived from them: permissions, top roles, ``by_category``),
and both must have dispatched the same ``on_*`` events for the step.

The steps are what an admin does over REST with the bot's token (so the sandbox sends
what Discord sends for it) and what people do in the sandbox (join, leave, voice).
"""

# No "from __future__ import annotations": the bots' annotations name their locals.
import asyncio
import base64
import contextlib
import datetime
import random
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any

import aiohttp
import msgspec
import pytest

from tidecord.models.base import UNSET
from tidecord.sandbox import Sandbox, World

from .parity import quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

#: The guild channels steps pick from (not threads).
ROOMS = (0, 2, 4, 5, 13, 15)
PEOPLE = ("bob", "carol", "dave", "erin", "frank")
#: A 1x1 PNG: what an emoji or sticker upload carries.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
PERMISSION_BITS = (1 << 0, 1 << 6, 1 << 10, 1 << 11, 1 << 13, 1 << 14, 1 << 16, 1 << 20,
                   1 << 21, 1 << 28)


#: What the bot may do in the guild when it is not an administrator: enough for every
#: step, though channels and people can be put out of its reach.
MODERATOR = ["view_channel", "send_messages", "read_message_history", "manage_channels",
             "manage_roles", "manage_threads", "manage_guild", "manage_nicknames",
             "kick_members", "ban_members", "moderate_members", "manage_expressions",
             "create_expressions", "move_members", "mute_members", "deafen_members",
             "connect", "create_public_threads", "create_private_threads",
             "send_messages_in_threads"]


def streams_world(administrator: bool = True, crowd: int = 0) -> World:
    """The guild; with ``crowd`` more members past 250 (the large_threshold both
    libraries identify with) it is large: GUILD_CREATE lists only the bot and whoever
    is in voice."""
    extra = [f"guest{n:02}" for n in range(crowd)]
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  *({"username": name, "global_name": name.title()} for name in PEOPLE),
                  *extra],
        "application": {"privileged_intents": ["GUILD_MEMBERS", "GUILD_PRESENCES",
                                               "MESSAGE_CONTENT"]},
        "guilds": [{
            "name": "Streams", "owner": "alice",
            "bot_permissions": ["administrator"] if administrator else MODERATOR,
            "roles": [{"name": "Mod", "permissions": ["kick_members"], "color": 0x3498DB,
                       "hoist": True},
                      {"name": "Helper", "color": 0x2ECC71},
                      {"name": "Muted"}],
            "channels": [
                {"name": "beacon"},
                {"name": "Text", "type": 4},
                {"name": "general", "parent": "Text"},
                {"name": "ideas", "parent": "Text",
                 "overwrites": [{"role": "Muted", "deny": ["send_messages"]}]},
                {"name": "Voice", "type": 4},
                {"name": "Lounge", "type": 2, "parent": "Voice"},
                {"name": "Quiet", "type": 2, "parent": "Voice"},
            ],
            "emojis": ["party"],
            "stickers": ["wave"],
            "features": ["COMMUNITY", "NEWS"],
            "members": ["alice", {"user": "bob", "roles": ["Mod"], "nick": "Bobby"},
                        {"user": "carol", "roles": ["Helper"]}, "dave", *extra],
        }],
    })


# -- what each library's cache reads ----------------------------------------------------

def _ows(channel: Any) -> list[Any]:
    out = []
    for target, ow in channel.overwrites.items():
        allow, deny = ow.pair()
        out.append((type(target).__name__, target.id, allow.value, deny.value))
    return sorted(out, key=lambda o: o[1])


def _ids(things: Any) -> list[int]:
    return [t.id for t in things]


def _read(f: Any) -> Any:
    try:
        return f()
    except Exception as exc:  # a read that raises is a difference too
        return f"!{type(exc).__name__}"


def orphaned(channel: Any) -> bool:
    """Whether an overwrite names a role that is gone. The sandbox keeps those (Discord
    may too, in a race); discord.py still applies them to the members who held the role,
    its members keeping a deleted role's id, where tidecord drops the id with the role."""
    return any(type(t).__name__ == "Object" for t in channel.overwrites)


def channel_reads(guild: Any, c: Any) -> tuple[Any, ...]:
    """What a guild channel reads as, only what its kind has on discord.py (tidecord's
    one channel class answers the others' attributes too)."""
    kind = str(c.type)
    common = (kind, c.name, c.position, c.category_id,
              _read(lambda: c.category and c.category.id), _ows(c),
              _read(lambda: c.permissions_synced), _read(lambda: _ids(c.changed_roles)),
              _read(lambda: {m.id: c.permissions_for(m).value for m in guild.members})
              if not orphaned(c) else "an overwrite for a deleted role",
              _read(lambda: c.permissions_for(guild.default_role).value), c.nsfw)
    if kind == "category":
        return (*common, _read(lambda: _ids(c.channels)), _read(lambda: _ids(c.text_channels)),
                _read(lambda: _ids(c.voice_channels)), _read(lambda: _ids(c.stage_channels)),
                _read(lambda: _ids(c.forums)))
    extra = (c.slowmode_delay, _read(lambda: sorted(_ids(c.members)))
             if not orphaned(c) else "an overwrite for a deleted role")
    if kind in ("text", "news"):
        return (*common, *extra, c.topic, _read(lambda: _ids(c.threads)), c.is_news(),
                c.default_auto_archive_duration)
    if kind == "forum":
        return (*common, *extra, c.topic, _read(lambda: _ids(c.threads)),
                c.default_auto_archive_duration, str(c.default_layout))
    return (*common, *extra, c.bitrate, c.user_limit, c.rtc_region,
            _read(lambda: sorted(c.voice_states)))


def snapshot(bot: Any) -> dict[str, Any]:
    """Everything compared, as plain data."""
    guild = bot.guilds[0]
    out: dict[str, Any] = {}
    out["guild"] = _read(lambda: (
        guild.name, guild.owner_id, _read(lambda: guild.afk_channel and guild.afk_channel.id),
        guild.afk_timeout, _read(lambda: guild.system_channel and guild.system_channel.id),
        str(guild.verification_level), guild.member_count,
        _read(lambda: guild.rules_channel and guild.rules_channel.id),
        _read(lambda: guild.public_updates_channel and guild.public_updates_channel.id),
        sorted(guild.features),
        str(guild.default_notifications), str(guild.explicit_content_filter),
        guild.system_channel_flags.value, guild.afk_timeout, guild.large,
        _read(lambda: guild.me.id), _read(lambda: guild.owner and guild.owner.id),
        _read(lambda: guild.default_role.id)))
    # The order lists come in. Not guild.members' (nor role.members' and
    # channel.members', read from it): discord.py keeps a member where it was when an
    # event changes it, tidecord's packed member cache lists the changed ones last.
    out["orders"] = _read(lambda: {
        "channels": _ids(guild.channels), "emojis": _ids(guild.emojis),
        "stickers": _ids(guild.stickers), "threads": _ids(guild.threads),
        "roles": _ids(guild.roles),
        "member roles": {m.id: _ids(m.roles) for m in guild.members},
    })
    channels = {}
    for c in guild.channels:
        channels[c.id] = _read(lambda c=c: channel_reads(guild, c))
    out["channels"] = channels
    out["by kind"] = _read(lambda: (
        _ids(guild.text_channels), _ids(guild.voice_channels), _ids(guild.categories),
        _ids(guild.stage_channels), _ids(guild.forums)))
    out["by_category"] = _read(lambda: [(cat and cat.id, _ids(chs))
                                        for cat, chs in guild.by_category()])
    out["roles"] = [_read(lambda r=r: (
        r.id, r.name, r.position, r.permissions.value, r.colour.value, r.hoist,
        r.mentionable, r.managed, r.is_default(), sorted(_ids(r.members))))
        for r in guild.roles]
    members = {}
    for m in guild.members:
        members[m.id] = _read(lambda m=m: (
            m.nick, m.display_name, m.global_name, sorted(_ids(m.roles)), m.top_role.id,
            m.guild_permissions.value, m.timed_out_until and m.timed_out_until.isoformat(),
            m.pending, _read(lambda: m.colour.value), _read(lambda: m.display_avatar.url),
            _read(lambda: m.voice and (m.voice.channel and m.voice.channel.id,
                                       m.voice.self_mute, m.voice.mute, m.voice.deaf)),
            str(m.status), m.raw_status, _read(lambda: m.guild_avatar and m.guild_avatar.key),
            _read(lambda: m.is_timed_out())))
    out["members"] = members
    # Not member_count: THREAD_MEMBERS_UPDATE carries it, tidecord takes it and
    # discord.py does not (its count moves only with THREAD_UPDATE, which Discord does
    # not send for a join), so discord.py's lags.
    out["threads"] = sorted(_read(lambda t=t: (
        t.id, t.name, t.parent_id, t.archived, t.locked,
        sorted(_ids(t.members)), t.slowmode_delay, str(t.type), t.owner_id, t.invitable,
        t.auto_archive_duration, t.is_private(), _read(lambda: t.category and t.category.id),
        _read(lambda: {m.id: t.permissions_for(m).value for m in guild.members})
        if t.parent is None or not orphaned(t.parent) else "an overwrite for a deleted role"))
        for t in guild.threads)
    out["emojis"] = sorted(_read(lambda e=e: (e.id, e.name, e.animated, e.managed,
                                             e.require_colons, e.available,
                                             sorted(_ids(e.roles))))
                           for e in guild.emojis)
    out["stickers"] = sorted(_read(lambda s=s: (s.id, s.name, s.description, s.emoji,
                                               s.available))
                             for s in guild.stickers)
    out["voice"] = _read(lambda: sorted(
        (c.id, sorted(c.voice_states)) for c in guild.voice_channels))
    return out


# -- what each library dispatched ------------------------------------------------------

EVENTS = (
    "guild_update", "guild_channel_create", "guild_channel_delete", "guild_channel_update",
    "guild_role_create", "guild_role_delete", "guild_role_update", "member_join",
    "member_remove", "raw_member_remove", "member_update", "member_ban", "member_unban",
    "user_update", "guild_emojis_update", "guild_stickers_update", "thread_create",
    "thread_join", "thread_update", "thread_delete", "raw_thread_update", "raw_thread_delete",
    "thread_remove", "thread_member_join", "thread_member_remove", "raw_thread_member_remove",
    "voice_state_update", "guild_channel_pins_update", "integration_update",
    "guild_integrations_update", "webhooks_update", "audit_log_entry_create",
    "presence_update", "raw_presence_update",
)


def describe(value: Any) -> Any:
    """An event argument as plain data, read when the event is dispatched."""
    if isinstance(value, list | tuple):
        return [describe(v) for v in value]
    kind = type(value).__name__
    if kind in ("Guild",):
        return ("Guild", value.name, str(value.verification_level),
                _read(lambda: value.afk_channel and value.afk_channel.id), value.afk_timeout,
                _read(lambda: value.system_channel and value.system_channel.id),
                _read(lambda: value.rules_channel and value.rules_channel.id),
                str(value.default_notifications), str(value.explicit_content_filter),
                value.system_channel_flags.value, len(value.channels), len(value.roles))
    if "thread" in str(getattr(value, "type", "")):
        return ("Thread", value.id, value.name, value.archived, value.locked,
                value.parent_id)
    if hasattr(value, "overwrites") and hasattr(value, "position"):
        return (str(value.type), value.id, value.name, value.position, value.category_id,
                _ows(value), value.nsfw)
    if kind == "Role":
        return (kind, value.id, value.name, value.position, value.permissions.value,
                value.colour.value, value.hoist, value.mentionable)
    if kind == "Member":
        return (kind, value.id, value.nick, _ids(value.roles),
                value.timed_out_until and value.timed_out_until.isoformat(), value.pending,
                str(value.status), _read(lambda: value.guild_avatar and value.guild_avatar.key),
                value.guild_permissions.value, value.top_role.id, value.global_name,
                value.display_name, value.display_avatar.url)
    if kind == "Emoji":
        return (kind, value.id, value.name, sorted(_ids(value.roles)), value.animated)
    if kind == "GuildSticker":
        return (kind, value.id, value.name, value.description, value.emoji)
    if kind == "VoiceState":
        return (kind, value.channel and value.channel.id, value.self_mute, value.mute,
                value.deaf, value.self_deaf, value.suppress)
    if kind == "ThreadMember":
        return (kind, value.id, value.thread_id)
    if kind == "User":
        return (kind, value.id, value.name, value.global_name, value.display_name,
                value.display_avatar.url)
    if kind.startswith("Raw"):
        fields = sorted({n for k in type(value).__mro__ for n in getattr(k, "__slots__", ())
                         if not n.startswith("_") and n != "data"})
        return (kind, *[(n, describe_plain(getattr(value, n, None))) for n in fields])
    if kind == "AuditLogEntry":
        return (kind, str(value.action), value.target and getattr(value.target, "id", None))
    return kind


def describe_plain(value: Any) -> Any:
    if hasattr(value, "value") and hasattr(value, "name"):  # an enum, read as a name
        return str(value)
    if value is None or isinstance(value, int | str | bool):
        return value
    return describe(value)


def stream_bot(log: list[Any], chunk: bool = True) -> Any:
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.all()
        options = {"command_prefix": "!", "intents": intents, "help_command": None,
                   "member_cache_flags": discord.MemberCacheFlags.all(),
                   "chunk_guilds_at_startup": chunk}

        def note(event: str, args: tuple[Any, ...]) -> None:
            if event in EVENTS:
                log.append((event, *[_read(lambda a=a: describe(a)) for a in args]))

        if discord.__name__ == "discord":
            class Recorder(commands.Bot):
                def dispatch(self, event: str, /, *args: Any, **kwargs: Any) -> None:
                    note(event, args)
                    super().dispatch(event, *args, **kwargs)

            return Recorder(**options)
        bot = commands.Bot(**options)
        for event in EVENTS:
            def make(event: str = event) -> Any:
                async def heard(*args: Any) -> None:
                    note(event, args)
                return heard
            bot.add_listener(make(), f"on_{event}")
        return bot
    return setup


# -- the stream of changes --------------------------------------------------------------

class Refused(Exception):
    """Discord refused a step (the bot lacks a permission there, or cannot see it)."""


class Admin:
    """Steps taken over REST as the bot, and by people. With ``lenient``, a step Discord
    refuses (403, 404, or 400 with a Discord code) gives way to another; otherwise a
    refusal fails the test, the bot being an administrator."""

    def __init__(self, sb: Sandbox, http: aiohttp.ClientSession, rng: random.Random,
                 lenient: bool = False) -> None:
        self.sb, self.http, self.rng = sb, http, rng
        self.gid = int(sb.guild.id)
        self.count = 0
        self.lenient = lenient

    async def rest(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        async with self.http.request(method, self.sb.api_url + path, json=body, **kw) as r:
            text = await r.text()
            if self.lenient and r.status in (400, 403, 404):
                raise Refused(f"{method} {path}: {r.status} {text[:200]}")
            assert r.status < 300, (method, path, body, r.status, text)
            return await r.json() if r.status != 204 else None

    def name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}-{self.count}"

    # what there is now, read from the sandbox (in id order: the same for every run)
    def channels(self, *types: int) -> list[Any]:
        found = [c for c in self.sb.state.guild_channels[self.gid].values()
                 if c.type in types and c.name != "beacon"]
        return sorted(found, key=lambda c: int(c.id))

    def roles(self) -> list[Any]:
        bot_role = max(self.sb.state.roles[self.gid].values(),
                       key=lambda r: r.position if r.managed else -1)
        return sorted((r for r in self.sb.state.roles[self.gid].values()
                       if not r.managed and int(r.id) != self.gid
                       and r.position < bot_role.position), key=lambda r: int(r.id))

    def members(self) -> list[int]:
        owner = int(self.sb.guild.owner_id)
        bot = int(self.sb.bot_user.id)
        return sorted(uid for uid in self.sb.state.members[self.gid]
                      if uid not in (owner, bot))

    def threads(self) -> list[Any]:
        return sorted(self.sb.state.threads[self.gid].values(), key=lambda t: int(t.id))

    def overwrites(self) -> list[dict[str, Any]]:
        rng, out = self.rng, []
        targets = [(int(r.id), 0) for r in self.roles()] + [(self.gid, 0)]
        targets += [(uid, 1) for uid in self.members()]
        for target, kind in rng.sample(targets, rng.randint(0, min(2, len(targets)))):
            allow = sum(b for b in PERMISSION_BITS if rng.random() < 0.2)
            deny = sum(b for b in PERMISSION_BITS if rng.random() < 0.2) & ~allow
            out.append({"id": str(target), "type": kind, "allow": str(allow),
                        "deny": str(deny)})
        return out

    # the steps: each returns a label, or None when it does not apply now
    async def create_channel(self) -> str | None:
        rng = self.rng
        kind = rng.choice((0, 0, 2, 4, 5, 13, 15))
        body: dict[str, Any] = {"name": self.name("room"), "type": kind,
                                "permission_overwrites": self.overwrites()}
        cats = self.channels(4)
        if kind != 4 and cats and rng.random() < 0.7:
            body["parent_id"] = str(rng.choice(cats).id)
        if rng.random() < 0.3:
            body["position"] = rng.randint(0, 8)
        if kind == 0 and rng.random() < 0.5:
            body.update(topic=self.name("topic"), nsfw=rng.random() < 0.5,
                        rate_limit_per_user=rng.choice((0, 5, 60)))
        await self.rest("POST", f"/guilds/{self.gid}/channels", body)
        return f"create channel {body}"

    async def edit_channel(self) -> str | None:
        rng = self.rng
        chans = self.channels(*ROOMS)
        if not chans:
            return None
        chan = rng.choice(chans)
        body: dict[str, Any] = {}
        if rng.random() < 0.5:
            body["name"] = self.name("renamed")
        if chan.type == 0 and rng.random() < 0.5:
            body.update(topic=self.name("topic"), nsfw=rng.random() < 0.5,
                        rate_limit_per_user=rng.choice((0, 10)))
        if chan.type != 4 and rng.random() < 0.4:
            cats = self.channels(4)
            body["parent_id"] = str(rng.choice(cats).id) if cats and rng.random() < 0.8 else None
            if rng.random() < 0.5:
                body["lock_permissions"] = True
        if rng.random() < 0.3:
            body["permission_overwrites"] = self.overwrites()
        if rng.random() < 0.2:
            body["position"] = rng.randint(0, 8)
        if not body:
            body["name"] = self.name("renamed")
        await self.rest("PATCH", f"/channels/{chan.id}", body)
        return f"edit channel {chan.name} {body}"

    async def delete_channel(self) -> str | None:
        chans = self.channels(*ROOMS)
        if len(chans) < 4:
            return None
        chan = self.rng.choice(chans)
        await self.rest("DELETE", f"/channels/{chan.id}")
        return f"delete channel {chan.name}"

    async def reorder_channels(self) -> str | None:
        rng = self.rng
        chans = self.channels(*ROOMS)
        moved = rng.sample(chans, min(len(chans), rng.randint(1, 3)))
        body = []
        for chan in moved:
            entry: dict[str, Any] = {"id": str(chan.id), "position": rng.randint(0, 8)}
            if chan.type != 4 and rng.random() < 0.3:
                cats = self.channels(4)
                entry["parent_id"] = str(rng.choice(cats).id) if cats else None
                entry["lock_permissions"] = rng.random() < 0.5
            body.append(entry)
        await self.rest("PATCH", f"/guilds/{self.gid}/channels", body)
        return f"reorder channels {body}"

    async def overwrite(self) -> str | None:
        rng = self.rng
        chans = self.channels(*ROOMS)
        chan = rng.choice(chans)
        existing = [int(o.id) for o in chan.permission_overwrites or ()]
        if existing and rng.random() < 0.4:
            target = rng.choice(existing)
            await self.rest("DELETE", f"/channels/{chan.id}/permissions/{target}")
            return f"drop overwrite {target} on {chan.name}"
        made = self.overwrites() or [{"id": str(self.gid), "type": 0, "allow": "0",
                                      "deny": str(1 << 11)}]
        ow = made[0]
        await self.rest("PUT", f"/channels/{chan.id}/permissions/{ow['id']}",
                        {"type": ow["type"], "allow": ow["allow"], "deny": ow["deny"]})
        return f"overwrite {ow} on {chan.name}"

    async def create_role(self) -> str | None:
        rng = self.rng
        body = {"name": self.name("role"), "color": rng.choice((0, 0xE74C3C, 0x9B59B6)),
                "hoist": rng.random() < 0.5, "mentionable": rng.random() < 0.5,
                "permissions": str(sum(b for b in PERMISSION_BITS if rng.random() < 0.3))}
        await self.rest("POST", f"/guilds/{self.gid}/roles", body)
        return f"create role {body}"

    async def edit_role(self) -> str | None:
        rng = self.rng
        roles = self.roles()
        if not roles:
            return None
        role = rng.choice(roles)
        body: dict[str, Any] = {}
        for key, make in (("name", lambda: self.name("role")),
                          ("color", lambda: rng.choice((0, 0x1ABC9C, 0xF1C40F))),
                          ("hoist", lambda: rng.random() < 0.5),
                          ("mentionable", lambda: rng.random() < 0.5),
                          ("permissions", lambda: str(sum(b for b in PERMISSION_BITS
                                                          if rng.random() < 0.3)))):
            if rng.random() < 0.4:
                body[key] = make()
        body = body or {"name": self.name("role")}
        await self.rest("PATCH", f"/guilds/{self.gid}/roles/{role.id}", body)
        return f"edit role {role.name} {body}"

    async def delete_role(self) -> str | None:
        roles = self.roles()
        if len(roles) < 3:
            return None
        role = self.rng.choice(roles)
        await self.rest("DELETE", f"/guilds/{self.gid}/roles/{role.id}")
        return f"delete role {role.name}"

    async def reorder_roles(self) -> str | None:
        roles = self.roles()
        if len(roles) < 2:
            return None
        role = self.rng.choice(roles)
        position = self.rng.randint(1, len(roles))
        body = [{"id": str(role.id), "position": position}]
        await self.rest("PATCH", f"/guilds/{self.gid}/roles", body)
        return f"move role {role.name} to {position}"

    async def join(self) -> str | None:
        present = {self.sb.state.user(uid).username for uid in self.members()}
        banned = {int(b) for b in self.sb.state.bans.get(self.gid, {})} \
            if hasattr(self.sb.state, "bans") else set()
        absent = [p for p in PEOPLE if p not in present
                  and int(self.sb.user(p).id) not in banned]
        if not absent:
            return None
        who = self.rng.choice(absent)
        await self.sb.join(who)
        return f"{who} joins"

    async def leave(self) -> str | None:
        members = self.members()
        if len(members) < 2:
            return None
        uid = self.rng.choice(members)
        if self.rng.random() < 0.5:
            await self.sb.leave(uid)
            return f"{uid} leaves"
        await self.rest("DELETE", f"/guilds/{self.gid}/members/{uid}")
        return f"{uid} kicked"

    async def edit_member(self) -> str | None:
        rng = self.rng
        members = self.members()
        if not members:
            return None
        uid = rng.choice(members)
        body: dict[str, Any] = {}
        if rng.random() < 0.5:
            body["nick"] = rng.choice((None, self.name("nick")))
        if rng.random() < 0.5:
            roles = self.roles()
            body["roles"] = [str(r.id) for r in rng.sample(roles, rng.randint(0, len(roles)))]
        if rng.random() < 0.3:
            hours = rng.choice((None, 1, 30))
            until = None if hours is None else datetime.datetime.fromtimestamp(
                self.sb.clock.time() + hours * 3600, datetime.UTC).isoformat()
            body["communication_disabled_until"] = until
        if not body:
            body["nick"] = self.name("nick")
        await self.rest("PATCH", f"/guilds/{self.gid}/members/{uid}", body)
        return f"edit member {uid} {body}"

    async def member_role(self) -> str | None:
        members, roles = self.members(), self.roles()
        if not members or not roles:
            return None
        uid, role = self.rng.choice(members), self.rng.choice(roles)
        held = [int(r) for r in self.sb.state.members[self.gid][uid].role_ids]
        method = "DELETE" if int(role.id) in held else "PUT"
        await self.rest(method, f"/guilds/{self.gid}/members/{uid}/roles/{role.id}")
        return f"{method} role {role.name} on {uid}"

    async def ban(self) -> str | None:
        rng = self.rng
        got = await self.rest("GET", f"/guilds/{self.gid}/bans")
        if got and rng.random() < 0.5:
            uid = rng.choice(got)["user"]["id"]
            await self.rest("DELETE", f"/guilds/{self.gid}/bans/{uid}")
            return f"unban {uid}"
        members = self.members()
        if len(members) < 2:
            return None
        uid = rng.choice(members)
        await self.rest("PUT", f"/guilds/{self.gid}/bans/{uid}", {})
        return f"ban {uid}"

    async def thread(self) -> str | None:
        rng = self.rng
        threads = self.threads()
        texts = self.channels(0)
        choice = rng.random()
        if not threads or (choice < 0.3 and texts):
            if not texts:
                return None
            parent = rng.choice(texts)
            body = {"name": self.name("thread"), "type": rng.choice((11, 12)),
                    "auto_archive_duration": 60}
            await self.rest("POST", f"/channels/{parent.id}/threads", body)
            return f"thread in {parent.name} {body}"
        thread = rng.choice(threads)
        if choice < 0.55:
            archived = bool(thread.thread_metadata and thread.thread_metadata.archived)
            body = {}
            if archived or rng.random() < 0.5:  # an archived thread must be reopened
                body["archived"] = not archived
            if rng.random() < 0.4:
                body["locked"] = rng.random() < 0.5
            if rng.random() < 0.4 or not body:
                body["name"] = self.name("thread")
            await self.rest("PATCH", f"/channels/{thread.id}", body)
            return f"edit thread {thread.name} {body}"
        if choice < 0.85:
            members = self.members()
            if not members:
                return None
            uid = rng.choice(members)
            method = rng.choice(("PUT", "DELETE"))
            with contextlib.suppress(AssertionError):  # not a member, archived: refused
                await self.rest(method, f"/channels/{thread.id}/thread-members/{uid}")
                return f"{method} thread member {uid} in {thread.name}"
            return None
        await self.rest("DELETE", f"/channels/{thread.id}")
        return f"delete thread {thread.name}"

    async def emoji(self) -> str | None:
        rng = self.rng
        emojis = sorted(self.sb.state.guild(self.gid).emojis or (), key=lambda e: int(e.id))
        choice = rng.random()
        if not emojis or choice < 0.4:
            image = "data:image/png;base64," + base64.b64encode(PNG).decode()
            name = self.name("emo").replace("-", "_")
            await self.rest("POST", f"/guilds/{self.gid}/emojis", {"name": name, "image": image})
            return f"emoji {name}"
        emoji = rng.choice(emojis)
        if choice < 0.8:
            name = self.name("emo").replace("-", "_")
            await self.rest("PATCH", f"/guilds/{self.gid}/emojis/{emoji.id}", {"name": name})
            return f"rename emoji {emoji.name} {name}"
        await self.rest("DELETE", f"/guilds/{self.gid}/emojis/{emoji.id}")
        return f"delete emoji {emoji.name}"

    async def sticker(self) -> str | None:
        rng = self.rng
        stickers = sorted(self.sb.state.guild(self.gid).stickers or (), key=lambda s: int(s.id))
        choice = rng.random()
        if not stickers or choice < 0.4:
            form = aiohttp.FormData()
            name = self.name("stick")
            form.add_field("name", name)
            form.add_field("tags", "smile")
            form.add_field("description", "a sticker")
            form.add_field("file", PNG, filename="s.png", content_type="image/png")
            async with self.http.post(f"{self.sb.api_url}/guilds/{self.gid}/stickers",
                                      data=form) as r:
                assert r.status < 300, await r.text()
            return f"sticker {name}"
        sticker = rng.choice(stickers)
        if choice < 0.8:
            body = {"name": self.name("stick"), "description": self.name("about")}
            await self.rest("PATCH", f"/guilds/{self.gid}/stickers/{sticker.id}", body)
            return f"edit sticker {sticker.name} {body}"
        await self.rest("DELETE", f"/guilds/{self.gid}/stickers/{sticker.id}")
        return f"delete sticker {sticker.name}"

    async def edit_guild(self) -> str | None:
        rng = self.rng
        body: dict[str, Any] = {}
        if rng.random() < 0.4:
            body["name"] = self.name("Streams")
        if rng.random() < 0.4:
            voices = self.channels(2)
            body["afk_channel_id"] = str(rng.choice(voices).id) if voices and \
                rng.random() < 0.7 else None
            body["afk_timeout"] = rng.choice((60, 300, 900))
        if rng.random() < 0.3:
            texts = self.channels(0)
            if texts:
                body["rules_channel_id"] = str(rng.choice(texts).id)
                body["public_updates_channel_id"] = str(rng.choice(texts).id)
        if rng.random() < 0.4:
            texts = self.channels(0)
            body["system_channel_id"] = str(rng.choice(texts).id) if texts and \
                rng.random() < 0.7 else None
        if rng.random() < 0.3:
            body["default_message_notifications"] = rng.randint(0, 1)
            body["explicit_content_filter"] = rng.randint(0, 2)
        if rng.random() < 0.2:
            body["system_channel_flags"] = rng.choice((0, 1, 5))
        if rng.random() < 0.4 or not body:
            body["verification_level"] = rng.randint(0, 4)
        await self.rest("PATCH", f"/guilds/{self.gid}", body)
        return f"edit guild {body}"

    async def voice(self) -> str | None:
        rng = self.rng
        voices = self.channels(2)
        members = self.members()
        if not members:
            return None
        uid = rng.choice(members)
        connected = self.sb.state.voice_state(self.gid, uid)
        if connected is not None and rng.random() < 0.3:
            await self.sb.leave_voice(uid)
            return f"{uid} leaves voice"
        if connected is not None and rng.random() < 0.3:
            await self.sb.set_voice(uid, self_mute=rng.random() < 0.5)
            return f"{uid} mutes"
        voices += self.channels(13)
        if not voices:
            return None
        room = rng.choice(voices)
        if connected is not None and rng.random() < 0.5:
            await self.rest("PATCH", f"/guilds/{self.gid}/members/{uid}",
                            {"channel_id": str(room.id), "mute": rng.random() < 0.5})
            return f"move {uid} to {room.name}"
        with contextlib.suppress(Exception):  # overwrites may keep them out
            await self.sb.join_voice(uid, room.id)
            return f"{uid} joins {room.name}"
        return None

    async def profile(self) -> str | None:
        """A person changes what the guild shows of them: a guild avatar, or their
        status (PRESENCE_UPDATE)."""
        rng = self.rng
        members = self.members()
        if not members:
            return None
        uid = rng.choice(members)
        if rng.random() < 0.3:
            # Their account's display name and avatar: GUILD_MEMBER_UPDATE carries the
            # changed user (the sandbox has no call for it: changed in its state).
            state = self.sb.state
            user = msgspec.structs.replace(
                state.users[uid], global_name=self.name("Name"),
                avatar_hash=rng.choice((None, f"{self.count:032x}")))
            state.users[uid] = user
            state.members[self.gid][uid] = msgspec.structs.replace(
                state.members[self.gid][uid], user=user)
            state.update_member(self.gid, uid)
            return f"{uid} is now {user.global_name}"
        if rng.random() < 0.5:
            avatar = rng.choice((None, f"{self.count:032x}"))
            self.count += 1
            self.sb.state.update_member(self.gid, uid, guild_avatar_hash=avatar)
            return f"{uid} guild avatar {avatar}"
        status = rng.choice(("online", "idle", "dnd", "offline"))
        await self.sb.set_presence(uid, status)
        return f"{uid} is {status}"

    async def people_in_threads(self) -> str | None:
        rng = self.rng
        threads = [t for t in self.threads() if t.type == 11 and not (
            t.thread_metadata and t.thread_metadata.archived)]
        members = self.members()
        if not threads or not members:
            return None
        thread, uid = rng.choice(threads), rng.choice(members)
        with contextlib.suppress(Exception):  # may not see it, or not in it
            if rng.random() < 0.6:
                await self.sb.join_thread(uid, thread.id)
                return f"{uid} joins thread {thread.name}"
            await self.sb.leave_thread(uid, thread.id)
            return f"{uid} leaves thread {thread.name}"
        return None

    async def voice_moderation(self) -> str | None:
        rng = self.rng
        connected = [uid for uid in self.members()
                     if self.sb.state.voice_state(self.gid, uid) is not None]
        if not connected:
            return None
        uid = rng.choice(connected)
        body: dict[str, Any] = rng.choice((
            {"mute": rng.random() < 0.5}, {"deaf": rng.random() < 0.5},
            {"channel_id": None}))
        await self.rest("PATCH", f"/guilds/{self.gid}/members/{uid}", body)
        return f"voice moderation of {uid}: {body}"

    async def edit_voice_channel(self) -> str | None:
        rng = self.rng
        voices = self.channels(2)
        voices += self.channels(13)
        if not voices:
            return None
        room = rng.choice(voices)
        body = {"bitrate": rng.choice((8000, 64000, 96000)), "user_limit": rng.randint(0, 5),
                "rtc_region": rng.choice((None, "rotterdam")),
                "nsfw": rng.random() < 0.3}
        await self.rest("PATCH", f"/channels/{room.id}", body)
        return f"edit voice {room.name} {body}"

    async def emoji_roles(self) -> str | None:
        rng = self.rng
        emojis = sorted(self.sb.state.guild(self.gid).emojis or (), key=lambda e: int(e.id))
        roles = self.roles()
        if not emojis or not roles:
            return None
        emoji = rng.choice(emojis)
        chosen = [str(r.id) for r in rng.sample(roles, rng.randint(0, min(2, len(roles))))]
        await self.rest("PATCH", f"/guilds/{self.gid}/emojis/{emoji.id}", {"roles": chosen})
        return f"emoji {emoji.name} for roles {chosen}"

    async def reconnect(self) -> str | None:
        """The gateway drops both bots' connections (they resume, missing nothing), or
        ends their sessions (they identify again: a fresh GUILD_CREATE)."""
        if self.rng.random() < 0.5:
            await self.sb.drop_connections()
            return "connections dropped"
        await self.sb.invalidate_session(resumable=False)
        return "sessions invalidated"

    STEPS = ("create_channel", "edit_channel", "delete_channel", "reorder_channels",
             "overwrite", "create_role", "edit_role", "delete_role", "reorder_roles", "join",
             "leave", "edit_member", "member_role", "ban", "thread", "emoji", "sticker",
             "edit_guild", "voice", "profile", "people_in_threads", "voice_moderation",
             "edit_voice_channel", "emoji_roles")

    async def step(self) -> str:
        """One random step that applies now."""
        while True:
            try:
                label = await getattr(self, self.rng.choice(self.STEPS))()
            except Refused:
                continue
            if label is not None:
                return label


# -- driving both ---------------------------------------------------------------------

async def settled(sb: Sandbox, bots: dict[str, Any]) -> None:
    """Wait until both bots have read everything sent so far: a person types in #beacon,
    and each bot hears that after every event before it."""
    waits = [asyncio.ensure_future(bot.wait_for("raw_typing", timeout=20))
             for bot in bots.values()]
    await asyncio.sleep(0)
    # Typed again until both heard it: a bot reconnecting may miss one.
    while not all(w.done() for w in waits):
        await sb.typing("alice", "beacon")
        await asyncio.wait(waits, timeout=0.5, return_when=asyncio.ALL_COMPLETED)
    await asyncio.gather(*waits)
    await asyncio.sleep(0.02)  # discord.py's handlers run as tasks: let them


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                out.append(f"{path}/{key}: tidecord {a.get(key, '<none>')!r} "
                           f"discord.py {b.get(key, '<none>')!r}")
            else:
                out.extend(differences(a[key], b[key], f"{path}/{key}"))
        return out
    return [] if a == b else [f"{path}: tidecord {a!r}\n      discord.py {b!r}"]


Step = Callable[[Admin], Awaitable[str | None]]


async def compare(sandbox_factory: Any, steps: Iterable[Step], seed: int = 0,
                  administrator: bool = True, crowd: int = 0, chunk: bool = True,
                  watch: Callable[[Sandbox], Any] | None = None,
                  ) -> tuple[list[str], dict[str, list[Any]]]:
    """Take ``steps`` one by one with both bots connected; after each, what differs
    between their caches and between the events they dispatched for it. Also returns
    every event each library dispatched, in order. ``crowd`` and ``chunk``: see
    :func:`streams_world` and :func:`stream_bot`; ``watch(sandbox)`` is called once
    both bots are ready, before the first step."""
    sb = await sandbox_factory(world=streams_world(administrator, crowd),
                               rate_limits=quick_limits())
    for n in range(0, crowd, 2):  # offline: a large guild's GUILD_CREATE leaves them out
        await sb.set_presence(f"guest{n:02}", "offline")
    logs: dict[str, list[Any]] = {"tidecord": [], "discord.py": []}
    heard: dict[str, list[Any]] = {"tidecord": [], "discord.py": []}
    found: list[str] = []
    async with contextlib.AsyncExitStack() as stack:
        bots = {name: await stack.enter_async_context(
                    running(name, sb, stream_bot(log, chunk)))
                for name, log in logs.items()}
        http = await stack.enter_async_context(aiohttp.ClientSession(
            headers={"Authorization": f"Bot {sb.token}"}))
        admin = Admin(sb, http, random.Random(seed), lenient=not administrator)
        await settled(sb, bots)
        if watch is not None:
            watch(sb)
        for log in logs.values():
            log.clear()
        for number, step in enumerate(steps):
            label = await step(admin)
            await settled(sb, bots)
            diff = differences(snapshot(bots["tidecord"]), snapshot(bots["discord.py"]))
            diff += differences({"events": logs["tidecord"]}, {"events": logs["discord.py"]})
            if diff:
                found.append(f"seed {seed} step {number}: {label}\n  " + "\n  ".join(diff))
            for name, log in logs.items():
                heard[name].extend(log)
                log.clear()
    return found, heard


def random_steps(count: int) -> Iterator[Step]:
    """``count`` steps, each drawn by the admin's seeded generator."""
    for _ in range(count):
        yield Admin.step


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_streams_leave_the_same_cache(sandbox_factory: Any, seed: int) -> None:
    found, _ = await compare(sandbox_factory, random_steps(40), seed)
    assert not found, "\n".join(found[:5])


@pytest.mark.parametrize("seed", [4, 5])
async def test_streams_of_a_bot_without_administrator(sandbox_factory: Any,
                                                     seed: int) -> None:
    """Overwrites can hide channels from this bot, and its role's rank bounds what it
    may change: the sandbox obfuscates what it cannot see."""
    found, _ = await compare(sandbox_factory, random_steps(40), seed, administrator=False)
    assert not found, "\n".join(found[:5])


async def test_a_stream_across_reconnects(sandbox_factory: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Resumes and fresh sessions in the middle of a stream: what each bot rebuilds
    from a new GUILD_CREATE, or catches up on, must still read alike."""
    monkeypatch.setattr(Admin, "STEPS", (*Admin.STEPS, *["reconnect"] * 4))
    found, _ = await compare(sandbox_factory, random_steps(16), 93)  # a resume, a new session
    assert not found, "\n".join(found[:5])


# -- what the streams found, each on its own -----------------------------------------

def named(sb: Sandbox, name: str) -> Any:
    return next(c for c in sb.state.guild_channels[int(sb.guild.id)].values()
                if c.name == name)


async def test_a_category_lists_text_channels_before_voice(sandbox_factory: Any) -> None:
    """discord.py's ``CategoryChannel.channels`` puts text channels first, then the
    rest, each by position: a text channel made in a category of voice channels comes
    first though its position is last."""
    async def text_among_voice(admin: Admin) -> str:
        voice = named(admin.sb, "Voice")
        await admin.rest("POST", f"/guilds/{admin.gid}/channels",
                         {"name": "notes", "type": 0, "parent_id": str(voice.id)})
        return "a text channel in Voice"

    found, _ = await compare(sandbox_factory, [text_among_voice])
    assert not found, "\n".join(found)


async def test_deleting_a_channel_deletes_its_threads(sandbox_factory: Any) -> None:
    """Discord sends no THREAD_DELETE for a deleted channel's threads; discord.py drops
    them from the cache with ``on_thread_delete`` and ``on_raw_thread_delete``."""
    async def thread_in_ideas(admin: Admin) -> str:
        ideas = named(admin.sb, "ideas")
        await admin.rest("POST", f"/channels/{ideas.id}/threads",
                         {"name": "plans", "type": 11})
        return "a thread in #ideas"

    async def delete_ideas(admin: Admin) -> str:
        await admin.rest("DELETE", f"/channels/{named(admin.sb, 'ideas').id}")
        return "#ideas deleted"

    found, heard = await compare(sandbox_factory, [thread_in_ideas, delete_ideas])
    assert not found, "\n".join(found)
    assert [e[0] for e in heard["tidecord"] if "thread" in e[0]] == [
        "thread_create", "thread_delete", "raw_thread_delete"]


async def test_everyone_overwrite_comes_first(sandbox_factory: Any) -> None:
    """Discord may list @everyone's overwrite after a role's; discord.py swaps it to
    the front, which orders ``changed_roles`` and ``overwrites``."""
    async def everyone_second(admin: Admin) -> str:
        mod = next(r for r in admin.roles() if r.name == "Mod")
        body = {"name": "staff", "type": 0, "permission_overwrites": [
            {"id": str(mod.id), "type": 0, "allow": "1024", "deny": "0"},
            {"id": str(admin.gid), "type": 0, "allow": "0", "deny": "1024"}]}
        await admin.rest("POST", f"/guilds/{admin.gid}/channels", body)
        return "#staff, @everyone's overwrite second"

    found, _ = await compare(sandbox_factory, [everyone_second])
    assert not found, "\n".join(found)


async def test_a_timeout_narrows_guild_permissions(sandbox_factory: Any) -> None:
    """A timed-out member's ``guild_permissions`` keep only View Channel and Read
    Message History, as discord.py's (``permissions_for`` already did)."""
    async def time_out_bob(admin: Admin) -> str:
        bob = int(admin.sb.user("bob").id)
        until = datetime.datetime.fromtimestamp(admin.sb.clock.time() + 3600, datetime.UTC)
        await admin.rest("PATCH", f"/guilds/{admin.gid}/members/{bob}",
                         {"communication_disabled_until": until.isoformat()})
        return "bob timed out"

    found, _ = await compare(sandbox_factory, [time_out_bob])
    assert not found, "\n".join(found)


async def test_raw_thread_update_holds_the_cached_thread(sandbox_factory: Any) -> None:
    """``on_raw_thread_update``'s ``thread`` is the cached thread, as discord.py's: it
    reads as before the update when the event arrives (tidecord handed a copy of the
    update instead)."""
    async def thread_in_general(admin: Admin) -> str:
        general = named(admin.sb, "general")
        await admin.rest("POST", f"/channels/{general.id}/threads",
                         {"name": "plans", "type": 11})
        return "a thread in #general"

    async def rename_it(admin: Admin) -> str:
        await admin.rest("PATCH", f"/channels/{admin.threads()[0].id}", {"name": "done"})
        return "renamed"

    found, heard = await compare(sandbox_factory, [thread_in_general, rename_it])
    assert not found, "\n".join(found)
    raw = next(e for e in heard["tidecord"] if e[0] == "raw_thread_update")
    assert dict(raw[1][1:])["thread"][2] == "plans"


async def test_a_member_who_leaves_keeps_their_status(sandbox_factory: Any) -> None:
    """``on_member_remove``'s member still shows the status it had, as discord.py's
    (tidecord's read offline: the cache forgot the presence before the event)."""
    async def bob_busy(admin: Admin) -> str:
        await admin.sb.set_presence("bob", "dnd")
        return "bob is dnd"

    async def kick_bob(admin: Admin) -> str:
        await admin.rest("DELETE", f"/guilds/{admin.gid}/members/{admin.sb.user('bob').id}")
        return "bob kicked"

    async def frank_idles_and_leaves(admin: Admin) -> str:
        await admin.sb.join("frank")
        await admin.sb.set_presence("frank", "idle")
        await admin.sb.leave("frank")
        return "frank came, idled and left"

    found, heard = await compare(sandbox_factory, [bob_busy, kick_bob, frank_idles_and_leaves])
    assert not found, "\n".join(found)
    gone = [e[1][6] for e in heard["tidecord"] if e[0] == "member_remove"]
    assert gone == ["dnd", "idle"]


async def test_a_guild_update_leaves_a_large_guild_large(sandbox_factory: Any) -> None:
    """GUILD_UPDATE carries none of GUILD_CREATE's own fields: the sandbox sent
    ``large`` (false, as the world wrote it) and tidecord took it, where discord.py's
    large guild stayed large."""
    async def rename(admin: Admin) -> str:
        await admin.rest("PATCH", f"/guilds/{admin.gid}", {"name": "Renamed"})
        return "guild renamed"

    sent: list[Any] = []
    found, _ = await compare(sandbox_factory, [rename], crowd=260, chunk=False,
                             watch=lambda sb: sb.state.subscribe(
                                 lambda d: sent.append(d) if d.event == "GUILD_UPDATE"
                                 else None))
    assert not found, "\n".join(found)
    sent_large = [d.data.get("large") if isinstance(d.data, dict) else d.data.large
                  for d in sent]
    assert sent_large in ([None], [UNSET])
