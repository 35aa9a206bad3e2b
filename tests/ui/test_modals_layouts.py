"""Modals (labels, selects, uploads), components-v2 layouts, ephemeral views, from_message."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

import tidecord
from tidecord import ui
from tidecord.sandbox import Sandbox, StateError

from ..client.client_helpers import Connect

pytestmark = pytest.mark.timeout(30)


class Feedback(ui.Modal, title="Feedback"):
    about = ui.TextDisplay("Tell us what you think")
    text: ui.Label[Any] = ui.Label(text="Feedback", component=ui.TextInput(
        custom_id="text", style=tidecord.TextStyle.paragraph, max_length=200))
    mood: ui.Label[Any] = ui.Label(text="Mood", component=ui.Select(
        custom_id="mood", options=[tidecord.SelectOption(label="Happy", value="happy"),
                                   tidecord.SelectOption(label="Sad", value="sad")]))
    helper: ui.Label[Any] = ui.Label(text="Who helped", component=ui.UserSelect(
        custom_id="helper", required=False))
    shot: ui.Label[Any] = ui.Label(text="Screenshot", component=ui.FileUpload(
        custom_id="shot", required=False))

    async def on_submit(self, interaction: tidecord.Interaction) -> None:
        text, mood = self.text.component, self.mood.component
        helper, shot = self.helper.component, self.shot.component
        assert isinstance(text, ui.TextInput) and isinstance(mood, ui.Select)
        assert isinstance(helper, ui.UserSelect) and isinstance(shot, ui.FileUpload)
        await interaction.response.send_message(
            f"{text.value} / {mood.values} / {[m.name for m in helper.values]} / "
            f"{[a.filename for a in shot.values]}")


class Opener(ui.View):
    @ui.button(label="Give feedback", custom_id="open")
    async def open(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.send_modal(Feedback())


async def test_a_modal_with_labels_selects_and_an_upload(sandbox: Sandbox,
                                                         connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("Tell us", view=Opener())
    opened = await (await sandbox.click_button("alice", sent.id, "open")).wait_response(5)
    assert opened.modal["title"] == "Feedback"
    done = await (await sandbox.submit_modal(
        "alice", opened, {"text": "great bot", "mood": ["happy"], "helper": ["bob"]},
        files={"shot": [("screen.png", b"\x89PNG\r\n\x1a\n")]})).wait_response(5)
    assert done.original.content == "great bot / ['happy'] / ['bob'] / ['screen.png']"
    # A modal closes once submitted: it cannot be sent again.
    with pytest.raises(StateError):
        await sandbox.submit_modal("alice", opened, {"text": "again", "mood": ["sad"]})


class Panel(ui.LayoutView):
    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.count = 0
        self.status = ui.TextDisplay("Pressed 0 times")
        button = ui.Button(label="Press", custom_id="press")
        button.callback = self.press  # type: ignore[method-assign]
        self.add_item(ui.Container(
            ui.Section("## Panel", accessory=ui.Thumbnail("https://example.com/logo.png")),
            ui.Separator(),
            self.status,
            ui.ActionRow(button),
            accent_color=0x00FF00))

    async def press(self, interaction: tidecord.Interaction) -> None:
        self.count += 1
        self.status.content = f"Pressed {self.count} times"
        await interaction.response.edit_message(view=self)


async def test_a_layout_view_is_sent_and_updated(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send(view=Panel())
    assert sent.flags.components_v2
    for _ in range(2):
        await (await sandbox.click_button("bob", sent.id, "press")).wait_response(5)
    box = sandbox.state.message(channel.id, sent.id).components[0]
    assert box.accent_color == 0x00FF00
    assert [c.type for c in box.components] == [9, 14, 10, 1]
    assert box.components[2].content == "Pressed 2 times"

    rebuilt = ui.LayoutView.from_message(sandbox.state.message(channel.id, sent.id))
    container = rebuilt.children[0]
    assert isinstance(container, ui.Container)
    assert [type(c).__name__ for c in container.children] == [
        "Section", "Separator", "TextDisplay", "ActionRow"]
    classic = ui.View.from_message(await channel.send("x", view=Opener()))
    assert [type(c).__name__ for c in classic.children] == ["Button"]


class Secret(ui.View):
    @ui.button(label="Reveal", custom_id="reveal")
    async def reveal(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="42", view=None)


class Asker(ui.View):
    @ui.button(label="Ask", custom_id="ask")
    async def ask(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        await interaction.response.send_message("Psst", view=Secret(timeout=None),
                                                ephemeral=True)


async def test_an_ephemeral_answer_with_a_view(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("Ask me", view=Asker())
    asked = await (await sandbox.click_button("alice", sent.id, "ask")).wait_response(5)
    secret = asked.original
    assert secret.flags.ephemeral
    revealed = await (await sandbox.click_button("alice", secret.id, "reveal")
                      ).wait_response(5)
    assert revealed.original.content == "42" and revealed.original.components == []


class Slow(ui.View):
    @ui.button(label="Slow", custom_id="slow")
    async def slow(self, interaction: tidecord.Interaction, button: ui.Button[Any]) -> None:
        time.sleep(0.3)  # noqa: ASYNC251 - the blocking call the watchdog must name
        await interaction.response.defer()


@pytest.mark.tidecord_strict(False)
async def test_a_view_that_blocks_the_loop_is_named(sandbox: Sandbox, connect: Connect) -> None:
    client = await connect()
    channel = client.get_channel(sandbox.channel("general").id)
    sent = await channel.send("Careful", view=Slow())
    await (await sandbox.click_button("alice", sent.id, "slow")).wait_response(5)
    # On a loaded machine another stall (the loop waiting for a CPU) may come first.
    for _ in range(100):
        handlers = [s.handler for s in client.loop_health.recent]
        if "view 'Slow'" in handlers:
            break
        await asyncio.sleep(0.05)
    assert "view 'Slow'" in handlers
