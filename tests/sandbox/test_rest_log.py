"""The sandbox records the bot's failed and rate-limited REST calls (the chat page's
developer console): what, where, and why, without ever keeping a token."""

from __future__ import annotations

import json
import re
from typing import Any

import aiohttp
import pytest

from tidecord.models import encode
from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def api(session: aiohttp.ClientSession, sb: Sandbox, method: str, path: str,
              body: Any = None, token: str | None = None) -> int:
    """Call the sandbox's REST API as the bot (a raw client that ignores rate limits)."""
    headers = {"Authorization": f"Bot {token or sb.token}"}
    async with session.request(method, sb.api_url + path, json=body, headers=headers) as resp:
        await resp.read()
        return resp.status


async def test_a_forbidden_call_is_recorded_where_it_happened(sandbox: Sandbox) -> None:
    sb = sandbox
    announcements = sb.channel("announcements")
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{sb.url}/_sandbox/feed") as feed:
            status = await api(session, sb, "POST", f"/channels/{announcements.id}/messages",
                               {"content": "Big news!"})
            assert status == 403
            frame = json.loads((await feed.receive(timeout=5)).data)
        async with session.get(f"{sb.url}/_sandbox/rest-log?channel=announcements") as resp:
            listed = await resp.json()
        async with session.get(f"{sb.url}/_sandbox/rest-log?channel=general") as resp:
            assert await resp.json() == []

    [call] = sb.rest_log.records
    assert call.kind == "error" and call.status == 403 and call.code == 50013
    assert call.summary == ("403 Missing Permissions (50013) on "
                            "POST /channels/{channel_id}/messages")
    assert call.channel_id == announcements.id and call.guild_id == sb.guild.id
    assert not call.injected
    assert frame["t"] == "SANDBOX_REST_LOG"
    assert frame["d"]["summary"] == call.summary
    assert frame["d"]["channel_id"] == str(announcements.id)
    assert [c["id"] for c in listed] == [str(call.id)]
    # Ordered among the channel's messages by time: after anything said before it.
    said = await sb.send_message("alice", "general", "after the failure")
    assert call.id < said.id


async def test_rate_limits_are_recorded_with_the_wait(sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    path = f"/channels/{general.id}/messages"
    async with aiohttp.ClientSession() as session:
        statuses = [await api(session, sb, "POST", path, {"content": f"n{n}"}) for n in range(6)]
        # A reaction bucket (1 per 0.25 s) empties at every call: too short to mention.
        message = sb.messages("general")[0]
        assert await api(session, sb, "PUT", f"{path}/{message.id}/reactions/%F0%9F%91%8D/@me") \
            == 204
    assert statuses == [200] * 5 + [429]

    exhausted, limited = sb.rest_log.records
    assert exhausted.kind == "bucket_exhausted" and exhausted.status == 200
    assert exhausted.retry_after is not None and 1 < exhausted.retry_after <= 5
    assert exhausted.summary.startswith(
        "used up its 5 requests per 5 s on POST /channels/{channel_id}/messages: "
        "the next one waits ")
    assert limited.kind == "rate_limited" and limited.status == 429
    assert limited.scope == "user" and not limited.injected
    assert limited.retry_after is not None and 1 < limited.retry_after <= 5
    assert re.fullmatch(r"rate limited on POST /channels/\{channel_id\}/messages, "
                        r"retry after \d(\.\d)? s", limited.summary)
    assert limited.channel_id == general.id


async def test_injected_faults_and_bad_tokens_say_so(sandbox: Sandbox) -> None:
    sb = sandbox
    sb.fail_next_rest(1, status=503)
    sb.fail_next_rest(1, status=429, retry_after=0.25)
    app_id = sb.state.application.id
    secret = "not-a-real-interaction-token"
    async with aiohttp.ClientSession() as session:
        assert await api(session, sb, "GET", "/users/@me") == 503
        assert await api(session, sb, "GET", "/users/@me") == 429
        assert await api(session, sb, "GET", "/users/@me", token="wrong") == 401
        assert await api(session, sb, "POST", f"/webhooks/{app_id}/{secret}",
                         {"content": "late"}) == 404
        assert await api(session, sb, "GET", f"/nowhere/{secret}") == 404
    failed, limited, unauthorized, webhook, unknown = sb.rest_log.records
    assert failed.summary == "503 Service Unavailable on GET /users/@me (injected by the sandbox)"
    assert failed.injected and limited.injected
    assert limited.summary == ("rate limited on GET /users/@me, retry after 0.25 s "
                               "(injected by the sandbox)")
    assert unauthorized.summary == "401 Unauthorized on GET /users/@me"
    assert not unauthorized.authorized
    assert webhook.route == "/webhooks/{webhook_id}/{token}"
    assert unknown.route == "(unknown route)"
    for call in sb.rest_log.records:  # no token anywhere
        assert secret.encode() not in encode(call) and sb.token.encode() not in encode(call)


async def test_an_injected_answer_nested_too_deep_is_still_recorded(
        sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    # The chaos fuzz answers with bodies nested past msgspec's limit: the console
    # records the failure without a traceback of its own.
    sb = sandbox
    sb.answer_next_rest(1, status=500, body=b"[" * 5000 + b"]" * 5000)
    async with aiohttp.ClientSession() as session:
        assert await api(session, sb, "GET", "/users/@me") == 500
    assert not [r for r in caplog.records if "could not record" in r.getMessage()]
    assert [r.status for r in sb.rest_log.records][-1:] == [500]


async def test_a_log_that_cannot_record_says_so_without_the_path(
        sandbox: Sandbox, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A webhook's path holds its token: the line saying the log failed names the route.
    sb = sandbox

    def broken(*_: Any) -> None:
        raise RuntimeError("the console is gone")

    monkeypatch.setattr(sb.rest_log, "observe", broken)
    token = "wEbHoOkToKeN-never-to-be-logged"
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.api_url}/webhooks/123/{token}",
                                json={"content": "hi"}) as resp:
            assert resp.status == 404  # answered all the same
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "could not record POST /webhooks/" in said and token not in said
