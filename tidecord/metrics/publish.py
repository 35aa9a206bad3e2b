"""Publish a client's loop health to the sandbox it runs on, for the chat page's panel.

Opt-in: ``tidecord run`` starts a :class:`HealthPublisher` when it runs the bot on its
embedded sandbox; a test or a script can start one itself. Every ``interval``
seconds it POSTs :func:`health_report` to the sandbox's control API
(``/_sandbox/health``, with the bot's token; loopback), which keeps the latest report
and pushes it to the chat page. A server that is not a sandbox (404) ends it quietly.

Example::

    publisher = HealthPublisher(client, sandbox.url, sandbox.token)
    publisher.start()
    ...
    await publisher.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any, Final

import aiohttp

from ..rest.secret import Secret

if TYPE_CHECKING:
    from ..client import Client

__all__ = ["HealthPublisher", "health_report"]

log = logging.getLogger("tidecord.metrics")

PATH: Final = "_sandbox/health"
RECENT_STALLS: Final = 5


def health_report(client: Client) -> dict[str, Any]:
    """What the chat page's health panel shows, from ``client.metrics``: loop lag now,
    the last stalls (file:line, handler, advice), REST calls failing or waiting on limits."""
    metrics = client.metrics
    loop, rest = metrics["loop"], metrics["rest"]
    return {
        "bot": str(client.user) if client.user is not None else None,
        "at": time.time(),
        "loop": {
            "watching": loop["lag"]["count"] > 0,  # the watchdog has ticked
            "threshold_s": loop["threshold_s"],
            "lag_now_s": loop["lag_now_s"],
            "lag_s": loop["lag_s"],
            "stalls": loop["stalls"],
            "blocked_s": loop["blocked_s"],
            "recent": loop["recent"][-RECENT_STALLS:],
        },
        "rest": {
            "failing": [c for c in rest["calls"] if c["status"] == 0 or c["status"] >= 400],
            "ratelimited": rest["ratelimited"],
            "ratelimit_wait_s": rest["ratelimit_wait_s"],
            "last_wait": rest["last_wait"],
        },
        "gateway": metrics["gateway"]["shards"],
    }


class HealthPublisher:
    """POSTs ``client``'s :func:`health_report` to the sandbox at ``url`` every ``interval`` s.

    ``url`` is the sandbox's base (``sandbox.url``: the chat page's address); ``token``
    the bot's token there; ``secret`` the sandbox's secret when it listens beyond
    loopback. Owned: :meth:`stop` ends its task and closes its session.
    """

    def __init__(self, client: Client, url: str, token: str, *, secret: str | None = None,
                 interval: float = 1.0) -> None:
        self.client = client
        self.url = url.split("?", 1)[0].rstrip("/") + "/" + PATH
        self.interval = interval
        # Secrets: their reprs are '<hidden>', so vars() of the publisher shows neither.
        self._headers = {"Authorization": Secret(f"Bot {token}")}
        if secret:
            self._headers["X-Sandbox-Secret"] = Secret(secret)
        self._task: asyncio.Task[None] | None = None
        self.published = 0

    def __repr__(self) -> str:
        return f"<HealthPublisher url={self.url!r} published={self.published}>"

    @property
    def running(self) -> bool:
        """Whether it is publishing (it stops by itself when the server is no sandbox)."""
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Begin publishing (idempotent)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="tidecord:health-publisher")

    async def stop(self) -> None:
        """Stop publishing and close the connection."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def publish(self, session: aiohttp.ClientSession) -> bool:
        """Send one report; False when the server is not a sandbox (stop publishing)."""
        async with session.post(self.url, json=health_report(self.client),
                                headers=self._headers) as response:
            await response.read()
            if response.status in (404, 405):
                log.debug("%s is not a sandbox (%d): not publishing loop health",
                          self.url, response.status)
                return False
            if response.status >= 400:
                log.debug("the sandbox refused a health report: %d", response.status)
            else:
                self.published += 1
            return True

    async def _run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=max(5.0, self.interval * 5))
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while True:
                try:
                    if not await self.publish(session):
                        return
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    # The sandbox may be restarting: the next report will tell it.
                    log.debug("could not publish loop health: %s", exc)
                await asyncio.sleep(self.interval)
