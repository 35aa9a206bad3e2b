"""Reordering channels as a server-setup bot does: ``channel.move`` to the beginning or
end of its category, before or after a channel, with an offset, into another category
with its permissions synced, and the refusals. The order the guild ends up with must
be the same on both libraries."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def rooms_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "manage_channels",
                                "manage_roles"],
            "roles": [{"name": "Guest"}],
            "channels": [
                {"name": "Main", "type": 4},
                {"name": "general", "parent": "Main"},
                {"name": "rules", "parent": "Main"},
                {"name": "memes", "parent": "Main"},
                {"name": "Lounge", "type": 2, "parent": "Main"},
                {"name": "Archive", "type": 4,
                 "overwrites": [{"role": "Guest", "deny": ["view_channel"]}]},
                {"name": "old-news", "parent": "Archive"},
            ],
            "members": ["alice"],
        }],
    })


def rooms_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    async def layout(ctx):
        fetched = await ctx.guild.fetch_channels()
        names = {c.id: c.name for c in fetched}
        groups = {}
        for c in sorted(fetched, key=lambda c: (c.position, c.id)):
            if c.type == discord.ChannelType.text:
                groups.setdefault(names.get(c.category_id, "-"), []).append(c.name)
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(groups.items()))

    def channel(ctx, name):
        return discord.utils.get(ctx.guild.channels, name=name)

    @bot.command()
    async def move(ctx, name, where, other=None, offset: int = 0):
        kwargs = {"offset": offset}
        if where in ("before", "after"):
            kwargs[where] = channel(ctx, other)
        elif where == "into":
            kwargs["category"] = channel(ctx, other)
            kwargs["sync_permissions"] = True
            kwargs["end"] = True
        else:
            kwargs[where] = True
        try:
            await channel(ctx, name).move(**kwargs)
        except (ValueError, TypeError, discord.HTTPException) as exc:
            await ctx.send(f"{name} {where}: {type(exc).__name__}")
            return
        await ctx.send(f"{name} {where} {other or ''}: {await layout(ctx)}")

    @bot.command()
    async def synced(ctx, name):
        moved = await ctx.guild.fetch_channel(channel(ctx, name).id)
        guest = discord.utils.get(ctx.guild.roles, name="Guest")
        await ctx.send(f"{name} in {moved.category.name}: guests see "
                       f"{moved.overwrites_for(guest).view_channel}")

    @bot.command()
    async def odd(ctx):
        said = []
        for kwargs in ({"beginning": True, "end": True}, {"before": channel(ctx, "Lounge")}):
            try:
                await channel(ctx, "memes").move(**kwargs)
            except (ValueError, TypeError) as exc:
                said.append(type(exc).__name__)
        await ctx.send(f"odd: {said}")

    return bot


LINES = [
    ("alice", "general", "!move rules beginning"),
    ("alice", "general", "!move rules end"),
    ("alice", "general", "!move memes before general"),
    ("alice", "general", "!move memes after rules"),
    ("alice", "general", "!move general beginning x 1"),
    ("alice", "general", "!move memes into Archive"),
    ("alice", "general", "!synced memes"),
    ("alice", "general", "!odd"),
]


async def test_channel_moves_behave_alike(sandbox_factory: Any) -> None:
    runs = await both(sandbox_factory, rooms_bot, LINES, world=rooms_world)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs, (ours, theirs)
    text = "\n".join(ours)
    for expected in ("rules beginning : Archive: old-news; Main: rules, general, memes",
                     "memes before general: Archive: old-news; Main: memes, general, rules",
                     "memes into Archive: Archive: old-news, memes; Main:",
                     "memes in Archive: guests see False", "odd: ['TypeError', 'ValueError']"):
        assert expected in text, expected
