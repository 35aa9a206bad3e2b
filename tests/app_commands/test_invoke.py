"""Slash commands on a tidecord bot, invoked by people through the sandbox."""

from __future__ import annotations

import enum
import logging
from typing import Any, Literal

import pytest

import tidecord
from tidecord import app_commands
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


class Size(enum.Enum):
    small = 1
    large = 2


class Point(app_commands.Transformer):
    async def transform(self, interaction: tidecord.Interaction, value: str) -> tuple[int, int]:
        x, y = value.split(",")
        return int(x), int(y)


FRUITS = ["apple", "apricot", "banana", "cherry"]


class Settings(app_commands.Group, name="settings", description="Bot settings"):
    @app_commands.command(description="Where to post")
    async def channel(self, interaction: tidecord.Interaction,
                      where: tidecord.TextChannel) -> None:
        await interaction.response.send_message(f"posting in #{where.name}")

    limits = app_commands.Group(name="limits", description="Limits")

    @limits.command(name="rate", description="How often")
    async def rate(self, interaction: tidecord.Interaction,
                   per_minute: app_commands.Range[int, 1, 60]) -> None:
        await interaction.response.send_message(f"{per_minute}/min")


class Bot(tidecord.Client):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.tree = app_commands.CommandTree(self)
        self.errors: list[str] = []
        tree = self.tree

        @tree.command(description="Every kind of value")
        @app_commands.describe(text="Some text")
        @app_commands.rename(user="who")
        async def kinds(interaction: tidecord.Interaction, text: str, number: int,
                        ratio: float, flag: bool, user: tidecord.User,
                        member: tidecord.Member, role: tidecord.Role,
                        room: tidecord.TextChannel, raw: app_commands.AppCommandChannel,
                        file: tidecord.Attachment, mention: tidecord.Member | tidecord.Role,
                        maybe: str | None = None) -> None:
            parts = [text, number, ratio, flag, type(user).__name__, user.name, member.name,
                     role.name, room.name, type(raw).__name__, file.filename,
                     type(mention).__name__, maybe]
            await interaction.response.send_message(" ".join(map(str, parts)))

        @tree.command(description="Choices, ranges and transformers")
        @app_commands.choices(fruit=[app_commands.Choice(name="Apple", value="apple"),
                                     app_commands.Choice(name="Pear", value="pear")])
        async def picks(interaction: tidecord.Interaction, fruit: app_commands.Choice[str],
                        mode: Literal["fast", "slow"], size: Size,
                        level: app_commands.Range[int, 1, 10],
                        at: app_commands.Transform[tuple[int, int], Point]) -> None:
            await interaction.response.send_message(
                f"{fruit.name}={fruit.value} {mode} {size.name} {level} {at}")

        @tree.command(description="Autocomplete")
        async def fruit(interaction: tidecord.Interaction, name: str) -> None:
            await interaction.response.send_message(name)

        @fruit.autocomplete("name")
        async def fruit_names(interaction: tidecord.Interaction, current: str
                              ) -> list[app_commands.Choice[str]]:
            if current == "every":  # more than Discord shows
                return [app_commands.Choice(name=f"{f} {i}", value=f)
                        for i in range(10) for f in FRUITS]
            return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current)]

        tree.add_command(Settings())

        @tree.command(description="Moderators only")
        @app_commands.checks.has_permissions(kick_members=True)
        async def kick(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
            await interaction.response.send_message(f"would kick {member.name}")

        @kick.error
        async def kick_error(interaction: tidecord.Interaction,
                             error: app_commands.AppCommandError) -> None:
            await interaction.response.send_message(f"no: {type(error).__name__}",
                                                    ephemeral=True)

        @tree.command(description="Once a minute")
        @app_commands.checks.cooldown(1, 60)
        async def daily(interaction: tidecord.Interaction) -> None:
            await interaction.response.send_message("here you go")

        @tree.command(description="Fails")
        async def boom(interaction: tidecord.Interaction) -> None:
            raise RuntimeError("kaboom")

        @tree.context_menu(name="Wave at")
        async def wave(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
            await interaction.response.send_message(f"*waves at {member.name}*")

        @tree.context_menu(name="Quote")
        async def quote(interaction: tidecord.Interaction, message: tidecord.Message) -> None:
            await interaction.response.send_message(f"> {message.content}")

        @tree.error
        async def on_app_error(interaction: tidecord.Interaction,
                               error: app_commands.AppCommandError) -> None:
            self.errors.append(type(error).__name__)
            if not interaction.response.is_done():
                await interaction.response.send_message(f"error: {type(error).__name__}",
                                                        ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()


async def _say(sandbox: Sandbox, user: str, name: str, options: Any = None, **kw: Any) -> Any:
    record = await sandbox.invoke_command(user, "general", name, options, **kw)
    await record.wait_response(5)
    return record


async def test_every_kind_of_option(sandbox: Sandbox, connect: Connect) -> None:
    await connect(Bot)
    record = await _say(sandbox, "alice", "kinds", {
        "text": "hi", "number": 3, "ratio": 0.5, "flag": True, "who": "bob",
        "member": "alice", "role": "Moderator", "room": "ideas", "raw": "general",
        "file": ("notes.txt", b"hello"), "mention": "Moderator"})
    assert record.original.content == (
        "hi 3 0.5 True Member bob alice Moderator ideas AppCommandChannel notes.txt Role None")


async def test_choices_ranges_transformers_and_autocomplete(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture) -> None:
    await connect(Bot)
    record = await _say(sandbox, "bob", "picks", {"fruit": "pear", "mode": "slow",
                                                   "size": 2, "level": 7, "at": "3,4"})
    assert record.original.content == "Pear=pear slow large 7 (3, 4)"
    typed = await sandbox.autocomplete("alice", "general", "fruit", {"name": "ap"}, "name")
    await typed.wait_response(5)
    assert [c["value"] for c in typed.choices] == ["apple", "apricot"]
    # Over Discord's 25: the first 25 go (Discord would refuse them all), and the log says.
    caplog.set_level(logging.WARNING, "tidecord.interactions.response")
    typed = await sandbox.autocomplete("alice", "general", "fruit", {"name": "every"}, "name")
    await typed.wait_response(5)
    assert len(typed.choices) == 25
    assert (f"autocomplete for /fruit offered {10 * len(FRUITS)} choices; Discord shows at "
            "most 25, so the first 25 were sent") in caplog.text


async def test_groups_and_subgroups(sandbox: Sandbox, connect: Connect) -> None:
    await connect(Bot)
    record = await _say(sandbox, "alice", "settings", {"channel": {"where": "ideas"}})
    assert record.original.content == "posting in #ideas"
    record = await _say(sandbox, "alice", "settings", {"limits": {"rate": {"per_minute": 5}}})
    assert record.original.content == "5/min"


async def test_checks_cooldowns_and_errors(sandbox: Sandbox, connect: Connect,
                                           caplog: pytest.LogCaptureFixture) -> None:
    bot = await connect(Bot)
    allowed = await _say(sandbox, "alice", "kick", {"member": "bob"})  # alice: Moderator
    assert allowed.original.content == "would kick bob"
    refused = await _say(sandbox, "bob", "kick", {"member": "alice"})
    assert refused.original.content == "no: MissingPermissions"
    assert (await _say(sandbox, "bob", "daily")).original.content == "here you go"
    again = await _say(sandbox, "bob", "daily")
    assert again.original.content == "error: CommandOnCooldown"
    sandbox.clock.advance(61)
    assert (await _say(sandbox, "bob", "daily")).original.content == "here you go"
    with caplog.at_level(logging.ERROR):
        failed = await _say(sandbox, "bob", "boom")
    assert failed.original.content == "error: CommandInvokeError"
    assert bot.errors == ["MissingPermissions", "CommandOnCooldown", "CommandInvokeError"]


async def test_context_menus(sandbox: Sandbox, connect: Connect) -> None:
    await connect(Bot)
    waved = await _say(sandbox, "alice", "Wave at", target="bob")
    assert waved.original.content == "*waves at bob*"
    said = await sandbox.send_message("bob", "general", "water the plants")
    quoted = await _say(sandbox, "alice", "Quote", target=said.id)
    assert quoted.original.content == "> water the plants"
