"""Persistent views and dynamic items keep working on a message after the bot restarts."""

from __future__ import annotations

import re
from typing import Any

import pytest

import tidecord
from tidecord import ui
from tidecord.sandbox import Sandbox

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


class RoleMenu(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @ui.button(label="Join", custom_id="rolemenu:join", style=tidecord.ButtonStyle.primary)
    async def join(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.send_message(f"welcome {interaction.user.name}",
                                                ephemeral=True)


class Votes(ui.DynamicItem[ui.Button[Any]], template=r"votes:(?P<count>[0-9]+)"):
    def __init__(self, count: int) -> None:
        super().__init__(ui.Button(label=f"{count} votes", custom_id=f"votes:{count}",
                                   style=tidecord.ButtonStyle.success))
        self.count = count

    @classmethod
    async def from_custom_id(cls, interaction: tidecord.Interaction, item: ui.Item[Any],
                             match: re.Match[str]) -> Votes:
        assert isinstance(item, ui.Button) and item.label == f"{match['count']} votes"
        return cls(int(match["count"]))

    async def callback(self, interaction: tidecord.Interaction) -> None:
        self.count += 1
        self.item.label = f"{self.count} votes"
        self.custom_id = f"votes:{self.count}"
        await interaction.response.edit_message(view=self.view)


class Bot(tidecord.Client):
    async def setup_hook(self) -> None:
        self.add_view(RoleMenu())
        self.add_dynamic_items(Votes)


async def test_a_persistent_view_survives_a_restart(sandbox: Sandbox, connect: Connect) -> None:
    first = await connect(Bot)
    channel = first.get_channel(sandbox.channel("general").id)
    sent = await channel.send("Pick a role", view=RoleMenu())
    assert [type(v).__name__ for v in first.persistent_views] == ["RoleMenu", "RoleMenu"]
    await first.close()

    await connect(Bot)  # a fresh process, as after a restart
    click = await (await sandbox.click_button("bob", sent.id, "rolemenu:join")).wait_response(5)
    assert click.original.content == "welcome bob"


async def test_a_dynamic_item_carries_its_state_in_its_custom_id(
        sandbox: Sandbox, connect: Connect) -> None:
    first = await connect(Bot)
    channel = first.get_channel(sandbox.channel("general").id)
    view = ui.View(timeout=None).add_item(Votes(0))
    sent = await channel.send("Vote!", view=view)
    await (await sandbox.click_button("alice", sent.id, "votes:0")).wait_response(5)
    await first.close()

    await connect(Bot)
    await (await sandbox.click_button("bob", sent.id, "votes:1")).wait_response(5)
    button = sandbox.state.message(channel.id, sent.id).components[0].components[0]
    assert (button.label, button.custom_id) == ("2 votes", "votes:2")


def test_only_persistent_views_can_be_added() -> None:
    client = tidecord.Client()
    with pytest.raises(ValueError, match="not persistent"):
        client.add_view(ui.View())
    with pytest.raises(ValueError, match="not persistent"):
        client.add_view(ui.View(timeout=None).add_item(ui.Button(label="random id")))
    with pytest.raises(TypeError):
        client.add_dynamic_items(RoleMenu)  # type: ignore[arg-type]

    class Bad(ui.DynamicItem[ui.Button[Any]], template=r"votes:[0-9]+"):
        pass

    with pytest.raises(ValueError, match="must match the template"):
        Bad(ui.Button(custom_id="x"))
    with pytest.raises(TypeError, match="dispatchable"):
        Bad(ui.Button(url="https://example.com"))
