"""Downloading from the CDN: an Asset's read, save and to_file against a real server on
loopback, and both assets and attachments refused with discord.py's errors."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import msgspec
import pytest
from aiohttp import web

import tidecord
from tidecord.models.asset import Asset
from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.cdn import draw_png

from .client_helpers import Connect, admin_world

pytestmark = pytest.mark.timeout(30)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 24


@pytest.fixture
async def cdn() -> AsyncIterator[str]:
    """A CDN of one icon on loopback; anything else is missing, /private/ refused."""

    async def serve(request: web.Request) -> web.Response:
        if request.path == "/icons/1/abc.png":
            return web.Response(body=PNG, content_type="image/png")
        if request.path.startswith("/private/"):
            return web.Response(status=403, text="Forbidden")
        return web.Response(status=404, text="Not Found")

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_an_asset_reads_saves_and_becomes_a_file(cdn: str, tmp_path: Path) -> None:
    icon = Asset(f"{cdn}/icons/1/abc.png?size=1024", "abc")
    assert await icon.read() == PNG
    buffer = io.BytesIO()
    assert await icon.save(buffer) == len(PNG) and buffer.read() == PNG
    assert await icon.save(tmp_path / "icon.png") == len(PNG)
    assert await asyncio.to_thread((tmp_path / "icon.png").read_bytes) == PNG
    file = await icon.to_file(spoiler=True)
    assert (file.filename, file.spoiler) == ("SPOILER_abc.png", True)  # as discord.py names it
    assert await file.read() == PNG
    assert (await icon.to_file(filename="kept.png")).filename == "kept.png"


async def test_a_refused_asset_raises_discord_py_s_errors(cdn: str) -> None:
    with pytest.raises(tidecord.NotFound) as gone:
        await Asset(f"{cdn}/icons/1/gone.png", "gone").read()
    assert gone.value.status == 404
    with pytest.raises(tidecord.Forbidden):
        await Asset(f"{cdn}/private/x.png", "x").save(io.BytesIO())


async def test_an_attachment_the_cdn_no_longer_has_is_not_found(sandbox: Sandbox,
                                                              connect: Connect) -> None:
    client = await connect()
    waiter = asyncio.create_task(client.wait_for("message", timeout=5))
    await asyncio.sleep(0)
    await sandbox.send_message("alice", "general", "notes", files=[("n.txt", b"seeds")])
    (attachment,) = (await waiter).attachments
    assert await attachment.read() == b"seeds"
    missing = msgspec.structs.replace(attachment, url=attachment.url.replace(
        str(attachment.id), "1", 1))
    missing._state = attachment._state
    with pytest.raises(tidecord.NotFound) as gone:
        await missing.read()
    # Named without the URL (an attachment's carries a signature).
    assert attachment.url not in str(gone.value) and "CDN" in gone.value.route


async def test_on_the_sandbox_images_download_from_its_cdn(sandbox: Sandbox,
                                                         connect: Connect) -> None:
    # The URLs stay Discord's (what a bot puts in an embed); the bytes come from the
    # sandbox, in handlers too (the tasks the client starts inherit where from).
    client = await connect(cdn_url=sandbox.cdn_url)
    avatar = draw_png("mine", 16)
    assert client.user is not None
    me = await client.user.edit(avatar=avatar)
    assert me.avatar is not None
    assert me.avatar.url.startswith("https://cdn.discordapp.com/avatars/")
    assert await me.avatar.read() == avatar
    read: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()

    async def on_message(message: tidecord.Message) -> None:
        read.set_result(await message.author.display_avatar.read())

    client.event(on_message)
    await sandbox.send_message("alice", "general", "my picture?")
    assert (await asyncio.wait_for(read, 5)).startswith(b"\x89PNG")  # alice's default
    with pytest.raises(tidecord.NotFound):
        await Asset(me.avatar.url.replace("/avatars/", "/icons/"), "x").read()


@pytest.mark.sandbox(world=World.from_dict(admin_world()))
async def test_emojis_stickers_and_sounds_download_as_discord_py_s(
        sandbox: Sandbox, connect: Connect) -> None:
    # discord.py's AssetMixin: ``await emoji.read()`` (a "steal this emoji" command),
    # a sticker's and a soundboard sound's file, save() and to_file() alike.
    client = await connect(cdn_url=sandbox.cdn_url)
    guild = client.guilds[0]
    smile, wave = draw_png("smile", 32), draw_png("wave", 64)
    emoji = await guild.create_custom_emoji(name="smile", image=smile)
    assert await emoji.read() == smile
    copy = await guild.create_custom_emoji(name="copy", image=await emoji.read())
    assert await copy.read() == smile
    sticker = await guild.create_sticker(name="wave", emoji="👋",
                                         file=tidecord.File(io.BytesIO(wave), "wave.png"))
    assert await sticker.read() == wave
    assert (await sticker.to_file()).filename == f"{sticker.id}.png"
    ogg = b"OggS\x00\x02" + b"\0" * 32
    sound = await guild.create_soundboard_sound(name="quack", sound=ogg)
    buffer = io.BytesIO()
    assert await sound.save(buffer) == len(ogg) and buffer.read() == ogg
    with pytest.raises(ValueError, match="not a custom emoji"):
        await tidecord.PartialEmoji(name="👋").read()
    await emoji.delete()
    with pytest.raises(tidecord.NotFound):
        await emoji.read()


async def test_a_bot_made_in_a_sandbox_test_downloads_from_that_sandbox(
        sandbox: Sandbox) -> None:
    # The ``sandbox`` fixture sets $TIDECORD_CDN_URL for the test: a bot built as the
    # testing guide builds one (api_url alone) reads images offline.
    assert tidecord.Client(api_url=sandbox.api_url).cdn_url == sandbox.cdn_url
