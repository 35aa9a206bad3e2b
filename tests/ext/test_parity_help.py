"""Help, groups and cogs read exactly as in discord.py: the default paginated help, the
minimal one, a custom subclass, ``help_command=None``, subcommands and aliases."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def help_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, description="The garden bot.\n\n"
                       "It keeps ideas.", help_command=commands.DefaultHelpCommand(
                           no_category="Other", width=60))

    class Ideas(commands.Cog, name="Idea Box"):
        """Collect and vote on ideas."""

        @commands.group(invoke_without_command=True, aliases=["i"])
        async def idea(self, ctx):
            """Idea commands.

            Use a subcommand to add or list ideas."""
            await ctx.send_help(ctx.command)

        @idea.command(brief="Add an idea")
        async def add(self, ctx, text: str, votes: int = 0, *, note: str = "none"):
            """Add an idea to the box.

            Parameters
            ----------
            text: str
                The idea itself.
            votes: int
                How many votes it starts
                with.
            """
            await ctx.send(f"added {text}")

        @idea.command(name="list", aliases=["ls"], usage="[page]")
        async def list_(self, ctx, page: int = 1):
            """List the ideas, a page at a time."""
            await ctx.send(f"page {page}")

        @idea.group()
        async def admin(self, ctx):
            """Admin tools."""

        @admin.command()
        async def wipe(self, ctx, confirm: bool):
            """Wipe every idea."""
            await ctx.send("wiped")

    async def setup_hook():
        await bot.add_cog(Ideas())

    bot.setup_hook = setup_hook

    @bot.command()
    async def ping(ctx):
        """Answers pong."""
        await ctx.send("pong")

    @bot.command(hidden=True)
    async def secret(ctx):
        """A hidden command."""
        await ctx.send("shh")

    @bot.command()
    @commands.has_role("Moderator")
    async def moderate(ctx, member: discord.Member = commands.param(  # noqa: B008
            description="Who to look at", displayed_default="yourself", default=None)):
        """Moderators only."""
        await ctx.send("moderating")

    @bot.command()
    async def long(ctx):
        await ctx.send("a command with no help at all")

    for number in range(30):
        async def filler(ctx):
            await ctx.send("filler")
        filler.__doc__ = f"Filler command number {number} with a fairly long description to " \
                         "fill up pages."
        bot.command(name=f"filler{number:02d}")(filler)

    class EmbedHelp(commands.HelpCommand):
        async def send_bot_help(self, mapping):
            embed = discord.Embed(title="Help", description=self.context.bot.description)
            for cog, cmds in mapping.items():
                shown = await self.filter_commands(cmds, sort=True)
                names = ", ".join(c.name for c in shown if not c.name.startswith("filler"))
                if names:
                    embed.add_field(name=getattr(cog, "qualified_name", "Other"), value=names)
            await self.get_destination().send(embed=embed)

        async def send_command_help(self, command):
            await self.get_destination().send(
                f"{self.get_command_signature(command)}\n{command.help or '-'}")

        async def send_group_help(self, group):
            subs = ", ".join(sorted(c.name for c in group.commands))
            await self.get_destination().send(f"group {group.qualified_name}: {subs}")

        async def send_cog_help(self, cog):
            await self.get_destination().send(f"cog {cog.qualified_name}: {cog.description}")

        def command_not_found(self, string):
            return f"I know no {string!r}"

        async def send_error_message(self, error):
            await self.get_destination().send(f"help error: {error}")

    @bot.command()
    async def style(ctx, kind: str):
        if kind == "minimal":
            bot.help_command = commands.MinimalHelpCommand()
        elif kind == "embed":
            bot.help_command = EmbedHelp(command_attrs={"aliases": ["h"]})
        else:
            bot.help_command = None
        await ctx.send(f"help is now {kind}")

    @bot.event
    async def on_command_error(ctx, error):
        await ctx.send(f"{type(error).__name__}: {error}")

    return bot


LINES = [
    ("alice", "general", "!help", 2),
    ("bob", "general", "!help", 2),
    ("alice", "general", "!help ping"),
    ("alice", "general", "!help idea"),
    ("alice", "general", "!help idea add"),
    ("alice", "general", "!help i ls"),
    ("alice", "general", "!help idea admin"),
    ("alice", "general", "!help idea admin wipe"),
    ("alice", "general", "!help idea nothing"),
    ("alice", "general", "!help ping pong"),
    ("alice", "general", "!help Idea Box"),
    ("alice", "general", "!help moderate"),
    ("alice", "general", "!help secret"),
    ("alice", "general", "!help nothing"),
    ("alice", "general", "!help <@123456789012345678>"),
    ("alice", "general", "!idea"),
    ("alice", "general", "!i add plants 3 water them"),
    ("alice", "general", "!idea ls 2"),
    ("alice", "general", "!idea admin wipe yes"),
    ("alice", "general", "!style minimal"),
    ("alice", "general", "!help"),
    ("alice", "general", "!help idea"),
    ("alice", "general", "!help idea list"),
    ("alice", "general", "!help Idea Box"),
    ("alice", "general", "!style embed"),
    ("alice", "general", "!h"),
    ("alice", "general", "!help idea"),
    ("alice", "general", "!help ping"),
    ("alice", "general", "!help Idea Box"),
    ("alice", "general", "!help nothing"),
    ("alice", "general", "!style none"),
    ("alice", "general", "!help"),
]


async def test_help_groups_and_cogs_read_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, help_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    answers = said["tidecord"]
    assert answers[0].startswith("#general: ```\nThe garden bot.\n\nIt keeps ideas.\n\n")
    assert "Idea Box:" in answers[0] and "secret" not in answers[0] + answers[1]
    assert "moderate" in answers[0] + answers[1] and "moderate" not in answers[2] + answers[3]
    assert answers[-1] == '#general: CommandNotFound: Command "help" is not found'
