"""Gaps the instance surface comparison (test_instance_surface_like_discord_py.py) found:
each is a program that ran on discord.py 2.7.1 and not on tidecord (or not on the
sandbox), run here on both and compared."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import World

from ..ext.parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def forum_world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Plans", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_guild"],
                    "channels": [{"name": "general"}, {"name": "questions", "type": 15}],
                    "members": ["alice"]}],
    })


def template_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def keep(ctx: Any) -> None:
        template = await ctx.guild.create_template(name="Plans kit")
        kept = template.source_guild
        forum = discord.utils.get(kept.channels, name="questions")
        await ctx.send(f"{template.name} of {kept.name}: "
                       f"{sorted((c.name, str(c.type)) for c in kept.channels)} "
                       f"forum tags {list(forum.available_tags)} "
                       f"roles {sorted(r.name for r in kept.roles)}")

    return bot


async def test_a_template_of_a_guild_with_a_forum(sandbox_factory: Any) -> None:
    # the sandbox sent a forum's tags as null, as Discord did until late 2025: discord.py
    # could not read the template
    said = await both(sandbox_factory, template_bot, [("alice", "general", "!keep")],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: Plans kit of Plans: [('general', 'text'), ('questions', 'forum')] "
        "forum tags [] roles ['@everyone']"]
