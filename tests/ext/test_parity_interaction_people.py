"""Who an interaction names, and the messages it carries, are bound as in discord.py:
the invoker is a Member with its guild, roles and permissions (so ``has_role`` passes),
a button's message can be edited, and the author of a message read back from REST or
picked by a message command is the cached Member. The same bot on tidecord and on
discord.py 2.7.1 must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .hybrid_parity import Click, Say, Slash, transcripts

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def people_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    tree = bot.tree

    def who(member: Any) -> str:
        roles = ",".join(r.name for r in member.roles)
        return (f"{type(member).__name__} {member.display_name} in {member.guild.name}: "
                f"roles {roles}, top {member.top_role.name}, kick "
                f"{member.guild_permissions.kick_members}, colour {member.colour}")

    @tree.command(description="Who am I")
    async def me(interaction):
        data = dict(interaction.data)
        await interaction.response.send_message(
            f"{who(interaction.user)}; asked {data['name']} with {sorted(data)}")

    @tree.command(description="Moderators only")
    @discord.app_commands.checks.has_role("Moderator")
    async def mod(interaction):
        await interaction.response.send_message("welcome, moderator")

    @mod.error
    async def refused(interaction, error):
        await interaction.response.send_message(f"refused: {type(error).__name__}")

    @tree.command(description="About a channel")
    async def about(interaction, channel: discord.app_commands.AppCommandChannel):
        guild_id = interaction.guild_id
        await interaction.response.send_message(
            f"{type(channel).__name__} {channel.name} {channel.mention == f'<#{channel.id}>'} "
            f"{channel.jump_url.endswith(f'/{guild_id}/{channel.id}')} "
            f"{channel.created_at.year >= 2015} {channel.is_nsfw()} {channel.is_news()} "
            f"{channel.topic} {channel.position} {channel.slowmode_delay} "
            f"{channel.last_message_id} {channel.category_id is not None}")

    class Panel(discord.ui.View):
        @discord.ui.button(label="Rename")
        async def rename(self, interaction, button):
            edited = await interaction.message.edit(content="renamed")
            author = interaction.message.author
            meta = interaction.message.interaction_metadata
            await interaction.response.send_message(
                f"{edited.content}; the message is by {type(author).__name__} {author.name}; "
                f"it answered {type(meta).__name__} {meta.type} by {meta.user.name}, "
                f"guild-installed {meta.is_guild_integration()}, "
                f"{meta.created_at <= discord.utils.utcnow()} {meta.target_user}",
                ephemeral=True)

    @tree.command(description="A panel")
    async def panel(interaction):
        await interaction.response.send_message("panel", view=Panel())

    @tree.context_menu(name="Quote")
    async def quote(interaction, message: discord.Message):
        author = message.author
        await interaction.response.send_message(
            f"{type(author).__name__} {author.display_name} said {message.content}")

    @bot.command()
    async def authors(ctx):
        found = [f"{type(m.author).__name__} {m.author.display_name}"
                 async for m in ctx.channel.history(limit=3)]
        fetched = await ctx.channel.fetch_message(ctx.message.id)
        await ctx.send(f"{'; '.join(found)} | fetched {type(fetched.author).__name__} "
                       f"{fetched.author.display_name}")

    async def setup_hook():
        await tree.sync()
    bot.setup_hook = setup_hook
    return bot


def bobs_last(sb: Sandbox) -> int:
    bob = sb.user("bob").id
    return max(m.id for messages in sb.state.messages.values() for m in messages.values()
               if m.author.id == bob)


STEPS = [
    Slash("alice", "me"),
    Slash("bob", "me"),
    Slash("alice", "mod"),
    Slash("bob", "mod"),
    Slash("alice", "about", {"channel": "after-dark"}),
    Slash("alice", "panel"),
    Click("alice", "Rename"),
    Say("bob", "general", "quotable", replies=0),
    Slash("alice", "Quote", target=bobs_last),
    Say("bob", "general", "!authors"),
]


async def test_invokers_messages_and_authors_are_bound_as_in_discord_py(
        sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, people_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]
    ours = said["tidecord"]
    def first(step: int) -> str:
        return str(ours[step][1]["original"]["content"])
    assert first(0).startswith("Member Alice in Sandbox: roles @everyone,Moderator, "
                               "top Moderator, kick True")
    assert (first(2), first(3)) == ("welcome, moderator", "refused: MissingRole")
    assert first(4) == "AppCommandChannel after-dark True True True False False None 0 0 None True"
    assert first(6).startswith("renamed; the message is by Member")
    assert first(6).endswith("it answered MessageInteractionMetadata "
                             "InteractionType.application_command by alice, "
                             "guild-installed True, True None")
    assert first(8) == "Member Bobby said quotable"
