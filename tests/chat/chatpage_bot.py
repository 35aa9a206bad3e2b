"""The bot the chat page tests talk to, written with discord.py as a user would.

It answers ".idea" with a reply carrying three buttons ("Water it" answers for everyone,
"Peek" ephemerally, "Suggest" with a modal form) and a 👍 reaction, ".vote" with a
select menu, ".card" with an embed showing an image uploaded with it, ".announce" by
trying to post in #announcements (where it may not: 403), ".burst N" with N messages,
".typing" by typing; it describes files it is sent (reading their bytes back from the
sandbox), and has three slash commands: ``/idea topic`` (an embed whose thumbnail is a file
uploaded with the answer), ``/ponder`` (deferred: "thinking", then the answer) and
``/shrug`` (never answered).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import discord
import yarl
from discord import app_commands

from .chatpage_driver import picture

IDEA = "Okay, so how about this: a bot that waters your plants when the soil is dry"
# Made once, at import: no image work on the event loop while a test runs.
CARD = picture(160, 160)
BIG_CARD = picture(400, 240)


class SuggestModal(discord.ui.Modal, title="Suggest an idea"):
    """A form; its submission is a MODAL_SUBMIT interaction."""

    idea: discord.ui.TextInput[SuggestModal] = discord.ui.TextInput(
        label="Your idea", custom_id="idea", style=discord.TextStyle.paragraph)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"{interaction.user.name} suggested: {self.idea.value}")


class IdeaView(discord.ui.View):
    """The button under an idea: clicking it is an interaction the bot answers."""

    def __init__(self) -> None:
        super().__init__(timeout=120)

    @discord.ui.button(label="Water it", style=discord.ButtonStyle.success, custom_id="water")
    async def water(self, interaction: discord.Interaction, button: discord.ui.Button[IdeaView]
                    ) -> None:
        await interaction.response.send_message(f"{interaction.user.name} watered the idea 💧")

    @discord.ui.button(label="Peek", style=discord.ButtonStyle.secondary, custom_id="peek")
    async def peek(self, interaction: discord.Interaction, button: discord.ui.Button[IdeaView]
                   ) -> None:
        await interaction.response.send_message("Psst: nobody else sees this", ephemeral=True)

    @discord.ui.button(label="Suggest", style=discord.ButtonStyle.primary, custom_id="suggest")
    async def suggest(self, interaction: discord.Interaction, button: discord.ui.Button[IdeaView]
                      ) -> None:
        await interaction.response.send_modal(SuggestModal())


class VoteView(discord.ui.View):
    """A select menu: picking an option is an interaction with ``values``."""

    def __init__(self) -> None:
        super().__init__(timeout=120)

    @discord.ui.select(custom_id="vote", placeholder="Pick the best idea", options=[
        discord.SelectOption(label="Plant waterer", value="plants"),
        discord.SelectOption(label="Tide clock", value="tides"),
    ])
    async def vote(self, interaction: discord.Interaction, select: discord.ui.Select[VoteView]
                   ) -> None:
        await interaction.response.send_message(f"{interaction.user.name} voted for "
                                                f"{select.values[0]}")


class ChatBot(discord.Client):
    """A small idea bot; ``files`` collects the attachments it read."""

    def __init__(self) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        # One guild: no need for discord.py's default 2 s wait for more GUILD_CREATEs.
        super().__init__(intents=intents, guild_ready_timeout=0.1)
        self.tree = app_commands.CommandTree(self)
        self.files: list[tuple[str, bytes]] = []
        # /ponder answers once this is set: a test sees "thinking" first, for sure.
        self.pondered = asyncio.Event()

        card = CARD
        self.card = BIG_CARD

        @self.tree.command(name="idea", description="Get a project idea")
        @app_commands.describe(topic="What the idea should be about")
        async def idea(interaction: discord.Interaction, topic: str = "plants") -> None:
            embed = discord.Embed(title="An idea", description=f"Something with {topic}",
                                  color=0x5865F2)
            embed.set_footer(text="from /idea").set_thumbnail(url="attachment://card.png")
            await interaction.response.send_message(
                f"How about a bot about **{topic}**?", embed=embed,
                file=discord.File(io.BytesIO(card), filename="card.png"))

        @self.tree.command(name="ponder", description="Think hard, then answer")
        async def ponder(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.wait_for(self.pondered.wait(), timeout=10)
            await interaction.edit_original_response(content="Pondered: plant more trees")

        @self.tree.command(name="shrug", description="Never answers (a bug to notice)")
        async def shrug(interaction: discord.Interaction) -> None:
            return  # no response: the page must say the bot did not respond

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author == self.user:
            return
        if message.content == ".idea":
            reply = await message.reply(IDEA, view=IdeaView())
            await reply.add_reaction("👍")
        if message.content == ".vote":
            await message.channel.send("Which idea wins?", view=VoteView())
        if message.content == ".card":
            embed = discord.Embed(title="Idea card").set_image(url="attachment://card.png")
            await message.reply(embed=embed,
                                file=discord.File(io.BytesIO(self.card), filename="card.png"))
        if message.content == ".announce" and message.guild is not None:
            announcements = discord.utils.get(message.guild.text_channels, name="announcements")
            if announcements is not None:
                with contextlib.suppress(discord.Forbidden):
                    await announcements.send("Big news!")
        if message.content.startswith(".burst "):
            for n in range(int(message.content.split()[1])):
                await message.channel.send(f"burst {n + 1}")
        if message.content == ".typing":
            await message.channel.typing()
        for attachment in message.attachments:
            data = await attachment.read()
            self.files.append((attachment.filename, data))
            await message.channel.send(f"Got `{attachment.filename}` ({len(data)} bytes)")


BotT = TypeVar("BotT", bound=discord.Client)


@contextlib.asynccontextmanager
async def running(bot: BotT, api_url: str, gateway_url: str, token: str) -> AsyncIterator[BotT]:
    """Run ``bot`` against a sandbox until the block ends; yields once it is ready."""
    # discord.py has no URL setting: these two class attributes are how it is pointed
    # at another server (the sandbox's GET /gateway/bot names the same gateway).
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        async with until_closed(bot, token):
            yield bot
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


@contextlib.asynccontextmanager
async def until_closed(bot: Any, token: str) -> AsyncIterator[None]:
    """Start a discord.py or tidecord client, yield once it is ready, close it after."""
    task = asyncio.create_task(bot.start(token), name=f"chat-test-{type(bot).__name__}")
    try:
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, task}, timeout=10,
                                     return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if task.done():
                task.result()  # raises why the bot stopped
            raise TimeoutError(f"{type(bot).__name__} did not become ready within 10 s")
        yield
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=5)
