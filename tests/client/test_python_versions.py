"""What changes between Python 3.11 and 3.14 leaves a bot's behaviour alone.

Python 3.14 deprecates ``asyncio.iscoroutinefunction`` (``inspect``'s gives the same
answer) and makes ``Union[X, Y]`` and ``X | Y`` one type, where before 3.14 ``X | Y``
is a ``types.UnionType`` without ``__origin__``. What can be checked on the Python the
suite runs on is checked here: the callables each decorator takes or refuses, as on
discord.py; no tidecord decorator asks asyncio (its 3.14 warning is simulated); both
spellings of a union give one usage text and one conversion, as on discord.py; Python
3.12's ``type`` aliases stand for their value (run on 3.12 and later only); and the
library's source holds none of the calls the newer Pythons deprecate or removed.
"""

# ruff: noqa: UP007, UP045 - both spellings of a union are the point

# No "from __future__ import annotations": the bots' annotations are evaluated as a
# program without it writes them, so ``int | None`` reaches the library as a UnionType.

import ast
import asyncio
import functools
import pathlib
import sys
import typing
import warnings
from typing import Any, Literal, Optional, Union

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands
from discord.ext import tasks as dpy_tasks

import tidecord
from tidecord import app_commands, ui
from tidecord.ext import commands as td_commands
from tidecord.ext import tasks as td_tasks

from ..ext.parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

LIBRARY = pathlib.Path(tidecord.__file__).parent


# -- the callables each decorator takes ---------------------------------------------

async def _tagged(tag: str, *args: Any) -> None:
    pass


async def on_message(message: Any) -> None:
    pass


class AsyncCallable:
    """An object whose ``__call__`` is a coroutine function: not a coroutine function
    itself, for asyncio and inspect alike."""

    __name__ = "on_message"

    async def __call__(self, message: Any) -> None:
        pass


def sync_on_message(message: Any) -> None:
    pass


class Holder:
    async def on_message(self, message: Any) -> None:
        pass


CALLABLES = {
    "coroutine function": lambda: on_message,
    "partial of one": lambda: functools.partial(_tagged, "p"),
    "async callable object": AsyncCallable,
    "bound method": lambda: Holder().on_message,
    "sync function": lambda: sync_on_message,
}


def _registrations(discord: Any, commands: Any) -> dict[str, Any]:
    def bot() -> Any:
        return commands.Bot("!", intents=discord.Intents.none())
    return {
        "Client.event": lambda f: discord.Client(intents=discord.Intents.none()).event(f),
        "Bot.event": lambda f: bot().event(f),
        "Bot.add_listener": lambda f: bot().add_listener(f, "on_message"),
        "Bot.listen": lambda f: bot().listen("on_message")(f),
        "Bot.before_invoke": lambda f: bot().before_invoke(f),
        "Bot.after_invoke": lambda f: bot().after_invoke(f),
        "commands.command": lambda f: commands.command(name="x")(f),
        "Bot.check": lambda f: bot().check(f),
    }


def _outcomes(discord: Any, commands: Any) -> dict[str, str]:
    found = {}
    for kind, make in CALLABLES.items():
        for where, register in _registrations(discord, commands).items():
            try:
                register(make())
            except Exception as exc:
                found[f"{where}({kind})"] = type(exc).__name__
            else:
                found[f"{where}({kind})"] = "taken"
    return found


async def test_each_decorator_takes_and_refuses_the_callables_discord_py_does():
    ours = _outcomes(tidecord, td_commands)
    assert ours == _outcomes(dpy, dpy_commands)
    # Spelled out, so the comparison cannot pass by both going wrong the same way.
    assert ours["Client.event(coroutine function)"] == "taken"
    assert ours["Client.event(bound method)"] == "taken"
    assert ours["Bot.add_listener(partial of one)"] == "taken"
    assert ours["Bot.before_invoke(partial of one)"] == "taken"
    assert ours["Client.event(partial of one)"] == "AttributeError"  # it has no __name__
    assert ours["Client.event(async callable object)"] == "TypeError"
    assert ours["Bot.add_listener(async callable object)"] == "TypeError"
    assert ours["Bot.add_listener(sync function)"] == "TypeError"
    assert ours["Bot.check(sync function)"] == "taken"


def test_tasks_loop_takes_a_coroutine_function_its_partial_or_bound_method_only():
    # discord.py 2.7.1's Loop reads the function's __name__ (a partial has none):
    # AttributeError for a partial and for an async callable object; tidecord takes the
    # partial, and refuses the object for what it is.
    assert isinstance(td_tasks.loop(seconds=1)(functools.partial(_tagged, "p")),
                      td_tasks.Loop)
    assert isinstance(td_tasks.loop(seconds=1)(Holder().on_message), td_tasks.Loop)
    with pytest.raises(TypeError):
        td_tasks.loop(seconds=1)(AsyncCallable())
    with pytest.raises(TypeError):
        td_tasks.loop(seconds=1)(sync_on_message)
    with pytest.raises(AttributeError):
        dpy_tasks.loop(seconds=1)(functools.partial(_tagged, "p"))


def _partial_listeners(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)
    called: list[str] = []

    async def note(tag: str, message: Any) -> None:
        if message.content == "!ping":
            called.append(tag)

    async def before(tag: str, ctx: Any) -> None:
        called.append(tag)

    class Greeter:
        async def on_message(self, message: Any) -> None:
            if message.content == "hello":
                await message.channel.send("hello from a bound method")
            await bot.process_commands(message)  # it replaces the Bot's own on_message

    bot.add_listener(functools.partial(note, "listener partial"), "on_message")
    bot.before_invoke(functools.partial(before, "before_invoke partial"))
    bot.event(Greeter().on_message)

    @bot.command()
    async def ping(ctx: Any) -> None:
        await ctx.send("pong")

    @bot.command()
    async def heard(ctx: Any) -> None:  # the listener ran beside !ping: asked after it
        await ctx.send(f"heard: {', '.join(sorted(called))}")

    return bot


async def test_partials_and_bound_methods_as_handlers_run_as_on_discord_py(sandbox_factory):
    said = await both(sandbox_factory, _partial_listeners, [
        ("alice", "general", "!ping"),
        ("alice", "general", "!heard"),
        ("alice", "general", "hello"),
    ])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: pong",
        "#general: heard: before_invoke partial, before_invoke partial, listener partial",
        "#general: hello from a bound method",
    ]


def test_no_decorator_asks_asyncio_whether_a_function_is_a_coroutine(monkeypatch):
    """Python 3.14's ``asyncio.iscoroutinefunction`` warns (DeprecationWarning) on every
    call: with that warning simulated and made an error, every decorator of the
    library still takes its coroutine function."""
    plain = asyncio.iscoroutinefunction

    def deprecated(func: Any) -> bool:
        warnings.warn("asyncio.iscoroutinefunction is deprecated", DeprecationWarning,
                      stacklevel=2)
        return plain(func)

    monkeypatch.setattr(asyncio, "iscoroutinefunction", deprecated)

    async def handler(*args: Any) -> None:
        pass

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client = tidecord.Client(intents=tidecord.Intents.none())
        client.event(handler)
        bot = td_commands.Bot("!", intents=tidecord.Intents.none())
        for register in (bot.event, bot.before_invoke, bot.after_invoke, bot.check,
                         bot.listen("on_message"), functools.partial(bot.add_listener,
                                                                     name="on_ready")):
            register(handler)
        command = td_commands.command(name="thing")(handler)
        command.error(handler)
        command.before_invoke(handler)
        td_commands.check(handler)
        group = td_commands.group(name="things")(handler)
        group.command(name="sub")(handler)
        td_tasks.loop(seconds=1)(handler).before_loop(handler)
        tree_command = app_commands.command(name="thing", description="d")(handler)
        tree_command.error(handler)

        async def menu(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
            pass

        app_commands.context_menu(name="Thing")(menu)
        ui.button(label="b")(handler)
        ui.select()(handler)

        class Things(td_commands.Cog):
            @td_commands.Cog.listener()
            async def on_message(self, message: Any) -> None:
                pass


# -- unions, spelled either way ------------------------------------------------------

def _union_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Options(commands.FlagConverter):
        old: Optional[int]
        new: int | None
        many: list[int] | None = None

    @bot.command()
    async def old(ctx, a: Optional[int], b: Union[int, str, None] = None,
                  c: Optional[Literal["x", "y"]] = None, *, rest: Optional[str]):
        await ctx.send(f"{a!r} {b!r} {c!r} {rest!r}")

    @bot.command()
    async def new(ctx, a: int | None, b: int | str | None = None,
                  c: Literal["x", "y"] | None = None, *, rest: str | None):
        await ctx.send(f"{a!r} {b!r} {c!r} {rest!r}")

    @bot.command()
    async def many(ctx, first: commands.Greedy[Union[int, float]],
                   second: commands.Greedy[int | float], last: str):
        await ctx.send(f"{first!r} {second!r} {last!r}")

    @bot.command()
    async def flags(ctx, *, options: Options):
        await ctx.send(f"{options.old!r} {options.new!r} {options.many!r}")

    @bot.command()
    async def usage(ctx):
        await ctx.send(" | ".join(f"{c.name} {c.signature}"
                                  for c in sorted(bot.commands, key=lambda c: c.name)))

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot


UNION_LINES = [
    ("alice", "general", "!usage"),
    ("alice", "general", "!old 5 six x the rest"),
    ("alice", "general", "!new 5 six x the rest"),
    ("alice", "general", "!old word"),
    ("alice", "general", "!new word"),
    ("alice", "general", "!old 1 2 z"),
    ("alice", "general", "!new 1 2 z"),
    ("alice", "general", "!many 1 2.5 3 end"),
    ("alice", "general", "!flags old: 1 new: 2 many: 3"),
    ("alice", "general", "!flags old: 1 new: 2 many: 3 many: 4"),  # Optional[list]: one value
    ("alice", "general", "!flags new: nope"),
]


async def test_optional_and_pipe_unions_read_and_show_alike_as_on_discord_py(sandbox_factory):
    said = await both(sandbox_factory, _union_bot, UNION_LINES)
    assert said["tidecord"] == said["discord.py"]
    usage, old, new, old_word, new_word, old_z, new_z, *_ = said["tidecord"]
    # One command written each way: one usage text, one conversion.
    old_usage, new_usage = (part.split(" ", 1)[1] for part in usage.split(" | ")[2:4])
    assert old_usage == new_usage == '[a] [b] ["x"|"y"] [rest]'
    assert old == new == "#general: 5 'six' 'x' 'the rest'"
    assert old_word.split(": ", 1)[1] == new_word.split(": ", 1)[1] == "None 'word' None None"
    assert old_z.split(": ", 1)[1] == new_z.split(": ", 1)[1] == "1 2 None 'z'"


def _run_converters_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)

    @bot.command()
    async def convert(ctx, word: str):
        param = ctx.command.clean_params["word"]
        said = []
        for converter in (int | None, Optional[int], int | str, Union[int, str]):
            try:
                said.append(repr(await commands.run_converters(ctx, converter, word, param)))
            except commands.CommandError as exc:
                said.append(type(exc).__name__)
        await ctx.send(" ".join(said))

    return bot


async def test_run_converters_takes_a_pipe_union_as_it_takes_a_typing_union(sandbox_factory):
    # discord.py 2.7.1 checks ``__origin__ is Union``, which ``int | str`` lacks before
    # Python 3.14: there it calls the UnionType as a converter and fails (it works on
    # 3.14, where the two spellings are one type). tidecord reads both on every Python.
    said = await both(sandbox_factory, _run_converters_bot, [
        ("alice", "general", "!convert 12"),
        ("alice", "general", "!convert twelve"),
    ])
    assert said["tidecord"] == ["#general: 12 12 12 12",
                                "#general: None None 'twelve' 'twelve'"]


# -- Python 3.12's type aliases ------------------------------------------------------

def _aliases() -> dict[str, Any]:
    """``type`` statements (3.12 syntax, so made at run time: this file loads on 3.11)."""
    made: dict[str, Any] = {}
    exec("type MaybeInt = int | None\n"
         "type Word = str\n"
         "type Pick = typing.Literal['a', 'b']\n", {"typing": typing}, made)
    return made


needs_type_aliases = pytest.mark.skipif(sys.version_info < (3, 12),
                                        reason="the type statement is Python 3.12's")


def _alias_bot(discord: Any, commands: Any) -> Any:
    aliases = _aliases()
    MaybeInt, Word, Pick = aliases["MaybeInt"], aliases["Word"], aliases["Pick"]
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents)

    class Options(commands.FlagConverter):
        size: MaybeInt

    async def pick(ctx: Any, a: MaybeInt, b: Pick, c: Word = "w") -> None:
        await ctx.send(f"{ctx.command.signature}: {a!r} {b!r} {c!r}")

    async def sized(ctx: Any, *, options: Options) -> None:
        await ctx.send(f"size {options.size!r}")

    bot.add_command(commands.Command(pick, name="pick"))
    bot.add_command(commands.Command(sized, name="sized"))

    @bot.event
    async def on_command_error(ctx: Any, error: Any) -> None:
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot


@needs_type_aliases
async def test_type_alias_annotations_read_as_what_they_stand_for_as_on_discord_py(
    sandbox_factory
):
    # Before, tidecord took the alias itself for the converter: usage "<a> <b> [c=w]",
    # and 'BadArgument: Converting to "MaybeInt" failed' for any value.
    said = await both(sandbox_factory, _alias_bot, [
        ("alice", "general", "!pick 4 a long words"),
        ("alice", "general", "!pick b"),
        ("alice", "general", "!pick 4 c"),
        ("alice", "general", "!sized size: 3"),
        ("alice", "general", "!sized"),
    ])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][:2] == ["#general: [a] <\"a\"|\"b\"> [c=w]: 4 'a' 'long'",
                                    "#general: [a] <\"a\"|\"b\"> [c=w]: None 'b' 'w'"]
    assert said["tidecord"][3:] == ["#general: size 3", "#general: size None"]


def _slash_options(discord: Any, app_commands: Any) -> list[tuple[str, str, bool, list[str]]]:
    aliases = _aliases()
    MaybeInt, Word, Pick = aliases["MaybeInt"], aliases["Word"], aliases["Pick"]

    async def choose(interaction: Any, a: MaybeInt, b: Pick, c: Word = "w") -> None:
        pass

    command = app_commands.command(name="choose", description="d")(choose)
    return [(p.name, p.type.name, p.required, [c.name for c in p.choices])
            for p in command.parameters]


@needs_type_aliases
def test_type_alias_annotations_make_the_slash_options_discord_py_makes():
    # Before: TypeError("unsupported type annotation MaybeInt") at the decorator.
    ours = _slash_options(tidecord, app_commands)
    assert ours == _slash_options(dpy, dpy.app_commands)
    assert ours == [("b", "string", True, ["a", "b"]), ("a", "integer", False, []),
                    ("c", "string", False, [])]


# -- the library's source ------------------------------------------------------------

# (module, attribute): what Python 3.12-3.14 deprecate or removed, and what to use.
DEPRECATED = {
    ("asyncio", "iscoroutinefunction"): "inspect.iscoroutinefunction (3.14)",
    ("asyncio", "get_event_loop"): "asyncio.get_running_loop (3.14 raises without one)",
    ("asyncio", "get_event_loop_policy"): "the running loop (3.14)",
    ("asyncio", "set_event_loop_policy"): "asyncio.run(loop_factory=...) (3.14)",
    ("datetime", "utcnow"): "datetime.now(timezone.utc) (3.12)",
    ("datetime", "utcfromtimestamp"): "datetime.fromtimestamp(t, timezone.utc) (3.12)",
    ("ast", "Str"): "ast.Constant (removed in 3.14)",
    ("ast", "Num"): "ast.Constant (removed in 3.14)",
    ("ast", "Bytes"): "ast.Constant (removed in 3.14)",
    ("ast", "NameConstant"): "ast.Constant (removed in 3.14)",
    ("typing", "_UnionGenericAlias"): "typing.get_origin (removed in 3.17)",
    ("typing", "_GenericAlias"): "typing.get_origin / get_args",
}


def _hazards(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            use = DEPRECATED.get((name, node.attr))
            if use:
                found.append((node.lineno, f"{name}.{node.attr}: use {use}"))
        elif isinstance(node, ast.Compare) and any(isinstance(op, (ast.Is, ast.IsNot))
                                                   for op in node.ops):
            if any(ast.unparse(side) in ("Union", "typing.Union")
                   for side in (node.left, *node.comparators)):
                found.append((node.lineno, "an origin compared with `is Union` misses X | Y "
                                           "before 3.14: use is_union (typing.get_origin)"))
    return found


def test_the_library_uses_nothing_the_newer_pythons_deprecate_or_removed():
    found = []
    for path in sorted(LIBRARY.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += [f"{path.relative_to(LIBRARY.parent)}:{line}: {what}"
                  for line, what in _hazards(tree)]
    assert found == []


def test_the_source_check_finds_what_it_looks_for():
    caught = _hazards(ast.parse(
        "import asyncio, datetime\n"
        "asyncio.iscoroutinefunction(f)\n"
        "datetime.datetime.utcnow()\n"
        "origin = getattr(t, '__origin__', None)\n"
        "if origin is typing.Union: pass\n"))
    assert sorted(line for line, _ in caught) == [2, 3, 5]
