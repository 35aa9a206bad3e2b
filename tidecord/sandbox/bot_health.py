"""The bot's own loop health, as it reports it: for the chat page's health panel.

The sandbox can see the bot's REST calls but not its event loop. A tidecord client
that opts in (``tidecord run`` on its embedded sandbox does, see
:mod:`tidecord.metrics.publish`) POSTs a report every second to
``/_sandbox/health`` with its bot token; the latest one is kept, answered to
``GET /_sandbox/health`` and pushed to the chat page as ``SANDBOX_BOT_HEALTH``.
The sandbox does not interpret reports beyond checking they are a JSON object of
reasonable size: the page shows what it understands of them.
"""

from __future__ import annotations

import time
from typing import Any, Final

import msgspec
from aiohttp import web

from .feed import Feed
from .rest.app import authorized
from .rest.errors import json_response

__all__ = ["BotHealth"]

#: A report is a few kilobytes; anything much larger is not one.
MAX_REPORT: Final = 64 * 1024
EVENT: Final = "SANDBOX_BOT_HEALTH"


class BotHealth:
    """The latest health report of the bot under test (``None`` until one arrives)."""

    def __init__(self, feed: Feed, token: str) -> None:
        self._feed = feed
        self._token = token
        self.latest: dict[str, Any] | None = None
        self.received = 0  # reports accepted
        self.received_at = 0.0

    async def get(self, request: web.Request) -> web.Response:
        """GET /_sandbox/health: the latest report, with ``received_at``; null if none."""
        if self.latest is None:
            return json_response(None)
        return json_response({**self.latest, "received_at": self.received_at})

    async def post(self, request: web.Request) -> web.Response:
        """POST /_sandbox/health: the bot reports (``Authorization: Bot <token>``)."""
        if not authorized(request, self._token):
            return json_response({"error": "only the bot may report its health (its token in"
                                  " Authorization: Bot ...)", "code": 0}, status=401)
        if (request.content_length or 0) > MAX_REPORT:
            return json_response({"error": f"a health report is at most {MAX_REPORT} bytes",
                                  "code": 0}, status=413)
        raw = await request.content.read(MAX_REPORT + 1)
        if len(raw) > MAX_REPORT:
            return json_response({"error": f"a health report is at most {MAX_REPORT} bytes",
                                  "code": 0}, status=413)
        try:
            report = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            return json_response({"error": f"bad request: {exc}", "code": 0}, status=400)
        if not isinstance(report, dict):
            return json_response({"error": "bad request: a health report is a JSON object",
                                  "code": 0}, status=400)
        self.latest = report
        self.received += 1
        self.received_at = time.time()
        self._feed.publish(EVENT, {**report, "received_at": self.received_at})
        return web.Response(status=204)
