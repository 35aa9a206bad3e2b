"""The same command definitions, written with tidecord and with discord.py, register alike."""

import enum
from typing import Any, Literal, Optional

import discord
import pytest

import tidecord
from tidecord.app_commands.sync import canonical


class Colour(enum.Enum):
    red = "r"
    green = "g"


def _define(lib: Any) -> list[dict[str, Any]]:
    """One program, two libraries: a tree with every kind of option and decorator."""
    ac = lib.app_commands
    client = lib.Client(intents=lib.Intents.default())
    tree = ac.CommandTree(client)

    class Upper(ac.Transformer):
        async def transform(self, interaction: Any, value: str) -> str:
            return value.upper()

    class Point(ac.Transformer):
        @property
        def type(self) -> Any:
            return lib.AppCommandOptionType.integer

        @property
        def min_value(self) -> int:
            return 0

        async def transform(self, interaction: Any, value: int) -> int:
            return value

        async def autocomplete(self, interaction: Any, value: Any) -> list[Any]:
            return []

    async def names(interaction: Any, current: str) -> list[Any]:
        return []

    @tree.command(name="kinds", description="Every kind of option")
    @ac.describe(text="Some text", number="A whole number", flag="Yes or no")
    @ac.rename(user="who")
    @ac.autocomplete(text=names)
    async def kinds(interaction: Any, text: str, number: int, ratio: float, flag: bool,
                    user: lib.User, member: lib.Member, role: lib.Role,
                    room: lib.TextChannel, any_room: ac.AppCommandChannel,
                    thread: lib.Thread, file: lib.Attachment,
                    who_or_role: lib.Member | lib.Role,
                    maybe: Optional[str] = None, count: int = 3) -> None: ...  # noqa: UP045

    @tree.command()
    @ac.choices(fruit=[ac.Choice(name="Apple", value="apple"),
                       ac.Choice(name="Pear", value="pear")])
    async def picks(interaction: Any, fruit: ac.Choice[str], size: Literal["s", "m", "l"],
                    colour: Colour, level: ac.Range[int, 1, 10],
                    word: ac.Range[str, 2, 8], shout: ac.Transform[str, Upper],
                    where: ac.Transform[int, Point], part: ac.Range[float, 0.5, None] = 1.0
                    ) -> None:
        """Choices, ranges and transformers.

        Parameters
        ----------
        fruit:
            Your favourite fruit
        size:
            How big
        """

    @tree.command()
    async def google(interaction: Any, seed: str, depth: int = 2, *, bed: str) -> None:
        """Plant, described in the Google style; the required option after an optional
        one is registered before it, as Discord wants.

        Args:
            seed (str): What to plant: a description long enough that Discord's one hundred
                characters cannot hold it, so it is cut at a word
            bed: Where it goes
        """

    @tree.command()
    @ac.describe(depth="How deep, described by a decorator with far more words than Discord "
                       "will ever show in the little grey line under an option's name")
    async def sphinx(interaction: Any, seed: str, depth: int = 2) -> None:
        """Plant, described in the Sphinx style.

        :param seed: What to plant
        :param depth: Overridden by the decorator
        """

    class Settings(ac.Group, name="settings", description="Bot settings"):
        @ac.command(description="Where to post")
        async def channel(self, interaction: Any, where: lib.TextChannel) -> None: ...

        limits = ac.Group(name="limits", description="Limits")

        @limits.command(name="rate", description="How often")
        async def rate(self, interaction: Any, per_minute: ac.Range[int, 1, 60]) -> None: ...

    settings = Settings(guild_only=True)
    tree.add_command(settings)

    plain = ac.Group(name="tags", description="Tags", nsfw=True)

    @plain.command(name="add", description="Add a tag")
    async def add(interaction: Any, name: str) -> None: ...

    tree.add_command(plain)

    @tree.command(name="admin", description="Moderators only", nsfw=True)
    @ac.default_permissions(manage_messages=True)
    @ac.allowed_contexts(guilds=True, dms=False, private_channels=False)
    @ac.allowed_installs(guilds=True, users=True)
    async def admin(interaction: Any) -> None: ...

    @tree.context_menu(name="Wave at")
    @ac.guild_only()
    async def wave(interaction: Any, member: lib.Member) -> None: ...

    @tree.context_menu(name="Quote")
    async def quote(interaction: Any, message: lib.Message) -> None: ...

    @tree.command(name="local", description="One guild only", guild=lib.Object(id=42))
    async def local(interaction: Any) -> None: ...

    tree.copy_global_to(guild=lib.Object(id=42))
    return [c.to_dict(tree) for c in tree.get_commands()] + [
        {"guild": 42, **c.to_dict(tree)} for c in tree.get_commands(guild=lib.Object(id=42))]


def _sorted(payloads: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((p.get("guild") or 0, p["name"], repr(canonical(p))) for p in payloads)


def test_the_same_tree_registers_what_discord_py_registers() -> None:
    ours, theirs = _define(tidecord), _define(discord)
    assert len(ours) == len(theirs) == 2 * 9 + 1
    for a, b in zip(_sorted(ours), _sorted(theirs), strict=True):
        assert a == b


def test_definition_mistakes_name_what_is_wrong() -> None:
    ac = tidecord.app_commands
    with pytest.raises(ValueError, match="lower-case"):
        ac.command(name="Bad Name", description="x")(_noop)
    with pytest.raises(TypeError, match="missing a type annotation"):
        async def untyped(interaction, thing):  # type: ignore[no-untyped-def]
            ...
        ac.command()(untyped)
    with pytest.raises(TypeError, match="unknown parameter given: nope"):
        ac.describe(nope="x")(ac.command()(_noop))
    with pytest.raises(TypeError, match="unsupported type annotation"):
        async def odd(interaction: Any, x: dict[str, int]) -> None: ...
        ac.command()(odd)
    # A Choice annotation names the choices: no autocomplete on it, as in discord.py,
    # whether by the command's decorator or by app_commands.autocomplete.
    async def pick(interaction: Any, colour: ac.Choice[str]) -> None: ...
    async def complete(interaction: Any, current: str) -> list[Any]:
        return []
    with pytest.raises(TypeError, match="Choice annotation unsupported for autocomplete"):
        ac.command()(pick).autocomplete("colour")(complete)
    with pytest.raises(TypeError, match="Choice annotation unsupported for autocomplete"):
        ac.command()(ac.autocomplete(colour=complete)(pick))
    with pytest.raises(ValueError, match="at most one level"):
        top = ac.Group(name="a", description="a")
        mid = ac.Group(name="b", description="b", parent=top)
        ac.Group(name="c", description="c", parent=mid)
    tree = ac.CommandTree(tidecord.Client())
    tree.command(name="one", description="x")(_noop)
    with pytest.raises(ac.CommandAlreadyRegistered):
        tree.command(name="one", description="x")(_noop)
    with pytest.raises(tidecord.ClientException):
        ac.CommandTree(tree.client)  # one tree per client
    for i in range(99):
        tree.add_command(ac.command(name=f"c{i}", description="x")(_noop))
    with pytest.raises(ac.CommandLimitReached):
        tree.add_command(ac.command(name="c100", description="x")(_noop))


async def _noop(interaction: Any) -> None: ...


def _mistakes(lib: Any) -> list[str]:
    """The exception class each definition mistake raises with ``lib``."""
    ac = lib.app_commands

    async def cb(interaction: Any, a: str, b: int = 1) -> None: ...

    def fresh() -> Any:
        return ac.command(name="x", description="d")(cb)

    async def bad_default(interaction: Any, a: int = "x") -> None: ...  # type: ignore[assignment]

    def sync_callback(interaction: Any) -> None: ...

    attempts = {
        "describe": lambda: ac.describe(nope="x")(fresh()),
        "rename": lambda: ac.rename(nope="x")(fresh()),
        "bad rename": lambda: ac.rename(a="Bad Name")(fresh()),
        "choices": lambda: ac.choices(nope=[ac.Choice(name="a", value="a")])(fresh()),
        "choice types": lambda: ac.choices(b=[ac.Choice(name="a", value="a")])(fresh()),
        "autocomplete": lambda: ac.autocomplete(nope=_complete)(fresh()),
        "default": lambda: ac.command(name="x", description="d")(bad_default),
        "not async": lambda: ac.command(name="x", description="d")(sync_callback),
        "upper name": lambda: ac.command(name="Bad", description="d")(cb),
    }
    out = []
    for label, attempt in attempts.items():
        try:
            attempt()
        except Exception as exc:
            out.append(f"{label}: {type(exc).__name__}")
        else:
            out.append(f"{label}: accepted")
    return out


async def _complete(interaction: Any, current: str) -> list[Any]:
    return []


def test_definition_mistakes_raise_what_discord_py_raises() -> None:
    assert _mistakes(tidecord) == _mistakes(discord)
    assert "rename: ValueError" in _mistakes(tidecord)


def test_choices_and_autocomplete_are_refused_in_either_order() -> None:
    ac = tidecord.app_commands

    async def cb(interaction: Any, a: str) -> None: ...

    apple = [ac.Choice(name="Apple", value="apple")]
    with pytest.raises(TypeError, match="choices cannot also have autocomplete"):
        ac.autocomplete(a=_complete)(ac.choices(a=apple)(ac.command(name="x", description="d")(cb)))
    with pytest.raises(TypeError, match="choices cannot also have autocomplete"):
        ac.choices(a=apple)(ac.autocomplete(a=_complete)(ac.command(name="y", description="d")(cb)))
