"""READY as Discord really sends it, bent every way it documents (fields never heard
of, left out, ids as numbers, guild lists empty and long, shard and trace arrays): a
tidecord bot whose session begins with it starts as a discord.py 2.7.1 bot does (the
same user, application and guilds) and hears the next message."""

# No "from __future__ import annotations": the bots' handlers are defined in functions.
import json
import os
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..ext.parity import running
from .chaos_helpers import until
from .payload_variants import variants
from .variant_world import shown, variants_world

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def ready_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None,
                       chunk_guilds_at_startup=False, guild_ready_timeout=0.2)
    bot.said = []

    @bot.event
    async def on_message(message: Any) -> None:
        bot.said.append(message.content)

    return bot


async def _after_ready(sb: Sandbox, library: str, ready: bytes) -> Any:
    """What a bot whose session began with ``ready`` knows of itself, and whether it
    then hears a person (or how it failed to start)."""
    sb.tamper_next("READY", ready)
    try:
        async with running(library, sb, ready_bot) as bot:
            known = shown((bot.user.name, bot.user.id, bot.application_id,
                           sorted(g.name for g in bot.guilds)))
            await sb.send_message("alice", "general", "still there?")
            await until(lambda: "still there?" in bot.said, what=f"{library} to hear")
            return known
    except Exception as exc:
        return f"raised {type(exc).__name__}: {str(exc)[:100]}"


async def test_every_documented_ready_starts_the_bot_as_discord_py_starts(
    sandbox_factory: Any
) -> None:
    sb = await sandbox_factory(world=variants_world())
    async with running("tidecord", sb, ready_bot):
        [conn] = sb.hub.live()
        assert conn.session is not None
        ready = next(json.loads(frame)["d"] for _, frame, _ in conn.session.buffer
                     if json.loads(frame)["t"] == "READY")
    differences = []
    for label, variant in variants("READY", ready):
        data = json.dumps(variant).encode()
        mine = await _after_ready(sb, "tidecord", data)
        theirs = await _after_ready(sb, "discord.py", data)
        if isinstance(mine, str) or (mine != theirs and not isinstance(theirs, str)):
            differences.append(f"{label}: tidecord {mine} discord.py {theirs}")
        if os.environ.get("TIDECORD_PAYLOADS_REPORT"):
            print(f"{label}: tidecord {mine} discord.py {theirs}")
    assert not differences, "\n".join(differences)
