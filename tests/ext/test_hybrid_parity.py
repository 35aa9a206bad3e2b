"""``Bot.tree``, cogs with slash commands, ``GroupCog`` and hybrid commands and groups
behave as in discord.py: the same bot on tidecord and on discord.py 2.7.1, used by the
same people as prefix and as slash commands, leaves the same messages, the same
interaction answers and the same registered commands."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any, Optional

import pytest

from .hybrid_parity import Act, Registered, Say, Slash, transcripts

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def hybrid_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def via(ctx: Any) -> str:
        return "slash" if ctx.interaction is not None else "prefix"

    @bot.tree.command(description="Is the bot there?")
    async def ping(interaction):
        await interaction.response.send_message("pong")

    @bot.hybrid_command(description="Add two numbers")
    @app_commands.describe(a="The first number", b="The second number")
    async def add(ctx, a: int, b: int = 10):
        await ctx.send(f"{a} + {b} = {a + b} ({via(ctx)})")

    @bot.hybrid_command()
    async def greet(ctx, member: discord.Member, times: commands.Range[int, 1, 3] = 1,
                    note: Optional[str] = None):  # noqa: UP045
        """Greet someone.

        Parameters
        ----------
        member: discord.Member
            Who to greet
        times: int
            How many times
        """
        await ctx.send(f"{' '.join(['hi'] * times)} {member.display_name} "
                       f"[{type(member).__name__}] note={note} ({via(ctx)})")

    @bot.hybrid_command(description="Kick someone (pretend)")
    @commands.guild_only()
    @commands.has_permissions(kick_members=True)
    async def kick(ctx, member: discord.Member):
        await ctx.send(f"would kick {member.name} ({via(ctx)})")

    @bot.hybrid_command(description="Once a minute")
    @commands.cooldown(1, 60, commands.BucketType.user)
    async def daily(ctx):
        await ctx.send(f"daily reward for {ctx.author.name} ({via(ctx)})")

    @bot.hybrid_command(description="Thinks, then answers twice")
    async def slow(ctx):
        await ctx.defer()
        first = await ctx.send(f"first ({via(ctx)})")
        await first.edit(content=f"first, edited ({via(ctx)})")
        await ctx.send("second")

    @bot.hybrid_command(description="Whispers")
    async def whisper(ctx):
        await ctx.send("psst", ephemeral=True)

    @bot.hybrid_command(description="Reads a colour")
    async def paint(ctx, colour: discord.Colour, layers: int = 1):
        await ctx.send(f"painted {colour} x{layers} ({via(ctx)})")

    @bot.hybrid_group(fallback="show", description="Tags")
    async def tag(ctx, name: str = "all"):
        await ctx.send(f"tag show {name} ({via(ctx)})")

    @tag.command(name="make", description="Make a tag")
    async def tag_make(ctx, name: str, *, text: str):
        await ctx.send(f"made {name}: {text} ({via(ctx)})")

    class Garden(commands.Cog):
        """Things to grow."""

        def __init__(self) -> None:
            self.harvested = 0

        @app_commands.command(description="Water a plant")
        @app_commands.describe(plant="Which plant")
        async def water(self, interaction, plant: str):
            await interaction.response.send_message(f"watered {plant} ({type(self).__name__})")

        @commands.hybrid_command(description="Harvest")
        async def harvest(self, ctx, count: int = 1):
            self.harvested += count
            await ctx.send(f"harvested {self.harvested} ({via(ctx)}, cog={ctx.cog.qualified_name})")

    class Notes(commands.GroupCog, group_name="notes", group_description="Your notes"):
        def __init__(self) -> None:
            self.notes: list[str] = []

        @app_commands.command(description="Write a note")
        async def write(self, interaction, text: str):
            self.notes.append(text)
            await interaction.response.send_message(f"noted {len(self.notes)}")

        @commands.hybrid_command(description="Count the notes")
        async def count(self, ctx):
            await ctx.send(f"{len(self.notes)} notes ({via(ctx)})")

    @bot.event
    async def on_command_error(ctx, error):
        parameter = ctx.current_parameter.name if ctx.current_parameter else None
        text = "retry later" if isinstance(error, commands.CommandOnCooldown) else str(error)
        await ctx.send(f"[{via(ctx)}] {type(error).__name__} ({parameter}): {text}",
                       ephemeral=True)

    async def setup_hook() -> None:
        await bot.add_cog(Garden())
        await bot.add_cog(Notes())
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


async def _drop_garden(bot: Any) -> None:
    await bot.remove_cog("Garden")
    await bot.tree.sync()


STEPS = [
    Registered(),
    Slash("alice", "ping"),
    Say("alice", "general", "!add 2 3"),
    Slash("alice", "add", {"a": 2, "b": 3}),
    Slash("alice", "add", {"a": 4}),
    Say("bob", "general", "!add two"),
    Say("bob", "general", "!greet carol 2 hello"),
    Say("bob", "general", "!greet alice 7"),
    Slash("bob", "greet", {"member": "carol", "times": 2, "note": "hello"}),
    Slash("bob", "greet", {"member": "bob"}),
    Say("alice", "general", "!kick bob"),
    Say("bob", "general", "!kick alice"),
    Say("bob", "dm", "!kick alice"),
    Slash("alice", "kick", {"member": "bob"}),
    Slash("bob", "kick", {"member": "alice"}),
    Say("carol", "general", "!daily"),
    Say("carol", "general", "!daily"),
    Slash("bob", "daily"),
    Slash("bob", "daily"),
    Say("alice", "general", "!slow", 2),
    Slash("alice", "slow", followups=2),
    Say("alice", "general", "!whisper"),
    Slash("alice", "whisper"),
    Say("alice", "general", "!paint #ff0000 2"),
    Slash("alice", "paint", {"colour": "#00ff00"}),
    Say("alice", "general", "!paint nocolour"),
    Slash("alice", "paint", {"colour": "nocolour", "layers": 3}),
    Say("alice", "general", "!tag"),
    Say("alice", "general", "!tag roses"),
    Say("alice", "general", "!tag make rose a red flower"),
    Slash("alice", "tag", {"show": {"name": "lily"}}),
    Slash("alice", "tag", {"show": {}}),
    Slash("alice", "tag", {"make": {"name": "lily", "text": "white"}}),
    Slash("alice", "water", {"plant": "fern"}),
    Say("alice", "general", "!harvest 2"),
    Slash("alice", "harvest", {"count": 3}),
    Slash("bob", "notes", {"write": {"text": "buy seeds"}}),
    Slash("bob", "notes", {"count": {}}),
    Say("bob", "general", "!count"),
    Act("remove the Garden cog, sync", _drop_garden),
    Registered(),
    Say("alice", "general", "!harvest"),
]


async def test_a_hybrid_bot_behaves_as_on_discord_py(sandbox_factory: Any) -> None:
    runs = await transcripts(sandbox_factory, hybrid_bot, STEPS)
    ours, theirs = runs["tidecord"], runs["discord.py"]
    for index, (mine, their) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == their, f"step {index}: {STEPS[index]}"
