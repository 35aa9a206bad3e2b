"""The same idea bot written with tidecord's own Client, for the page's tidecord test."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import tidecord

from .chatpage_bot import until_closed

IDEA = "Okay, so how about this: a tidecord bot that tells the tides"
WATER_BUTTON = {"type": 1, "components": [
    {"type": 2, "style": 3, "label": "Water it", "custom_id": "water"},
]}


class TideIdeaBot(tidecord.Client):
    """Answers ".idea" with a reply, a 👍 and a button; answers the button."""

    async def on_message(self, message: tidecord.Message) -> None:
        if message.author == self.user:
            return
        if message.content == ".idea":
            reply = await message.reply(IDEA, components=[WATER_BUTTON])
            await reply.add_reaction("👍")

    async def on_interaction(self, interaction: Any) -> None:
        if interaction.data.custom_id == "water":
            name = interaction.invoker.username
            await interaction.response.send_message(f"{name} watered the tidecord idea 💧")


@contextlib.asynccontextmanager
async def running_tidecord(api_url: str, token: str) -> AsyncIterator[TideIdeaBot]:
    """Run the bot until the block ends; yields once it is ready."""
    intents = tidecord.Intents.default()
    intents.message_content = True
    bot = TideIdeaBot(intents=intents, api_url=api_url)
    async with until_closed(bot, token):
        yield bot
