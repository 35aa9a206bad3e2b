"""``Bot.tree``, cogs with slash commands, ``GroupCog`` and hybrid commands and groups
behave as in discord.py: the same bot on tidecord and on discord.py 2.7.1, used by the
same people as prefix and as slash commands, leaves the same messages, the same
interaction answers and the same registered commands."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any, Literal, Optional

import pytest

from tidecord.sandbox import Sandbox

from .hybrid_parity import Act, Click, Complete, Registered, Say, Slash, transcripts
from .parity import LIBRARIES, parity_world, quick_limits, running

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

    class Vote(discord.ui.View):
        @discord.ui.button(label="Yes")
        async def yes(self, interaction, button):
            await interaction.response.edit_message(content=f"{interaction.user.name} said yes",
                                                    view=None)

    @bot.hybrid_command(description="Asks")
    async def vote(ctx):
        await ctx.send(f"Vote? ({via(ctx)})", view=Vote(), ephemeral=True)

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
    Say("alice", "general", "!vote"),
    Click("bob", "Yes"),
    Slash("alice", "vote"),
    Click("alice", "Yes"),
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


def _same(runs: dict[str, list[Any]], steps: list[Any]) -> list[Any]:
    ours, theirs = runs["tidecord"], runs["discord.py"]
    for index, (mine, their) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == their, f"step {index}: {steps[index]}"
    return ours


def _said(transcript: list[Any], index: int) -> Any:
    """What the bot answered at step ``index``: message texts, or the slash answer's
    first response and follow-ups as ``(content, ephemeral)``."""
    seen = transcript[index][1]
    if isinstance(seen, list):
        return seen
    original = seen["original"]
    return [(m["content"], m["ephemeral"]) for m in (original, *seen["followups"])]


async def test_a_hybrid_bot_behaves_as_on_discord_py(sandbox_factory: Any) -> None:
    ours = _same(await transcripts(sandbox_factory, hybrid_bot, STEPS), STEPS)
    names = [c["name"] for c in ours[0]]
    assert names == ["add", "daily", "greet", "harvest", "kick", "notes", "paint", "ping",
                     "slow", "tag", "vote", "water", "whisper"]
    assert next(c for c in ours[0] if c["name"] == "kick")["dm_permission"] is False
    assert [c["name"] for c in ours[44]] == [n for n in names if n not in ("harvest", "water")]
    assert _said(ours, 3) == [("2 + 3 = 5 (slash)", False)]
    assert _said(ours, 9) == [("hi Bobby [Member] note=None (slash)", False)]
    assert _said(ours, 12) == ["[prefix] NoPrivateMessage (None): This command cannot be used "
                               "in private messages."]
    assert _said(ours, 14) == [("[slash] MissingPermissions (None): You are missing Kick "
                                "Members permission(s) to run this command.", True)]
    assert _said(ours, 18) == [("[slash] CommandOnCooldown (None): retry later", True)]
    # The first follow-up of a deferred answer takes the "thinking" message's place, as on
    # Discord: the original answer is that follow-up.
    assert _said(ours, 20) == [("first, edited (slash)", False), ("first, edited (slash)", False),
                               ("second", False)]
    assert _said(ours, 22) == [("bob said yes", False)]
    assert _said(ours, 23) == [("Vote? (slash)", True)]
    assert _said(ours, 24) == [("alice said yes", True)]
    assert _said(ours, 26) == [("psst", True)]
    assert _said(ours, 30) == [("[slash] BadColourArgument (colour): Colour \"nocolour\" is "
                                "invalid.", True)]
    assert _said(ours, 35) == [("tag show all (slash)", False)]
    assert _said(ours, 39) == [("harvested 5 (slash, cog=Garden)", False)]
    assert _said(ours, 41) == [("1 notes (slash)", False)]


def extras_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True

    class Tree(app_commands.CommandTree):
        async def interaction_check(self, interaction):
            return interaction.user.name != "nobody"

    bot = commands.Bot(
        command_prefix="!", intents=intents, help_command=None, tree_cls=Tree,
        allowed_contexts=app_commands.AppCommandContext(guild=True, private_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=True))
    seen: dict[str, int] = {}

    def via(ctx: Any) -> str:
        return "slash" if ctx.interaction is not None else "prefix"

    class Bloom(commands.FlagConverter, delimiter=" ", prefix="--"):
        colour: str = commands.flag(description="Petal colour")
        count: int = 1

    @bot.hybrid_command(description="Plant flowers")
    async def bloom(ctx, *, flags: Bloom):
        await ctx.send(f"{flags.count} {flags.colour} flowers ({via(ctx)})")

    @bot.hybrid_command(description="Add up numbers")
    async def total(ctx, numbers: commands.Greedy[int], label: str = "sum"):
        await ctx.send(f"{label} {sum(numbers)} of {len(numbers)} ({via(ctx)})")

    @bot.hybrid_command(description="Who is it")
    async def whois(ctx, size: Literal["small", "large"],
                    who: discord.Member = commands.Author,
                    extra: str = commands.parameter(default="none",
                                                    description="Anything else")):
        await ctx.send(f"{size} {who.name} {extra} ({via(ctx)})")

    @bot.hybrid_command(description="Pick a fruit")
    async def fruit(ctx, name: str):
        await ctx.send(f"fruit {name}")

    @fruit.autocomplete("name")
    async def fruit_names(interaction, current: str):
        return [app_commands.Choice(name=f.title(), value=f)
                for f in ("apple", "apricot", "banana") if f.startswith(current)]

    @bot.hybrid_command(description="Look at a file")
    async def upload(ctx, file: discord.Attachment, note: str = "-"):
        await ctx.send(f"{file.filename} {file.size} bytes, note {note}, "
                       f"{len(ctx.message.attachments)} on the message ({via(ctx)})")

    @bot.hybrid_command(description="Slash-side check")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def configure(ctx):
        await ctx.send(f"configured ({via(ctx)})")

    @bot.hybrid_command(description="Prefix only", with_app_command=False)
    async def secret(ctx):
        await ctx.send(f"secret ({via(ctx)})")

    @bot.hybrid_command(description="Types, then replies")
    async def typer(ctx):
        async with ctx.typing():
            pass
        await ctx.reply(f"typed ({via(ctx)})")

    @bot.hybrid_command(description="Fails")
    async def boom(ctx):
        raise ValueError("kaboom")

    @bot.hybrid_group(description="The garden")
    async def garden(ctx):
        await ctx.send("garden root")

    @garden.group(name="bed", description="Beds")
    async def garden_bed(ctx):
        await ctx.send("bed root")

    @garden_bed.command(name="plant", description="Plant in a bed")
    async def garden_bed_plant(ctx, what: str):
        await ctx.send(f"planted {what} via {ctx.command.qualified_name} ({via(ctx)})")

    class Guarded(commands.Cog):
        async def interaction_check(self, interaction):
            return interaction.user.name != "carol"

        async def cog_app_command_error(self, interaction, error):
            if not interaction.response.is_done():
                await interaction.response.send_message(f"cog saw {type(error).__name__}")

        async def cog_check(self, ctx):
            return ctx.author.name != "bob"

        @app_commands.command(description="A guarded slash command")
        async def vault(self, interaction):
            await interaction.response.send_message("vault open")

        @commands.hybrid_command(description="A guarded hybrid command")
        async def safe(self, ctx, combination: str = "0000"):
            await ctx.send(f"safe open with {combination} ({via(ctx)})")

        @safe.autocomplete("combination")
        async def combinations(self, interaction, current: str):
            return [app_commands.Choice(name=f"{type(self).__name__} {c}", value=c)
                    for c in ("1234", "1243", "4321") if c.startswith(current)]

    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    class SettingsPanel(commands.GroupCog):
        """Bot settings."""

        async def interaction_check(self, interaction):
            return interaction.user.name != "bob"

        async def cog_app_command_error(self, interaction, error):
            await interaction.response.send_message(f"panel refused: {type(error).__name__}")

        @app_commands.command(description="Show the settings")
        async def show(self, interaction):
            await interaction.response.send_message(
                f"settings of {interaction.guild.name} via {interaction.command.qualified_name}")

    @bot.event
    async def on_command(ctx):
        seen["command"] = seen.get("command", 0) + 1

    @bot.event
    async def on_command_completion(ctx):
        seen["completion"] = seen.get("completion", 0) + 1

    @bot.before_invoke
    async def before(ctx):
        key = f"before {via(ctx)}"
        seen[key] = seen.get(key, 0) + 1

    @bot.after_invoke
    async def after(ctx):
        key = f"after {via(ctx)}"
        seen[key] = seen.get(key, 0) + 1

    @bot.tree.command(description="A context made from the interaction")
    async def whereami(interaction):
        ctx = await bot.get_context(interaction)
        await ctx.send(f"{ctx.prefix}{ctx.invoked_with} by {ctx.author.name} in "
                       f"#{ctx.channel.name} of {ctx.guild.name}: command={ctx.command.name} "
                       f"interaction={ctx.interaction is interaction} "
                       f"message by {ctx.message.author.name}")
        await ctx.send("and again", ephemeral=True)

    @bot.tree.context_menu(name="Where")
    async def where(interaction, member: discord.Member):
        ctx = await bot.get_context(interaction)
        await ctx.send(f"{ctx.prefix!r} {ctx.invoked_with} {member.name} by {ctx.author.name} "
                       f"slash={ctx.message.type == discord.MessageType.chat_input_command} "
                       f"menu={ctx.message.type == discord.MessageType.context_menu_command}")

    @bot.command()
    async def cogs(ctx):
        parts = []
        for name in sorted(bot.cogs):
            cog = bot.get_cog(name)
            group = cog.app_command.name if cog.app_command else None
            parts.append(f"{name}: {[c.name for c in cog.get_app_commands()]} "
                         f"{[c.qualified_name for c in cog.walk_app_commands()]} group={group} "
                         f"{[c.name for c in cog.get_commands()]}")
        await ctx.send("; ".join(parts))

    @bot.command()
    async def counts(ctx):
        await ctx.send(f"{sorted(seen.items())} tree={type(bot.tree).__name__}")

    @bot.event
    async def on_command_error(ctx, error):
        parameter = ctx.current_parameter.name if ctx.current_parameter else None
        await ctx.send(f"[{via(ctx)}] {type(error).__name__} ({parameter}): {error}")

    async def setup_hook() -> None:
        await bot.add_cog(Guarded())
        await bot.add_cog(SettingsPanel())
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


EXTRA_STEPS = [
    Registered(),
    Say("alice", "general", "!bloom --colour red --count 3"),
    Slash("alice", "bloom", {"colour": "blue"}),
    Slash("alice", "bloom", {"colour": "white", "count": 2}),
    Say("alice", "general", "!total 1 2 3 items"),
    Slash("alice", "total", {"numbers": "4 5 6", "label": "items"}),
    Slash("alice", "total", {"numbers": "4 x"}),
    Say("bob", "general", "!whois large"),
    Say("bob", "general", "!whois small carol hi"),
    Slash("bob", "whois", {"size": "large"}),
    Slash("bob", "whois", {"size": "small", "who": "carol", "extra": "hi"}),
    Complete("alice", "fruit", {"name": "ap"}, "name"),
    Slash("alice", "fruit", {"name": "apricot"}),
    Say("alice", "general", "!secret"),
    Say("bob", "general", "!configure"),
    Slash("bob", "configure"),
    Say("alice", "general", "!upload hi", files=(("plan.txt", b"grow"),)),
    Slash("alice", "upload", {"file": ("plan.txt", b"grow"), "note": "hi"}),
    Say("alice", "general", "!typer"),
    Slash("alice", "typer", followups=1),
    Say("alice", "general", "!boom"),
    Slash("alice", "boom"),
    Say("alice", "general", "!garden bed plant roses"),
    Slash("alice", "garden", {"bed": {"plant": {"what": "tulips"}}}),
    Slash("alice", "vault"),
    Slash("carol", "vault"),
    Complete("alice", "safe", {"combination": "12"}, "combination"),
    Slash("alice", "safe"),
    Slash("bob", "safe"),
    Slash("carol", "safe"),
    Say("bob", "general", "!safe"),
    Say("carol", "general", "!safe"),
    Slash("alice", "settings-panel", {"show": {}}),
    Slash("bob", "settings-panel", {"show": {}}),
    Slash("bob", "whereami", followups=1),
    Slash("alice", "Where", target="carol"),
    Say("alice", "general", "!cogs"),
    Say("alice", "general", "!counts"),
]


async def test_flags_greedy_defaults_autocomplete_subgroups_and_cog_guards(
        sandbox_factory: Any) -> None:
    def bob_may_use_every_command(sb: Sandbox) -> None:
        # As on Discord, /settings-panel's default permissions hide it from bob unless
        # an admin lets him: its own cog check is what refuses him then.
        sb.state.set_command_permissions(sb.guild.id, sb.state.application.id,
                                         [{"id": sb.user("bob").id, "type": 2,
                                           "permission": True}], by="alice")

    ours = _same(await transcripts(sandbox_factory, extras_bot, EXTRA_STEPS,
                                   bob_may_use_every_command), EXTRA_STEPS)
    panel = next(c for c in ours[0] if c["name"] == "settings-panel")
    assert (panel["default_member_permissions"], panel["dm_permission"]) == ("32", False)
    assert {tuple(c["contexts"]) for c in ours[0]} == {(0, 2)}
    assert "secret" not in [c["name"] for c in ours[0]]
    assert _said(ours, 3) == [("2 white flowers (slash)", False)]
    assert _said(ours, 6) == [("[slash] BadArgument (numbers): Converting to \"int\" failed "
                               "for parameter \"numbers\".", False)]
    assert _said(ours, 9) == [("large bob none (slash)", False)]
    assert _said(ours, 14) == ["configured (prefix)"]
    assert _said(ours, 15) == [("[slash] HybridCommandError (None): Hybrid command raised an "
                                "error: You are missing Manage Server permission(s) to run this "
                                "command.", False)]
    assert _said(ours, 16) == ["plan.txt 4 bytes, note hi, 1 on the message (prefix)"]
    assert _said(ours, 17) == [("plan.txt 4 bytes, note hi, 1 on the message (slash)", False)]
    assert ours[11][1] == [{"name": "Apple", "value": "apple"},
                           {"name": "Apricot", "value": "apricot"}]
    # the follow-up took the "thinking" message's place (see the first test)
    assert _said(ours, 19) == [("typed (slash)", False), ("typed (slash)", False)]
    assert _said(ours, 23) == [("planted tulips via garden bed plant (slash)", False)]
    assert _said(ours, 25) == [("cog saw CheckFailure", False)]
    assert [_said(ours, i) for i in (28, 29)] == [[(
        "[slash] CheckFailure (None): The check functions for command safe failed.", False)]] * 2
    assert ours[26][1] == [{"name": "Guarded 1234", "value": "1234"},
                           {"name": "Guarded 1243", "value": "1243"}]
    assert _said(ours, 33) == [("panel refused: CheckFailure", False)]
    assert _said(ours, 34) == [
        ("/whereami by bob in #general of Sandbox: command=whereami interaction=True message "
         "by bob", False), ("and again", True)]
    assert _said(ours, 35) == [("'\\u200b' Where carol by alice slash=False menu=True",
                                False)]
    assert _said(ours, 36) == [
        "Guarded: ['vault'] ['vault'] group=None ['safe']; SettingsPanel: [] "
        "['settings-panel show'] group=settings-panel []"]
    assert _said(ours, 37) == [
        "[('after prefix', 12), ('after slash', 10), ('before prefix', 13), "
        "('before slash', 11), ('command', 28), ('completion', 21)] tree=Tree"]


def answers_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.hybrid_command(description="Answers, edits, and lets some go")
    async def fleeting(ctx):
        first = await ctx.send("first")
        await first.edit(content="first, edited")
        await ctx.send("second, gone soon", delete_after=0.1)
        await ctx.send("third, stays")
        await first.delete(delay=0.1)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


async def test_answers_edited_and_deleted_later_as_on_discord_py(sandbox_factory: Any) -> None:
    # The first answer is edited and deleted as the interaction's "@original" (tidecord
    # used to address it by its id, which the webhook does not know).
    left: dict[str, Any] = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=parity_world(), rate_limits=quick_limits())
        async with running(library, sb, answers_bot):
            record = await sb.invoke_command("alice", "general", "fleeting")
            await record.wait_response(10)
            async with asyncio.timeout(10):
                while record.original is not None or len(record.followups) != 1 or \
                        record.followups[0].content != "third, stays":  # noqa: ASYNC110
                    await asyncio.sleep(0.01)
            general = sb.state.messages[sb.state.channel("general").id].values()
            left[library] = [m.content for m in general]
    assert left["tidecord"] == left["discord.py"] == ["third, stays"]
