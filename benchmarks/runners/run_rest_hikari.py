"""hikari REST runner: a ``RESTApp`` client and ``create_message``.

hikari learns each route's bucket from the response headers and meets the global
limit only when a 429 says so; it has no setting for it. ``max_rate_limit`` (how long
a call may be told to wait) is left at its default, 300 s.
"""

from __future__ import annotations

from typing import Any

import hikari

from .rest_base import RestAdapter, main


class HikariRest(RestAdapter):
    """A bot-token REST client of a started ``RESTApp`` pointed at the sandbox."""

    library = "hikari"

    async def login(self) -> None:
        self.app = hikari.RESTApp(url=self.settings.api_url)
        await self.app.start()
        self.rest: Any = self.app.acquire(self.settings.token, hikari.TokenType.BOT)
        self.rest.start()
        await self.rest.fetch_my_user()  # the token's check, as the others' login

    @property
    def version(self) -> str:
        return hikari.__version__

    async def send(self, channel_id: int, content: str) -> None:
        await self.rest.create_message(channel_id, content)

    async def close(self) -> None:
        if getattr(self, "rest", None) is not None:
            await self.rest.close()
        if getattr(self, "app", None) is not None:
            await self.app.close()


if __name__ == "__main__":
    raise SystemExit(main(HikariRest))
