"""Six discord.py-style programs, run as processes with only their imports changed, on
tidecord and on real discord.py 2.7.1, against the sandbox: alice and bob talk to each,
and both libraries must leave the same messages in every channel.

The programs in ``programs/`` import tidecord; the discord.py copy of each (and of its
extensions) is the same file with ``import tidecord as discord`` and ``from tidecord.ext
import ...`` rewritten to discord's, run by ``programs/launch_discordpy.py``, which only
points discord.py at the sandbox first.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from tidecord.sandbox import Sandbox, World

from .parity import LIBRARIES, Do, Line, converse, quick_limits

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

PROGRAMS = Path(__file__).with_name("programs")


def programs_world() -> World:
    """The guild the programs live in: staff roles, a nickname, channels for each loop."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol", "global_name": "Carol"},
                  {"username": "dave", "global_name": "Dave"}],
        "guilds": [{
            "name": "Garden", "owner": "alice", "bot_permissions": ["administrator"],
            "roles": [{"name": "Moderator", "color": 0x3498DB, "permissions": [
                "kick_members", "manage_messages", "moderate_members", "manage_roles"]},
                {"name": "Helper", "color": 0x2ECC71}],
            "channels": [{"name": "Text Channels", "type": 4}, *(
                {"name": name, "parent": "Text Channels"} for name in
                ("general", "ideas", "mod-log", "quiet", "ticks", "daily", "counts"))],
            "members": [{"user": "alice", "roles": ["Moderator"]},
                        {"user": "bob", "nick": "Bobby", "roles": ["Helper"]},
                        "carol", "dave"],
        }],
    })


def as_discord_py(source: str) -> str:
    """The same program for discord.py: only the imports change."""
    return (source.replace("import tidecord as discord", "import discord")
            .replace("from tidecord.ext import", "from discord.ext import"))


class Program:
    """One bot program running as a process against a sandbox."""

    def __init__(self, library: str, name: str, sb: Sandbox, folder: Path,
                 prefix: str = "!") -> None:
        self.library, self.name, self.sb, self.folder = library, name, sb, folder
        self.prefix = prefix
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[str] = []

    def install(self) -> None:
        """Copy the program and its extensions, rewritten for the library."""
        self.folder.mkdir(parents=True)
        for source in PROGRAMS.rglob("*.py"):
            target = self.folder / source.relative_to(PROGRAMS)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            target.write_text(as_discord_py(text) if self.library != "tidecord" else text,
                              encoding="utf-8")

    async def start(self) -> None:
        await asyncio.to_thread(self.install)
        program = self.folder / self.name
        if self.library == "tidecord":
            argv = [sys.executable, str(program)]
        else:
            argv = [sys.executable, str(PROGRAMS / "launch_discordpy.py"), str(program)]
        env = {**os.environ, "BOT_TOKEN": self.sb.token, "TIDECORD_API_URL": self.sb.api_url,
               "SANDBOX_API_URL": self.sb.api_url, "SANDBOX_GATEWAY_URL": self.sb.gateway_url,
               "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = await asyncio.create_subprocess_exec(
            *argv, cwd=str(self.folder), env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        await self.wait_for_line("ready")

    async def wait_for_line(self, text: str, within: float = 20.0) -> str:
        """The first line of the program's output containing ``text``."""
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.lines:
            if text in line:
                return line
        async with asyncio.timeout(within):
            while True:
                raw = await self.proc.stdout.readline()
                if not raw:
                    err = await self.proc.stderr.read() if self.proc.stderr else b""
                    raise AssertionError(f"{self.library} {self.name} ended before saying "
                                         f"{text!r}:\n{err.decode()[-3000:]}")
                line = raw.decode().rstrip("\n")
                self.lines.append(line)
                if text in line:
                    return line

    async def stop(self) -> bytes:
        """Ask the program to shut down (as its owner) and check it ended cleanly."""
        assert self.proc is not None
        await self.sb.send_message("alice", "general", f"{self.prefix}shutdown")
        try:
            out, err = await asyncio.wait_for(self.proc.communicate(), 20)
        finally:
            if self.proc.returncode is None:
                self.proc.kill()
                await self.proc.wait()
        self.lines.extend(out.decode().splitlines())
        assert self.proc.returncode == 0, err.decode()[-3000:]
        assert b"Traceback" not in err and b"Unclosed" not in err and \
            b"was destroyed but it is pending" not in err, err.decode()[-3000:]
        return err

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


def transcript(sb: Sandbox) -> list[str]:
    """Every message left in every channel, in order, with its author."""
    found = []
    for channel_id, messages in sb.state.messages.items():
        channel = sb.state.channel(int(channel_id))
        for message in messages.values():
            embeds = [f"[{e.title}|{e.description}|{[(f.name, f.value) for f in e.fields or ()]}]"
                      for e in message.embeds or ()]
            found.append((int(message.id), f"#{channel.name or 'DM'} {message.author.username}: "
                          f"{message.content}{''.join(embeds)}"))
    return [text for _, text in sorted(found)]


Script = Callable[[Program], Sequence[Line]]


async def run_everywhere(sandbox_factory: Callable[..., Any], tmp_path: Path, name: str,
                         script: Script, prefix: str = "!"
                         ) -> dict[str, tuple[list[str], Program]]:
    """Run ``name`` on each library against a fresh sandbox, play ``script``, stop it."""
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=programs_world(), rate_limits=quick_limits())
        program = Program(library, name, sb, tmp_path / library.replace(".", ""), prefix)
        try:
            await program.start()
            await converse(sb, script(program), within=15)
            await program.stop()
        finally:
            await program.kill()
        results[library] = (transcript(sb), program)
    return results


def same_everywhere(results: dict[str, tuple[list[str], Program]], *,
                    per_channel: bool = False) -> list[str]:
    """What both libraries left, checked equal (channel by channel with ``per_channel``,
    where independent loops post to different channels at their own pace)."""
    ours, theirs = results["tidecord"][0], results["discord.py"][0]
    if per_channel:
        ours, theirs = sorted(ours, key=_channel), sorted(theirs, key=_channel)
    assert ours == theirs
    return ours


def _channel(line: str) -> str:
    return line.split(" ", 1)[0]


async def test_moderation_bot(sandbox_factory: Callable[..., Any], tmp_path: Path) -> None:
    def script(program: Program) -> list[Line]:
        mention = f"<@{program.sb.bot_user.id}>"
        return [
            ("alice", "general", "!whois"),
            ("alice", "general", "!whois Bobby"),
            ("bob", "general", "!kick carol"),
            ("alice", "general", "!kick carol spamming", 2),
            ("alice", "general", "!kick carol"),
            ("bob", "general", "!warn alice be nice", 2),
            ("bob", "general", "!warn alice again", 2),
            ("bob", "general", "!warn alice third time"),
            ("dave", "general", "!warn bob hi"),
            ("alice", "general", "!warn"),
            # bob speaks before his timeout: timed out, he may send nothing.
            ("bob", "ideas", "one", 0),
            ("dave", "ideas", "two", 0),
            ("bob", "ideas", "three", 0),
            ("alice", "ideas", "!purge 5 bob"),
            ("alice", "general", "!mute bob 5"),
            ("alice", "general", "!timeout bob 99"),
            ("alice", "general", "mod whois"),
            ("alice", "general", f"{mention} whois dave"),
            ("alice", "general", "!WHOIS bob"),
            ("alice", "general", "!role add bob Moderator"),
            ("alice", "general", "!role remove bob Moderator"),
            ("alice", "general", "!role"),
            ("alice", "general", "!role add bob Gardener"),
            ("alice", "general", "!nothing", 0),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "moderation_bot.py", script)
    said = same_everywhere(results)
    assert "#general SandboxBot: Kicked carol: spamming" in said
    assert "#mod-log SandboxBot: Alice: kicked carol (spamming)" in said
    assert "#general SandboxBot: Slow down, Bobby: wait 60s." in said
    assert "#ideas dave: two" in said and "#ideas bob: one" not in said


async def test_cog_extensions_loaded_reloaded_and_unloaded_live(
        sandbox_factory: Callable[..., Any], tmp_path: Path) -> None:
    def edit(program: Program, old: str, new: str) -> Callable[[Sandbox], Any]:
        def rewrite(sb: Sandbox) -> None:
            path = program.folder / "cogs" / "greetings.py"
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        rewrite.__name__ = f"edit {old!r} -> {new!r}"
        return rewrite

    def script(program: Program) -> list[Line]:
        return [
            ("alice", "general", "!hello"),
            ("carol", "general", "!hello", 2),
            ("alice", "general", "!note"),
            ("alice", "general", "!load cogs.notes"),
            ("alice", "general", "!note add buy seeds"),
            ("alice", "general", "!note"),
            ("alice", "quiet", "!note list"),
            ("alice", "general", "!load cogs.notes"),
            Do(edit(program, 'GREETING = "Hello"', 'GREETING = "Howdy"')),
            ("alice", "general", "!reload cogs.greetings"),
            ("alice", "general", "!hello bob"),
            Do(edit(program, "    await bot.add_cog(Greetings(bot))",
                    "    await bot.add_cog(Greetings(bot))\n    raise RuntimeError('no soil')")),
            ("alice", "general", "!reload cogs.greetings"),
            ("alice", "general", "!hello"),
            Do(lambda sb: sb.join("erin"), replies=1),
            ("alice", "general", "!commands"),
            ("alice", "general", "!unload cogs.notes"),
            ("alice", "general", "!note list"),
            ("alice", "general", "!unload cogs.notes"),
            ("alice", "general", "!load cogs.missing"),
            ("bob", "general", "!reload cogs.greetings"),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "cogs_bot.py", script)
    said = same_everywhere(results)
    assert "#general SandboxBot: Howdy, Bobby! (loaded, before hello)" in said
    assert "#general SandboxBot: ExtensionFailed for cogs.greetings (RuntimeError: no soil)" \
        in said
    assert "#general SandboxBot: Howdy and welcome, erin!" in said
    for _, program in results.values():
        assert "notes torn down" in program.lines


async def test_custom_context_and_help(sandbox_factory: Callable[..., Any],
                                       tmp_path: Path) -> None:
    def script(program: Program) -> list[Line]:
        return [
            ("alice", "general", "g!ping"),
            ("alice", "general", "garden ping"),
            ("alice", "general", "g!   ping"),
            ("alice", "dm", "ping"),
            ("alice", "general", "g!help"),
            ("bob", "general", "g!help"),
            ("alice", "general", "g!commands"),
            ("alice", "general", "g!help plant"),
            ("alice", "general", "g!help plant add"),
            ("alice", "general", "g!help p reset"),
            ("alice", "general", "g!help plant nothing"),
            ("alice", "general", "g!help Plants"),
            ("alice", "general", "g!help nothing"),
            ("alice", "general", "g!plant add tomato 2"),
            ("alice", "general", "g!p"),
            ("alice", "general", "g!explain plant add"),
            ("bob", "general", "g!prune"),
            ("alice", "general", "g!nothing"),
            ("alice", "general", "plain talk", 0),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "help_bot.py", script, "g!")
    said = same_everywhere(results)
    assert "#general SandboxBot: [ping] pong (GardenContext, valid=True, prefix='g!')" in said
    assert "#general SandboxBot: [plant add] tomato now 5" in said


async def test_flags(sandbox_factory: Callable[..., Any], tmp_path: Path) -> None:
    def script(program: Program) -> list[Line]:
        return [
            ("alice", "general", "!event -title=Picnic -at=noon -guest=bob -guest=carol "
                                 "-size=10 -public=yes"),
            ("alice", "general", "!event -TITLE=Tea"),
            ("alice", "general", "!event -size=50 -title=Big"),
            ("alice", "general", "!event"),
            ("alice", "general", "!event -title="),
            ("alice", "general", "!event -title=x -guest=nobody"),
            ("alice", "general", '!poll Best fruit? choices: apple pear "passion fruit" '
                                 'minutes: 3'),
            ("alice", "general", "!poll #ideas Best veg? choices: kale"),
            ("alice", "general",
             lambda sb: f"!poll <#{sb.channel('ideas').id}> Best veg? choices: kale", 2),
            ("alice", "general", "!show"),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "flags_bot.py", script)
    said = same_everywhere(results)
    assert ("#general SandboxBot: Event 'Picnic' noon, 10 seats, public, with Bobby, Carol"
            in said)


async def test_three_loops(sandbox_factory: Callable[..., Any], tmp_path: Path) -> None:
    def until(channel: str, text: str) -> Callable[[Sandbox], Any]:
        async def wait(sb: Sandbox) -> None:
            async with asyncio.timeout(15):
                while not any(text in m.content for m in sb.messages(channel)):  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
        wait.__name__ = f"until {text!r} in #{channel}"
        return wait

    def script(program: Program) -> list[Line]:
        return [
            Do(until("ticks", "ticker stopped"), replies=None),
            # The message is in the channel before the library has its answer, and the
            # loop runs until after_loop returns: !status waits for that too.
            Do(lambda sb: program.wait_for_line("ticker after_loop done"), replies=None),
            Do(until("counts", "counter done"), replies=None),
            Do(until("daily", "daily loop fired"), replies=None),
            # The loop cancels itself once its message is answered: the message can be
            # in the channel before that, so !status waits for the loop to have ended.
            Do(lambda sb: program.wait_for_line("daily loop ended"), replies=None),
            ("alice", "general", "!status"),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "tasks_bot.py", script)
    said = same_everywhere(results, per_channel=True)
    ticks = [line for line in said if line.startswith("#ticks")]
    assert ticks == ["#ticks SandboxBot: tick 0", "#ticks SandboxBot: tick 1",
                     "#ticks SandboxBot: tick 2", "#ticks SandboxBot: tick 3",
                     "#ticks SandboxBot: ticker stopped"]
    assert [line for line in said if line.startswith("#counts")] == [
        "#counts SandboxBot: count 1 of 3", "#counts SandboxBot: count 2 of 3",
        "#counts SandboxBot: count 3 of 3", "#counts SandboxBot: counter done, running: True"]
    assert "#daily SandboxBot: daily loop fired in IST, on time: True" in said
    # The daily loop's message was sent at or after its time, by the sandbox's clock.
    for library, (_, program) in results.items():
        scheduled = datetime.datetime.fromisoformat(
            (await program.wait_for_line("daily loop at ")).removeprefix("daily loop at "))
        [fired] = program.sb.messages("daily")
        assert datetime.datetime.fromisoformat(fired.timestamp) >= scheduled, library


def _slash(person: str, name: str, options: dict[str, Any] | None = None) -> Do:
    async def use(sb: Sandbox) -> None:
        await sb.invoke_command(person, "general", name, options)
    use.__name__ = f"/{name} {options or ''}"
    return Do(use, replies=1)


async def test_slash_hybrid_and_cog_commands(sandbox_factory: Callable[..., Any],
                                             tmp_path: Path) -> None:
    def script(program: Program) -> list[Line]:
        return [
            _slash("alice", "hello"),
            _slash("alice", "hello", {"member": "bob"}),
            ("bob", "general", "!roll 6 3"),
            _slash("bob", "roll", {"sides": 20}),
            ("bob", "general", "!roll 1"),
            ("alice", "general", "!remind add water the plum tree"),
            _slash("alice", "remind", {"add": {"text": "prune the pear"}}),
            _slash("bob", "remind", {"list": {}}),
            ("bob", "general", "!remind"),
            ("bob", "general", "!remind drop 1"),
            _slash("bob", "remind", {"drop": {"number": 1}}),
            _slash("alice", "remind", {"drop": {"number": 1}}),
            _slash("carol", "trees"),
            ("carol", "general", "!pick apple 2"),
            _slash("carol", "pick", {"fruit": "pear"}),
            _slash("dave", "pick", {"fruit": "plum", "amount": 3}),
            _slash("carol", "cellar", {"store": {"jar": "jam"}}),
            _slash("dave", "cellar", {"count": {}}),
            _slash("dave", "harvest"),
            ("alice", "general", "!unload cogs.orchard"),
            ("carol", "general", "!pick apple"),
            ("alice", "general", "!load cogs.orchard"),
            _slash("carol", "cellar", {"count": {}}),
        ]

    results = await run_everywhere(sandbox_factory, tmp_path, "hybrid_bot.py", script)
    said = same_everywhere(results)
    assert "#general SandboxBot: Hello, Bobby!" in said
    assert "#general SandboxBot: 1d20 rolls at most 20 (slash)" in said
    assert "#general SandboxBot: MissingPermissions: You are missing Manage Messages " \
           "permission(s) to run this command. (slash)" in said
    assert "#general SandboxBot: Slow down, carol (slash)" in said
    assert "#general SandboxBot: Unloaded cogs.orchard; slash: hello remind roll" in said
    assert "#general SandboxBot: No such command: pick" in said
    assert "#general SandboxBot: Loaded cogs.orchard; slash: cellar harvest hello pick remind " \
           "roll trees" in said
    assert said[-3] == "#general SandboxBot: 0 jar(s): "  # a new cog, a new cellar
