"""The sandbox's opt-in record of every REST request the bot sends: bodies as sent
(a key left out is not a ``null``), multipart parts with their names and types,
headers without the token, and the routes still answering as if nobody looked."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tidecord.models import UNSET
from tidecord.sandbox import Sandbox
from tidecord.sandbox.rest import recorder

pytestmark = pytest.mark.timeout(30)


def bot_headers(sb: Sandbox, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bot {sb.token}", **extra}


async def test_nothing_is_recorded_until_asked(sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.api_url}/channels/{general.id}/messages",
                                json={"content": "unseen"}, headers=bot_headers(sb)) as resp:
            assert resp.status == 200
    assert list(sb.requests.records) == []


async def test_a_json_body_is_kept_as_sent_with_its_reason_and_no_token(
        sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    recorded = sb.record_requests()
    body = b'{"content": "hi", "nonce": null, "embeds": []}'
    headers = bot_headers(sb, **{"Content-Type": "application/json",
                                 "X-Audit-Log-Reason": "caf%C3%A9%20time"})
    async with aiohttp.ClientSession() as session:
        url = f"{sb.api_url}/channels/{general.id}/messages?x=1"
        async with session.post(url, data=body, headers=headers) as resp:
            assert resp.status == 200
        async with session.get(f"{sb.api_url}/channels/{general.id}/messages?limit=2",
                               headers=bot_headers(sb)) as resp:
            assert resp.status == 200
    sent, read = recorded.records
    assert sent.route == "/channels/{channel_id}/messages"
    assert sent.params == {"channel_id": str(general.id)}
    assert sent.json == {"content": "hi", "nonce": None, "embeds": []}
    assert "tts" not in sent.json  # left out, not null
    assert sent.header("X-Audit-Log-Reason") == "caf%C3%A9%20time"
    assert sent.content_type == "application/json"
    assert sent.query == [("x", "1")] and sent.status == 200
    assert "authorization" not in sent.headers
    assert sb.token not in repr(list(recorded.records))
    assert read.method == "GET" and read.query == [("limit", "2")] and read.json is UNSET
    assert recorded.find("GET") == [read]


async def test_multipart_parts_are_recorded_and_the_route_still_reads_them(
        sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    recorded = sb.record_requests()
    form = aiohttp.FormData()
    form.add_field("payload_json", '{"content": "files", "attachments": '
                   '[{"id": 0, "filename": "SPOILER_a.txt", "description": "A"}]}',
                   content_type="application/json")
    form.add_field("files[0]", b"alpha", filename="SPOILER_a.txt", content_type="text/plain")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.api_url}/channels/{general.id}/messages", data=form,
                                headers=bot_headers(sb)) as resp:
            assert resp.status == 200
            answer: Any = await resp.json()
    [sent] = recorded.records
    assert sent.content_type == "multipart/form-data"
    assert sent.json["attachments"][0]["description"] == "A"
    [part] = sent.files
    assert (part.name, part.filename, part.content_type, part.data, part.size) == (
        "files[0]", "SPOILER_a.txt", "text/plain", b"alpha", 5)
    # The route read the same body: the message has its file.
    assert [a["filename"] for a in answer["attachments"]] == ["SPOILER_a.txt"]
    assert answer["attachments"][0]["description"] == "A"


async def test_webhook_tokens_stay_out_and_the_record_is_bounded(sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    made = sb.state.create_webhook(general.id, "hook", None, sb.bot_user.id)
    hook = {"id": str(made.id), "token": made.token}
    async with aiohttp.ClientSession() as session:
        recorded = sb.record_requests(keep=2)
        for n in range(3):
            url = f"{sb.api_url}/webhooks/{hook['id']}/{hook['token']}?wait=true"
            async with session.post(url, json={"content": f"n{n}"}) as resp:
                assert resp.status == 200
        recorded.stop()
        async with session.post(f"{sb.api_url}/webhooks/{hook['id']}/{hook['token']}",
                                json={"content": "after"}) as resp:
            assert resp.status == 204
    assert [r.json["content"] for r in recorded.records] == ["n1", "n2"]
    assert recorded.records[0].route == "/webhooks/{webhook_id}/{token}"
    assert recorded.records[0].params == {"webhook_id": hook["id"]}
    assert hook["token"] not in repr(list(recorded.records))
    with pytest.raises(ValueError):
        sb.record_requests(keep=0)


async def test_old_records_go_once_the_bodies_kept_pass_the_budget(
        sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    sb = sandbox
    general = sb.channel("general")
    monkeypatch.setattr(recorder, "BYTES_KEPT", 2500)
    recorded = sb.record_requests()
    async with aiohttp.ClientSession() as session:
        for n in range(4):
            async with session.post(f"{sb.api_url}/channels/{general.id}/messages",
                                    json={"content": f"{n}" * 1000},
                                    headers=bot_headers(sb)) as resp:
                assert resp.status == 200
    # Each body is about 1 KB: the two newest fit.
    assert [r.json["content"][0] for r in recorded.records] == ["2", "3"]
    with pytest.raises(ValueError):
        sb.record_requests(keep=recorder.MOST_KEPT + 1)


async def test_the_control_api_switches_the_record_and_reads_it(sandbox: Sandbox) -> None:
    sb = sandbox
    general = sb.channel("general")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sb.url}/_sandbox/requests", json={"keep": 10}) as resp:
            assert await resp.json() == {"recording": True}
        async with session.post(f"{sb.api_url}/channels/{general.id}/messages",
                                json={"content": "seen", "tts": None},
                                headers=bot_headers(sb)) as resp:
            assert resp.status == 200
        async with session.delete(f"{sb.url}/_sandbox/requests") as resp:
            assert await resp.json() == {"recording": False}
        async with session.get(f"{sb.url}/_sandbox/requests") as resp:
            listed: Any = await resp.json()
        async with session.post(f"{sb.url}/_sandbox/requests", json={"keep": 0}) as resp:
            assert resp.status == 400
    assert listed["recording"] is False
    [sent] = listed["requests"]
    assert sent["route"] == "/channels/{channel_id}/messages"
    assert sent["json"] == {"content": "seen", "tts": None} and sent["status"] == 200
