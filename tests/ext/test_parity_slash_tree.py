"""The command tree and the interaction in depth, the same bot on tidecord and on
discord.py 2.7.1: what ``interaction`` tells a command (``command``, ``extras``,
``locale``, ``app_permissions``, ``permissions``, ``created_at``, ``context``, the
response's ``type``), answers that are deferred, edited, read back and deleted, a tree
whose ``interaction_check`` reads ``interaction.command``, a group's own check and
error handler, context menus for members, users and messages (one made in a cog with
``ContextMenu(callback=self.method)``), a ``GroupCog``, ``@app_commands.guilds``, and
the tree changed at run time (``get_commands``, ``walk_commands``, ``get_command``,
``remove_command``, ``copy_global_to``, ``sync(guild=)``, ``clear_commands``); then a
tree subclass's ``on_error`` and raising ``interaction_check``, a check's own
``CheckFailure`` subclass, ``on_app_command_completion``, transformers given as classes
and as instances, ``add_command`` refusing a second command of a name unless
``override=True``, a group's ``extras``, ``nsfw`` and default permissions, and a
command's ``allowed_contexts`` and ``allowed_installs`` (each choice a bool)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import enum
from typing import Any, Literal, Union

import pytest

from .hybrid_parity import Registered, Slash, transcripts

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def tree_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    intents = discord.Intents.default()
    intents.members = True

    class Tree(app_commands.CommandTree):
        async def interaction_check(self, interaction):
            # discord.py finds the command before the tree has looked it up.
            command = interaction.command
            if interaction.user.name == "carol" and command and command.name == "whoami":
                await interaction.response.send_message("tree says no", ephemeral=True)
                return False
            return True

    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None, tree_cls=Tree)

    @bot.tree.command(description="Who am I?")
    async def whoami(interaction):
        i = interaction
        cmd = i.command
        perms, mine = i.app_permissions, i.permissions
        since = abs((i.created_at - discord.utils.snowflake_time(i.id)).total_seconds())
        lines = [
            f"user={i.user.name} {type(i.user).__name__}",
            f"command={cmd.name} {type(cmd).__name__} {cmd.qualified_name} "
            f"parent={cmd.parent} extras={cmd.extras}",
            f"extras={i.extras} namespace={list(i.namespace)}",
            f"locale={i.locale!r} guild_locale={i.guild_locale!r}",
            f"app_permissions={perms.value} ban={perms.ban_members} kick={perms.kick_members}",
            f"permissions administrator={mine.administrator} kick={mine.kick_members}",
            f"created_at aware={i.created_at.tzinfo is not None} from the id={since < 1}",
            f"type={i.type!r} guild={i.guild.name} channel={i.channel.name}",
            f"expired={i.is_expired()} done={i.response.is_done()} type={i.response.type}",
            f"context={i.context!r} in a guild={i.context.guild}",
            f"followup webhook={i.followup.id == i.application_id} {i.followup.type!r} "
            f"{i.followup.token == i.token} {i.followup.url.endswith(i.token)} "
            f"{i.followup.is_partial()} {i.followup.is_authenticated()}",
        ]
        await i.response.send_message("\n".join(lines), ephemeral=True)
        lines = [f"done={i.response.is_done()} type={i.response.type!r}"]
        msg = await i.original_response()
        lines.append(f"original={msg.content[:9]} ephemeral={msg.flags.ephemeral} "
                     f"{type(msg).__name__}")
        edited = await i.edit_original_response(content=msg.content + "\nedited")
        lines.append(f"edited={edited.content[-6:]} {type(edited).__name__}")
        await i.followup.send("\n".join(lines), ephemeral=True)

    whoami.extras["team"] = "core"

    @bot.tree.command(description="Thinks first")
    async def think(interaction):
        await interaction.response.defer(thinking=True, ephemeral=True)
        kind = interaction.response.type
        sent = await interaction.followup.send(f"after defer {kind!r}", wait=True)
        original = await interaction.original_response()
        await interaction.followup.send(f"original is the follow-up: {original.id == sent.id} "
                                        f"{original.content!r} {original.flags.ephemeral}")

    @bot.tree.command(description="Answers, then takes it back")
    async def gone(interaction):
        await interaction.response.send_message("soon gone")
        await interaction.delete_original_response()
        try:
            await interaction.original_response()
        except discord.NotFound as error:
            await interaction.followup.send(f"NotFound {error.code} {error.text}")

    @bot.tree.command(description="Defers, then fills the answer in")
    async def quiet(interaction):
        await interaction.response.defer()
        await interaction.edit_original_response(content="filled in")

    class Admin(app_commands.Group):
        async def interaction_check(self, interaction):
            return interaction.user.name != "bob"

        async def on_error(self, interaction, error):
            await interaction.response.send_message(
                f"group on_error {type(error).__name__} {error}")

    admin = Admin(name="admin", description="Admin", guild_only=True)
    deep = app_commands.Group(name="deep", description="Deeper", parent=admin)

    @deep.command(description="Two groups down")
    async def leaf(interaction, x: int = 1):
        c = interaction.command
        await interaction.response.send_message(
            f"leaf {x} {c.qualified_name} {c.parent.name} {c.parent.parent.name} "
            f"{c.root_parent.name}")

    @admin.command(description="Fails")
    async def fail(interaction):
        raise RuntimeError("inner")

    @bot.tree.context_menu(name="Poke")
    async def poke(interaction, member: discord.Member):
        await interaction.response.send_message(
            f"poked {member.name} {type(member).__name__} {type(interaction.command).__name__} "
            f"{interaction.command.type!r}")

    @bot.tree.context_menu(name="Who is")
    async def whois(interaction, user: discord.User):
        await interaction.response.send_message(f"whois {user.name} {type(user).__name__}")

    @bot.tree.context_menu(name="Echo")
    async def echo(interaction, message: discord.Message):
        await interaction.response.send_message(
            f"echo {message.content!r} by {message.author.name} in {message.channel.name}")

    class Fun(commands.GroupCog, group_name="fun", group_description="Fun things"):
        def __init__(self, bot):
            self.bot = bot
            self.menu = app_commands.ContextMenu(name="Hug", callback=self.hug)
            self.bot.tree.add_command(self.menu)

        async def hug(self, interaction, member: discord.Member):
            await interaction.response.send_message(
                f"hugs {member.name} from {type(self).__name__}")

        @app_commands.command(description="Roll a die")
        async def roll(self, interaction, sides: int = 6):
            c = interaction.command
            await interaction.response.send_message(
                f"rolled d{sides} in {c.qualified_name} binding={type(c.binding).__name__}")

        @app_commands.command(description="Fails")
        async def bad(self, interaction):
            raise ValueError("x")

        async def cog_app_command_error(self, interaction, error):
            await interaction.response.send_message(f"cog error {type(error).__name__}")

    @bot.tree.command(description="Changes the tree")
    async def inspect(interaction):
        t, g = bot.tree, interaction.guild
        user, message = discord.AppCommandType.user, discord.AppCommandType.message

        def names(found):
            return sorted(c.name for c in found)

        lines = [
            f"global: {names(t.get_commands())}",
            f"user menus: {names(t.get_commands(type=user))}",
            f"message menus: {names(t.get_commands(type=message))}",
            f"walk: {sorted(c.qualified_name for c in t.walk_commands())}",
            f"walk menus: {names(t.walk_commands(type=user))}",
            f"get admin: {type(t.get_command('admin')).__name__}",
            f"get Poke: {t.get_command('Poke')} {t.get_command('Poke', type=user).name}",
            f"guild before: {names(t.get_commands(guild=g))}",
        ]
        removed = t.remove_command("quiet")
        lines.append(f"removed {removed.name} then {t.remove_command('quiet')}")
        t.copy_global_to(guild=g)
        lines.append(f"guild after copy: {names(t.get_commands(guild=g))}")
        synced = await t.sync(guild=g)
        lines.append(f"synced guild: {sorted((c.name, c.type.name) for c in synced)} "
                     f"{all(c.guild_id == g.id for c in synced)}")
        t.clear_commands(guild=g)
        lines.append(f"guild cleared: {t.get_commands(guild=g)}")
        lines.append(f"synced global: {names(await t.sync())}")
        await interaction.response.send_message("\n".join(lines))

    async def setup_hook():
        bot.tree.add_command(admin)
        await bot.add_cog(Fun(bot))
        [guild] = [g async for g in bot.fetch_guilds()]

        @app_commands.command(description="Only here")
        @app_commands.guilds(guild.id)
        async def local(interaction):
            await interaction.response.send_message(f"local {interaction.command.name}")

        bot.tree.add_command(local)
        await bot.tree.sync()
        await bot.tree.sync(guild=guild)
    bot.setup_hook = setup_hook
    return bot


def _newest_message(sb: Any) -> Any:
    messages = sb.state.messages[sb.channel("general").id]
    return max(messages.values(), key=lambda m: m.id)


STEPS = [
    Registered(),
    Slash("alice", "whoami", followups=1),
    Slash("carol", "whoami"),
    Slash("alice", "think", followups=2),
    Slash("alice", "gone", followups=1),
    Slash("alice", "quiet"),
    Slash("alice", "admin", {"deep": {"leaf": {"x": 5}}}),
    Slash("bob", "admin", {"fail": {}}),
    Slash("alice", "admin", {"fail": {}}),
    Slash("alice", "Poke", target="bob"),
    Slash("alice", "Who is", target="carol"),
    Slash("alice", "Echo", target=_newest_message),
    Slash("alice", "Hug", target="bob"),
    Slash("alice", "fun", {"roll": {"sides": 20}}),
    Slash("alice", "fun", {"bad": {}}),
    Slash("alice", "local"),
    Slash("alice", "inspect"),
    Registered(),
]


def _text(step: Any) -> str:
    seen = step[1]
    return "\n".join([seen["original"]["content"] if seen["original"] else "-",
                      *(f["content"] for f in seen["followups"])])


async def test_the_interaction_and_the_tree_as_on_discord_py(sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, tree_bot, STEPS)
    assert said["tidecord"] == said["discord.py"]
    steps = said["tidecord"]
    whoami = _text(steps[1])
    assert "command=whoami Command whoami parent=None extras={'team': 'core'}" in whoami
    assert "context=<AppCommandContext guild=True dm_channel=False private_channel=False> " \
           "in a guild=True" in whoami
    assert "done=True type=<InteractionResponseType.channel_message: 4>" in whoami
    assert "followup webhook=True <WebhookType.application: 3> True True True True" in whoami
    assert _text(steps[2]) == "tree says no"
    assert "after defer <InteractionResponseType.deferred_channel_message: 5>" in _text(steps[3])
    assert _text(steps[7]) == \
        "group on_error CheckFailure The check functions for command 'fail' failed."
    assert _text(steps[12]) == "hugs bob from Fun"
    assert _text(steps[14]) == "cog error CommandInvokeError"
    assert "removed quiet then None" in _text(steps[16])
    assert "quiet" not in {c["name"] for c in steps[17]}


class Flavour(enum.Enum):
    sweet = "s"
    sour = "o"


def subclass_bot(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    said: list[str] = []

    class Tree(app_commands.CommandTree):
        async def on_error(self, interaction, error):
            await interaction.response.send_message(
                f"subclass on_error {type(error).__name__}: {error}")

        async def interaction_check(self, interaction):
            if interaction.command and interaction.command.name == "trap":
                raise app_commands.CheckFailure("trapped by the tree")
            return True

    bot = commands.Bot(command_prefix="!", intents=discord.Intents.default(),
                       help_command=None, tree_cls=Tree)

    @bot.event
    async def on_app_command_completion(interaction, command):
        said.append(f"completed {type(command).__name__} {command.qualified_name} "
                    f"failed={interaction.command_failed}")

    class Up(app_commands.Transformer):
        async def transform(self, interaction, value):
            return value.upper()

    @bot.tree.command(description="Transformers as classes and as instances")
    async def shout(interaction, a: app_commands.Transform[str, Up],
                    b: app_commands.Transform[str, Up()], flavour: Flavour,
                    n: Literal[1, 2, 3] = 2, x: app_commands.Range[float, 0.5, 9.5] = 1.5):
        await interaction.response.send_message(f"{a} {b} {flavour} {n} {x}")

    async def trap(interaction):
        await interaction.response.send_message("not trapped")

    class Refused(app_commands.CheckFailure):
        pass

    async def refuse(interaction):
        raise Refused("refused by its own check")

    @bot.tree.command(description="A check raising its own error")
    @app_commands.check(refuse)
    async def own(interaction):
        await interaction.response.send_message("x")

    @bot.tree.command(description="Where it may be used")
    @app_commands.guild_only()
    @app_commands.allowed_installs(users=False)
    async def here(interaction):
        c = interaction.command
        await interaction.response.send_message(
            f"{c.allowed_contexts!r} {c.allowed_installs!r} {c.allowed_contexts.dm_channel}")

    @bot.tree.command(description="Says what happened")
    async def story(interaction):
        await interaction.response.send_message("\n".join(said))

    @bot.tree.context_menu(name="Either")
    async def either(interaction, who: Union[discord.Member, discord.User]):  # noqa: UP007
        await interaction.response.send_message(f"either {type(who).__name__} {who.name}")

    @app_commands.default_permissions(manage_messages=True)
    class Shop(commands.GroupCog, group_name="shop", group_description="Shop",
               group_extras={"a": 1}):
        @app_commands.command(description="Buy")
        async def buy(self, interaction):
            g = interaction.command.parent
            await interaction.response.send_message(
                f"buy {g.name} {g.extras} {g.nsfw} {g.default_permissions}")

    staff = app_commands.Group(name="staff", description="Staff", nsfw=True, guild_only=True,
                               default_permissions=discord.Permissions(kick_members=True))

    @staff.command(description="Staff only")
    async def roster(interaction):
        await interaction.response.send_message("staff")

    async def setup_hook():
        await bot.add_cog(Shop())
        bot.tree.add_command(staff)
        bot.tree.add_command(app_commands.Command(name="trap", description="First",
                                                  callback=trap))
        try:
            bot.tree.add_command(app_commands.Command(name="trap", description="Second",
                                                      callback=trap))
        except app_commands.CommandAlreadyRegistered as e:
            said.append(f"{type(e).__name__}: {e} {e.name} {e.guild_id}")
        bot.tree.add_command(app_commands.Command(name="trap", description="Third",
                                                  callback=trap), override=True)
        await bot.tree.sync()
    bot.setup_hook = setup_hook
    return bot


SUBCLASS_STEPS = [
    Registered(),
    Slash("alice", "shout", {"a": "x", "b": "y", "flavour": "o", "n": 3, "x": 0.5}),
    Slash("alice", "trap"),
    Slash("alice", "own"),
    Slash("alice", "Either", target="bob"),
    Slash("alice", "shop", {"buy": {}}),
    Slash("alice", "here"),
    Slash("alice", "story"),
]


async def test_a_tree_subclass_and_command_objects_as_on_discord_py(
        sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, subclass_bot, SUBCLASS_STEPS)
    assert said["tidecord"] == said["discord.py"]
    steps = said["tidecord"]
    registered = {c["name"]: c for c in steps[0]}
    assert registered["trap"]["description"] == "Third"
    assert (registered["staff"]["nsfw"], registered["staff"]["default_member_permissions"]
            ) == (True, "2")
    assert [_text(s) for s in steps[1:]] == [
        "X Y Flavour.sour 3 0.5",
        "subclass on_error CheckFailure: trapped by the tree",
        "subclass on_error Refused: refused by its own check",
        "either Member bob",
        "buy shop {'a': 1} False <Permissions value=8192>",
        "<AppCommandContext guild=True dm_channel=False private_channel=False> "
        "<AppInstallationType guild=False user=False> False",
        "CommandAlreadyRegistered: Command 'trap' already registered. trap None\n"
        "completed Command shout failed=False\ncompleted ContextMenu Either failed=False\n"
        "completed Command shop buy failed=False\ncompleted Command here failed=False"]
