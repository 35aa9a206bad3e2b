"""Application commands on generated programs, the same source run on tidecord and on
discord.py 2.7.1: what ``to_dict(tree)`` gives for each command of seeded programs
(tests.ext.slash_generated), and the error (class and message) each mistake in a
definition raises."""

import enum
import json
import os
import random
import re
from typing import Annotated, Any, Literal, Optional, Union

import discord
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands
from tidecord.sandbox import StateError

from . import slash_generated as gen
from .hybrid_parity import Complete, Registered, Say, Slash, run_steps
from .parity import parity_world, quick_limits, running

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]
LIBRARIES = {"tidecord": tidecord, "discord.py": discord}


def _scope(lib: Any, tree: Any, show: Any = None) -> dict[str, Any]:
    return {"discord": lib, "app_commands": lib.app_commands, "tree": tree, "show": show,
            "GUILD": 123,
            "Optional": Optional, "Union": Union, "Literal": Literal, "enum": enum,
            "Annotated": Annotated}


def _plain(text: str) -> str:
    """An error message or repr with what names the library itself taken out (module
    paths of classes, addresses), and a cooldown's time left."""
    text = re.sub(r"in \d+\.\d+s", "in ...s", text)
    text = re.sub(r"<class '[\w.]*\.(\w+)'>", r"<class \1>", text)
    text = re.sub(r"(typing\.Union\[|, )[\w.]*\.(\w+)", r"\1\2", text)
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def _defined(lib: Any, source: str) -> Any:
    """Each command's ``to_dict(tree)`` (global, then the guild's), or the error."""
    tree = lib.app_commands.CommandTree(lib.Client(intents=lib.Intents.default()))
    scope = _scope(lib, tree)
    exec(gen.PRELUDE, scope)
    try:
        exec(source, scope)
    except Exception as exc:
        return f"{type(exc).__name__}: {_plain(str(exc))}"
    return [c.to_dict(tree) for guild in (None, lib.Object(123))
            for c in tree.get_commands(guild=guild)]


@pytest.mark.parametrize("first", range(0, 300, 50))
def test_generated_definitions_register_as_on_discord_py(first: int) -> None:
    for seed in range(first, first + 50):
        source = gen.program(seed).source
        ours, theirs = (_defined(lib, source) for lib in LIBRARIES.values())
        assert ours == theirs, f"seed {seed}:\n{source}"


def _hybrid_defined(lib: Any, commands: Any, source: str, guild_id: int = 123) -> Any:
    """The slash halves of a program's hybrid commands, as ``to_dict(tree)``, or the error."""
    bot = commands.Bot(command_prefix="!", intents=lib.Intents.default(), help_command=None)
    scope = {**_scope(lib, bot.tree), "bot": bot, "commands": commands, "GUILD": guild_id}
    exec(gen.HYBRID_PRELUDE, scope)
    try:
        exec(source, scope)
    except Exception as exc:
        return f"{type(exc).__name__}: {_plain(str(exc))}"
    return [c.to_dict(bot.tree) for guild in (None, lib.Object(guild_id))
            for c in bot.tree.get_commands(guild=guild)]


@pytest.mark.parametrize("first", range(0, 200, 50))
def test_generated_hybrid_commands_register_as_on_discord_py(first: int) -> None:
    for seed in range(first, first + 50):
        source = gen.hybrid_program(seed).source
        ours = _hybrid_defined(tidecord, td_commands, source)
        theirs = _hybrid_defined(discord, dpy_commands, source)
        assert ours == theirs, f"seed {seed}:\n{source}"


def _cmd(signature: str, *decorators: str, name: str = "a") -> str:
    return "\n".join([*decorators, f"async def {name}(interaction{signature}): pass",
                      f"tree.command(description='d')({name})"])


def _menu(signature: str, call: str = "tree.context_menu(name='X')(a)",
          sync: bool = False) -> str:
    return f"{'' if sync else 'async '}def a(interaction{signature}): pass\n{call}"


_AUTO = "async def au(i, c): return []\n"
_GROUP = "g = app_commands.Group(name='g', description='d')\n"
_CHILD = "async def a(interaction): pass\n"
MISTAKES = {
    "a Literal of bools": _cmd(", x: Literal[True, False]"),
    "a Literal with None": _cmd(", x: Literal[None, 'a']"),
    "Choice[bool]": _cmd(", x: app_commands.Choice[bool]"),
    "a bare Choice": _cmd(", x: app_commands.Choice"),
    "an enum of one": "class E(enum.Enum):\n    a = 1\n" + _cmd(", x: E"),
    "an enum of bools": "class E(enum.Enum):\n    a = True\n    b = False\n" + _cmd(", x: E"),
    "an empty Range": _cmd(", x: app_commands.Range[int, None, None]"),
    "a Range upside down": _cmd(", x: app_commands.Range[int, 5, 1]"),
    "a Range of mixed bounds": _cmd(", x: app_commands.Range[float, 1, 2.5]"),
    "a Range of bool": _cmd(", x: app_commands.Range[bool, 1, 2]"),
    "a Range of a type alone": _cmd(", x: app_commands.Range[int]"),
    "a Transform of a type alone": _cmd(", x: app_commands.Transform[int]"),
    "a Transform of no transformer": _cmd(", x: app_commands.Transform[int, int]"),
    "a Transform of a number": _cmd(", x: app_commands.Transform[int, 5]"),
    "an inline transformer not a coroutine": "class P:\n    @classmethod\n    def transform("
                                             "cls, i, v): return v\n" + _cmd(", x: P"),
    "an inline transformer of two": "class P:\n    @classmethod\n    async def transform("
                                    "cls, v): return v\n" + _cmd(", x: P"),
    "a channel or a role": _cmd(", x: Union[discord.TextChannel, discord.Role]"),
    "a number or text": _cmd(", x: Union[int, str]"),
    "a member or a file": _cmd(", x: Union[discord.Member, discord.Attachment]"),
    "a default of the wrong type": _cmd(", x: int = 'z'"),
    "no annotation": _cmd(", x"),
    "an annotation naming nothing": _cmd(", x: 'Nothing'"),
    "no interaction": "async def a(): pass\ntree.command(description='d')(a)",
    "*args": _cmd(", *x: int"),
    "**kwargs": _cmd(", **x: int"),
    "26 options": _cmd("".join(f", p{i}: int" for i in range(26))),
    "a capital in the name": "async def a(interaction): pass\n"
                             "tree.command(name='Abc', description='d')(a)",
    "a space in the name": "async def a(interaction): pass\n"
                           "tree.command(name='a b', description='d')(a)",
    "33 letters": "async def a(interaction): pass\n"
                  "tree.command(name='a' * 33, description='d')(a)",
    "an empty name": "async def a(interaction): pass\n"
                     "tree.command(name='', description='d')(a)",
    "an accented capital": "async def a(interaction): pass\n"
                           "tree.command(name='Café', description='d')(a)",
    "Devanagari with its marks": "async def a(interaction): pass\n"
                                 "tree.command(name='नमस्ते', description='d')(a)",
    "a capital in an option": _cmd(", Xy: int"),
    "a rename onto another option": _cmd(", x: int, y: int", "@app_commands.rename(x='y')"),
    "two renames alike": _cmd(", x: int, y: int", "@app_commands.rename(x='z', y='z')"),
    "a capital in a rename": _cmd(", x: int", "@app_commands.rename(x='Bad')"),
    "a rename of nothing": _cmd(", x: int", "@app_commands.rename(q='z')"),
    "a description of nothing": _cmd(", x: int", "@app_commands.describe(q='z')"),
    "a description not text": _cmd(", x: int", "@app_commands.describe(x=5)"),
    "choices of nothing": _cmd(", x: int",
                               "@app_commands.choices(q=[app_commands.Choice(name='a', value=1)])"),
    "text choices of a number": _cmd(
        ", x: int", "@app_commands.choices(x=[app_commands.Choice(name='a', value='s')])"),
    "choices of a member": _cmd(
        ", x: discord.Member",
        "@app_commands.choices(x=[app_commands.Choice(name='a', value='s')])"),
    "one choice, not a list": _cmd(
        ", x: int", "@app_commands.choices(x=app_commands.Choice(name='a', value=1))"),
    "choices not Choice": _cmd(", x: int", "@app_commands.choices(x=[1, 2])"),
    "a float choice of an int": _cmd(
        ", x: int", "@app_commands.choices(x=[app_commands.Choice(name='a', value=1.5)])"),
    "an int choice of a float": _cmd(
        ", x: float", "@app_commands.choices(x=[app_commands.Choice(name='a', value=1)])"),
    "autocomplete of a member": _AUTO + _cmd(", x: discord.Member",
                                             "@app_commands.autocomplete(x=au)"),
    "autocomplete not a coroutine": "def au(i, c): return []\n" + _cmd(
        ", x: str", "@app_commands.autocomplete(x=au)"),
    "autocomplete of one parameter": "async def au(i): return []\n" + _cmd(
        ", x: str", "@app_commands.autocomplete(x=au)"),
    "autocomplete of nothing": _AUTO + _cmd(", x: str", "@app_commands.autocomplete(q=au)"),
    "autocomplete of a Choice": _AUTO + _cmd(", x: app_commands.Choice[str]",
                                             "@app_commands.autocomplete(x=au)"),
    "cmd.autocomplete of nothing": _AUTO + "async def a(interaction, x: str): pass\n"
                                   "tree.command(description='d')(a).autocomplete('q')(au)",
    "cmd.autocomplete of a member": _AUTO + "async def a(interaction, x: discord.Member): "
                                    "pass\ntree.command(description='d')(a)"
                                    ".autocomplete('x')(au)",
    "cmd.autocomplete not a coroutine": "def au(i, c): return []\nasync def a(interaction, "
                                        "x: str): pass\ntree.command(description='d')(a)"
                                        ".autocomplete('x')(au)",
    "a command twice": "async def a(interaction): pass\n"
                       "tree.command(name='x', description='d')(a)\n"
                       "tree.command(name='x', description='d')(a)",
    "a menu twice": _menu(", m: discord.Member", "tree.context_menu(name='X')(a)\n"
                                                 "tree.context_menu(name='X')(a)"),
    "a menu of a role": _menu(", m: discord.Role"),
    "a menu of a member or a role": _menu(", m: Union[discord.Member, discord.Role]"),
    "a menu without annotation": _menu(", m"),
    "a menu of two": _menu(", m: discord.Member, n: int"),
    "a menu name of 33": _menu(", m: discord.Member", "tree.context_menu(name='X' * 33)(a)"),
    "a menu not a coroutine": _menu(", m: discord.Member", sync=True),
    "a command not a coroutine": "def a(interaction): pass\ntree.command(description='d')(a)",
    "a group without description": "g = app_commands.Group(name='g')",
    "a group with a capital": "g = app_commands.Group(name='G', description='d')",
    "a group three deep": _GROUP + "h = app_commands.Group(name='h', description='d', "
                                   "parent=g)\ni = app_commands.Group(name='i', "
                                   "description='d', parent=h)",
    "a group added three deep": _GROUP + "h = app_commands.Group(name='h', description='d', "
                                         "parent=g)\nh.add_command(app_commands.Group("
                                         "name='i', description='d'))",
    "26 in a group": _GROUP + _CHILD + "for k in range(26):\n    g.add_command("
                                       "app_commands.Command(name=f'c{k}', description='d', "
                                       "callback=a))",
    "a subcommand twice": _GROUP + _CHILD + "for k in range(2):\n    g.add_command("
                                            "app_commands.Command(name='c', description='d', "
                                            "callback=a))",
    "a subcommand with guilds": _GROUP + "@app_commands.guilds(1)\n" + _CHILD
                                + "g.command(description='d')(a)",
    "a group in a group's list": _GROUP + "g.add_command(5)",
    "no command": "tree.add_command(5)",
    "101 commands": _CHILD + "for k in range(101):\n    tree.add_command(app_commands.Command("
                             "name=f'c{k}', description='d', callback=a))",
    "a default permission unknown": _cmd("", "@app_commands.default_permissions(nope=True)"),
    "an error handler not a coroutine": "tree.error(lambda i, e: None)",
    "an error handler of one": "async def e(i): pass\ntree.error(e)",
    "a command's error handler not a coroutine": _CHILD + "tree.command(description='d')(a)"
                                                 ".error(lambda i, e: None)",
    "a menu in a class": "class C:\n    @app_commands.context_menu(name='X')\n"
                         "    async def a(self, interaction, m: discord.Member): pass",
}


def _hybrid(signature: str, *decorators: str, name: str = "a") -> str:
    return "\n".join([*decorators, "@bot.hybrid_command(description='d')",
                      f"async def {name}(ctx{signature}): pass"])


HYBRID_MISTAKES = {
    "a number or text": _hybrid(", x: Union[int, str]"),
    "a number, text or nothing": _hybrid(", x: Union[int, str, None] = None"),
    "a list": _hybrid(", x: list[int]"),
    "a flag of a list": "class F(commands.FlagConverter):\n    tags: list[str] = "
                        "commands.flag(default=[])\n" + _hybrid(", *, flags: F"),
    "*args": _hybrid(", *x: int"),
    "Greedy files": _hybrid(", x: commands.Greedy[discord.Attachment]"),
    "a capital in the name": "@bot.hybrid_command(name='Bad', description='d')\n"
                             "async def a(ctx): pass",
    "a default of the wrong type": _hybrid(", n: int = 'many'"),
    "no annotation": _hybrid(", x"),
    "a rename of nothing": _hybrid(", x: int", "@app_commands.rename(q='z')"),
    "choices of a member": _hybrid(
        ", x: discord.Member", "@app_commands.choices(x=[app_commands.Choice(name='a', "
                               "value='s')])"),
    "autocomplete of a member": _AUTO + _hybrid(", x: discord.Member",
                                                "@app_commands.autocomplete(x=au)"),
}


def _hybrid_mistake(lib: Any, commands: Any, source: str) -> str:
    bot = commands.Bot(command_prefix="!", intents=lib.Intents.default(), help_command=None)
    try:
        exec(source, {**_scope(lib, bot.tree), "bot": bot, "commands": commands})
    except Exception as exc:
        return f"{type(exc).__name__}: {_plain(str(exc))}"
    return "accepted"


def test_hybrid_definition_mistakes_raise_what_discord_py_raises() -> None:
    ours = {k: _hybrid_mistake(tidecord, td_commands, s) for k, s in HYBRID_MISTAKES.items()}
    theirs = {k: _hybrid_mistake(discord, dpy_commands, s) for k, s in HYBRID_MISTAKES.items()}
    assert ours == theirs
    assert ours["a number or text"] == ("TypeError: unsupported types given inside "
                                        "typing.Union[int, str]")


def _mistake(lib: Any, source: str) -> str:
    tree = lib.app_commands.CommandTree(lib.Client(intents=lib.Intents.default()))
    try:
        exec(source, _scope(lib, tree))
    except Exception as exc:
        return f"{type(exc).__name__}: {_plain(str(exc))}"
    return "accepted"


def test_definition_mistakes_raise_what_discord_py_raises() -> None:
    ours = {k: _mistake(tidecord, s) for k, s in MISTAKES.items()}
    theirs = {k: _mistake(discord, s) for k, s in MISTAKES.items()}
    assert {k: v for k, v in ours.items() if v != theirs[k]} == {
        k: v for k, v in theirs.items() if v != ours[k]}
    assert ours["autocomplete of a member"] == ("TypeError: autocomplete is only supported "
                                                "for integer, string, or number option types")
    assert ours["a Range of a type alone"] == (
        "TypeError: expected tuple for arguments, received type instead")


# -- on the sandbox: what each library syncs, and what its commands receive -----------

def _shown(discord: Any, value: Any) -> str:
    """A value a callback received, the same text on either library."""
    app_commands = discord.app_commands
    if value is None or isinstance(value, int | float | str | bool):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, app_commands.Choice):
        return f"Choice:{value.name}={value.value!r}"
    if isinstance(value, discord.Object):
        return f"Object:{getattr(value.type, '__name__', value.type)}"
    if isinstance(value, discord.Message):
        return f"Message:{value.content}"
    name = getattr(value, "name", None) or getattr(value, "filename", None)
    extra = getattr(value, "type", "")
    if isinstance(value, discord.Member):
        extra = value.display_name
    for kind in (app_commands.AppCommandChannel, app_commands.AppCommandThread,
                 *(getattr(discord, k) for k in _CLASSES)):
        if isinstance(value, kind):
            return f"{kind.__name__}:{name}:{extra}"
    return f"{type(value).__name__}:{name}:{extra}"


# Tested by isinstance: tidecord's channel classes are not named as discord.py's.
_CLASSES = ("Member", "User", "Role", "Attachment", "TextChannel", "VoiceChannel",
            "CategoryChannel", "ForumChannel", "StageChannel", "Thread")


def _program(seed: int, style: str) -> gen.Program:
    """The seed's program written in ``style``: ``tree`` (commands on the bot's tree),
    ``hybrid``, ``cog`` or ``groupcog`` (methods of the cog ``Things``)."""
    if style == "hybrid":
        return gen.hybrid_program(seed)
    if style in ("cog", "groupcog"):
        return gen.cog_program(seed, group_cog=style == "groupcog")
    return gen.program(seed)


def _generated_bot(seed: int, guild_id: int, careless: tuple[str, ...] = (),
                   style: str = "tree") -> Any:
    """The seed's program in ``style`` as a bot (with ``careless``, translated too long
    at those locations: what its sync raised is kept as ``bot.sync_said``)."""
    hybrid = style == "hybrid"
    def setup(discord: Any, commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.members = True
        intents.message_content = True
        bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

        async def show(where: Any, values: dict[str, Any]) -> None:
            if "boom" in values.values():
                raise RuntimeError("boom went the command")
            interaction = getattr(where, "interaction", where)  # a hybrid's Context
            lines = [f"{k}={_shown(discord, v)}" for k, v in values.items()
                     if k not in ("interaction", "ctx", "self")]
            if interaction is not None:  # None: a hybrid command used with its prefix
                named = sorted((k, _shown(discord, v)) for k, v in interaction.namespace)
                lines.append(f"ns={named}")
                lines.append(f"command={interaction.command.qualified_name}")
            if hybrid:
                lines.append(f"ctx={where.command.qualified_name} {where.invoked_with} "
                             f"{where.prefix} {sorted(where.kwargs)}")
                await where.send("\n".join(lines))
            else:
                await interaction.response.send_message("\n".join(lines))

        scope = {**_scope(discord, bot.tree, show), "GUILD": guild_id, "bot": bot,
                 "commands": commands}
        exec(gen.HYBRID_PRELUDE, scope)
        exec(_program(seed, style).source, scope)

        @bot.event
        async def on_command_error(ctx: Any, error: Any) -> None:
            text = f"command error {type(error).__name__}: {_plain(str(error))}"
            original = getattr(error, "original", None)
            if original is not None:
                text += f" original={type(original).__name__}: {_plain(str(original))}"
            await ctx.send(text, ephemeral=True)

        @bot.tree.error
        async def on_error(interaction: Any, error: Any) -> None:
            text = f"error {type(error).__name__}: {_plain(str(error))}"
            for attr in ("missing_permissions", "missing_roles", "missing_role"):
                if hasattr(error, attr):
                    text += f" {attr}={getattr(error, attr)!r}"
            if hasattr(error, "cooldown"):
                text += f" per={error.cooldown.per} rate={error.cooldown.rate}"
            if isinstance(error, discord.app_commands.TransformerError):
                text += (f" value={_shown(discord, error.value)} type={error.type!r} "
                         f"transformer={type(error.transformer).__name__}")
            original = getattr(error, "original", None)
            if original is not None:
                text += f" original={type(original).__name__}: {original}"
            said = getattr(bot, "group_said", None)
            if said is not None:
                text += f" (the group's on_error had {_plain(said)})"
                bot.group_said = None
            await interaction.response.send_message(text, ephemeral=True)

        async def setup_hook() -> None:
            if "Things" in scope:
                await bot.add_cog(scope["Things"]())
            if careless:
                await bot.tree.set_translator(scope["Careless"](careless))
                try:
                    await bot.tree.sync()
                except discord.HTTPException as error:
                    bot.sync_said = f"{type(error).__name__}: {_plain(str(error))}"
                return
            await bot.tree.set_translator(scope["Tr"]())
            synced = [*await bot.tree.sync(),
                      *await bot.tree.sync(guild=discord.Object(guild_id))]
            bot.synced = [_registered(c) for c in synced]
        bot.setup_hook = setup_hook
        return bot
    return setup


def _registered(command: Any) -> dict[str, Any]:
    """What ``sync`` returned for a command, as ``AppCommand.to_dict()``, ids left out
    and where it may be used and installed too: discord.py 2.7.1 reads
    ``contexts: [0, 1]`` as guilds only and ``integration_types: [0]`` as none."""
    data = command.to_dict()
    for key in ("id", "application_id", "contexts", "integration_types"):
        data.pop(key)
    return data


def _nested(path: list[str], options: dict[str, Any]) -> dict[str, Any]:
    for part in reversed(path[1:]):
        options = {part: options}
    return options


def _steps(seed: int, style: str = "tree") -> list[Any]:
    rng = random.Random(seed)
    made = _program(seed, style)
    steps: list[Any] = [Registered()]
    for cmd in made.commands:
        where = "after-dark" if cmd.nsfw else "general"
        for edge in (False, True, False):
            given = gen.values(rng, cmd, edge=edge)
            if given is not None:
                who = "alice" if cmd.permissions else rng.choice(gen.USERS)
                steps.append(Slash(who, cmd.path[0], _nested(cmd.path, given),
                                   channel=where))
        for opt in cmd.options:
            given = gen.values(rng, cmd)
            if opt.autocomplete and given is not None and not cmd.nsfw:
                # A number being typed reads as text, or NaN while empty.
                for text in (rng.choice(["ma", "7", "x"]), ""):
                    typed = {**given, opt.shown: text}
                    steps.append(Complete("alice", cmd.path[0], _nested(cmd.path, typed),
                                          opt.shown))
    for name, kind, nsfw in made.menus:
        target = rng.choice(gen.PEOPLE) if kind == 2 else _first_message
        steps.append(Slash("bob", name, target=target,
                           channel="after-dark" if nsfw else "general"))
    return steps


def _prefix_steps(seed: int) -> list[Any]:
    """The seed's hybrid commands used with the prefix: the options in order, up to the
    first left out."""
    rng = random.Random(seed)
    steps: list[Any] = []
    for cmd in gen.hybrid_program(seed).commands:
        given = gen.values(rng, cmd)
        if given is None or cmd.permissions:
            continue
        words, files = list(cmd.path), []
        for opt in cmd.options:
            if opt.shown not in given:
                break
            value = given[opt.shown]
            if isinstance(value, tuple):
                files.append(value)
                continue
            text = str(value).lower() if isinstance(value, bool) else str(value)
            words.append(f'"{text}"' if " " in text or not text else text)
        steps.append(Say(rng.choice(gen.USERS), "general", "!" + " ".join(words),
                         files=tuple(files)))
    return steps


def _first_message(sb: Any) -> Any:
    """The message alice said before the bot connected."""
    return next(m for messages in sb.state.messages.values() for m in messages.values())


async def _both(sandbox_factory: Any, seed: int, style: str = "tree") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        await sb.send_message("alice", "general", "look at this")
        await sb.leave("carol")
        guild = next(iter(sb.state.guilds.values()))
        requests = sb.record_requests()
        setup = _generated_bot(seed, int(guild.id), style=style)
        async with running(library, sb, setup) as bot:
            # tidecord leaves out a sync that changes nothing (docs/migrating.md).
            sent = [(r.route, json.dumps(r.json, sort_keys=True)) for r in requests.records
                    if r.method == "PUT" and r.json != []]
            steps = _steps(seed, style) + (_prefix_steps(seed) if style == "hybrid" else [])
            out[library] = [sent, getattr(bot, "synced", None),
                            *await run_steps(sb, bot, steps)]
    return out


# 24 and 28 type into a number option with autocomplete (NaN while empty).
SEEDS = [*range(int(os.environ.get("SLASH_SEEDS", "30")))]
HYBRID_SEEDS = [*range(int(os.environ.get("HYBRID_SEEDS", "10")))]
COG_SEEDS = [*range(int(os.environ.get("COG_SEEDS", "8")))]


@pytest.mark.parametrize("seed", SEEDS)
async def test_generated_programs_sync_and_answer_as_on_discord_py(
        sandbox_factory: Any, seed: int) -> None:
    said = await _both(sandbox_factory, seed)
    _same(said["tidecord"], said["discord.py"], seed)


@pytest.mark.parametrize("seed", HYBRID_SEEDS)
async def test_generated_hybrid_commands_answer_slash_as_on_discord_py(
        sandbox_factory: Any, seed: int) -> None:
    said = await _both(sandbox_factory, seed, "hybrid")
    _same(said["tidecord"], said["discord.py"], seed)


@pytest.mark.parametrize("style", ["cog", "groupcog"])
@pytest.mark.parametrize("seed", COG_SEEDS)
async def test_generated_cog_commands_sync_and_answer_as_on_discord_py(
        sandbox_factory: Any, seed: int, style: str) -> None:
    said = await _both(sandbox_factory, seed, style)
    _same(said["tidecord"], said["discord.py"], seed)


def _same(ours: list[Any], theirs: list[Any], seed: int) -> None:
    """Step by step, so that a difference names its step."""
    for index, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == reference, f"seed {seed}, step {index}:\n{gen.program(seed).source}"


async def test_the_sandbox_refuses_what_discord_client_does_not_send(
        sandbox_factory: Any) -> None:
    """A value past an option's bounds (a text's length), or other than its choices; a
    group (or subgroup) used without one subcommand, or with two; typing into an option
    without autocomplete: Discord's client does not send it, so the bot never sees it."""
    refused = 0
    for seed in range(16):
        rng = random.Random(seed)
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        guild = next(iter(sb.state.guilds.values()))
        async with running("tidecord", sb, _generated_bot(seed, int(guild.id))):
            for cmd in gen.program(seed).commands:
                given = gen.values(rng, cmd)
                tries = [_nested(cmd.path, {**given, name: value})
                         for name, value in gen.out_of_range(cmd)] if given is not None else []
                if len(cmd.path) > 1:  # the group alone, and with a second name beside one
                    tries += [_nested(cmd.path[:-1], {}),
                              _nested(cmd.path[:-1], {cmd.path[-1]: {}, "other": {}})]
                for options in tries:
                    with pytest.raises(StateError) as caught:
                        await sb.invoke_command("alice", "after-dark", cmd.path[0], options)
                    assert caught.value.code == 50035, caught.value.message
                    refused += 1
                for opt in cmd.options if given is not None else ():
                    if not opt.autocomplete:
                        typed = _nested(cmd.path, {**given, opt.shown: "x"})
                        with pytest.raises(StateError, match="has no autocomplete"):
                            await sb.autocomplete("alice", "after-dark", cmd.path[0], typed,
                                                  opt.shown)
                        refused += 1
            assert not sb.interactions.by_id, "the bot was sent what Discord does not send"
    assert refused > 20


_LOCATIONS = ("command_name", "command_description", "group_name", "group_description",
              "parameter_name", "parameter_description", "choice_name")


async def test_what_discord_refuses_at_sync_is_told_as_on_discord_py(
        sandbox_factory: Any) -> None:
    """Where each refused field is, by command (its function), group (its module) and
    parameter, in ``CommandSyncFailure``'s message."""
    told: dict[str, list[Any]] = {library: [] for library in LIBRARIES}
    for seed in range(10):
        where = tuple(random.Random(seed).sample(_LOCATIONS, 2))
        for library in LIBRARIES:
            sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
            guild = next(iter(sb.state.guilds.values()))
            async with running(library, sb, _generated_bot(seed, int(guild.id), where)) as bot:
                told[library].append(getattr(bot, "sync_said", None))
    assert told["tidecord"] == told["discord.py"]
    assert sum("In parameter" in (t or "") for t in told["tidecord"]) >= 3
