"""A components-v2 layout over its life, on tidecord and on discord.py 2.7.1: action rows
written as class attributes with their own buttons and selects, two panels made from one
class, a timeout that disables everything, and the layout read back from its message.

discord.py 2.7.1 binds the callbacks of every panel's class-attribute rows to the newest
panel's row (and hands them a button that is not the one in the view): a use of an older
panel runs as the newest. tidecord binds each panel's to its own; the comparison leaves
those two readings out, and the test checks tidecord's."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..proof.harness import READING_PAUSE, custom_id
from .test_parity_views_life import answered, on_both, press, said, shown

pytestmark = pytest.mark.timeout(60)


def layout_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes, bot.own = [], []
    note = bot.notes.append

    class Buttons(ui.ActionRow):  # type: ignore[misc]
        @ui.button(label="Hit", style=discord.ButtonStyle.danger)
        async def hit(self, interaction: Any, button: Any) -> None:
            self.view.hits += 1
            self.view.status.content = f"{self.view.name}: {self.view.hits} hit(s)"
            button.label = f"Hit ({self.view.hits})"
            note(f"{self.view.name} hit, in {type(button.parent).__name__}")
            bot.own.append(self.hit is button and button in self.children)
            await interaction.response.edit_message(view=self.view)

    class Picks(ui.ActionRow):  # type: ignore[misc]
        @ui.select(placeholder="pick", options=[discord.SelectOption(label="a"),
                                                discord.SelectOption(label="b")])
        async def pick(self, interaction: Any, select: Any) -> None:
            bot.own.append(f"{self.view.name} picked {select.values}")
            await interaction.response.defer()

    class Panel(ui.LayoutView):  # type: ignore[misc]
        status = ui.TextDisplay("no hits")
        box = ui.Container(ui.TextDisplay("## Panel"), accent_colour=discord.Colour.red())
        buttons = Buttons()
        picks = Picks()

        def __init__(self, name: str) -> None:
            # Long enough that the clicks below (about 0.7 s on) come first even when a
            # loaded machine stalls 0.4-0.5 s meanwhile (at 1.0 s, the pick came too late).
            super().__init__(timeout=2.5)
            self.name, self.hits, self.message = name, 0, None

        async def on_timeout(self) -> None:
            for item in self.walk_children():
                if hasattr(item, "disabled"):
                    item.disabled = True
            await self.message.edit(view=self)

    @bot.command()
    async def panels(ctx: Any) -> None:
        made = [Panel("first"), Panel("second")]
        for panel in made:
            panel.message = await ctx.send(view=panel)
        await made[0].wait()
        again = ui.LayoutView.from_message(made[0].message)
        note(f"read back: {[type(c).__name__ for c in again.walk_children()]}")

    return bot


async def layout_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    await said(sb, "alice", "!panels")
    await asyncio.sleep(0.2)
    bot_id = sb.bot_user.id
    first, second = sorted((m for m in sb.state.messages[sb.channel("general").id].values()
                            if m.author.id == bot_id), key=lambda m: m.id)[-2:]
    out = [await press(sb, "alice", second, "Hit"), await press(sb, "bob", second, "Hit (1)")]
    await asyncio.sleep(READING_PAUSE)
    picked = await sb.click_button("alice", first.id, custom_id(first, placeholder="pick"),
                                   values=["b"])
    out.append(await answered(picked, 5))

    def disabled(view: dict[str, Any]) -> bool:
        return all(b.get("disabled") for row in view["components"][2:]
                   for b in row["components"])

    async def timed_out() -> bool:
        return (disabled(await shown(sb, first)) and disabled(await shown(sb, second))
                and any(line.startswith("read back") for line in bot.notes))

    # Both panels time out and say so by an edit: waited for, not slept for.
    async with asyncio.timeout(15):
        while not await timed_out():  # noqa: ASYNC110 - the sandbox's state, polled
            await asyncio.sleep(0.05)
    return [*out, await shown(sb, first), await shown(sb, second), bot.notes, bot.own]


async def test_rows_written_in_a_layout_belong_to_each_panel(sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, layout_bot, layout_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours[:-1] == theirs[:-1]
    first, second, notes = ours[-4], ours[-3], ours[-2]
    assert first["components"][0]["content"] == "no hits"
    assert second["components"][0]["content"] == "second: 2 hit(s)"
    assert notes[:2] == ["second hit, in Buttons"] * 2
    assert all(b["disabled"] for row in first["components"][2:] for b in row["components"])
    # each panel's rows are its own: the button handed over is the one in the view, and
    # a pick on the first panel is the first panel's
    assert ours[-1] == [True, True, "first picked ['b']"]
