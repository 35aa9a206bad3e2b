"""discord.py REST runner: ``Client.login`` and ``get_partial_messageable(id).send``.

discord.py learns each route's bucket from the response headers and meets the
global limit only when a 429 says so; it has no setting for it.
"""

from __future__ import annotations

import discord
import discord.http

from .rest_base import RestAdapter, main


class DiscordPyRest(RestAdapter):
    """A ``Client`` logged in (REST only) to the sandbox by its documented URL attribute."""

    library = "discord.py"

    async def login(self) -> None:
        discord.http.Route.BASE = self.settings.api_url
        self.client = discord.Client(intents=discord.Intents.none())
        await self.client.login(self.settings.token)

    @property
    def version(self) -> str:
        return discord.__version__

    async def send(self, channel_id: int, content: str) -> None:
        await self.client.get_partial_messageable(channel_id).send(content)

    async def close(self) -> None:
        await self.client.close()


if __name__ == "__main__":
    raise SystemExit(main(DiscordPyRest))
