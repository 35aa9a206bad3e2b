"""Groups built the other ways discord.py allows, and answers changed after the fact:
``Group(parent=...)`` joins its parent, ``@app_commands.guild_only()`` above a
``Group`` subclass applies to its instances, ``edit_message`` after an answer raises
``InteractionResponded``, and ``edit_original_response`` uploads the ``File`` objects in
``attachments``. The same bot on tidecord and on discord.py 2.7.1 must register and
answer the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import io
from typing import Any

import pytest

from .hybrid_parity import Registered, Slash, transcripts

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def groups_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(), help_command=None)

    admin = app_commands.Group(name="admin", description="Admin tools")
    config = app_commands.Group(name="config", description="Settings", parent=admin)

    @config.command(name="set", description="Set a setting")
    async def set_(interaction, key: str, value: str):
        await interaction.response.send_message(f"{key} = {value} "
                                                f"({interaction.command.qualified_name})")

    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    class Music(app_commands.Group, name="music", description="Music"):
        @app_commands.command(description="Play a song")
        async def play(self, interaction, song: str):
            await interaction.response.send_message(f"playing {song}")

    @bot.tree.command(description="Answers, then tries to edit as a component would")
    async def twice(interaction):
        await interaction.response.send_message("first")
        try:
            await interaction.response.edit_message(content="second")
        except discord.InteractionResponded as error:
            await interaction.followup.send(f"refused: {type(error).__name__}")

    @bot.tree.command(description="Answers, then attaches a file to the answer")
    async def attach(interaction):
        await interaction.response.send_message("plain")
        note = discord.File(io.BytesIO(b"notes"), filename="notes.txt")
        edited = await interaction.edit_original_response(content="with a file",
                                                          attachments=[note])
        sent = await interaction.followup.send(
            f"{edited.content}: {[a.filename for a in edited.attachments]}", wait=True)
        await sent.edit(content=f"{sent.content} "
                        f"(a webhook message: {isinstance(sent, discord.WebhookMessage)})")
        # the step ends on its follow-ups' count: this one comes after the edit is done
        await interaction.followup.send("done")

    async def setup_hook():
        bot.tree.add_command(admin)
        music = Music()
        bot.tree.add_command(music)
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


STEPS = [
    Registered(),
    Slash("alice", "admin", {"config": {"set": {"key": "mode", "value": "fast"}}}),
    Slash("alice", "music", {"play": {"song": "waves"}}),
    Slash("alice", "twice", followups=1),
    Slash("alice", "attach", followups=2),
]


async def test_groups_made_with_parent_or_decorated_and_late_answer_edits(
        sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, groups_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]
    registered = {c["name"]: c for c in said["tidecord"][0]}
    assert [o["name"] for o in registered["admin"]["options"]] == ["config"]
    assert (registered["music"]["contexts"], registered["music"]["default_member_permissions"]
            ) == ([0], "32")
    answers = [step[1] for step in said["tidecord"][1:]]
    assert answers[0]["original"]["content"] == "mode = fast (admin config set)"
    assert answers[2]["followups"][0]["content"] == "refused: InteractionResponded"
    assert answers[3]["original"]["content"] == "with a file"
    assert answers[3]["followups"][0]["content"] == \
        "with a file: ['notes.txt'] (a webhook message: True)"
