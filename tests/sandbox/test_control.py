"""The control API under /_sandbox/ and the live feed, over real HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox

pytestmark = pytest.mark.timeout(30)


async def _call(session: aiohttp.ClientSession, sb: Sandbox, method: str, path: str,
                body: Any = None) -> tuple[int, Any]:
    async with session.request(method, f"{sb.url}/_sandbox{path}", json=body) as resp:
        assert resp.headers["Content-Type"] == "application/json"
        return resp.status, await resp.json()


async def test_people_act_and_the_feed_streams_it(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{sandbox.url}/_sandbox/feed") as feed:
            await asyncio.sleep(0.05)
            status, msg = await _call(session, sandbox, "POST", "/messages",
                                      {"as": "alice", "channel": "general", "content": "hi"})
            assert status == 200 and msg["content"] == "hi"
            status, reply = await _call(session, sandbox, "POST", "/messages", {
                "as": "bob", "channel_id": str(sandbox.channel("general").id),
                "content": "hey", "message_reference": {"message_id": msg["id"]}})
            assert reply["type"] == 19 and reply["referenced_message"]["id"] == msg["id"]
            path = f"/channels/general/messages/{msg['id']}/reactions/%F0%9F%91%8D?as=bob"
            status, _ = await _call(session, sandbox, "PUT", path)
            assert status == 200
            status, users = await _call(session, sandbox, "GET", path.split("?")[0])
            assert [u["username"] for u in users] == ["bob"]
            status, edited = await _call(session, sandbox, "PATCH",
                                         f"/messages/general/{msg['id']}",
                                         {"as": "alice", "content": "hi!"})
            assert edited["content"] == "hi!"
            status, _ = await _call(session, sandbox, "DELETE",
                                    f"/messages/general/{reply['id']}?as=bob")
            assert status == 200
            events = []
            while len(events) < 5:
                frame = json.loads((await feed.receive(timeout=5)).data)
                events.append(frame["t"])
    assert events == ["MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_REACTION_ADD",
                      "MESSAGE_UPDATE", "MESSAGE_DELETE"]
    assert [m.content for m in sandbox.messages("general")] == ["hi!"]


async def test_reading_state(sandbox: Sandbox) -> None:
    await sandbox.send_message("alice", "ideas", "an idea")
    async with aiohttp.ClientSession() as session:
        _, info = await _call(session, sandbox, "GET", "/info")
        _, state = await _call(session, sandbox, "GET", "/state")
        _, messages = await _call(session, sandbox, "GET", "/channels/ideas/messages")
        _, members = await _call(session, sandbox, "GET", "/guilds/default/members")
        status, missing = await _call(session, sandbox, "GET", "/channels/nope/messages")
    assert info["api_url"] == sandbox.api_url and "token" not in info
    assert state["bot"]["id"] == str(sandbox.bot_user.id)
    assert {p["username"] for p in state["people"]} == {"alice", "bob"}
    assert state["guilds"][0]["channels"] and state["guilds"][0]["members"]
    assert [m["content"] for m in messages] == ["an idea"]
    assert len(members) == 3
    assert status == 404 and missing["code"] == 10003


async def test_permissions_apply_to_people(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        status, body = await _call(session, sandbox, "POST", "/messages",
                                   {"as": "bob", "channel": "announcements", "content": "x"})
    assert status == 403 and body["code"] == 50013


async def test_upload_as_a_person(sandbox: Sandbox) -> None:
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps({"as": "alice", "channel": "general",
                                               "content": "see file"}))
    form.add_field("files[0]", b"\x89PNG...", filename="pic.png", content_type="image/png")
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{sandbox.url}/_sandbox/messages", data=form) as resp:
            msg = await resp.json()
        async with session.get(msg["attachments"][0]["url"]) as resp:
            data = await resp.read()
            content_type = resp.headers["Content-Type"]
    assert data == b"\x89PNG..." and content_type == "image/png"


async def test_join_leave_and_faults(sandbox: Sandbox) -> None:
    async with aiohttp.ClientSession() as session:
        status, member = await _call(session, sandbox, "POST", "/members", {"as": "carol"})
        assert status == 200 and member["user"]["username"] == "carol"
        assert sandbox.user("carol").id in sandbox.state.members[sandbox.guild.id]
        await _call(session, sandbox, "DELETE", "/members", {"as": "carol"})
        assert sandbox.user("carol").id not in sandbox.state.members[sandbox.guild.id]
        _, pending = await _call(session, sandbox, "POST", "/faults/rest",
                                 {"count": 2, "status": 502})
        assert pending == {"pending": 2}
        async with session.get(f"{sandbox.api_url}/users/@me",
                               headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
            assert resp.status == 502
        _, clock = await _call(session, sandbox, "POST", "/clock/advance", {"seconds": 60})
        assert clock["time"] >= sandbox.clock.time() - 1
        status, body = await _call(session, sandbox, "POST", "/faults/drop", {"code": 4000})
        assert status == 200 and body == {"dropped": 0}
        status, body = await _call(session, sandbox, "POST", "/messages", {"channel": "x"})
        assert status == 400


async def test_commands_and_buttons_through_http(sandbox: Sandbox) -> None:
    from tidecord.models import ApplicationCommand, ApplicationCommandOption

    command = ApplicationCommand(
        id=sandbox.state.new_id(), name="greet", description="greets",
        options=[ApplicationCommandOption(type=6, name="who", description="who")])
    sandbox.state.commands[command.id] = command
    async with aiohttp.ClientSession() as session:
        _, listed = await _call(session, sandbox, "GET", f"/commands?guild_id={sandbox.guild.id}")
        assert [c["name"] for c in listed] == ["greet"]
        bob = str(sandbox.user("bob").id)
        status, started = await _call(session, sandbox, "POST", "/interactions/command", {
            "as": "alice", "channel_id": str(sandbox.channel("general").id), "name": "greet",
            "options": [{"name": "who", "type": 6, "value": bob}]})
        assert status == 200
        record = sandbox.interactions.by_id[int(started["id"])]
        data = record.interaction.data
        assert data.options[0].value == bob
        assert data.resolved["users"][bob]["username"] == "bob"
        _, view = await _call(session, sandbox, "GET", f"/interactions/{started['id']}")
        assert view["response_type"] is None


async def test_a_person_shows_a_presence(sandbox: Sandbox) -> None:
    alice = sandbox.user("alice").id
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{sandbox.url}/_sandbox/feed") as feed:
            await asyncio.sleep(0.05)
            status, _ = await _call(session, sandbox, "POST", "/presence", {
                "as": "alice", "status": "dnd", "platforms": ["web"],
                "activities": [{"name": "chess", "type": 0}]})
            assert status == 200
            while True:
                event = await asyncio.wait_for(feed.receive_json(), 5)
                if event.get("t") == "PRESENCE_UPDATE":
                    break
        assert event["d"]["user"]["id"] == str(alice)
        assert (event["d"]["status"], event["d"]["client_status"]) == ("dnd", {"web": "dnd"})
        # Stamped with when it began, as Discord's (hikari reads created_at by key).
        began = event["d"]["activities"][0].get("created_at")
        assert event["d"]["activities"] == [{"name": "chess", "type": 0, "created_at": began}]
        assert isinstance(began, int) and began > 1_700_000_000_000
        status, body = await _call(session, sandbox, "POST", "/presence",
                                   {"as": "alice", "status": "away"})
        assert status == 400 and body["code"] == 50035 and "away" in body["error"]
        status, body = await _call(session, sandbox, "POST", "/presence",
                                   {"as": "alice", "activities": "chess"})
        assert status == 400
    gid = sandbox.guild.id
    assert [p.status for p in sandbox.state.guild_presences(gid)] == ["dnd"]
    await sandbox.set_presence("alice", "offline", activities=[{"name": "chess"}])
    assert sandbox.state.guild_presences(gid) == []
