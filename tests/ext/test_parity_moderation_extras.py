"""A clean-up bot's heavier tools: estimate and prune inactive members (with a role let
in), ban a raid's accounts in one call (and be told when none could be), clone a
channel to start it afresh, and reply through a message reference. Both libraries must
say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both, later

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def cleanup_world() -> World:
    return World.from_dict({
        "users": [{"username": name, "global_name": name.title()}
                  for name in ("alice", "bob", "carol", "dave", "erin")],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "kick_members", "ban_members", "manage_guild",
                                "manage_channels", "manage_roles"],
            "roles": [{"name": "Moderator"}, {"name": "Helper"}],
            "channels": [
                {"name": "Talk", "type": 4},
                {"name": "general", "parent": "Talk"},
                {"name": "ideas", "parent": "Talk", "topic": "say it", "nsfw": True,
                 "overwrites": [{"role": "Helper", "deny": ["send_messages"]}]},
            ],
            "members": [{"user": "alice", "roles": ["Moderator"]},
                        {"user": "bob", "roles": ["Helper"]}, "carol", "dave", "erin"],
        }],
    })


def cleanup_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    ids = {}  # name -> id of everyone seen in the guild (the pruned leave it)

    @bot.command()
    async def estimate(ctx, days: int, *roles: discord.Role):
        ids.update({m.name: m.id for m in ctx.guild.members})
        count = await ctx.guild.estimate_pruned_members(days=days, roles=list(roles))
        await ctx.send(f"{days} days, roles {[r.name for r in roles]}: {count} to prune")

    @bot.command()
    async def prune(ctx, days: int):
        count = await ctx.guild.prune_members(days=days, reason="spring clean")
        await ctx.send(f"pruned {count}")

    @bot.command()
    async def raid(ctx, *names):
        named = {ids[n]: n for n in names}
        try:
            result = await ctx.guild.bulk_ban([discord.Object(i) for i in named],
                                              delete_message_seconds=0)
        except discord.HTTPException as exc:
            await ctx.send(f"none banned: {exc.status} {exc.code}")
            return
        await ctx.send(f"banned {sorted(named[o.id] for o in result.banned)}, failed "
                       f"{sorted(named[o.id] for o in result.failed)}")

    @bot.command(name="clone")
    async def clone_channel(ctx, name):
        old = discord.utils.get(ctx.guild.text_channels, name=name)
        new = await old.clone(reason="fresh start")
        helper = discord.utils.get(ctx.guild.roles, name="Helper")
        await ctx.send(f"{new.name}: topic {new.topic!r}, nsfw {new.nsfw}, slowmode "
                       f"{new.slowmode_delay}, category {new.category.name}, helpers may "
                       f"send {new.overwrites_for(helper).send_messages}, new {new.id != old.id}")

    @bot.command()
    async def ref(ctx):
        reference = ctx.message.to_reference(fail_if_not_exists=False)
        sent = await ctx.send("about that", reference=reference)
        await ctx.send(f"replied to the command {sent.reference.message_id == ctx.message.id}")

    return bot


LINES = [
    later(8 * 86_400),
    ("alice", "general", "!estimate 7"),
    ("dave", "general", "still here", 0),
    ("alice", "general", "!estimate 7"),
    ("alice", "general", "!estimate 7 Helper"),
    ("alice", "general", "!prune 7"),
    ("alice", "general", "!raid bob erin alice"),
    ("alice", "general", "!raid bob"),
    ("alice", "general", "!clone ideas"),
    ("alice", "general", "!ref", 2),
]


async def test_cleanup_tools_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, cleanup_bot, LINES, world=cleanup_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    text = "\n".join(ours)
    for expected in ("7 days, roles []: 3 to prune", "7 days, roles []: 2 to prune",
                     "7 days, roles ['Helper']: 3 to prune",
                     "pruned 2",
                     "banned ['bob', 'erin'], failed ['alice']", "none banned: 400 500000",
                     "ideas: topic 'say it', nsfw True, slowmode 0, category Talk, helpers "
                     "may send False, new True", "replied to the command True"):
        assert expected in text, expected
