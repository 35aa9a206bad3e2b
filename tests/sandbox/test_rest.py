"""REST behaves as Discord's: auth, errors, permissions, bad input, content type."""

from __future__ import annotations

import io
import json
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import Sandbox, World

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


async def test_identity_routes(api: Api, sandbox: Sandbox) -> None:
    status, me, resp = await api.call("GET", "/users/@me")
    assert status == 200 and me["id"] == str(sandbox.bot_user.id) and me["bot"] is True
    assert resp.headers["Content-Type"] == "application/json"
    status, app, _ = await api.call("GET", "/oauth2/applications/@me")
    assert status == 200
    for key in ("id", "name", "icon", "description", "bot_public", "bot_require_code_grant",
                "owner", "verify_key", "flags"):
        assert key in app
    status, gw, _ = await api.call("GET", "/gateway", token=None)
    assert status == 200 and gw == {"url": sandbox.gateway_url}
    status, gwb, _ = await api.call("GET", "/gateway/bot")
    assert gwb["url"] == sandbox.gateway_url and gwb["shards"] == 1
    assert gwb["session_start_limit"]["max_concurrency"] == 1


@pytest.mark.parametrize("token", [None, "wrong"])
async def test_bad_or_missing_token_is_401(api: Api, token: str | None) -> None:
    status, body, resp = await api.call("GET", "/users/@me", token=token)
    assert status == 401 and body == {"message": "401: Unauthorized", "code": 0}
    assert resp.headers["Content-Type"] == "application/json"


async def test_unknown_routes_and_methods(api: Api) -> None:
    status, body, _ = await api.call("GET", "/nope/nothing")
    assert status == 404 and body == {"message": "404: Not Found", "code": 0}
    status, body, _ = await api.call("PUT", "/users/@me")
    assert status == 405 and body["code"] == 0


async def test_message_lifecycle(api: Api, sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    status, msg, _ = await api.call("POST", f"/channels/{general}/messages",
                                    {"content": "hello", "nonce": "n1"})
    assert status == 200 and msg["content"] == "hello" and msg["nonce"] == "n1"
    assert msg["author"]["id"] == str(sandbox.bot_user.id)
    status, got, _ = await api.call("GET", f"/channels/{general}/messages/{msg['id']}")
    assert got["id"] == msg["id"]
    status, edited, _ = await api.call("PATCH", f"/channels/{general}/messages/{msg['id']}",
                                       {"content": "hello again"})
    assert edited["content"] == "hello again" and edited["edited_timestamp"]
    status, _, _ = await api.call("PUT", f"/channels/{general}/messages/{msg['id']}"
                                  "/reactions/%F0%9F%91%8D/@me")
    assert status == 204
    assert sandbox.messages("general")[0].reactions[0].me is True
    status, listed, _ = await api.call("GET", f"/channels/{general}/messages?limit=10")
    assert [m["id"] for m in listed] == [msg["id"]]
    status, _, _ = await api.call("DELETE", f"/channels/{general}/messages/{msg['id']}")
    assert status == 204 and sandbox.messages("general") == []
    status, body, _ = await api.call("GET", f"/channels/{general}/messages/{msg['id']}")
    assert status == 404 and body["code"] == 10008


async def test_history_paging(api: Api, sandbox: Sandbox) -> None:
    ids = [(await sandbox.send_message("alice", "general", str(i))).id for i in range(7)]
    general = sandbox.channel("general").id
    _, page, _ = await api.call("GET", f"/channels/{general}/messages?limit=3")
    assert [int(m["id"]) for m in page] == ids[:-4:-1]
    _, page, _ = await api.call("GET", f"/channels/{general}/messages?before={ids[3]}&limit=2")
    assert [int(m["id"]) for m in page] == [ids[2], ids[1]]
    _, page, _ = await api.call("GET", f"/channels/{general}/messages?after={ids[3]}&limit=2")
    assert [int(m["id"]) for m in page] == [ids[5], ids[4]]
    _, page, _ = await api.call("GET", f"/channels/{general}/messages?around={ids[3]}&limit=3")
    assert sorted(int(m["id"]) for m in page) == ids[2:5]


async def test_discord_errors(api: Api, sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    status, body, _ = await api.call("POST", f"/channels/{general}/messages", {"content": ""})
    assert (status, body["code"]) == (400, 50006)
    status, body, _ = await api.call("POST", f"/channels/{general}/messages",
                                     {"content": "x" * 2001})
    assert (status, body["code"]) == (400, 50035)
    assert body["errors"]["content"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    status, body, _ = await api.call("POST", f"/channels/{general}/messages",
                                     {"embeds": [{"title": 5}]})
    assert (status, body["code"]) == (400, 50035)
    assert "_errors" in body["errors"]["embeds"]["0"]["title"]
    status, body, _ = await api.call("POST", f"/channels/{general}/messages", {
        "content": "re", "message_reference": {"message_id": "1234567890123456789"}})
    assert body["code"] == 50035 and "message_reference" in body["errors"]
    status, body, _ = await api.call("GET", "/channels/1234567890123456789")
    assert (status, body["code"]) == (404, 10003)
    status, body, _ = await api.call("GET", "/channels/abc")
    assert (status, body["code"]) == (400, 50035)
    status, body, _ = await api.call("GET", f"/channels/{general}/messages?before=soon")
    assert (status, body["code"]) == (400, 50035)


async def test_missing_send_permission_is_50013(api: Api, sandbox: Sandbox) -> None:
    channel = sandbox.channel("announcements").id
    status, body, _ = await api.call("POST", f"/channels/{channel}/messages", {"content": "hi"})
    assert status == 403 and body == {"message": "Missing Permissions", "code": 50013}
    assert sandbox.messages("announcements") == []
    # the owner may still speak there
    await sandbox.send_message("alice", "announcements", "news")
    assert len(sandbox.messages("announcements")) == 1


async def test_malformed_and_oversized_bodies(api: Api, sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    status, body, _ = await api.call("POST", f"/channels/{general}/messages", raw=b"{nope",
                                     headers={"Content-Type": "application/json"})
    assert (status, body["code"]) == (400, 50109)
    status, body, _ = await api.call("POST", f"/channels/{general}/messages", raw=b"[1, 2]",
                                     headers={"Content-Type": "application/json"})
    assert (status, body["code"]) == (400, 50035)
    status, body, _ = await api.call("POST", f"/channels/{general}/messages",
                                     raw=io.BytesIO(b"x" * (27 * 1024 * 1024)),
                                     headers={"Content-Type": "application/json"})
    assert (status, body["code"]) == (413, 40005)
    # and the sandbox still serves, state intact
    status, _, _ = await api.call("POST", f"/channels/{general}/messages", {"content": "ok"})
    assert status == 200 and [m.content for m in sandbox.messages("general")] == ["ok"]


async def test_multipart_upload_and_attachment_download(api: Api, sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps({"content": "a file",
                                               "attachments": [{"id": 0, "filename": "a.txt"}]}),
                   content_type="application/json")
    form.add_field("files[0]", b"hello file", filename="a.txt", content_type="text/plain")
    async with api.session.post(f"{sandbox.api_url}/channels/{general}/messages", data=form,
                                headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
        assert resp.status == 200
        msg = await resp.json()
    attachment = msg["attachments"][0]
    assert attachment["filename"] == "a.txt" and attachment["size"] == 10
    async with api.session.get(attachment["url"]) as resp:
        assert await resp.read() == b"hello file"
        assert resp.headers["Content-Type"].startswith("text/plain")


async def test_guild_routes(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, guild, _ = await api.call("GET", f"/guilds/{gid}?with_counts=true")
    assert guild["name"] == "Sandbox" and guild["approximate_member_count"] == 3
    _, channels, _ = await api.call("GET", f"/guilds/{gid}/channels")
    assert {c["name"] for c in channels} >= {"general", "ideas"}
    _, roles, _ = await api.call("GET", f"/guilds/{gid}/roles")
    assert roles[0]["id"] == str(gid)
    alice = sandbox.user("alice").id
    _, member, _ = await api.call("GET", f"/guilds/{gid}/members/{alice}")
    assert member["user"]["username"] == "alice"
    _, found, _ = await api.call("GET", f"/guilds/{gid}/members/search?query=bo&limit=5")
    assert [m["user"]["username"] for m in found] == ["bob"]
    _, listed, _ = await api.call("GET", f"/guilds/{gid}/members?limit=1000")
    assert len(listed) == 3
    # the bot's role cannot kick: 50013
    status, body, _ = await api.call("DELETE", f"/guilds/{gid}/members/{alice}")
    assert (status, body["code"]) == (403, 50013)


async def test_dm_channel(api: Api, sandbox: Sandbox) -> None:
    alice = sandbox.user("alice").id
    status, channel, _ = await api.call("POST", "/users/@me/channels",
                                        {"recipient_id": str(alice)})
    assert status == 200 and channel["type"] == 1
    status, msg, _ = await api.call("POST", f"/channels/{channel['id']}/messages",
                                    {"content": "psst"})
    assert status == 200 and "guild_id" not in msg


async def test_commands_crud_and_validation(api: Api, sandbox: Sandbox) -> None:
    app = sandbox.state.application.id
    status, made, _ = await api.call("POST", f"/applications/{app}/commands",
                                     {"name": "echo", "description": "repeats"})
    assert status == 201 and made["application_id"] == str(app)
    status, again, _ = await api.call("POST", f"/applications/{app}/commands",
                                      {"name": "echo", "description": "repeats more"})
    assert status == 200 and again["id"] == made["id"]  # same name: updated, not added
    status, body, _ = await api.call("POST", f"/applications/{app}/commands",
                                     {"name": "Bad Name", "description": ""})
    assert body["code"] == 50035 and {"name", "description"} <= set(body["errors"])
    status, body, _ = await api.call("PATCH", f"/applications/{app}/commands/{made['id']}",
                                     raw=b"{nope", headers={"Content-Type": "application/json"})
    assert (status, body["code"]) == (400, 50109)
    status, _, _ = await api.call("DELETE", f"/applications/{app}/commands/{made['id']}")
    assert status == 204
    status, listed, _ = await api.call("GET", f"/applications/{app}/commands")
    assert listed == []


async def test_uploads_get_their_type_and_size_from_the_file(api: Api, sandbox: Sandbox) -> None:
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 3, 2, 8, 2, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr
           + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr)))
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps({
        "embeds": [{"title": "card", "image": {"url": "attachment://card.png"}}]}))
    form.add_field("files[0]", png, filename="card.png",
                   content_type="application/octet-stream")
    general = sandbox.channel("general").id
    async with api.session.post(f"{sandbox.api_url}/channels/{general}/messages", data=form,
                                headers={"Authorization": f"Bot {sandbox.token}"}) as resp:
        msg = await resp.json()
    attachment = msg["attachments"][0]
    assert attachment["content_type"] == "image/png"
    assert (attachment["width"], attachment["height"]) == (3, 2)
    assert msg["embeds"][0]["image"]["url"] == attachment["url"]


async def _upload(api: Api, payload: dict[str, Any], files: list[tuple[str, bytes]]
                  ) -> tuple[int, Any]:
    form = aiohttp.FormData()
    form.add_field("payload_json", json.dumps(payload), content_type="application/json")
    for i, (name, data) in enumerate(files):
        form.add_field(f"files[{i}]", data, filename=name, content_type="text/plain")
    general = api.sb.channel("general").id
    async with api.session.post(f"{api.sb.api_url}/channels/{general}/messages", data=form,
                                headers={"Authorization": f"Bot {api.sb.token}"}) as resp:
        return resp.status, await resp.json()


@pytest.mark.parametrize(("payload", "files", "expected"), [
    ({"attachments": [{"id": 0, "filename": 5}]}, [("a.txt", b"x")], (400, 50035)),
    ({"content": "x"}, [(f"f{i}.txt", b"x") for i in range(11)], (400, 50035)),
    ({"content": "x"}, [("big.txt", b"x" * (10 * 1024 * 1024 + 1))], (413, 40005)),
])
async def test_bad_uploads_are_refused_and_nothing_is_kept(
        api: Api, sandbox: Sandbox, payload: dict[str, Any], files: list[tuple[str, bytes]],
        expected: tuple[int, int]) -> None:
    status, body = await _upload(api, payload, files)

    assert (status, body["code"]) == expected
    assert sandbox.messages("general") == []
    status, sent = await _upload(api, {"content": "ok"}, [("a.txt", b"x")])
    assert status == 200 and sent["attachments"][0]["filename"] == "a.txt"


def _ids_not_strings(value: Any, path: str = "$") -> list[str]:
    """Where an id in a JSON answer is not a string (Discord sends every id as one)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if (key == "id" or key.endswith("_id")) and item is not None:
                if not isinstance(item, str):
                    found.append(where)
            elif key in ("roles", "mention_roles", "users") and isinstance(item, list):
                found += [f"{where}[{i}]" for i, x in enumerate(item) if not isinstance(x, str)]
            else:
                found += _ids_not_strings(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _ids_not_strings(item, f"{path}[{i}]")
    return found


async def test_ids_sent_as_numbers_come_back_as_strings(api: Api, sandbox: Sandbox) -> None:
    # Discord takes an id as a number or a string, and always answers with strings.
    general = sandbox.channel("general").id
    alice = sandbox.user("alice").id
    status, first, _ = await api.call("POST", f"/channels/{general}/messages",
                                      {"content": "first"})
    assert status == 200
    status, reply, _ = await api.call("POST", f"/channels/{general}/messages", {
        "content": f"<@{alice}> hello",
        "message_reference": {"message_id": int(first["id"]), "channel_id": general},
        "allowed_mentions": {"users": [alice], "replied_user": True},
    })
    assert status == 200, reply
    assert reply["message_reference"]["message_id"] == first["id"]
    assert reply["mentions"][0]["id"] == str(alice)
    status, listed, _ = await api.call("GET", f"/channels/{general}/messages?limit=10")
    status, member, _ = await api.call(
        "GET", f"/guilds/{sandbox.guild.id}/members/{alice}")
    assert status == 200
    for answer in (first, reply, listed, member):
        assert _ids_not_strings(answer) == [], answer


ADMIN_WORLD = World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["administrator"],
                "channels": [{"name": "general"}], "members": ["alice"]}],
})


@pytest.mark.sandbox(world=ADMIN_WORLD)
async def test_channel_and_role_ids_sent_as_numbers_come_back_as_strings(
        api: Api, sandbox: Sandbox) -> None:
    # As for messages: whatever a request carried, a channel's or a role's ids are
    # answered (and dispatched) as strings.
    gid = sandbox.guild.id
    status, category, _ = await api.call("POST", f"/guilds/{gid}/channels",
                                         {"name": "Lounge", "type": 4})
    assert status in (200, 201), category
    status, room, _ = await api.call("POST", f"/guilds/{gid}/channels",
                                     {"name": "chat", "parent_id": int(category["id"])})
    assert status in (200, 201), room
    assert room["parent_id"] == category["id"]
    status, moved, _ = await api.call("PATCH", f"/channels/{room['id']}",
                                      {"parent_id": int(category["id"])})
    assert status == 200, moved
    status, refused, _ = await api.call("PATCH", f"/channels/{room['id']}",
                                        {"parent_id": sandbox.channel("general").id})
    assert (status, refused["code"]) == (400, 50035)  # a parent must be a category
    status, role, _ = await api.call("POST", f"/guilds/{gid}/roles", {"name": "crew"})
    assert status == 200, role
    status, roles, _ = await api.call("GET", f"/guilds/{gid}/roles")
    status, channels, _ = await api.call("GET", f"/guilds/{gid}/channels")
    assert status == 200
    for answer in (category, room, moved, role, roles, channels):
        assert _ids_not_strings(answer) == [], answer


ROLES_WORLD = World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["manage_roles"],
                "roles": [{"name": "Low"}, {"name": "Mid"}],
                "channels": [{"name": "general"}], "members": ["alice"]}],
})


@pytest.mark.sandbox(world=ROLES_WORLD)
async def test_role_positions_move_renumber_and_refuse_as_discord_does(
        api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, roles, _ = await api.call("GET", f"/guilds/{gid}/roles")
    by_name = {r["name"]: r for r in roles}
    low, mid = by_name["Low"], by_name["Mid"]
    mine = next(r for r in roles if r.get("tags", {}).get("bot_id"))
    assert int(low["position"]) < int(mid["position"]) < int(mine["position"])
    # Low goes above Mid; the answer is every role, renumbered from 1.
    status, moved, _ = await api.call("PATCH", f"/guilds/{gid}/roles",
                                      [{"id": int(low["id"]), "position": mid["position"]}])
    assert status == 200, moved
    order = [r["name"] for r in sorted(moved, key=lambda r: r["position"])]
    assert order.index("Mid") < order.index("Low") < order.index(mine["name"])
    assert sorted(r["position"] for r in moved) == list(range(len(moved)))
    status, refused, _ = await api.call("PATCH", f"/guilds/{gid}/roles",
                                        [{"id": "not-an-id", "position": 1}])
    assert (status, refused["code"]) == (400, 50035)
    status, refused, _ = await api.call("PATCH", f"/guilds/{gid}/roles",
                                        [{"id": mine["id"], "position": 1}])
    assert (status, refused["code"]) == (403, 50013)  # not its own top role
    status, refused, _ = await api.call("PATCH", f"/guilds/{gid}/roles",
                                        [{"id": low["id"], "position": 99}])
    assert (status, refused["code"]) == (403, 50013)  # nor above it


@pytest.mark.sandbox(world=ROLES_WORLD)
async def test_channel_overwrites_are_set_and_removed_as_discord_does(
        api: Api, sandbox: Sandbox) -> None:
    channel = sandbox.channel("general").id
    gid = sandbox.guild.id
    status, roles, _ = await api.call("GET", f"/guilds/{gid}/roles")
    low = next(r for r in roles if r["name"] == "Low")
    path = f"/channels/{channel}/permissions/{low['id']}"
    # Bit sets as a string or a number; the answer is 204 and the channel holds strings.
    status, body, _ = await api.call("PUT", path, {"type": 0, "allow": "2048", "deny": 1024})
    assert (status, body) == (204, None)
    status, got, _ = await api.call("GET", f"/channels/{channel}")
    assert {"id": low["id"], "type": 0, "allow": "2048", "deny": "1024"} in \
        got["permission_overwrites"]
    # Set again: replaced, not added.
    await api.call("PUT", path, {"type": 0, "deny": "2048"})
    status, got, _ = await api.call("GET", f"/channels/{channel}")
    mine = [o for o in got["permission_overwrites"] if o["id"] == low["id"]]
    assert mine == [{"id": low["id"], "type": 0, "allow": "0", "deny": "2048"}]
    for body in ({"type": 2}, {"allow": "1"}, {"type": 0, "allow": "lots"}):
        status, refused, _ = await api.call("PUT", path, body)
        assert (status, refused["code"]) == (400, 50035), body
    status, refused, _ = await api.call("PUT", f"/channels/{channel}/permissions/me",
                                        {"type": 1})
    assert (status, refused["code"]) == (400, 50035)
    status, body, _ = await api.call("DELETE", path)
    assert (status, body) == (204, None)
    status, got, _ = await api.call("GET", f"/channels/{channel}")
    assert all(o["id"] != low["id"] for o in got["permission_overwrites"])
    status, refused, _ = await api.call("DELETE", path)  # nothing left to remove
    assert (status, refused["code"]) == (404, 10009)
    # Only what the bot may do itself can be allowed or denied (it is no administrator)...
    status, refused, _ = await api.call("PUT", path, {"type": 0, "allow": "8"})
    assert (status, refused["code"]) == (403, 50013)
    # ...unless the channel gives it MANAGE_ROLES by an overwrite of its own.
    bot = sandbox.bot_user.id
    mine = f"/channels/{channel}/permissions/{bot}"
    status, _, _ = await api.call("PUT", mine, {"type": 1, "allow": str(1 << 28)})
    assert status == 204
    status, _, _ = await api.call("PUT", path, {"type": 0, "allow": "8"})
    assert status == 204


NO_MANAGE_ROLES = World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Ops", "owner": "alice",
                "bot_permissions": ["view_channel", "send_messages"],
                "roles": [{"name": "Low"}], "channels": [{"name": "general"}],
                "members": ["alice"]}],
})


@pytest.mark.sandbox(world=NO_MANAGE_ROLES)
async def test_channel_overwrites_need_manage_roles(api: Api, sandbox: Sandbox) -> None:
    channel = sandbox.channel("general").id
    path = f"/channels/{channel}/permissions/{sandbox.guild.id}"
    for method, body in (("PUT", {"type": 0, "deny": "2048"}), ("DELETE", None)):
        status, refused, _ = await api.call(method, path, body)
        assert (status, refused["code"]) == (403, 50013), method


BANS_WORLD = World.from_dict({
    "users": ["alice", "bob", "carol", "dave"],
    "guilds": [{"name": "Ops", "owner": "alice", "bot_permissions": ["ban_members"],
                "channels": [{"name": "general"}], "members": ["alice", "bob", "carol"]}],
})


@pytest.mark.sandbox(world=BANS_WORLD)
async def test_bans_are_listed_by_user_id_a_page_at_a_time(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    ids = sorted(sandbox.user(name).id for name in ("bob", "carol", "dave"))
    for uid in ids:
        status, _, _ = await api.call("PUT", f"/guilds/{gid}/bans/{uid}", {},
                                      headers={"X-Audit-Log-Reason": "too%20loud"})
        assert status == 204
    path = f"/guilds/{gid}/bans"

    async def page(query: str) -> list[int]:
        status, got, _ = await api.call("GET", path + query)
        assert status == 200, got
        return [int(entry["user"]["id"]) for entry in got]

    assert await page("") == ids
    assert await page("?limit=2") == ids[:2]
    assert await page(f"?after={ids[0]}") == ids[1:]
    assert await page(f"?before={ids[2]}&limit=1") == [ids[1]]  # the nearest, going back
    assert await page(f"?before={ids[1]}&after={ids[1]}") == [ids[0]]  # before wins
    status, one, _ = await api.call("GET", f"{path}/{ids[0]}")
    assert (status, one["reason"]) == (200, "too loud")  # sent URL-encoded, kept decoded
    for query in ("?limit=0", "?limit=1001", "?limit=many", "?after=someone"):
        status, refused, _ = await api.call("GET", path + query)
        assert (status, refused["code"]) == (400, 50035), query
    status, refused, _ = await api.call("GET", f"{path}/{sandbox.user('alice').id}")
    assert (status, refused["code"]) == (404, 10026)


@pytest.mark.sandbox(world=ADMIN_WORLD)
async def test_a_channel_edit_clears_what_it_sends_as_null_and_keeps_what_it_leaves_out(
        api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    status, category, _ = await api.call("POST", f"/guilds/{gid}/channels",
                                         {"name": "Tickets", "type": 4})
    status, channel, _ = await api.call("POST", f"/guilds/{gid}/channels", {
        "name": "ticket", "parent_id": category["id"], "topic": "help"})
    assert status == 201 and channel["parent_id"] == category["id"]
    path = f"/channels/{channel['id']}"
    status, kept, _ = await api.call("PATCH", path, {"name": "renamed"})
    assert (kept["parent_id"], kept["topic"]) == (category["id"], "help")
    status, cleared, _ = await api.call("PATCH", path, {"parent_id": None, "topic": None})
    assert status == 200
    assert (cleared["parent_id"], cleared["topic"], cleared["name"]) == (None, None, "renamed")
