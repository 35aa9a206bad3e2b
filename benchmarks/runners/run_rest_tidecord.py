"""tidecord REST runner: ``Client.login`` and ``get_partial_messageable(id).send``.

tidecord keeps the global limit ahead of time (at most ``rest_global_rate`` requests
in any second, Discord's 50 by default), so it is told the sandbox's limit, as a bot
whose limit Discord raised would be configured.
"""

from __future__ import annotations

import tidecord

from .rest_base import RestAdapter, main


class TidecordRest(RestAdapter):
    """A ``Client`` logged in (REST only) to the sandbox."""

    library = "tidecord"

    async def login(self) -> None:
        self.client = tidecord.Client(api_url=self.settings.api_url,
                                      rest_global_rate=self.global_rate)
        await self.client.login(self.settings.token)

    @property
    def version(self) -> str:
        return str(getattr(tidecord, "__version__", "0.1.0"))

    async def send(self, channel_id: int, content: str) -> None:
        await self.client.get_partial_messageable(channel_id).send(content)

    async def close(self) -> None:
        await self.client.close()

    def ratelimited(self) -> int:
        return int(self.client.http.ratelimited)


if __name__ == "__main__":
    raise SystemExit(main(TidecordRest))
