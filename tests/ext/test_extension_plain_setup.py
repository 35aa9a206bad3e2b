"""An extension written for discord.py 1.x, whose plain ``setup`` calls ``bot.add_cog``
without ``await``, is refused with an error that says what to write, as discord.py 2.7.1
refuses it (``ExtensionFailed``); a plain setup that adds its cog correctly still loads.

Before, tidecord accepted the 1.x setup: the extension loaded, its cog was never added,
and the only sign was a RuntimeWarning about a coroutine never awaited.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord as dpy
import pytest
from discord.ext import commands as dpy_commands

import tidecord
from tidecord.ext import commands as td_commands

OLD_STYLE = '''
from {lib}.ext import commands

class Weather(commands.Cog):
    @commands.command()
    async def forecast(self, ctx):
        await ctx.send("sunny")

def setup(bot):
    bot.add_cog(Weather())
'''

PLAIN_BUT_RIGHT = '''
from {lib}.ext import commands

class Tides(commands.Cog):
    @commands.command()
    async def tide(self, ctx):
        await ctx.send("high")

def setup(bot):
    return bot.add_cog(Tides())
'''


@pytest.fixture
def extensions(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.startswith(("oldstyle_", "plainright_"))]:
            del sys.modules[name]


def write(folder: Path, name: str, text: str, lib: str) -> str:
    (folder / f"{name}.py").write_text(text.format(lib=lib))
    return name


async def load(commands: Any, discord: Any, name: str) -> tuple[Any, BaseException | None]:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())
    # discord.py drops the add_cog coroutine after its own TypeError: its RuntimeWarning
    # is not the test's subject.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            await bot.load_extension(name)
        except commands.ExtensionFailed as exc:
            return bot, exc
    return bot, None


async def test_a_discord_py_1_setup_is_refused_with_what_to_write(extensions: Path) -> None:
    ours, error = await load(td_commands, tidecord,
                             write(extensions, "oldstyle_td", OLD_STYLE, "tidecord"))
    theirs, their_error = await load(dpy_commands, dpy,
                                     write(extensions, "oldstyle_dpy", OLD_STYLE, "discord"))
    # Both refuse the extension and keep nothing of it.
    assert their_error is not None and error is not None
    assert ours.cogs == {} and theirs.cogs == {}
    assert "oldstyle_td" not in ours.extensions and "oldstyle_td" not in sys.modules
    # Ours says which call was not awaited, and what to write instead.
    assert isinstance(error.original, TypeError)
    text = str(error.original)
    assert "add_cog" in text and "async def setup(bot)" in text, text


async def test_a_plain_setup_that_hands_back_the_coroutine_still_loads(
        extensions: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # nothing left unawaited
        bot, error = await load(td_commands, tidecord,
                                write(extensions, "plainright_td", PLAIN_BUT_RIGHT, "tidecord"))
    assert error is None
    assert list(bot.cogs) == ["Tides"] and bot.get_command("tide") is not None


async def test_other_warnings_from_a_plain_setup_are_shown(extensions: Path) -> None:
    text = PLAIN_BUT_RIGHT.replace(
        "    return bot.add_cog(Tides())",
        "    import warnings\n    warnings.warn('old config file', UserWarning)\n"
        "    return bot.add_cog(Tides())")
    with pytest.warns(UserWarning, match="old config file"):
        bot, error = await load(td_commands, tidecord,
                                write(extensions, "plainright_warns", text, "tidecord"))
    assert error is None and list(bot.cogs) == ["Tides"]
