"""Raw REST answers injected from any language (``POST /_sandbox/faults/rest`` with
``"kind": "raw"``): a proxy's HTML page, a 429 without JSON, exactly as given, once."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def _control(session: aiohttp.ClientSession, sb: Sandbox, body: Any) -> tuple[int, Any]:
    async with session.post(f"{sb.url}/_sandbox/faults/rest", json=body) as resp:
        return resp.status, await resp.json()


async def _me(session: aiohttp.ClientSession, sb: Sandbox) -> tuple[int, str, bytes]:
    async with session.get(f"{sb.api_url}/users/@me",
                           headers={"Authorization": f"Bot {sb.token}"}) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.read()


async def test_a_raw_answer_is_given_exactly_then_the_real_one(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await _control(session, sandbox, {
            "kind": "raw", "count": 1, "status": 502, "body": "<html>bad gateway</html>",
            "headers": {"Content-Type": "text/html"}})
        assert (status, body) == (200, {"pending": 1})
        assert await _me(session, sandbox) == (502, "text/html", b"<html>bad gateway</html>")
        status, content_type, _ = await _me(session, sandbox)
        assert (status, content_type) == (200, "application/json")


@pytest.mark.parametrize(("fault", "named"), [
    ({"kind": "raw", "status": 429, "body": {"json": "object"}}, "body"),
    ({"kind": "raw", "status": 429, "headers": ["Via"]}, "headers"),
    ({"kind": "raw", "status": 429, "headers": {"Via": 1}}, "headers"),
    ({"kind": "raw", "status": 429, "headers": {"X-Evil": "a\r\nSet-Cookie: b"}}, "headers"),
    ({"kind": "raw", "status": 99}, "status"),
    ({"kind": "teapot"}, "kind"),
])
async def test_a_bad_raw_answer_is_refused_and_nothing_is_pending(
        sandbox: Sandbox, fault: dict[str, Any], named: str) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await _control(session, sandbox, {"count": 1, **fault})
        assert status == 400 and named in body["error"]
        assert sandbox.faults.pending == 0
        assert (await _me(session, sandbox))[0] == 200


def test_a_header_split_over_lines_is_refused_from_python_too(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError, match="headers"):
        sandbox.answer_next_rest(1, 500, b"", {"Retry-After": "1\nX: y"})
    assert sandbox.faults.pending == 0
