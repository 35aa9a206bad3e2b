"""A command's answer carries the deprecated ``interaction`` beside
``interaction_metadata``, as Discord still sends it: ``message.interaction.name`` is the
command's whole name (a subcommand's included) on tidecord and on discord.py 2.7.1."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import warnings
from typing import Any

import pytest

from .hybrid_parity import Slash, transcripts

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def garden_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)
    garden = app_commands.Group(name="garden", description="Garden tools")

    async def tell(interaction: Any) -> None:
        answer = await interaction.original_response()
        # Deprecated on both (discord.py's warning sets its own filter: recorded, not shown)
        with warnings.catch_warnings(record=True):
            legacy = answer.interaction
        await interaction.followup.send(
            "none" if legacy is None else
            f"{legacy.name} by {legacy.user.name} ({legacy.type.name}, "
            f"same id: {legacy.id == interaction.id}, "
            f"member: {isinstance(legacy.user, discord.Member)}, "
            f"guild: {getattr(legacy.user, 'guild', None) == interaction.guild})")

    @garden.command(description="Plant a seed")
    async def plant(interaction, seed: str):
        await interaction.response.send_message(f"planted {seed}")
        await tell(interaction)

    @bot.tree.command(description="Wave")
    async def wave(interaction):
        await interaction.response.send_message("wave")
        await tell(interaction)

    async def setup_hook():
        bot.tree.add_command(garden)
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


async def test_a_commands_answer_names_the_whole_command(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, garden_bot, [
        Slash("alice", "garden", {"plant": {"seed": "tulip"}}, followups=1),
        Slash("alice", "wave", followups=1),
    ])
    assert said["tidecord"] == said["discord.py"]
    text = str(said["tidecord"])
    assert "garden plant by alice (application_command, same id: True, member: True, " \
        "guild: True)" in text
    assert "wave by alice (application_command, same id: True, member: True, guild: True)" \
        in text
