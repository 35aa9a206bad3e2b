"""What joins and leaves ``Bot.tree`` as cogs, hybrid commands and groups are added and
removed, and what is refused: each scenario written once, run on tidecord and on
discord.py 2.7.1, must end the same way (no connection needed: registration only)."""

# No "from __future__ import annotations": the cogs' annotations name their locals.
from collections.abc import Callable, Coroutine
from typing import Any

import discord
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

Scenario = Callable[[Any, Any], Coroutine[Any, Any, list[Any]]]
LIBRARIES = {"tidecord": (tidecord, td_commands), "discord.py": (discord, dpy_commands)}


def _bot(lib: Any, commands: Any) -> Any:
    return commands.Bot(command_prefix="!", intents=lib.Intents.default(), help_command=None)


def _tree(bot: Any, guild: Any = None) -> list[str]:
    """What the tree holds (for a guild, or global), as ``/qualified name`` lines."""
    out = []
    for command in bot.tree.get_commands(guild=guild):
        out.append(f"/{command.name}")
        out.extend(f"/{c.qualified_name}" for c in getattr(command, "walk_commands", list)())
    return sorted(out)


async def _outcome(action: Coroutine[Any, Any, Any] | Callable[[], Any]) -> str:
    """``ok`` or the exception's class name."""
    try:
        result = action() if callable(action) else action
        if isinstance(result, Coroutine):
            await result
    except Exception as exc:
        return type(exc).__name__
    return "ok"


async def cog_commands_come_and_go(lib: Any, commands: Any) -> list[Any]:
    ac = lib.app_commands
    bot = _bot(lib, commands)

    @bot.tree.command(description="Pong")
    async def ping(interaction):
        pass

    class Shed(commands.Cog):
        @ac.command(description="Tools")
        async def tools(self, interaction):
            pass

        @commands.hybrid_command(description="Rake")
        async def rake(self, ctx):
            pass

        @commands.hybrid_group(description="Pots", fallback="count")
        async def pots(self, ctx):
            pass

        @pots.command(description="Add a pot")
        async def add(self, ctx, size: int):
            pass

    out: list[Any] = [await _outcome(bot.add_cog(Shed())), _tree(bot)]
    shed = bot.get_cog("Shed")
    out.append([c.name for c in shed.get_app_commands()])
    out.append(sorted(c.qualified_name for c in shed.walk_app_commands()))
    out.append(shed.rake.app_command is bot.tree.get_command("rake"))
    out.append(bot.get_command("pots add").app_command.parent is bot.tree.get_command("pots"))
    bot.remove_command("rake")
    out.append(_tree(bot))
    await bot.remove_cog("Shed")
    out += [_tree(bot), sorted(c.name for c in bot.commands)]
    return out


async def guild_scoped_cogs(lib: Any, commands: Any) -> list[Any]:
    ac = lib.app_commands
    bot = _bot(lib, commands)
    home, away = lib.Object(id=111), lib.Object(id=222)

    class Greenhouse(commands.Cog):
        @ac.command(description="Heat")
        async def heat(self, interaction):
            pass

    @ac.guilds(home)
    class Cold(commands.GroupCog, group_name="cold", group_description="Cold frames"):
        @ac.command(description="Cover")
        async def cover(self, interaction):
            pass

    class Potting(commands.Cog):
        @ac.command(description="Pot")
        @ac.guilds(away)
        async def pot(self, interaction):
            pass

    await bot.add_cog(Greenhouse(), guilds=[home, away])
    out: list[Any] = [_tree(bot), _tree(bot, home), _tree(bot, away)]
    await bot.remove_cog("Greenhouse", guild=home)
    out += [_tree(bot, home), _tree(bot, away)]
    await bot.add_cog(Cold())
    await bot.add_cog(Potting())
    out += [_tree(bot), _tree(bot, home), _tree(bot, away)]
    return out


async def group_cogs(lib: Any, commands: Any) -> list[Any]:
    ac = lib.app_commands
    bot = _bot(lib, commands)

    class PlantPots(commands.GroupCog):
        """Pots for plants."""

        @ac.command(description="Fill a pot")
        async def fill(self, interaction):
            pass

        @commands.hybrid_command(description="Empty a pot")
        async def empty(self, ctx):
            pass

    class Named(commands.GroupCog, name="beds", group_description="Garden beds"):
        @ac.command(description="Dig")
        async def dig(self, interaction):
            pass

    await bot.add_cog(PlantPots())
    await bot.add_cog(Named())
    group = bot.tree.get_command("plant-pots")
    named = bot.tree.get_command("beds")
    out: list[Any] = [_tree(bot), group.description, named.description,
                      bot.get_cog("beds") is not None, bot.get_command("empty") is not None]

    def subcommand(index: int) -> Any:
        async def callback(self, interaction):
            pass
        callback.__name__, callback.__qualname__ = f"c{index}", f"TooMany.c{index}"
        return ac.command(description="x")(callback)

    body = {f"c{index}": subcommand(index) for index in range(26)}
    out.append(await _outcome(lambda: type(commands.GroupCog)(
        "TooMany", (commands.GroupCog,), dict(body))()))
    out.append(await _outcome(lambda: type(commands.Cog)(
        "Both", (commands.Cog, ac.Group), {})))
    return out


async def hybrid_groups_refuse(lib: Any, commands: Any) -> list[Any]:
    bot = _bot(lib, commands)

    @bot.hybrid_group(description="Top")
    async def top(ctx):
        pass

    @top.group(description="Middle")
    async def middle(ctx):
        pass

    async def plain(ctx):
        pass

    async def deeper(ctx):
        pass

    return [
        await _outcome(lambda: top.add_command(commands.Command(plain, name="plain"))),
        await _outcome(lambda: middle.add_command(commands.HybridGroup(deeper, name="deep"))),
        _tree(bot),
    ]


@pytest.mark.parametrize("scenario", [cog_commands_come_and_go, guild_scoped_cogs,
                                      group_cogs, hybrid_groups_refuse])
async def test_the_tree_changes_as_on_discord_py(scenario: Scenario) -> None:
    ours, theirs = [await scenario(*LIBRARIES[name]) for name in LIBRARIES]
    assert ours == theirs


async def test_a_cog_whose_slash_command_clashes_is_not_added_at_all() -> None:
    # discord.py 2.7.1 keeps the cog's prefix commands registered when its slash
    # commands clash (and calls no cog_unload), so even ``override=True`` then fails
    # with CommandRegistrationError; tidecord adds a cog whole or not at all.
    ac = tidecord.app_commands
    bot = _bot(tidecord, td_commands)
    log: list[str] = []

    @bot.tree.command(description="Pong")
    async def ping(interaction: tidecord.Interaction) -> None:
        pass

    class Clash(td_commands.Cog):
        async def cog_load(self) -> None:
            log.append("loaded")

        async def cog_unload(self) -> None:
            log.append("unloaded")

        @ac.command(description="Also ping")
        async def ping(self, interaction: tidecord.Interaction) -> None:
            pass

        @td_commands.hybrid_command(description="Clashing too")
        async def clashing(self, ctx: td_commands.Context) -> None:
            pass

    with pytest.raises(ac.CommandAlreadyRegistered):
        await bot.add_cog(Clash())
    assert (bot.get_cog("Clash"), bot.get_command("clashing")) == (None, None)
    assert log == ["loaded", "unloaded"]
    assert _tree(bot) == ["/ping"] and bot.tree.get_command("ping").callback is ping.callback

    await bot.add_cog(Clash(), override=True)
    assert _tree(bot) == ["/clashing", "/ping"]
    assert bot.tree.get_command("ping").binding is bot.get_cog("Clash")
    await bot.remove_cog("Clash")
    assert _tree(bot) == [] and bot.get_command("clashing") is None


async def test_removing_a_group_cog_removes_its_group() -> None:
    # discord.py 2.7.1 removes the tree command named like the cog ("PlantPots"), so a
    # GroupCog's group ("plant-pots") stays behind; tidecord removes the group itself.
    ac = tidecord.app_commands
    bot = _bot(tidecord, td_commands)

    class PlantPots(td_commands.GroupCog):
        @ac.command(description="Fill a pot")
        async def fill(self, interaction: tidecord.Interaction) -> None:
            pass

    await bot.add_cog(PlantPots())
    assert _tree(bot) == ["/plant-pots", "/plant-pots fill"]
    await bot.remove_cog("PlantPots")
    assert _tree(bot) == []
    home = tidecord.Object(id=111)
    await bot.add_cog(PlantPots(), guild=home)
    assert (_tree(bot), _tree(bot, home)) == ([], ["/plant-pots", "/plant-pots fill"])
    await bot.remove_cog("PlantPots", guild=home)
    assert _tree(bot, home) == []


EXTENSION = '''
import discord
from discord.ext import commands

ac = discord.app_commands
bare = ac.Group(name="bare", description="A group made in the module")


@bare.command(description="In the bare group")
async def inside(interaction):
    pass


@ac.command(description="Of the module")
async def loose(interaction):
    pass


class Kept(ac.Group, name="kept", description="A group class of the module"):
    @ac.command(description="In the class")
    async def one(self, interaction):
        pass


class Orchard(commands.Cog):
    @commands.hybrid_command(description="Pick")
    async def pick(self, ctx):
        pass


async def setup(bot):
    bot.tree.add_command(bare)
    bot.tree.add_command(loose)
    bot.tree.add_command(Kept())
    await bot.add_cog(Orchard())
'''


async def test_unloading_an_extension_takes_its_slash_commands_as_on_discord_py(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    seen = {}
    for name, (lib, commands) in LIBRARIES.items():
        module = f"orchard_ext_{name.replace('.', '')}"
        source = EXTENSION if lib is discord else EXTENSION.replace(
            "import discord\n", "import tidecord as discord\n").replace(
            "from discord.ext import", "from tidecord.ext import")
        (tmp_path / f"{module}.py").write_text(source)
        bot = _bot(lib, commands)

        @bot.tree.command(description="Stays")
        async def stays(interaction):
            pass

        await bot.load_extension(module)
        loaded = _tree(bot)
        await bot.unload_extension(module)
        seen[name] = (loaded, _tree(bot))
    assert seen["tidecord"] == seen["discord.py"]
    assert seen["tidecord"] == (["/bare", "/bare inside", "/kept", "/kept one", "/loose",
                                 "/pick", "/stays"], ["/stays"])
