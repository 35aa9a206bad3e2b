"""Reordering roles as a role-menu bot does: ``Role.move`` to the beginning, the end,
next to another role, with an offset, and ``Guild.edit_role_positions`` in one call;
the refusals for a role above the bot's and for impossible targets. The order the
guild ends up with must be the same on both libraries."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def roles_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "manage_roles"],
            "roles": [{"name": "Admin"}, {"name": "Red"}, {"name": "Green"},
                      {"name": "Blue"}, {"name": "Gold"}],
            "channels": [{"name": "general"}],
            "members": [{"user": "alice", "roles": ["Admin"]}],
        }],
    })


def roles_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def colours(roles):
        return [r.name for r in sorted(roles, key=lambda r: r.position)
                if r.name in ("Red", "Green", "Blue", "Gold")]

    async def order(ctx):
        return colours(await ctx.guild.fetch_roles())

    def role(ctx, name):
        return discord.utils.get(ctx.guild.roles, name=name)

    @bot.command()
    async def move(ctx, name, where, other=None, offset: int = 0):
        target = role(ctx, name)
        kwargs = {"offset": offset}
        if where in ("above", "below"):
            kwargs[where] = role(ctx, other)
        else:
            kwargs[where] = True
        try:
            await target.move(**kwargs)
        except (ValueError, TypeError, discord.HTTPException) as exc:
            await ctx.send(f"{name} {where}: {type(exc).__name__}")
            return
        await ctx.send(f"{name} {where} {other or ''} {offset}: {await order(ctx)}")

    @bot.command()
    async def bulk(ctx):
        guild = ctx.guild
        positions = {role(ctx, "Gold"): 1, role(ctx, "Red"): 2}
        answered = await guild.edit_role_positions(positions, reason="tidy")
        await ctx.send(f"bulk: {colours(answered)} / {await order(ctx)}")

    @bot.command()
    async def odd(ctx):
        red = role(ctx, "Red")
        said = []
        for kwargs in ({"above": red}, {"above": ctx.guild.default_role},
                       {"beginning": True, "end": True}):
            try:
                await red.move(**kwargs)
            except (ValueError, TypeError) as exc:
                said.append(type(exc).__name__)
        await ctx.send(f"odd: {said}")

    return bot


LINES = [
    ("alice", "general", "!move Gold beginning"),
    ("alice", "general", "!move Red end"),
    ("alice", "general", "!move Blue above Green"),
    ("alice", "general", "!move Blue below Green"),
    ("alice", "general", "!move Green beginning x 1"),
    ("alice", "general", "!move Admin beginning"),
    ("alice", "general", "!bulk"),
    ("alice", "general", "!odd"),
]


async def test_role_moves_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, roles_bot, LINES, world=roles_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, (ours, theirs)
    text = "\n".join(ours)
    assert "Gold beginning  0: ['Gold', 'Red', 'Green', 'Blue']" in text
    assert "Red end: Forbidden" in text  # the top is above the bot's own role
    assert "Green beginning x 1: ['Gold', 'Green', 'Red', 'Blue']" in text
    assert "bulk: ['Gold', 'Red', 'Green', 'Blue']" in text
    assert "odd: ['ValueError', 'ValueError', 'TypeError']" in text
