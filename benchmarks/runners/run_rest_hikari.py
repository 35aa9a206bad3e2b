"""hikari REST runner: a ``RESTApp`` client and ``create_message``.

hikari learns each route's bucket from the response headers and meets the global
limit only when a 429 says so; it has no setting for it. ``max_rate_limit`` (how long
a call may be told to wait) is left at its default, 300 s.

On a route it has not seen answered, hikari 2.7 queues every call in one bucket for
the route (not per channel) that lets one request through at a time; the first
answer makes that bucket the first channel's, and every queued call, whatever its
channel, is then paced by that channel's window (20 at once, then about one a
second). So the workload's volley, all sends at once on a cold route, stalls: about
50 sends in 27 s. The same happens on Discord (a bot that starts sending on a busy
route before any answer came back); sent after one warm-up message, hikari sends all
5,000, with thousands of global 429s. Every library starts the volley cold alike.
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
