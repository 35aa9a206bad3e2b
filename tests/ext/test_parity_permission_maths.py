"""Permission maths as discord.py 2.7.1 does it: ``Permissions`` and
``PermissionOverwrite`` operators, comparisons, updates and errors on the same calls,
and what ``channel.permissions_for`` gives each member and role across @everyone, role
and member overwrites, an administrator, the owner, a timed-out member, a
category-synced channel, a voice channel, a thread and a DM, from the same bot on both
libraries against the sandbox."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from collections.abc import Callable
from typing import Any

import discord as theirs
import pytest

import tidecord as ours
from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def outcome(build: Callable[[Any], Any], module: Any) -> Any:
    """What ``build(module)`` returns, or the error it raises, as comparable data."""
    try:
        return build(module)
    except Exception as error:  # the error is the outcome compared
        return f"{type(error).__name__}: {error}"


def _p(m: Any, value: int = 0, **named: bool) -> Any:
    return m.Permissions(value, **named)


def _unknown_flag(kind: str) -> Callable[[Any], Any]:
    return lambda m: getattr(m, kind)(fly=True)


def _updated(thing: Any, **named: Any) -> Any:
    thing.update(**named)
    overwrite = isinstance(thing, ours.PermissionOverwrite | theirs.PermissionOverwrite)
    return sorted(thing) if overwrite else thing.value


MATHS: dict[str, Callable[[Any], Any]] = {
    "groups": lambda m: [getattr(m.Permissions, name)().value for name in (
        "all", "all_channel", "general", "text", "voice", "stage", "stage_moderator",
        "elevated", "advanced", "membership", "events", "apps", "none")],
    "operators": lambda m: [(_p(m, 5) | _p(m, 3)).value, (_p(m, 5) & _p(m, 3)).value,
                            (_p(m, 5) ^ _p(m, 3)).value, (~_p(m, 5)).value,
                            _p(m, 1) <= _p(m, 3), _p(m, 3) >= _p(m, 1), _p(m, 1) < _p(m, 1),
                            _p(m, 3) > _p(m, 1), _p(m, 1) == _p(m, 1), _p(m, 1) != _p(m, 2)],
    "subsets": lambda m: [_p(m, 1).is_subset(_p(m, 3)), _p(m, 3).is_superset(_p(m, 1)),
                          _p(m, 1).is_strict_subset(_p(m, 1)),
                          _p(m, 3).is_strict_superset(_p(m, 1))],
    "compared with an int": lambda m: _p(m, 1) <= 3,
    "subset of an int": lambda m: _p(m, 1).is_superset(3),
    "keywords": lambda m: _p(m, kick_members=True, view_channel=True).value,
    "an unknown keyword": lambda m: _p(m, fly=True),
    "an unknown flag": lambda m: [outcome(_unknown_flag(kind), m) for kind in (
        "Intents", "MessageFlags", "MemberCacheFlags", "ChannelFlags", "SystemChannelFlags")],
    "a value as text": lambda m: _p(m, "8"),  # type: ignore[arg-type]
    "a permission set to a number": lambda m: setattr(_p(m), "kick_members", 1),
    "a permission named with a number": lambda m: _p(m, kick_members=1),
    "an intent set to a word": lambda m: m.Intents(messages="yes"),
    "in place": lambda m: (lambda p, q: (p.__ior__(q) is p, p.__iand__(q) is p,
                                         p.__ixor__(q) is p, p.value))(_p(m, 1), _p(m, 4)),
    "update ignores unknown names": lambda m: _updated(_p(m), ban_members=True, fly=True),
    "handle_overwrite": lambda m: (lambda p: (p.handle_overwrite(allow=8 | 2, deny=2 | 1),
                                              p.value)[1])(_p(m, 1 | 4)),
    "iteration": lambda m: list(_p(m, 8 | 1024)),
    "aliases": lambda m: [_p(m, 1 << 10).read_messages, _p(m, 1 << 28).manage_permissions,
                          _p(m, 1 << 30).manage_emojis_and_stickers],
    "overwrite pair": lambda m: [p.value for p in m.PermissionOverwrite(
        kick_members=True, ban_members=False, send_messages=None).pair()],
    "overwrite from_pair": lambda m: sorted(m.PermissionOverwrite.from_pair(_p(m, 2), _p(m, 4))),
    "overwrite is_empty": lambda m: (m.PermissionOverwrite().is_empty(),
                                     m.PermissionOverwrite(kick_members=False).is_empty()),
    "overwrite update ignores unknown names": lambda m: _updated(
        m.PermissionOverwrite(), kick_members=True, fly=True),
    "overwrite with an unknown name": lambda m: m.PermissionOverwrite(fly=True),
    # 1 and 0 are taken (discord.py 2.7.1's pair() then leaves them out; ours counts them)
    "overwrite of a number": lambda m: sorted(m.PermissionOverwrite(kick_members=1,
                                                                    ban_members=0)),
    "overwrite of a word": lambda m: m.PermissionOverwrite(kick_members="yes"),
    "overwrite equality": lambda m: (
        m.PermissionOverwrite(kick_members=True) == m.PermissionOverwrite(kick_members=True),
        m.PermissionOverwrite() == m.PermissionOverwrite(kick_members=None),
        m.PermissionOverwrite() == 5),
    "overwrite by alias": lambda m: (lambda o: (setattr(o, "read_messages", True),
                                                o.view_channel)[1])(m.PermissionOverwrite()),
}


@pytest.mark.parametrize("name", list(MATHS))
def test_permission_maths_as_in_discord_py(name: str) -> None:
    build = MATHS[name]
    assert outcome(build, ours) == outcome(build, theirs)


def permissions_world() -> World:
    """@everyone, role and member overwrites; an administrator; a muted role; a staff
    category whose first channel is synced with it and second is not; a voice channel."""
    staff = [{"role": "@everyone", "deny": ["view_channel"]},
             {"role": "Moderator", "allow": ["view_channel", "manage_messages"]},
             {"user": "SandboxBot", "allow": ["view_channel"]}]
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave", "erin"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "moderate_members", "create_public_threads",
                                "send_messages_in_threads", "manage_threads"],
            "roles": [{"name": "Moderator", "permissions": ["kick_members", "manage_messages"]},
                      {"name": "Admin", "permissions": ["administrator"]},
                      {"name": "Muted", "permissions": []}],
            "channels": [
                {"name": "bots"},
                {"name": "general", "overwrites": [
                    {"role": "@everyone", "deny": ["send_messages", "add_reactions"]},
                    {"role": "Moderator", "allow": ["send_messages"], "deny": ["embed_links"]},
                    {"role": "Muted", "deny": ["send_messages_in_threads"]},
                    {"user": "carol", "allow": ["send_messages"], "deny": ["attach_files"]},
                    {"user": "bob", "deny": ["view_channel"]}]},
                {"name": "quiet", "overwrites": [
                    {"role": "@everyone", "deny": ["send_messages"]}]},
                {"name": "Staff", "type": 4, "overwrites": staff},
                {"name": "staff-chat", "parent": "Staff", "overwrites": staff},
                {"name": "staff-odd", "parent": "Staff", "overwrites": [
                    {"role": "@everyone", "deny": ["view_channel"]},
                    {"user": "SandboxBot", "allow": ["view_channel"]}]},
                {"name": "Lounge", "type": 2, "overwrites": [
                    {"role": "Muted", "deny": ["connect"]}]},
            ],
            "members": [{"user": "bob", "roles": ["Moderator"]}, "carol",
                        {"user": "dave", "roles": ["Admin"]},
                        {"user": "erin", "roles": ["Muted"]}],
        }],
    })


def permissions_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    names = ("alice", "bob", "carol", "dave", "erin")

    def table(channel: Any, members: list[Any]) -> str:
        roles = [r for r in channel.guild.roles if not r.managed]
        return (f"{channel.name}: "
                + " ".join(f"{m.name}={channel.permissions_for(m).value}" for m in members)
                + " | " + " ".join(f"{r.name}={channel.permissions_for(r).value}"
                                   for r in roles))

    @bot.command()
    async def perms(ctx):
        guild = ctx.guild
        members = [guild.get_member_named(n) for n in names] + [guild.me]
        for name in ("general", "quiet", "Staff", "staff-chat", "staff-odd", "Lounge"):
            channel = discord.utils.get(guild.channels, name=name)
            await ctx.send(table(channel, members))
        synced = [c.permissions_synced for c in guild.categories[0].channels]
        await ctx.send(f"guild {[m.guild_permissions.value for m in members]} synced {synced} "
                       f"bot {ctx.bot_permissions.value} author {ctx.permissions.value}")

    @bot.command()
    async def hush(ctx, member: discord.Member):
        await member.timeout(datetime.timedelta(minutes=5))
        held = await ctx.guild.fetch_member(member.id)
        channels = [discord.utils.get(ctx.guild.channels, name=n) for n in ("general", "quiet")]
        await ctx.send(f"{held.name} timed out {held.is_timed_out()}: "
                       + " ".join(str(c.permissions_for(held).value) for c in channels))

    @bot.command()
    async def thread(ctx):
        quiet = discord.utils.get(ctx.guild.channels, name="quiet")
        made = await quiet.create_thread(name="chat", type=discord.ChannelType.public_thread)
        members = [ctx.guild.get_member_named(n) for n in names] + [ctx.guild.me]
        await ctx.send(" ".join(f"{m.name}={made.permissions_for(m).value}" for m in members))

    @bot.command()
    async def private(ctx):
        dm = await ctx.author.create_dm()
        await ctx.send(f"in a DM {dm.permissions_for(ctx.author).value} "
                       f"{dm.permissions_for(bot.user).value}")

    return bot


async def test_permissions_for_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, permissions_bot, [
        ("alice", "bots", "!perms", 7), ("alice", "bots", "!hush carol"),
        ("alice", "bots", "!hush erin"), ("alice", "bots", "!thread", 2),
        ("alice", "bots", "!private")],
        world=permissions_world)
    assert said["tidecord"] == said["discord.py"]
