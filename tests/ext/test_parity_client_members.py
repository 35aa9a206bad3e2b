"""A bot that reports what its client runs with: its intents (a copy), its application
and the application's flags, the gateway send limit, its voice clients, and who it
identified as; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def client_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    hooks: list[str] = []

    async def before_identify_hook(shard_id, *, initial=False):
        hooks.append(f"{shard_id} {initial}")

    bot.before_identify_hook = before_identify_hook

    @bot.command()
    async def about(ctx):
        seen = bot.intents
        copy = seen is not intents and seen == intents
        seen.guilds = False
        app = bot.application
        flags = bot.application_flags
        await ctx.send(
            f"intents {bot.intents.value} copy {copy} still {bot.intents.guilds}\n"
            f"app {app.name} {app.id == bot.application_id} owner {app.owner.name}\n"
            f"flags {flags.value} content {flags.gateway_message_content} "
            f"members {flags.gateway_guild_members} "
            f"presence {flags.gateway_presence_limited}\n"
            f"ratelimited {bot.is_ws_ratelimited()} voice {bot.voice_clients}\n"
            f"hooks {hooks}")

    return bot


async def test_client_members_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, client_bot, [("alice", "general", "!about")])
    assert said["tidecord"] == said["discord.py"]
    assert "copy True still True" in said["tidecord"][0]
    assert "hooks ['None True']" in said["tidecord"][0]
