"""Guild stickers over the sandbox's REST API: uploaded as a multipart form, listed,
edited, deleted, refused as Discord refuses them, announced to bots, and sent in
messages by bots and people."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError, World

from .conftest import Api
from .sandbox_raw import RawGateway

pytestmark = pytest.mark.timeout(30)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
APNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 8 + b"acTL" + b"\0" * 8
GIF = b"GIF89a" + b"\0" * 16
LOTTIE = b'{"v": "5.5.2", "layers": []}'
GUILD_EXPRESSIONS = 1 << 3

STICKERS = pytest.mark.sandbox(world=World.from_dict({
    "users": [{"username": "alice"}],
    "guilds": [
        {"name": "Sandbox", "owner": "alice", "channels": [{"name": "general"}],
         "stickers": ["wave"], "members": ["alice"],
         "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                             "create_expressions", "view_audit_log"]},
        {"name": "Elsewhere", "owner": "alice", "channels": [{"name": "lobby"}],
         "stickers": ["hug"], "members": ["alice"]},
    ],
}))


def upload(fields: dict[str, str], file: bytes | None = PNG) -> tuple[bytes, dict[str, str]]:
    """A multipart body as discord.py sends a sticker: form fields and a ``file``."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             .encode() for k, v in fields.items()]
    if file is not None:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                     f'filename="s.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
                     + file + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def make(api: Api, gid: int, fields: dict[str, str],
               file: bytes | None = PNG) -> tuple[int, Any]:
    body, headers = upload(fields, file)
    status, answer, _ = await api.call("POST", f"/guilds/{gid}/stickers", raw=body,
                                       headers=headers)
    return status, answer


@STICKERS
async def test_a_sticker_is_uploaded_edited_announced_and_deleted(api: Api,
                                                                  sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    async with await RawGateway.connect(sandbox) as gw:
        await gw.identify(sandbox.token, GUILD_EXPRESSIONS | 1)
        created = (await gw.recv_until("GUILD_CREATE"))["d"]
        assert [s["name"] for s in created["stickers"]] == ["wave"]
        status, made = await make(api, gid, {"name": "sprout", "tags": "seedling",
                                             "description": ""})
        assert status == 200, made
        assert (made["name"], made["tags"], made["type"], made["format_type"]) == \
            ("sprout", "seedling", 2, 1)
        assert made["guild_id"] == str(gid) and made["user"]["id"] == str(sandbox.bot_user.id)
        update = (await gw.recv_until("GUILD_STICKERS_UPDATE"))["d"]
        assert [s["name"] for s in update["stickers"]] == ["wave", "sprout"]
        # Its maker may edit it with Create Expressions alone; the world's need Manage.
        status, edited, _ = await api.call("PATCH", f"/guilds/{gid}/stickers/{made['id']}",
                                           {"name": "seedling", "description": "a small plant"})
        assert status == 200 and (edited["name"], edited["description"]) == \
            ("seedling", "a small plant")
        assert (await gw.recv_until("GUILD_STICKERS_UPDATE"))["d"]["stickers"][1] == edited
        wave = created["stickers"][0]["id"]
        status, body, _ = await api.call("PATCH", f"/guilds/{gid}/stickers/{wave}",
                                         {"name": "w2"})
        assert (status, body["code"]) == (403, 50013)
        _, listed, _ = await api.call("GET", f"/guilds/{gid}/stickers")
        assert [s["name"] for s in listed] == ["wave", "seedling"]
        status, anywhere, _ = await api.call("GET", f"/stickers/{made['id']}")
        assert status == 200 and anywhere["name"] == "seedling" and "user" not in anywhere
        status, _, _ = await api.call("DELETE", f"/guilds/{gid}/stickers/{made['id']}")
        assert status == 204
        update = (await gw.recv_until("GUILD_STICKERS_UPDATE"))["d"]
        assert [s["name"] for s in update["stickers"]] == ["wave"]
    for path in (f"/guilds/{gid}/stickers/{made['id']}", f"/stickers/{made['id']}"):
        status, body, _ = await api.call("GET", path)
        assert (status, body["code"]) == (404, 10060)
    _, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    assert [e["action_type"] for e in log["audit_log_entries"]][:3] == [92, 91, 90]


@STICKERS
async def test_what_discord_refuses_a_sticker(api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild_named("Sandbox").id
    good = {"name": "fine", "tags": "smile"}
    for fields, file, field in (({**good, "name": "x"}, PNG, "name"),
                                ({**good, "name": "x" * 31}, PNG, "name"),
                                ({"name": "fine"}, PNG, "tags"),
                                ({**good, "description": "a"}, PNG, "description"),
                                (good, None, "file"),
                                (good, PNG + b"\0" * 512 * 1024, "file")):
        status, answer = await make(api, gid, fields, file)
        assert status == 400 and answer["code"] == 50035 and field in answer["errors"], answer
    status, answer = await make(api, gid, good, b"plain text")
    assert (status, answer["code"]) == (400, 50046)
    formats = []
    for n, file in enumerate((APNG, GIF, LOTTIE, PNG)):  # "wave" and these make five
        status, made = await make(api, gid, {**good, "name": f"s{n}"}, file)
        assert status == 200, made
        formats.append(made["format_type"])
    assert formats == [2, 4, 3, 1]
    status, answer = await make(api, gid, {**good, "name": "onemore"})
    assert (status, answer["code"]) == (400, 30039)
    other = sandbox.guild_named("Elsewhere").id
    status, answer = await make(api, other, good)
    assert (status, answer["code"]) == (403, 50013)
    status, answer, _ = await api.call("PATCH", f"/guilds/{gid}/stickers/{made['id']}",
                                       {"tags": "x" * 201})
    assert status == 400 and "tags" in answer["errors"]


@STICKERS
async def test_messages_carry_the_guilds_stickers(api: Api, sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    wave = sandbox.guild_named("Sandbox").stickers[0]
    hug = sandbox.guild_named("Elsewhere").stickers[0]
    status, sent, _ = await api.call("POST", f"/channels/{general}/messages",
                                     {"sticker_ids": [str(wave.id)]})
    assert status == 200
    assert sent["sticker_items"] == [{"id": str(wave.id), "name": "wave", "format_type": 1}]
    _, got, _ = await api.call("GET", f"/channels/{general}/messages/{sent['id']}")
    assert got["sticker_items"] == sent["sticker_items"]
    _, plain, _ = await api.call("POST", f"/channels/{general}/messages", {"content": "hi"})
    assert "sticker_items" not in plain
    for ids, code in (([hug.id], 50081), ([12345], 50081), ([wave.id] * 4, 50035)):
        status, body, _ = await api.call("POST", f"/channels/{general}/messages",
                                         {"sticker_ids": [str(i) for i in ids]})
        assert (status, body["code"]) == (400, code), body
    said = await sandbox.send_message("alice", "general", "look", stickers=[wave])
    assert [(int(s.id), s.name) for s in said.stickers] == [(wave.id, "wave")]
    with pytest.raises(StateError) as refused:
        await sandbox.send_message("alice", "general", stickers=[hug.id])
    assert refused.value.code == 50081
