"""An HTTP-interaction bot: the sandbox POSTs signed interactions to it; no gateway."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

import tidecord
from tidecord import ui
from tidecord.rest import File
from tidecord.sandbox import Sandbox

from .endpoint_helpers import register, serving

pytestmark = pytest.mark.timeout(30)


class Hello(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @ui.button(label="Hello", custom_id="hello")
    async def hello(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.send_message(f"hello {interaction.user.name}")


class HttpBot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.seen: list[int] = []

    async def setup_hook(self) -> None:
        self.add_view(Hello())

    async def on_interaction(self, interaction: tidecord.Interaction) -> None:
        self.seen.append(interaction.id)
        if interaction.type != tidecord.InteractionType.application_command:
            return
        name = interaction.data["name"]
        if name == "ping":
            await interaction.response.send_message("pong")
        elif name == "upload":  # files go through the callback route (202 to the POST)
            await interaction.response.send_message(
                "here", file=File(b"data", filename="data.txt"))
        elif name == "slow":
            await interaction.response.defer(thinking=True)
            await interaction.followup.send("done")


@contextlib.asynccontextmanager
async def http_bot(sandbox: Sandbox) -> AsyncIterator[HttpBot]:
    bot = HttpBot(api_url=sandbox.api_url)
    async with serving(bot, sandbox):
        yield bot


async def _register(sandbox: Sandbox, names: list[str]) -> None:
    await register(sandbox, [{"name": n, "description": n} for n in names])


async def test_an_http_bot_answers_commands_and_buttons(sandbox: Sandbox) -> None:
    await _register(sandbox, ["ping", "upload", "slow"])
    async with http_bot(sandbox) as bot:
        assert sandbox.hub.live() == []  # no gateway connection at all
        pong = await (await sandbox.invoke_command("alice", "general", "ping")).wait_response(5)
        assert pong.response_type == 4 and pong.original.content == "pong"
        upload = await (await sandbox.invoke_command("bob", "general", "upload")
                        ).wait_response(5)
        assert upload.original.attachments[0].filename == "data.txt"
        slow = await (await sandbox.invoke_command("bob", "general", "slow")).wait_response(5)
        assert slow.response_type == 5
        await sandbox.wait_for_message(channel="general", check=lambda m: m.content == "done")

        channel = bot.get_partial_messageable(sandbox.channel("general").id)
        sent = await channel.send("Say hi", view=Hello())
        click = await (await sandbox.click_button("bob", sent.id, "hello")).wait_response(5)
        assert click.original.content == "hello bob"
        assert all(r.delivery_error is None for r in sandbox.interactions.by_id.values())
        assert len(bot.seen) == 4


async def test_an_endpoint_that_fails_discords_checks_is_refused(sandbox: Sandbox) -> None:
    from aiohttp import web

    async def always_pong(request: web.Request) -> web.Response:
        return web.json_response({"type": 1})  # never checks signatures

    app = web.Application()
    app.router.add_post("/i", always_pong)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        from tidecord.sandbox.rest.errors import APIError

        for url in (f"http://127.0.0.1:{port}/i", "http://example.com/i",
                    f"http://127.0.0.1:{port}/missing"):
            with pytest.raises(APIError) as refused:
                await sandbox.set_interactions_endpoint(url)
            assert refused.value.code == 50035
        assert sandbox.state.application.interactions_endpoint_url is None
    finally:
        await runner.cleanup()


class Checked(tidecord.Client):
    """Answers every command with a message Discord refuses (2,001 characters), and,
    if told so, with a short one instead."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.outcomes: list[str] = []

    async def on_interaction(self, interaction: tidecord.Interaction) -> None:
        if interaction.type != tidecord.InteractionType.application_command:
            return
        try:
            await interaction.response.send_message("x" * 2001)
        except tidecord.HTTPException as exc:
            self.outcomes.append(f"refused {exc.status} {exc.code}")
            await interaction.response.send_message("that was too long")
        else:
            self.outcomes.append("sent")


async def test_a_refused_first_answer_is_told_to_the_handler_without_inline_answers(
        sandbox: Sandbox) -> None:
    await _register(sandbox, ["long"])
    bot = Checked(api_url=sandbox.api_url)
    async with serving(bot, sandbox, inline=False):
        record = await (await sandbox.invoke_command("alice", "general", "long")
                        ).wait_response(5)
        assert bot.outcomes == ["refused 400 50035"]
        assert record.original.content == "that was too long"
        assert record.delivery_error is None


async def test_a_refused_inline_answer_is_seen_only_by_discord(sandbox: Sandbox) -> None:
    """The default, answering in the HTTP reply: the handler cannot learn of the refusal
    (Discord tells no one but the person), which is why ``inline=False`` exists."""
    await _register(sandbox, ["long"])
    bot = Checked(api_url=sandbox.api_url)
    async with serving(bot, sandbox):
        record = await sandbox.invoke_command("alice", "general", "long")
        # The sandbox notes the refusal once the reply is read; the handler goes on once
        # the reply is written: wait for both.
        for _ in range(250):
            if record.delivery_error is not None and bot.outcomes:
                break
            await asyncio.sleep(0.02)
        assert bot.outcomes == ["sent"]
        assert "refused" in (record.delivery_error or "")
        assert record.response_type is None
