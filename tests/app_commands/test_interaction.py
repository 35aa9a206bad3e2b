"""The Interaction a command receives: its attributes, its response, follow-ups, originals."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import tidecord
from tidecord import app_commands, ui
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


class Bot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.seen: asyncio.Queue[Any] = asyncio.Queue()
        tree = self.tree

        @tree.command(description="Reads itself")
        async def whoami(interaction: tidecord.Interaction[Bot], note: str) -> None:
            await self.seen.put({
                "client": interaction.client is self, "command": interaction.command.name,
                "namespace": (interaction.namespace.note, interaction.namespace.missing),
                "user": (type(interaction.user).__name__, interaction.user.name),
                "guild": interaction.guild is self.get_guild(interaction.guild_id),
                "channel": interaction.channel.name, "expired": interaction.is_expired(),
                "locale": str(interaction.locale), "message": interaction.message,
                "done_before": interaction.response.is_done(),
                "data": interaction.data["name"], "type": interaction.type.name,
                "perms": interaction.permissions.send_messages,
                "app_perms": interaction.app_permissions.send_messages,
            })
            await interaction.response.send_message("ok", ephemeral=True)
            await self.seen.put(interaction.response.is_done())

        @tree.command(description="Thinks, follows up, edits and deletes")
        async def slow(interaction: tidecord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            extra = await interaction.followup.send("more", wait=True)
            extra = await extra.edit(content="more!")
            original = await interaction.edit_original_response(content="done")
            fetched = await interaction.original_response()
            await self.seen.put((original.content, fetched.content, extra.content))
            gone = await interaction.followup.send("temporary")
            await gone.delete()

        @tree.command(description="Opens a form")
        async def form(interaction: tidecord.Interaction) -> None:
            class Form(ui.Modal, title="Form"):
                answer = ui.TextInput(label="Answer", custom_id="answer")

                async def on_submit(inner, interaction: tidecord.Interaction) -> None:
                    await interaction.response.defer()
                    await self.seen.put(("submitted", inner.answer.value))

            await interaction.response.send_modal(Form())

        @tree.command(description="Silently acknowledges a button")
        async def panel(interaction: tidecord.Interaction) -> None:
            view = ui.View()
            button = ui.Button(label="Go", custom_id="go")

            async def pressed(press: tidecord.Interaction) -> None:
                await press.response.defer()  # no visible answer
                await press.edit_original_response(content="went")
            button.callback = pressed  # type: ignore[method-assign]
            view.add_item(button)
            await interaction.response.send_message("panel", view=view)

        @tree.command(description="Goes away")
        async def vanish(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("now you see me", delete_after=0.1)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def test_the_interaction_reads_as_in_discord_py(sandbox: Sandbox, connect: Connect) -> None:
    bot = await connect(Bot)
    record = await sandbox.invoke_command("bob", "general", "whoami", {"note": "hi"})
    seen = await asyncio.wait_for(bot.seen.get(), 5)
    assert seen == {"client": True, "command": "whoami", "namespace": ("hi", None),
                    "user": ("Member", "bob"), "guild": True, "channel": "general",
                    "expired": False, "locale": "en-US", "message": None,
                    "done_before": False, "data": "whoami", "type": "application_command",
                    "perms": True, "app_perms": True}
    assert await asyncio.wait_for(bot.seen.get(), 5) is True
    await record.wait_response(5)
    assert record.original.flags.ephemeral


async def test_defer_follow_up_edit_and_delete(sandbox: Sandbox, connect: Connect) -> None:
    bot = await connect(Bot)
    record = await (await sandbox.invoke_command("alice", "general", "slow")).wait_response(5)
    assert record.response_type == 5
    assert await asyncio.wait_for(bot.seen.get(), 5) == ("done", "done", "more!")
    contents = [m.content for m in sandbox.messages("general")]
    # "more" took the place of the thinking message (as on Discord), so editing the
    # original answer to "done" edited it
    assert "done" in contents and "more!" not in contents and "temporary" not in contents


async def test_a_modal_from_a_command(sandbox: Sandbox, connect: Connect) -> None:
    bot = await connect(Bot)
    opened = await (await sandbox.invoke_command("alice", "general", "form")).wait_response(5)
    await sandbox.submit_modal("alice", opened, {"answer": "42"})
    assert await asyncio.wait_for(bot.seen.get(), 5) == ("submitted", "42")


async def test_a_deferred_component_edits_its_message(sandbox: Sandbox, connect: Connect) -> None:
    await connect(Bot)
    panel = await (await sandbox.invoke_command("bob", "general", "panel")).wait_response(5)
    press = await (await sandbox.click_button("bob", panel.original.id, "go")).wait_response(5)
    assert press.response_type == 6
    for _ in range(100):
        if sandbox.state.message(panel.channel_id, panel.original.id).content == "went":
            break
        await asyncio.sleep(0.02)
    assert sandbox.state.message(panel.channel_id, panel.original.id).content == "went"


async def test_delete_after(sandbox: Sandbox, connect: Connect) -> None:
    await connect(Bot)
    record = await (await sandbox.invoke_command("bob", "general", "vanish")).wait_response(5)
    mid = record.original.id
    deleted = await sandbox.wait_for_dispatch("MESSAGE_DELETE", lambda d: d.id == mid, 5)
    assert deleted.id == mid


class Sleepy(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        settings = app_commands.Group(name="settings", description="Settings")

        @settings.command(description="Blocks the loop")
        async def channel(interaction: tidecord.Interaction) -> None:
            import time

            time.sleep(0.3)  # noqa: ASYNC251 - the blocking call the watchdog must name
            await interaction.response.send_message("done")

        self.tree.add_command(settings)

    async def setup_hook(self) -> None:
        await self.tree.sync()


@pytest.mark.tidecord_strict(False)
async def test_a_command_that_blocks_the_loop_is_named(sandbox: Sandbox,
                                                       connect: Connect) -> None:
    bot = await connect(Sleepy)
    await (await sandbox.invoke_command("alice", "general", "settings", {"channel": {}})
           ).wait_response(5)
    # On a loaded machine another stall (the loop waiting for a CPU) may come first:
    # wait for the command's own.
    for _ in range(100):
        handlers = [s.handler for s in bot.loop_health.recent]
        if "app command 'settings channel'" in handlers:
            break
        await asyncio.sleep(0.05)
    assert "app command 'settings channel'" in handlers
