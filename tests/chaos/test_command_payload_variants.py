"""A slash command's interaction, and a button's and a select's, as Discord really sends
them, bent every way they may be (fields never heard of, left out, ids as numbers, arrays
empty or long, option, command and component types Discord adds later), to the same
command and view on tidecord and on discord.py 2.7.1: where discord.py's runs,
tidecord's runs with the same arguments, and where discord.py's tree raises, tidecord's
raises the same kind of error.
``TIDECORD_PAYLOADS_REPORT=1`` prints what each variant came to.
"""

# No "from __future__ import annotations": the commands' annotations name the library.
import json
import logging
import os
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..ext.parity import running
from .chaos_helpers import until
from .payload_variants import UNKNOWN_ENUM, variants
from .variant_world import shown, variants_world

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

OPTIONS = {"text": "hi", "count": 3, "member": "bob", "channel": "general"}
#: Where the two differ: tidecord's outcome (``ran`` or its error), and why.
ACCEPTED = {
    # discord.py's task dies on a ValueError.
    "unknown enum value at data.type": (
        "error CommandNotFound", "a kind of command Discord adds later is no command of "
        "the tree's: its error handler hears so"),
    # discord.py refuses the command (CommandSignatureMismatch).
    "unknown enum value at data.options.0.type": (
        "ran", "an option of a type Discord adds later is read as the str the command takes"),
    "unknown enum value at data.options.3.type": (
        "error TransformerError", "refused, as discord.py refuses it (with "
        "CommandSignatureMismatch): the value is no channel of the type the command takes"),
}
#: Resolved entries without an id (which Discord never sends): tidecord logs the
#: command it could not read and goes on; discord.py's task dies unretrieved.
LOGGED = {"INTERACTION_CREATE extra field at data.resolved.users.7",
          "INTERACTION_CREATE extra field at data.resolved.channels.7"}
# Discord's enums in an interaction (which the schema does not describe).
ENUMS = [("type",), ("data", "type"), ("data", "options", 0, "type"),
         ("data", "options", 3, "type"), ("context",)]
COMPONENT_ENUMS = [("type",), ("data", "component_type"), ("context",),
                   ("message", "type"), ("message", "components", 0, "type")]


def command_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None,
                       chunk_guilds_at_startup=False)
    bot.ran = []
    bot.said = []

    @bot.tree.command(name="echo", description="Say it back")
    async def echo(interaction: discord.Interaction, text: str, count: int,
                   member: discord.Member, channel: discord.TextChannel) -> None:
        # No answer: both bots get each interaction, and only one may answer it.
        bot.ran.append(shown((text, count, member.name, channel.name, str(interaction.type),
                              interaction.command.name, str(interaction.locale),
                              interaction.user.name, interaction.channel_id)))

    @bot.tree.error
    async def on_error(interaction: Any, error: Exception) -> None:
        bot.ran.append(f"error {type(getattr(error, 'original', error)).__name__}")

    @bot.event
    async def on_message(message: Any) -> None:
        bot.said.append(message.content)

    class Panel(discord.ui.View):
        """A button and a select, the same on both bots (persistent: custom ids)."""

        def __init__(self) -> None:
            super().__init__(timeout=None)

        @discord.ui.button(label="press", custom_id="press")
        async def press(self, interaction: Any, button: Any) -> None:
            bot.ran.append(shown(("press", str(interaction.type), str(button.style),
                                  interaction.message and interaction.message.content,
                                  interaction.user.name, interaction.data.get("custom_id"))))

        @discord.ui.select(custom_id="pick", options=[discord.SelectOption(label="a"),
                                                      discord.SelectOption(label="b")])
        async def pick(self, interaction: Any, select: Any) -> None:
            bot.ran.append(shown(("pick", select.values, str(interaction.type),
                                  interaction.user.name, interaction.data.get("values"))))

    async def setup_hook() -> None:
        bot.add_view(Panel())

    bot.setup_hook = setup_hook
    bot.panel = Panel
    return bot


def _cases(payload: dict[str, Any], enums: list[tuple[Any, ...]]
           ) -> list[tuple[str, dict[str, Any]]]:
    cases = variants("INTERACTION_CREATE", payload)
    for path in enums:
        variant = json.loads(json.dumps(payload))
        node = variant
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = UNKNOWN_ENUM
        cases.append((f"unknown enum value at {'.'.join(map(str, path))}", variant))
    return cases


async def _sweep(sb: Sandbox, td: Any, dpy: Any, caplog: pytest.LogCaptureFixture,
                 enums: list[tuple[Any, ...]], accepted: dict[str, tuple[str, str]]
                 ) -> list[str]:
    """Each variant of the last interaction to both bots: where what they did differs
    (beyond ``accepted``: label -> tidecord's outcome and why)."""
    await until(lambda: td.ran and dpy.ran, what="the interaction on both")
    assert td.ran == dpy.ran, (td.ran, dpy.ran)
    [conn, *_] = sb.hub.live()
    assert conn.session is not None
    frames = [json.loads(frame) for _, frame, _ in conn.session.buffer]
    payload = next(f["d"] for f in reversed(frames) if f["t"] == "INTERACTION_CREATE")
    differences = []
    for n, (label, variant) in enumerate(_cases(payload, enums)):
        td.ran.clear()
        dpy.ran.clear()
        caplog.clear()
        await sb.inject_dispatch("INTERACTION_CREATE", json.dumps(variant).encode())
        sentinel = f"sentinel {n}"
        await sb.send_message("alice", "general", sentinel)
        for bot in (td, dpy):
            await until(lambda bot=bot, sentinel=sentinel: sentinel in bot.said,
                        what=f"both bots to read on after {label}")
        logged = [r.getMessage()[:160] for r in caplog.records
                  if r.name.startswith(("tidecord.gateway", "tidecord.events",
                                        "tidecord.app_commands", "tidecord.ui"))
                  and r.levelno >= logging.WARNING]
        mine, theirs = list(td.ran), list(dpy.ran)
        if os.environ.get("TIDECORD_PAYLOADS_REPORT"):
            print(f"{label}: tidecord {mine} discord.py {theirs} {logged}")
        if label in LOGGED:
            if mine or not any("Ignoring exception in tidecord:" in line for line in logged):
                differences.append(f"{label}: tidecord {mine}, logged {logged}")
        elif label in accepted:
            outcome = mine[0] if mine and isinstance(mine[0], str) else "ran"
            if logged or len(mine) != 1 or outcome != accepted[label][0]:
                differences.append(f"{label}: tidecord {mine} {logged}")
        elif logged or (mine != theirs and not (theirs == [] and mine and all(
                isinstance(run, list) for run in mine))):  # (where discord.py's failed)
            differences.append(f"{label}: tidecord {mine} {logged} discord.py {theirs}")
    return differences


async def test_every_variant_of_a_slash_command_runs_as_on_discord_py(
    sandbox_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    sb: Sandbox = await sandbox_factory(world=variants_world())
    async with running("tidecord", sb, command_bot) as td, \
            running("discord.py", sb, command_bot) as dpy:
        await td.tree.sync()
        await sb.invoke_command("alice", "general", "echo", OPTIONS)
        differences = await _sweep(sb, td, dpy, caplog, ENUMS, ACCEPTED)
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("custom_id", ["press", "pick"])
async def test_every_variant_of_a_click_runs_as_on_discord_py(
    sandbox_factory: Any, caplog: pytest.LogCaptureFixture, custom_id: str
) -> None:
    caplog.set_level(logging.WARNING)
    sb: Sandbox = await sandbox_factory(world=variants_world())
    async with running("tidecord", sb, command_bot) as td, \
            running("discord.py", sb, command_bot) as dpy:
        panel = await td.get_channel(sb.channel("general").id).send("panel", view=td.panel())
        await sb.click_button("alice", panel.id, custom_id,
                              values=["b"] if custom_id == "pick" else None)
        differences = await _sweep(sb, td, dpy, caplog, COMPONENT_ENUMS, {})
    assert not differences, "\n".join(differences)
