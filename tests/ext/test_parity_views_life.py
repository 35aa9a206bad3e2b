"""Views, modals and dynamic items over their whole life, on tidecord and on discord.py
2.7.1: a bot written once sends them, people click, pick and submit through the
sandbox, and what the bot noted, said, logged and left on its messages must match.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import discord as dpy
import pytest

import tidecord
from tidecord.models import Message
from tidecord.sandbox import InteractionRecord, Sandbox

from ..proof.harness import READING_PAUSE, answer, components, current, custom_id, settled
from .parity import LIBRARIES, parity_world, quick_limits, running

pytestmark = pytest.mark.timeout(60)

Scenario = Callable[[Sandbox, Any], Awaitable[list[Any]]]


async def on_both(sandbox_factory: Callable[..., Awaitable[Sandbox]],
                  setup: Callable[[Any, Any], Any], scenario: Scenario,
                  restarted: Scenario | None = None) -> dict[str, list[Any]]:
    """What ``scenario`` saw on each library (and ``restarted``, after the bot
    restarted on the same sandbox), each on a fresh sandbox."""
    out: dict[str, list[Any]] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, setup) as bot:
            out[library] = await scenario(sb, bot)
        if restarted is not None:
            async with running(library, sb, setup) as bot:
                out[library] += await restarted(sb, bot)
    return out


async def said(sb: Sandbox, person: str, text: str) -> Message:
    """``person`` says ``text`` in #general; the bot's first message after it."""
    bot_id = sb.bot_user.id
    before = max(sb.state.messages.get(sb.channel("general").id, {}), default=0)
    await sb.send_message(person, "general", text)
    async with asyncio.timeout(10):
        while True:
            mine = [m for m in sb.state.messages[sb.channel("general").id].values()
                    if m.author.id == bot_id and m.id > before]
            if mine:
                return min(mine, key=lambda m: m.id)
            await asyncio.sleep(0.01)


async def press(sb: Sandbox, person: str, message: Message, label: str,
                wait: float = 5.0, *, until: Callable[[], bool] | None = None) -> Any:
    """``person`` clicks the button ``label``: what the bot answered, or None."""
    await asyncio.sleep(READING_PAUSE)
    message = await current(sb, message)
    record = await sb.click_button(person, message.id, custom_id(message, label=label))
    return await answered(record, wait, until=until)


async def answered(record: InteractionRecord, wait: float, *,
                   until: Callable[[], bool] | None = None) -> Any:
    """What the bot answered to ``record`` (None if nothing within ``wait`` seconds),
    once ``until()`` holds (the callback's last step done) if given."""
    try:
        await record.wait_response(wait)
    except TimeoutError:
        return None
    if until is None:
        await asyncio.sleep(0.05)  # an edit right after the answer lands
    else:
        async with asyncio.timeout(5):
            while not until():  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    return answer(record)


async def shown(sb: Sandbox, message: Message) -> dict[str, Any]:
    """A message as people see it now."""
    now = await current(sb, message)
    return {"content": now.content, "components": components(now.components)}


@contextlib.contextmanager
def logged() -> Iterator[list[str]]:
    """Warnings and errors either library logs meanwhile: message and exception."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            error = record.exc_info[1] if record.exc_info else None
            lines.append(f"{record.levelname} {record.getMessage()} "
                         f"[{type(error).__name__}: {error}]")

    keep = Keep(logging.WARNING)
    loggers = [logging.getLogger(name) for name in ("discord.ui", "tidecord.ui")]
    for logger in loggers:
        logger.addHandler(keep)
    try:
        yield lines
    finally:
        for logger in loggers:
            logger.removeHandler(keep)


# -- a view's timeout, wait() and stop() -----------------------------------------------

def timed_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes = []
    note = bot.notes.append

    class Timed(ui.View):
        def __init__(self, owner: int) -> None:
            super().__init__(timeout=2.4)
            self.owner = owner
            self.message: Any = None
            self.add_item(ui.Button(label="Docs", url="https://example.com/docs", row=1))

        async def interaction_check(self, interaction: Any) -> bool:
            note(f"check {interaction.user.name}")
            return bool(interaction.user.id == self.owner)

        @ui.button(label="Ping", style=discord.ButtonStyle.primary, emoji="🏓")
        async def ping(self, interaction: Any, button: Any) -> None:
            note(f"ping dispatching={self.is_dispatching()}")
            await interaction.response.send_message("pong")

        @ui.button(label="Stop", style=discord.ButtonStyle.danger)
        async def halt(self, interaction: Any, button: Any) -> None:
            self.stop()
            note(f"stopped finished={self.is_finished()} dispatching={self.is_dispatching()}")
            await interaction.response.edit_message(content="stopped", view=None)

        async def on_timeout(self) -> None:
            note(f"on_timeout finished={self.is_finished()}")
            for item in self.children:
                item.disabled = True
            await self.message.edit(content="expired", view=self)

    @bot.command()
    async def timed(ctx: Any) -> None:
        view = Timed(ctx.author.id)
        note(f"made dispatching={view.is_dispatching()} persistent={view.is_persistent()}")
        view.message = await ctx.send("timed", view=view)
        note(f"sent dispatching={view.is_dispatching()}")
        timed_out = await view.wait()
        note(f"wait -> {timed_out} dispatching={view.is_dispatching()}")
        await view.message.edit(content=f"waited: {timed_out}")

    return bot


async def timed_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    out: list[Any] = []
    loop = asyncio.get_running_loop()
    message = await said(sb, "alice", "!timed")
    out.append(("alice pings", await press(sb, "alice", message, "Ping")))
    pinged = loop.time()  # the view expires 2.4 s after this, or a little before
    await asyncio.sleep(1.0)
    # bob may not use it: no answer, and (as in discord.py) no longer life for the view,
    # which would last until 3.5 s after alice's use if his counted. (The times leave
    # room for a loaded machine's stalls of 0.4-0.5 s: with a 1.2 s view, bob's click
    # 0.9 s on could come after the end, and the check at 1.7 s before on_timeout's edit.)
    out.append(("bob pings", await press(sb, "bob", message, "Ping", wait=0.3)))
    while (await shown(sb, message))["content"] != "expired" and (  # noqa: ASYNC110
            loop.time() < pinged + 3.2):
        await asyncio.sleep(0.05)
    out.append(("timed out after alice's use", await shown(sb, message)))
    await asyncio.sleep(0.3)
    out.append(("at last", await shown(sb, message)))
    stopper = await said(sb, "alice", "!timed")
    out.append(("stop", await press(sb, "alice", stopper, "Stop")))
    await asyncio.sleep(0.2)
    out.append(await shown(sb, stopper))
    return [*out, bot.notes]


async def test_a_timed_out_view_disables_its_items_as_in_discord_py(
        sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, timed_bot, timed_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    assert ours[1] == ("bob pings", None)
    # the refused use did not keep the view alive, and the command's edit after wait()
    # came before on_timeout's
    assert ours[2][1]["content"] == "expired" and ours[3][1]["content"] == "expired"
    assert all(b["disabled"] for row in ours[3][1]["components"] for b in row["components"])
    notes = ours[-1]
    assert "sent dispatching=True" in notes and "wait -> False dispatching=False" in notes
    assert notes.index("wait -> True dispatching=False") < notes.index(
        "on_timeout finished=True")


# -- checks, errors and modals ---------------------------------------------------------

def checks_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes = []
    note = bot.notes.append

    class Careful(ui.Button):  # type: ignore[misc]
        async def interaction_check(self, interaction: Any) -> bool:
            note(f"button check {interaction.user.name}")
            return bool(interaction.user.name != "carol")

        async def callback(self, interaction: Any) -> None:
            await interaction.response.send_message(f"{self.label} by {interaction.user.name}")

    class Row(ui.ActionRow):  # type: ignore[misc]
        async def interaction_check(self, interaction: Any) -> bool:
            note(f"row check {interaction.user.name}")
            return bool(interaction.user.name != "bob")

    class Panel(ui.LayoutView):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.add_item(ui.TextDisplay("panel"))
            self.add_item(Row(Careful(label="Go")))

        async def interaction_check(self, interaction: Any) -> bool:
            note(f"view check {interaction.user.name}")
            return True

    class Handled(ui.View):
        async def interaction_check(self, interaction: Any) -> bool:
            if interaction.user.name == "carol":
                raise RuntimeError("carol may not")
            return True

        async def on_error(self, interaction: Any, error: Exception, item: Any) -> None:
            note(f"on_error {type(error).__name__}: {error} on {item.label}")
            await interaction.response.send_message(f"Oops: {error}", ephemeral=True)

        @ui.button(label="Fail")
        async def fail(self, interaction: Any, button: Any) -> None:
            raise KeyError("nope")

    class Unhandled(ui.View):
        @ui.button(label="Boom")
        async def boom(self, interaction: Any, button: Any) -> None:
            raise ValueError("kaboom")

    class Form(ui.Modal, title="Form"):
        name = ui.TextInput(label="Name", placeholder="who?", min_length=2, max_length=20,
                            default="someone")
        about = ui.TextInput(label="About", style=discord.TextStyle.long, required=False)

        async def on_submit(self, interaction: Any) -> None:
            if self.name.value == "bad":
                raise ValueError("bad name")
            await interaction.response.send_message(f"hi {self.name.value} ({self.about})")

    class Guarded(Form):
        async def on_error(self, interaction: Any, error: Exception) -> None:
            note(f"modal on_error {type(error).__name__}: {error}")
            await interaction.response.send_message("modal failed", ephemeral=True)

    class Opener(ui.View):
        @ui.button(label="Open")
        async def open(self, interaction: Any, button: Any) -> None:
            await interaction.response.send_modal(Form(timeout=0.6))

        @ui.button(label="Guarded")
        async def guarded(self, interaction: Any, button: Any) -> None:
            modal = Guarded()
            await interaction.response.send_modal(modal)
            note(f"modal dispatching={modal.is_dispatching()}")

        @ui.button(label="Ignored")
        async def ignored(self, interaction: Any, button: Any) -> None:
            class Slow(Form):
                async def on_timeout(self) -> None:
                    note("modal on_timeout")
            modal = Slow(timeout=0.3)
            await interaction.response.send_modal(modal)
            note(f"ignored modal wait -> {await modal.wait()}")

    @bot.command()
    async def panels(ctx: Any) -> None:
        await ctx.send(view=Panel())
        await ctx.send("handled", view=Handled())
        await ctx.send("unhandled", view=Unhandled())
        await ctx.send("opener", view=Opener())

    return bot


async def checks_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    out: list[Any] = []
    with logged() as lines:
        await said(sb, "alice", "!panels")
        await asyncio.sleep(0.3)
        bot_id = sb.bot_user.id
        panel, handled, unhandled, opener = sorted(
            (m for m in sb.state.messages[sb.channel("general").id].values()
             if m.author.id == bot_id), key=lambda m: m.id)[-4:]
        # A click refused is given 0.4 s to show it goes unanswered; one answered, time
        # to answer on a loaded machine (a stall of 0.45 s made alice's None).
        for person, wait in (("alice", 5.0), ("bob", 0.4), ("carol", 0.4)):
            out.append((person, await press(sb, person, panel, "Go", wait=wait)))
        for person in ("alice", "carol"):
            out.append((person, await press(sb, person, handled, "Fail")))
        out.append(("boom", await press(sb, "alice", unhandled, "Boom", wait=0.4)))
        for label, text, wait in (("Open", "bad", 0.4), ("Guarded", "bad", 5.0),
                                  ("Open", "Al", 5.0)):
            opened = await sb.click_button("alice", opener.id, custom_id(opener, label=label))
            out.append((label, await answered(opened, 5)))
            inputs = [row["components"][0]["custom_id"]
                      for row in (opened.modal or {})["components"]]
            await asyncio.sleep(READING_PAUSE)
            submitted = await sb.submit_modal("alice", opened, {inputs[0]: text})
            out.append((label, text, await answered(submitted, wait)))
        ignored = await sb.click_button("alice", opener.id, custom_id(opener, label="Ignored"))
        await ignored.wait_response(5)
        async with asyncio.timeout(10):  # its 0.3 s, waited for rather than slept for
            while "modal on_timeout" not in bot.notes:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    return [*out, bot.notes, [line.replace("discord.ui", "tidecord.ui") for line in lines]]


async def test_checks_errors_and_modals_fail_as_in_discord_py(sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, checks_bot, checks_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    notes, lines = ours[-2], ours[-1]
    # the item's check first, then its row's, then the view's
    assert notes[:3] == ["button check alice", "row check alice", "view check alice"]
    assert any(line.startswith("ERROR Ignoring exception in modal <Form timeout=0.6 "
                               "children=2>:") for line in lines), lines
    assert "modal dispatching=True" in notes
    assert "ignored modal wait -> True" in notes and notes[-1] == "modal on_timeout"


# -- what a view holds -------------------------------------------------------------------

def holdings(discord: Any) -> list[Any]:
    """What building views tells, without sending them."""
    ui = discord.ui
    notes: list[Any] = []

    def attempt(what: Callable[[], Any]) -> None:
        try:
            what()
            notes.append("ok")
        except (TypeError, ValueError) as exc:
            notes.append(f"{type(exc).__name__}: {exc}")

    full = ui.View()
    for n in range(25):
        full.add_item(ui.Button(label=str(n)))
    attempt(lambda: full.add_item(ui.Button(label="one too many")))
    attempt(lambda: ui.Button(label="x", row=5))
    attempt(lambda: ui.View().add_item(ui.Select(row=0)).add_item(ui.Button(row=0)))
    crowded = ui.View()
    attempt(lambda: [crowded.add_item(ui.Select()) for _ in range(6)])
    attempt(lambda: ui.Button(label="x", url="https://example.com", custom_id="x"))
    modal = ui.Modal(title="Five")
    attempt(lambda: [modal.add_item(ui.TextInput(label=str(n))) for n in range(6)])

    view = ui.View()
    a, b, c = ui.Button(label="a", row=2), ui.Button(label="b"), ui.Select(placeholder="c")
    view.add_item(a).add_item(b).add_item(c)
    notes.append([[x.get("label") or x.get("placeholder") for x in row["components"]]
                  for row in view.to_components()])
    view.remove_item(b)
    notes.append((len(view.children), b.view is None, a.view is view))
    view.clear_items()
    notes.append((view.children, a.view is None))

    picker = ui.Select(placeholder="fruit", options=[discord.SelectOption(label="apple")])
    attempt(lambda: [picker.add_option(label=str(n)) for n in range(25)])
    notes.append((repr(picker), repr(ui.ChannelSelect(channel_types=[discord.ChannelType.text]))))

    class Remembering(ui.View):
        @ui.select(options=[discord.SelectOption(label="red"), discord.SelectOption(label="blue")])
        async def colour(self, interaction: Any, select: Any) -> None:
            """Marks the pick as the default (of this view only)."""

    one, other = Remembering(), Remembering()
    one.colour.options[1].default = True
    notes.append([o.default for o in other.colour.options])

    custom = ui.Button(label="party", emoji="<a:party:123456789012345678>")
    notes.append((repr(custom.emoji), str(custom.emoji),
                  isinstance(custom.emoji, discord.PartialEmoji)))
    return notes


def test_limits_rows_and_removed_items_read_as_in_discord_py() -> None:
    ours, theirs = holdings(tidecord), holdings(dpy)
    assert ours == theirs
    assert ours[0] == "ValueError: maximum number of children exceeded"
    assert ours[-1][0] == "<PartialEmoji animated=True name='party' id=123456789012345678>"


# -- answering a click -------------------------------------------------------------------

def answers_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all())
    bot.notes = []
    note = bot.notes.append

    class Answers(ui.View):
        @ui.button(label="Twice")
        async def twice(self, interaction: Any, button: Any) -> None:
            note(f"done={interaction.response.is_done()} type={interaction.response.type} "
                 f"limit={interaction.filesize_limit}")
            await interaction.response.send_message("one")
            note(f"done={interaction.response.is_done()} type={interaction.response.type!r}")
            try:
                await interaction.response.send_message("two")
            except discord.InteractionResponded as exc:
                note(f"{type(exc).__name__}: {exc}")
            secret = await interaction.followup.send("secret", ephemeral=True)
            note(f"{type(secret).__name__} {secret!r:.16} {secret.flags.ephemeral}")
            await secret.edit(content="secret, edited")
            note("edited")

        @ui.button(label="Later")
        async def later(self, interaction: Any, button: Any) -> None:
            await interaction.response.defer()
            edited = await interaction.edit_original_response(content="edited after defer")
            note(f"{type(edited).__name__} {edited.id == interaction.message.id}")
            extra = await interaction.followup.send("extra", wait=True)
            fetched = await interaction.followup.fetch_message(extra.id)
            note(f"{type(extra).__name__} {type(fetched).__name__} {fetched.content}")
            await extra.delete()
            note("deleted")

        @ui.button(label="Think")
        async def think(self, interaction: Any, button: Any) -> None:
            await interaction.response.defer(thinking=True, ephemeral=True)
            thought = await interaction.followup.send("thought")
            original = await interaction.original_response()
            note(f"thought {thought.id == original.id} {original.content} "
                 f"{original.flags.ephemeral}")

    @bot.command()
    async def answers(ctx: Any) -> None:
        await ctx.send("answers", view=Answers())

    return bot


async def answers_scenario(sb: Sandbox, bot: Any) -> list[Any]:
    message = await said(sb, "alice", "!answers")
    # Each waits for its callback's last step: a snapshot taken between the follow-up
    # and its edit (or deletion) would differ by timing alone.
    out = []
    for label, last in (("Twice", "edited"), ("Later", "deleted")):
        out.append(await press(sb, "alice", message, label,
                               until=lambda last=last: last in bot.notes))
    await asyncio.sleep(READING_PAUSE)
    thinking = await sb.click_button("alice", message.id, custom_id(message, label="Think"))
    out.append(answer(await settled(sb, thinking, followups=1)))
    await asyncio.sleep(0.3)
    return [*out, await shown(sb, message), bot.notes]


async def test_answering_a_click_as_in_discord_py(sandbox_factory: Any) -> None:
    runs = await on_both(sandbox_factory, answers_bot, answers_scenario)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    assert ours == theirs
    assert ours[0]["followups"][0]["content"] == "secret, edited"
    assert "WebhookMessage <WebhookMessage  True" in ours[-1]
    assert "WebhookMessage WebhookMessage extra" in ours[-1]
    assert ours[-1][0] == "done=False type=None limit=10485760"
    # The follow-up of a deferred answer takes the "thinking" message's place (and keeps
    # the deferral's ephemeral flag), as on Discord
    assert ours[2]["original"]["content"] == "thought" and ours[2]["original"]["ephemeral"]
    assert "thought True thought True" in ours[-1]
