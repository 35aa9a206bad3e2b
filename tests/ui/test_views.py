"""Views on a tidecord bot, used by people through the sandbox: buttons, selects, timeouts."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

import tidecord
from tidecord import ui
from tidecord.sandbox import Sandbox, StateError

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


class Confirm(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)
        self.value: bool | None = None

    @ui.button(label="Confirm", style=tidecord.ButtonStyle.green, custom_id="yes")
    async def confirm(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        self.value = True
        await interaction.response.send_message("Confirming", ephemeral=True)
        self.stop()

    @ui.button(label="Cancel", style=tidecord.ButtonStyle.grey, custom_id="no")
    async def cancel(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        self.value = False
        await interaction.response.send_message("Cancelling", ephemeral=True)
        self.stop()


class Counter(ui.View):
    @ui.button(label="0", style=tidecord.ButtonStyle.red, custom_id="count")
    async def count(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        number = int(button.label or "0") + 1
        button.style = tidecord.ButtonStyle.green
        button.label = str(number)
        if number >= 3:
            button.disabled = True
        await interaction.response.edit_message(view=self)


async def test_a_confirm_view_answers_and_stops(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    view = Confirm()
    sent = await channel.send("Are you sure?", view=view)
    stored = sandbox.state.message(channel.id, sent.id)
    row = stored.components[0]
    assert [(b.label, b.style, b.custom_id) for b in row.components] == [
        ("Confirm", 3, "yes"), ("Cancel", 2, "no")]
    click = await (await sandbox.click_button("alice", sent.id, "yes")).wait_response(5)
    assert click.response_type == 4 and click.original.content == "Confirming"
    assert click.original.flags.ephemeral
    assert await asyncio.wait_for(view.wait(), 5) is False
    assert view.value is True and view.is_finished()


async def test_a_counter_edits_its_own_message(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("Press!", view=Counter())
    for _ in range(3):
        await (await sandbox.click_button("bob", sent.id, "count")).wait_response(5)
    button = sandbox.state.message(channel.id, sent.id).components[0].components[0]
    assert (button.label, button.style, button.disabled) == ("3", 3, True)


async def test_a_stopped_view_no_longer_answers_and_that_is_logged(
        sandbox: Sandbox, connect: Connect, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tidecord.ui import store

    monkeypatch.setattr(store, "ANSWER_WINDOW", 0.2)
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    view = Confirm()
    sent = await channel.send("Are you sure?", view=view)
    view.stop()
    with caplog.at_level(logging.WARNING, "tidecord.ui"):
        record = await sandbox.click_button("alice", sent.id, "yes")
        with pytest.raises(TimeoutError):
            await record.wait_response(0.6)
    assert any("no view listens for custom_id 'yes'" in r.getMessage() for r in caplog.records)


class Picker(ui.View):
    def __init__(self, seen: asyncio.Queue[Any]) -> None:
        super().__init__(timeout=30)
        self.seen = seen

    @ui.select(custom_id="fruit", placeholder="Fruit", min_values=1, max_values=2, options=[
        tidecord.SelectOption(label="Apple", value="apple", emoji="🍎"),
        tidecord.SelectOption(label="Pear", description="green")])
    async def fruit(self, interaction: tidecord.Interaction, select: ui.Select[Any]) -> None:
        await self.seen.put(select.values)
        await interaction.response.defer()

    @ui.select(cls=ui.UserSelect, custom_id="who")
    async def who(self, interaction: tidecord.Interaction, select: ui.UserSelect[Any]) -> None:
        await self.seen.put([(type(v).__name__, v.name) for v in select.values])
        await interaction.response.defer()

    @ui.select(cls=ui.RoleSelect, custom_id="role")
    async def role(self, interaction: tidecord.Interaction, select: ui.RoleSelect[Any]) -> None:
        await self.seen.put([r.name for r in select.values])
        await interaction.response.defer()

    @ui.select(cls=ui.ChannelSelect, custom_id="where",
               channel_types=[tidecord.ChannelType.text])
    async def where(self, interaction: tidecord.Interaction,
                    select: ui.ChannelSelect[Any]) -> None:
        channel = select.values[0]
        await self.seen.put((type(channel).__name__, channel.name,
                             channel.resolve() is interaction.client.get_channel(channel.id)))
        await interaction.response.defer()


async def test_every_select_kind_hands_over_its_values(sandbox: Sandbox,
                                                       connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    seen: asyncio.Queue[Any] = asyncio.Queue()
    sent = await channel.send("Pick", view=Picker(seen))
    rows = sandbox.state.message(channel.id, sent.id).components
    assert [r.components[0].type for r in rows] == [3, 5, 6, 8]
    assert rows[0].components[0].options[1].value == "Pear"
    assert rows[3].components[0].channel_types == [0]

    await sandbox.click_button("alice", sent.id, "fruit", values=["apple", "Pear"])
    assert await asyncio.wait_for(seen.get(), 5) == ["apple", "Pear"]
    await sandbox.click_button("alice", sent.id, "who", values=["bob"])
    assert await asyncio.wait_for(seen.get(), 5) == [("Member", "bob")]
    await sandbox.click_button("alice", sent.id, "role", values=["Moderator"])
    assert await asyncio.wait_for(seen.get(), 5) == ["Moderator"]
    await sandbox.click_button("alice", sent.id, "where", values=["ideas"])
    assert await asyncio.wait_for(seen.get(), 5) == ("AppCommandChannel", "ideas", True)
    with pytest.raises(StateError):  # a voice channel is not a text channel: refused
        await sandbox.click_button("alice", sent.id, "where", values=["Text Channels"])


class Guarded(ui.View):
    def __init__(self, owner: int, log: list[str]) -> None:
        super().__init__(timeout=0.4)
        self.owner, self.log = owner, log
        self.timed_out = asyncio.Event()

    async def interaction_check(self, interaction: tidecord.Interaction) -> bool:
        if interaction.user.id != self.owner:
            await interaction.response.send_message("Not yours", ephemeral=True)
            return False
        return True

    async def on_timeout(self) -> None:
        self.log.append("timeout")
        self.timed_out.set()

    async def on_error(self, interaction: tidecord.Interaction, error: Exception,
                       item: ui.Item[Any]) -> None:
        self.log.append(f"error {type(error).__name__} in {item.custom_id}")  # type: ignore[attr-defined]
        await interaction.response.send_message("Oops", ephemeral=True)

    @ui.button(label="Boom", custom_id="boom")
    async def boom(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        raise RuntimeError("boom")


async def test_checks_errors_and_timeouts(sandbox: Sandbox, connect: Connect,
                                          caplog: pytest.LogCaptureFixture,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tidecord.ui import store

    monkeypatch.setattr(store, "ANSWER_WINDOW", 0.2)
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    log: list[str] = []
    view = Guarded(sandbox.user("alice").id, log)
    sent = await channel.send("Guarded", view=view)
    refused = await (await sandbox.click_button("bob", sent.id, "boom")).wait_response(5)
    assert refused.original.content == "Not yours"
    failed = await (await sandbox.click_button("alice", sent.id, "boom")).wait_response(5)
    assert failed.original.content == "Oops" and log == ["error RuntimeError in boom"]
    assert await asyncio.wait_for(view.wait(), 5) is True  # timed out
    # as in discord.py, wait() returns as the view times out, before on_timeout has run
    await asyncio.wait_for(view.timed_out.wait(), 5)
    assert log[-1] == "timeout" and view.is_finished()
    with caplog.at_level(logging.WARNING, "tidecord.ui"):
        late = await sandbox.click_button("alice", sent.id, "boom")
        with pytest.raises(TimeoutError):
            await late.wait_response(0.6)
    assert any("no view listens for custom_id 'boom'" in r.getMessage()
               for r in caplog.records)
