"""Fixtures of the sandbox's own tests: a bare HTTP client for its REST API."""

from __future__ import annotations

import io
import json
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox


class Api:
    """A bare HTTP client for the sandbox's REST API."""

    def __init__(self, sb: Sandbox, session: aiohttp.ClientSession) -> None:
        self.sb = sb
        self.session = session

    async def call(self, method: str, path: str, body: Any = None, *, token: str | None = "",
                   raw: bytes | io.BytesIO | None = None,
                   headers: dict[str, str] | None = None
                   ) -> tuple[int, Any, aiohttp.ClientResponse]:
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bot {token or self.sb.token}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        async with self.session.request(method, self.sb.api_url + path, data=data,
                                        headers=hdrs) as resp:
            text = await resp.read()
            payload = json.loads(text) if text else None
            return resp.status, payload, resp


@pytest.fixture
async def api(sandbox: Sandbox):  # type: ignore[no-untyped-def]
    async with aiohttp.ClientSession() as session:
        yield Api(sandbox, session)
