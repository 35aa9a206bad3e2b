"""interactions.py bots hearing people on the sandbox: listeners, a Task, a resume, and a
guide-shaped program started with ``bot.start()``.

Each test fails on anything interactions.py logs at WARNING or above (a dispatch its
processor could not read among them: ``interactionspy_peer``).
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import interactions as ipy
import pytest
from interactions import events

from tidecord.sandbox import Sandbox

from .interactionspy_peer import interactions_bot, quiet  # noqa: F401 - quiet: the fixture

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False)]


class Heard:
    """What a bot's listeners noted, and a way to wait for a note."""

    def __init__(self) -> None:
        self.notes: list[tuple[Any, ...]] = []
        self._changed = asyncio.Event()

    def add(self, *note: Any) -> None:
        self.notes.append(note)
        self._changed.set()

    async def wait(self, check: Callable[[tuple[Any, ...]], bool]) -> tuple[Any, ...]:
        async with asyncio.timeout(5):
            while True:
                for note in self.notes:
                    if check(note):
                        return note
                self._changed.clear()
                await self._changed.wait()


def listening(heard: Heard) -> Callable[[ipy.Client], None]:
    def setup(bot: ipy.Client) -> None:
        @ipy.listen(events.MessageCreate)
        async def on_message(event: events.MessageCreate) -> None:
            message = event.message
            if message.author.id == bot.user.id:
                return
            heard.add("message", message.author.username, message.content)
            if message.content == "!seed":
                await message.reply(embeds=[ipy.Embed(title="Seed packet", description="tomato")],
                                    file=ipy.File(io.BytesIO(b"plant in spring"),  # type: ignore[arg-type]
                                                  "care.txt"))  # (its hint says Mapping)

        @ipy.listen(events.MemberAdd)
        async def on_join(event: events.MemberAdd) -> None:
            heard.add("join", event.member.username, event.guild.name)
            channel = event.guild.system_channel
            assert channel is not None
            await channel.send(f"Welcome to the garden, {event.member.mention}!")

        @ipy.listen(events.MessageReactionAdd)
        async def on_reaction(event: events.MessageReactionAdd) -> None:
            heard.add("reaction", event.author.username, str(event.emoji), event.message.id)

        @ipy.listen(events.MessageUpdate)
        async def on_edit(event: events.MessageUpdate) -> None:
            before = event.before.content if event.before else None
            heard.add("edit", before, event.after.content)

        @ipy.listen(events.MessageDelete)
        async def on_delete(event: events.MessageDelete) -> None:
            heard.add("delete", event.message.content if event.message else None)

        for listener in (on_message, on_join, on_reaction, on_edit, on_delete):
            bot.add_listener(listener)
    return setup


async def test_listeners_hear_people_and_answer(sandbox: Sandbox) -> None:
    heard = Heard()
    async with interactions_bot(sandbox, listening(heard)):
        said = await sandbox.send_message("alice", "general", "!seed")
        reply = await sandbox.wait_for_message(channel="general", author=sandbox.bot_user)
        assert getattr(reply.message_reference, "message_id", None) == said.id
        assert [e.title for e in reply.embeds] == ["Seed packet"]
        assert [a.filename for a in reply.attachments] == ["care.txt"]

        await sandbox.react("bob", said, "🌱")
        await heard.wait(lambda n: n == ("reaction", "bob", "🌱", said.id))
        await sandbox.edit_message("alice", said, "!seeds")
        await heard.wait(lambda n: n == ("edit", "!seed", "!seeds"))
        await sandbox.delete_message("alice", said)
        await heard.wait(lambda n: n == ("delete", "!seeds"))

        await sandbox.join("carol")
        await heard.wait(lambda n: n == ("join", "carol", "Sandbox"))
        welcome = await sandbox.wait_for_message(
            author=sandbox.bot_user, check=lambda m: m.content.startswith("Welcome"))
        assert welcome.content == f"Welcome to the garden, <@{sandbox.user('carol').id}>!"


async def test_a_task_on_an_interval_trigger_posts(sandbox: Sandbox) -> None:
    general = sandbox.channel("general").id
    done = asyncio.Event()

    def setup(bot: ipy.Client) -> None:
        count = 0

        @ipy.Task.create(ipy.IntervalTrigger(seconds=0.1))
        async def water() -> None:
            nonlocal count
            count += 1
            channel = await bot.fetch_channel(general)
            assert isinstance(channel, ipy.GuildText)
            await channel.send(f"Watering round {count}")
            if count == 3:
                water.stop()
                done.set()

        @ipy.listen(events.Startup)
        async def on_startup() -> None:
            water.start()

        bot.add_listener(on_startup)

    async with interactions_bot(sandbox, setup):
        await asyncio.wait_for(done.wait(), 10)
    assert [m.content for m in sandbox.messages("general")[-3:]] == [
        "Watering round 1", "Watering round 2", "Watering round 3"]


async def test_it_resumes_after_a_dropped_connection_and_a_reconnect(sandbox: Sandbox) -> None:
    heard = Heard()
    async with interactions_bot(sandbox, listening(heard)) as bot:
        await sandbox.drop_connections()  # no close frame: it resumes by itself
        await sandbox.send_message("alice", "general", "still there?")
        await heard.wait(lambda n: n == ("message", "alice", "still there?"))
        await sandbox.send_reconnect()  # op 7
        await sandbox.send_message("bob", "general", "and now?")
        await heard.wait(lambda n: n == ("message", "bob", "and now?"))
        await asyncio.wait_for(bot.wait_until_ready(), 5)  # RESUMED reached it
    report = sandbox.gateway_report()
    assert (report["identifies"], report["resumes"], report["lost"]) == (1, 2, 0)


# A program as interactions.py's guides write one: commands gathered from __main__,
# blocking work handed to a thread, started with bot.start() (asyncio.run inside). Only
# where it connects differs: the sandbox's URL, given here by the test.
PROGRAM = '''
import asyncio
import os
import time

import interactions
from interactions.api.http.route import Route

Route.BASE = os.environ["SANDBOX_API_URL"]  # the one line a sandbox run adds

bot = interactions.Client(intents=interactions.Intents.DEFAULT)


def weigh_harvest(crates, *, per_crate):
    time.sleep(0.05)  # blocking work, off the event loop
    return crates * per_crate


@interactions.slash_command(name="harvest", description="Weigh the harvest")
@interactions.slash_option(name="crates", description="How many crates", required=True,
                           opt_type=interactions.OptionType.INTEGER)
async def harvest(ctx: interactions.SlashContext, crates: int):
    await ctx.defer()
    kilos = await asyncio.to_thread(weigh_harvest, crates, per_crate=12)
    await ctx.send(f"{crates} crates weigh {kilos} kg")


@interactions.listen()
async def on_startup():
    print("ready", flush=True)


bot.start(os.environ["SANDBOX_TOKEN"])
'''


async def test_a_guide_program_started_with_bot_start(sandbox: Sandbox, tmp_path: Path) -> None:
    program = tmp_path / "garden_bot.py"
    program.write_text(PROGRAM)
    env = {**os.environ, "SANDBOX_API_URL": sandbox.api_url, "SANDBOX_TOKEN": sandbox.token}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(program), env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        assert process.stdout is not None
        assert await asyncio.wait_for(process.stdout.readline(), 20) == b"ready\n"
        record = await sandbox.invoke_command("alice", "general", "harvest", {"crates": 3})
        await record.wait_response()
        answer = await sandbox.wait_for_message(
            channel="general", author=sandbox.bot_user, check=lambda m: "kg" in m.content)
        assert answer.content == "3 crates weigh 36 kg"
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)  # bot.start() ends quietly on Ctrl-C
        _, err = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, err.decode()[-2000:]
    # Nothing interactions.py logged at WARNING or above (its default handler: stderr).
    assert b"WARNING" not in err and b"ERROR" not in err, err.decode()[-2000:]
