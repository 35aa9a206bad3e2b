"""A discord.py bot using what bots use beyond buttons and embeds: polls, direct
messages, threads and autocomplete (the chat page tests in test_chat_features.py)."""

from __future__ import annotations

import datetime
import io

import discord
from discord import app_commands
from discord.ext import commands

from .chatpage_driver import picture

FRUITS = ["apple", "apricot", "banana", "cherry"]


def features_bot() -> commands.Bot:
    """The bot; ``!poll`` asks a poll (and each vote is said in the channel), ``!dm``
    writes to its author, ``!thread`` starts a thread on the command; it answers what
    it is told in a DM or a thread and thanks each forum post; ``/fruit`` autocompletes
    its option, ``/garden plant`` is a subcommand and ``/photo`` takes a file;
    ``!forward`` forwards what it said, ``!layout`` shows files in a layout."""
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)

    @bot.command()
    async def poll(ctx: commands.Context[commands.Bot]) -> None:
        asked = discord.Poll(question="Best fruit?", duration=datetime.timedelta(hours=1))
        asked.add_answer(text="Apple", emoji="🍎")
        asked.add_answer(text="Pear")
        await ctx.send(poll=asked)

    @bot.event
    async def on_raw_poll_vote_add(vote: discord.RawPollVoteActionEvent) -> None:
        channel = bot.get_channel(vote.channel_id)
        if isinstance(channel, discord.TextChannel):
            await channel.send(f"a vote for answer {vote.answer_id}")

    @bot.command()
    async def dm(ctx: commands.Context[commands.Bot]) -> None:
        await ctx.author.send("A secret, just for you")

    @bot.command()
    async def forward(ctx: commands.Context[commands.Bot]) -> None:
        said = await ctx.send("Words worth repeating")
        await said.forward(ctx.channel)

    @bot.command()
    async def layout(ctx: commands.Context[commands.Bot]) -> None:
        view = discord.ui.LayoutView()
        view.add_item(discord.ui.Container(
            discord.ui.Section("A card", accessory=discord.ui.Thumbnail("attachment://card.png")),
            discord.ui.File("attachment://notes.txt")))
        await ctx.send(view=view, files=[
            discord.File(io.BytesIO(picture()), filename="card.png"),
            discord.File(io.BytesIO(b"notes"), filename="notes.txt")])

    @bot.command()
    async def thread(ctx: commands.Context[commands.Bot]) -> None:
        started = await ctx.message.create_thread(name="Plant talk")
        await started.send("Welcome to the thread")

    @bot.tree.command(description="Pick a fruit")
    async def fruit(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"You picked {name}")

    @fruit.autocomplete("name")
    async def fruits(interaction: discord.Interaction, typed: str
                     ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f.title(), value=f) for f in FRUITS
                if f.startswith(typed.lower())]

    garden = app_commands.Group(name="garden", description="Garden work")

    @garden.command(description="Plant something")
    async def plant(interaction: discord.Interaction, what: str, count: int = 1) -> None:
        await interaction.response.send_message(f"Planted {count} {what}")

    bot.tree.add_command(garden)

    @bot.tree.command(description="Show a photo")
    async def photo(interaction: discord.Interaction, image: discord.Attachment) -> None:
        data = await image.read()
        await interaction.response.send_message(f"Got {image.filename}, {len(data)} bytes")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]

    @bot.listen()
    async def on_thread_create(thread: discord.Thread) -> None:
        if isinstance(thread.parent, discord.ForumChannel):
            await thread.send(f"Thanks for posting {thread.name}")

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if message.author == bot.user:
            return
        if message.guild is None:
            await message.channel.send(f"You said {message.content} to me alone")
        elif isinstance(message.channel, discord.Thread):
            await message.channel.send(f"Heard {message.content} in {message.channel.name}")

    return bot
