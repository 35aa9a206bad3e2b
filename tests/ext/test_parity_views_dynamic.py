"""Dynamic items and persistent views, on tidecord and on discord.py 2.7.1: a dynamic
item in a sent view, one in a components-v2 layout, one whose ``from_custom_id`` or
callback fails, and a persistent view tied to one message across a restart.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from .test_parity_views_life import logged, on_both, press, said, shown

pytestmark = pytest.mark.timeout(60)


def dynamic_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes = []
    note = bot.notes.append

    class Menu(ui.View):
        def __init__(self) -> None:
            super().__init__(timeout=None)

        @ui.button(label="Join", custom_id="menu:join", emoji="<:party:123456789012345678>")
        async def join(self, interaction: Any, button: Any) -> None:
            await interaction.response.send_message(f"{interaction.user.name} joined",
                                                    ephemeral=True)

    class Tally(ui.DynamicItem[ui.Button], template=r"tally:(?P<n>[0-9]+)"):  # type: ignore[misc]
        def __init__(self, n: int) -> None:
            super().__init__(ui.Button(label=f"tally {n}", custom_id=f"tally:{n}"))
            self.n = n

        @classmethod
        async def from_custom_id(cls, interaction: Any, item: Any, match: Any) -> Any:
            note(f"from_custom_id {match['n']} (was {item.label})")
            if match["n"] == "13":
                raise ValueError("unlucky")
            return cls(int(match["n"]))

        async def interaction_check(self, interaction: Any) -> bool:
            return bool(interaction.user.name != "carol")

        async def callback(self, interaction: Any) -> None:
            note(f"callback {self.n} in {type(self.view).__name__} timeout={self.view.timeout}")
            if self.n == 7:
                raise RuntimeError("seven")
            self.n += 1
            self.item.label = f"tally {self.n}"
            self.custom_id = f"tally:{self.n}"
            await interaction.response.edit_message(view=self.view)

    async def setup_hook() -> None:
        first = getattr(bot, "menu_id", None)
        if first is not None:  # after the restart: the menu answers on its message only
            bot.add_view(Menu(), message_id=first)
    bot.setup_hook = setup_hook

    @bot.command()
    async def menus(ctx: Any) -> None:
        for _ in range(2):
            await ctx.send("menu", view=Menu())

    @bot.command()
    async def tally(ctx: Any, n: int = 0) -> None:
        # The class is never given to add_dynamic_items: the view that holds it is.
        view = ui.View(timeout=60)
        view.add_item(Tally(n))
        await ctx.send("tally", view=view)

    @bot.command()
    async def board(ctx: Any) -> None:
        layout = ui.LayoutView(timeout=60)
        layout.add_item(ui.Container(ui.TextDisplay("board"), ui.ActionRow(Tally(20))))
        await ctx.send(view=layout)

    return bot


async def dynamic_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    out: list[Any] = []
    with logged() as lines:
        tally = await said(sb, "alice", "!tally")
        out.append(await press(sb, "bob", tally, "tally 0"))
        out.append(await press(sb, "carol", tally, "tally 1", wait=0.3))
        out.append(await shown(sb, tally))
        for n in (7, 13):
            failing = await said(sb, "alice", f"!tally {n}")
            out.append(await press(sb, "bob", failing, f"tally {n}", wait=0.3))
        board = await said(sb, "alice", "!board")
        out.append(await press(sb, "bob", board, "tally 20"))
        out.append(await shown(sb, board))
        await said(sb, "alice", "!menus")
        await asyncio.sleep(0.2)
        menus = sorted((m for m in sb.state.messages[sb.channel("general").id].values()
                        if m.content == "menu"), key=lambda m: m.id)
        sb.menus = menus  # type: ignore[attr-defined]
        bot.menu_id = menus[0].id
    return [*out, bot.notes, [line.replace("discord.ui.view", "tidecord.ui")
                              for line in lines]]


async def restarted_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    first, second = sb.menus  # type: ignore[attr-defined]
    return [await press(sb, "bob", first, "Join"),
            await press(sb, "bob", second, "Join", wait=0.5)]


async def test_dynamic_items_and_a_persistent_menu_as_in_discord_py(
        sandbox_factory: Any) -> None:
    def setup(discord: Any, commands: Any) -> Any:
        bot = dynamic_bot(discord, commands)
        bot.menu_id = menu_ids.get(discord.__name__)
        return bot

    menu_ids: dict[str, int] = {}

    async def scenario(sb: Sandbox, bot: Any) -> list[Any]:
        out = await dynamic_scenario(sb, bot)
        menu_ids[type(bot).__module__.split(".")[0]] = bot.menu_id
        return out

    runs = await on_both(sandbox_factory, setup, scenario, restarted_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    notes, lines = ours[-4], ours[-3]
    assert notes[:2] == ["from_custom_id 0 (was tally 0)", "callback 0 in View timeout=None"]
    assert any("dynamic item creation" in line for line in lines), lines
    assert any("dynamic item callback" in line and "seven" in line for line in lines), lines
    assert ours[-2]["original"]["content"] == "bob joined" and ours[-1] is None
