"""The sandbox's CDN (``/cdn/``): what the bot uploaded comes back byte for byte, an
image the world holds only as a hash is drawn at the size asked, and a hash that is
not the object's current one is 404, as on Discord's CDN once an image is replaced."""

from __future__ import annotations

import base64
import struct

import aiohttp
import msgspec
import pytest

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.cdn import draw_png

from .conftest import Api

pytestmark = pytest.mark.timeout(30)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


async def fetch(sb: Sandbox, path: str) -> tuple[int, bytes, str]:
    async with aiohttp.ClientSession() as http, http.get(f"{sb.cdn_url}/{path}") as resp:
        return resp.status, await resp.read(), resp.content_type


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:16]
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def test_an_uploaded_avatar_comes_back_until_it_is_replaced(
        api: Api, sandbox: Sandbox) -> None:
    first, second = draw_png("first", 16), draw_png("second", 32)
    status, me, _ = await api.call("PATCH", "/users/@me", {"avatar": data_uri(first)})
    assert status == 200
    path = f"avatars/{sandbox.bot_user.id}/{me['avatar']}.png"
    assert await fetch(sandbox, path) == (200, first, "image/png")
    # Uploaded bytes on the sandbox's origin are never run as a page (as attachments).
    async with aiohttp.ClientSession() as http, http.get(f"{sandbox.cdn_url}/{path}") as resp:
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in resp.headers["Content-Security-Policy"]
    # Any size Discord takes; not one it refuses.
    assert (await fetch(sandbox, path + "?size=4096"))[0] == 200
    for bad in ("100", "8", "8192", "big"):
        assert (await fetch(sandbox, f"{path}?size={bad}"))[:2] == (400, b"Invalid size")
    _, me, _ = await api.call("PATCH", "/users/@me", {"avatar": data_uri(second)})
    assert (await fetch(sandbox, path))[0] == 404
    assert (await fetch(sandbox, f"avatars/{sandbox.bot_user.id}/{me['avatar']}.webp"))[1] \
        == second


async def test_a_hash_only_the_world_holds_is_drawn_at_the_size_asked(
        sandbox: Sandbox) -> None:
    alice = sandbox.user("alice")
    sandbox.state.users[alice.id] = msgspec.structs.replace(alice, avatar_hash="a_" + "7" * 32)
    status, body, kind = await fetch(sandbox, f"avatars/{alice.id}/a_{'7' * 32}.gif?size=64")
    assert (status, kind, png_size(body)) == (200, "image/png", (64, 64))
    assert png_size((await fetch(sandbox, f"avatars/{alice.id}/a_{'7' * 32}.png"))[1]) == (
        1024, 1024)  # Discord's default size
    for gone in (f"avatars/{alice.id}/{'8' * 32}.png", f"avatars/1/a_{'7' * 32}.png",
                 "avatars/x/y.png", "nonsense/1/2.png", "embed/avatars/6.png"):
        assert (await fetch(sandbox, gone))[0] == 404, gone
    status, body, _ = await fetch(sandbox, "embed/avatars/5.png")
    assert status == 200 and png_size(body) == (1024, 1024)


@pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Garden", "owner": "alice", "members": ["alice"],
                "bot_permissions": ["administrator"], "channels": [{"name": "general"}]}],
}))
async def test_guild_images_and_emojis_are_served_by_what_made_them(
        api: Api, sandbox: Sandbox) -> None:
    gid = sandbox.guild.id
    icon = draw_png("icon", 16)
    status, guild, _ = await api.call("PATCH", f"/guilds/{gid}", {"icon": data_uri(icon)})
    assert status == 200
    assert await fetch(sandbox, f"icons/{gid}/{guild['icon']}.png") == (200, icon, "image/png")
    smile = draw_png("smile", 32)
    status, emoji, _ = await api.call("POST", f"/guilds/{gid}/emojis",
                                      {"name": "smile", "image": data_uri(smile)})
    assert status == 201
    assert (await fetch(sandbox, f"emojis/{emoji['id']}.png"))[1] == smile
    await api.call("DELETE", f"/guilds/{gid}/emojis/{emoji['id']}")
    assert (await fetch(sandbox, f"emojis/{emoji['id']}.png"))[0] == 404
