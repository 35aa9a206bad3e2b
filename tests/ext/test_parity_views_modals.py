"""A modal the bot fails to answer stays open, on tidecord and on discord.py 2.7.1: the
person tries again after Discord's 3 seconds, and the modal (never stopped) answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, StateError

from ..proof.harness import READING_PAUSE, custom_id
from .test_parity_views_life import answered, logged, on_both, said

pytestmark = pytest.mark.timeout(60)


def retry_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes = []
    note = bot.notes.append

    class Name(ui.Modal, title="Your name"):
        name = ui.TextInput(label="Name", custom_id="name")

        async def interaction_check(self, interaction: Any) -> bool:
            return bool(self.name.value != "nobody")

        async def on_submit(self, interaction: Any) -> None:
            note(f"submitted {self.name.value}")
            if self.name.value == "bad":
                raise ValueError("bad name")
            try:  # Discord opens no modal in answer to a modal
                await interaction.response.send_modal(Name())
            except discord.HTTPException as refused:
                note(f"{type(refused).__name__} {refused.status} {refused.code} "
                     f"{interaction.response.is_done()}")
            await interaction.response.send_message(f"thanks {self.name.value}")

    class Opener(ui.View):
        @ui.button(label="Open")
        async def open(self, interaction: Any, button: Any) -> None:
            modal = Name()
            await interaction.response.send_modal(modal)
            note(f"wait -> {await modal.wait()} finished={modal.is_finished()}")

    @bot.command()
    async def opener(ctx: Any) -> None:
        await ctx.send("opener", view=Opener())

    return bot


async def retry_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    out: list[Any] = []
    with logged() as lines:
        opener = await said(sb, "alice", "!opener")
        await asyncio.sleep(READING_PAUSE)
        opened = await sb.click_button("alice", opener.id, custom_id(opener, label="Open"))
        await opened.wait_response(5)
        for text in ("nobody", "bad", "good", "again"):
            await asyncio.sleep(READING_PAUSE)
            try:
                submitted = await sb.submit_modal("alice", opened, {"name": text})
            except StateError as refused:
                out.append((text, str(refused)))
                continue
            try:
                await sb.submit_modal("alice", opened, {"name": "meanwhile"})
            except StateError as waiting:
                out.append(("meanwhile", str(waiting)))
            answer = await answered(submitted, 0.5)
            out.append((text, answer and answer["original"]["content"]))
            sb.clock.advance(3.5)  # the person sees "Something went wrong" and tries again
        await asyncio.sleep(0.2)
    return [*out, bot.notes, [line.split(" <")[0] for line in lines]]


async def test_a_modal_left_unanswered_can_be_submitted_again(sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, retry_bot, retry_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    assert ("nobody", None) in ours and ("bad", None) in ours
    assert ("good", "thanks good") in ours
    assert ours[-3][0] == "again" and "closed" in ours[-3][1]
    assert ours[-2] == ["submitted bad", "submitted good", "HTTPException 400 50035 False",
                        "wait -> False finished=True"]
    assert ours[-1] == ["ERROR Ignoring exception in modal"]
