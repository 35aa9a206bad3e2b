"""Gaps the instance surface comparison (test_instance_surface_like_discord_py.py) found:
each is a program that ran on discord.py 2.7.1 and not on tidecord (or not on the
sandbox), run here on both and compared."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import pytest

from tidecord.sandbox import World

from ..ext.parity import both

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]


def forum_world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Plans", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "manage_guild"],
                    "channels": [{"name": "general"}, {"name": "questions", "type": 15}],
                    "members": ["alice"]}],
    })


def template_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def keep(ctx: Any) -> None:
        template = await ctx.guild.create_template(name="Plans kit")
        kept = template.source_guild
        forum = discord.utils.get(kept.channels, name="questions")
        await ctx.send(f"{template.name} of {kept.name}: "
                       f"{sorted((c.name, str(c.type)) for c in kept.channels)} "
                       f"forum tags {list(forum.available_tags)} "
                       f"roles {sorted(r.name for r in kept.roles)}")
        await ctx.guild.edit(system_channel=ctx.channel)
        kept = (await template.sync()).source_guild
        await ctx.send(f"text {kept.text_channels} forums {[f.name for f in kept.forums]} "
                       f"voice {kept.voice_channels} {kept.categories} {kept.stage_channels}\n"
                       f"system {kept.system_channel} afk {kept.afk_channel} "
                       f"{kept.get_channel(kept.system_channel.id)} "
                       f"{kept.get_role(0)} {kept.default_role}\n"
                       f"{kept.verification_level!r} {kept.explicit_content_filter!r} "
                       f"{kept.default_notifications!r} {kept.preferred_locale!r} "
                       f"{kept.system_channel_flags!r}")

    return bot


async def test_a_template_of_a_guild_with_a_forum(sandbox_factory: Any) -> None:
    # the sandbox sent a forum's tags as null, as Discord did until late 2025: discord.py
    # could not read the template
    said = await both(sandbox_factory, template_bot, [("alice", "general", "!keep", 2)],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == (
        "#general: Plans kit of Plans: [('general', 'text'), ('questions', 'forum')] "
        "forum tags [] roles ['@everyone']")
    # its settings, and the channels and roles by kind and id, as a guild's
    assert said["tidecord"][1].startswith("#general: text [<TextChannel id=1 name='general' ")
    assert "system general afk None general @everyone None\n<VerificationLevel" in \
        said["tidecord"][1]


def keywords_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    # discord.py takes with_app_command second, by position: a prefix-only command
    @bot.hybrid_command("quiet", False)
    async def quiet(ctx: Any) -> None:
        await ctx.send("shh")

    @bot.command()
    async def named(ctx: Any) -> None:
        # what discord.py takes by keyword
        made = await ctx.guild.create_template(name="Kit")
        found = await bot.fetch_template(code=made.code)
        poll = discord.Poll(question="Tea?", duration=__import__("datetime").timedelta(hours=1))
        poll.add_answer(text="yes")
        emoji = discord.PartialEmoji.from_str("<:party:123456789012345678>", client=bot)
        await ctx.send(f"{found.name} {poll.get_answer(id=1)} {emoji} {emoji.url}\n"
                       f"quiet as slash: {bot.tree.get_command('quiet')}")

    return bot


async def test_what_discord_py_takes_by_keyword_or_position(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, keywords_bot, [("alice", "general", "!named"),
                                                      ("alice", "general", "!quiet")],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: Kit yes <:party:123456789012345678> "
        "https://cdn.discordapp.com/emojis/123456789012345678.png\nquiet as slash: None",
        "#general: shh"]


async def _translated(discord: Any, commands: Any) -> Any:
    app_commands = discord.app_commands
    _ = app_commands.locale_str

    class French(app_commands.Translator):  # type: ignore[misc]
        async def translate(self, string: Any, locale: Any, context: Any) -> Any:
            return f"{string.message}-fr" if locale is discord.Locale.french else None

    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())

    @bot.tree.command(name=_("brew"), description=_("make a drink"))
    @app_commands.choices(drink=[app_commands.Choice(name=_("tea"), value="tea"),
                                 app_commands.Choice(name="coffee", value="coffee")])
    async def brew(interaction: Any, drink: str) -> None:
        pass

    garden = app_commands.Group(name=_("garden"), description="the garden")

    @garden.command(description=_("water it"))
    async def water(interaction: Any) -> None:
        pass

    bot.tree.add_command(garden)

    @bot.tree.context_menu(name=_("Look"))
    async def look(interaction: Any, member: discord.Member) -> None:
        pass

    french, tea = French(), app_commands.Choice(name=_("tea"), value="tea")
    plain = app_commands.Choice(name="milk", value=1)
    return [await brew.get_translated_payload(bot.tree, french),
            await garden.get_translated_payload(bot.tree, french),
            await look.get_translated_payload(bot.tree, french),
            await tea.get_translated_payload(french), await plain.get_translated_payload(french),
            await tea.get_translated_payload_for_locale(french, discord.Locale.french),
            await tea.get_translated_payload_for_locale(french, discord.Locale.german)]


async def test_commands_and_choices_give_their_translated_payloads() -> None:
    import discord as dpy
    from discord.ext import commands as dpy_commands

    import tidecord
    from tidecord.ext import commands as td_commands

    ours = await _translated(tidecord, td_commands)
    theirs = await _translated(dpy, dpy_commands)
    assert ours == theirs
    assert ours[3] == {"name": "tea", "value": "tea", "name_localizations": {"fr": "tea-fr"}}


def plain_data_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def data(ctx: Any) -> None:
        # a bot that keeps what it saw as plain data (a reply queue, a saved menu)
        reply = ctx.message.to_reference(fail_if_not_exists=False)
        bare = discord.MessageReference(message_id=ctx.message.id, channel_id=ctx.channel.id)
        option = discord.SelectOption.from_dict(
            {"label": "Tea", "value": "tea", "emoji": {"name": "🍵"}, "default": True})
        sent = await ctx.send("answered", reference=discord.MessageReference(
            message_id=reply.to_dict()["message_id"], channel_id=ctx.channel.id))
        pure = discord.PermissionOverwrite.PURE_FLAGS
        await ctx.send(
            f"{reply.to_dict() == {'type': 0, 'message_id': ctx.message.id, 'guild_id': ctx.guild.id, 'channel_id': ctx.channel.id, 'fail_if_not_exists': False}} "  # noqa: E501
            f"{bare.to_message_reference_dict() == {'type': 0, 'message_id': ctx.message.id, 'channel_id': ctx.channel.id, 'fail_if_not_exists': True}}\n"  # noqa: E501
            f"{option.to_dict()} {option!r}\n"
            f"replied {sent.reference.message_id == ctx.message.id}\n"
            f"pure {len(pure)} {'manage_roles' in pure} {'manage_permissions' in pure}")

    return bot


async def test_references_options_and_pure_flags_as_plain_data(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, plain_data_bot, [("alice", "general", "!data", 2)],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][1].startswith("#general: True True\n{'label': 'Tea', ")
    assert said["tidecord"][1].endswith("replied True\npure 52 True False")


def _tried(discord: Any, commands: Any) -> list[str]:
    # a bot reading a raw payload's field: the member when there is one, else the value
    tried = [discord.ChannelType.try_value(0), discord.ChannelType.try_value(99),
             discord.Status.try_value("idle"), discord.Locale.try_value("fr"),
             discord.ActivityType.try_value(5), discord.EntitlementType.try_value(999),
             discord.VerificationLevel.try_value(2), discord.ReactionType.try_value(1),
             commands.BucketType.try_value(2), discord.ChannelType.try_value([0]),
             discord.AuditLogAction.try_value(22), discord.ButtonStyle.try_value(None)]
    return [repr(value) for value in tried]


def test_an_enum_tries_a_raw_value_as_discord_py_s() -> None:
    import discord as dpy
    from discord.ext import commands as dpy_commands

    import tidecord
    from tidecord.ext import commands as td_commands

    assert _tried(tidecord, td_commands) == _tried(dpy, dpy_commands)
    assert _tried(tidecord, td_commands)[:2] == ["<ChannelType.text: 0>", "99"]


def admin_world() -> World:
    return World.from_dict({
        "users": ["alice"],
        "guilds": [{"name": "Plans", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}, {"name": "welcome"}],
                    "members": ["alice"]}],
    })


async def latest(guild: Any) -> Any:
    """The guild's newest audit log entry (both libraries read it alike)."""
    async for entry in guild.audit_logs(limit=1):
        return entry


def audit_names_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def changes(ctx: Any) -> None:
        png = __import__("io").BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64))
        await ctx.guild.create_sticker(name="wave", description="a wave", emoji="wave",
                                       file=discord.File(png, filename="s.png"))
        made = await latest(ctx.guild)
        welcome = discord.utils.get(ctx.guild.text_channels, name="welcome")
        await ctx.guild.edit(system_channel=welcome)
        moved = await latest(ctx.guild)
        await ctx.send(f"{made.action} emoji {made.after.emoji}\n"
                       f"{moved.action} system channel {moved.after.system_channel}")

    return bot


async def test_an_audit_log_change_names_fields_as_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, audit_names_bot, [("alice", "general", "!changes")],
                      world=admin_world)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: AuditLogAction.sticker_create emoji wave\n"
        "AuditLogAction.guild_update system channel welcome"]


def audit_fields_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def shown(diff: Any, *names: str) -> str:
        return " ".join(f"{name}={getattr(diff, name, '-')!r}" for name in names)

    @bot.command()
    async def settings(ctx: Any) -> None:
        guild = ctx.guild
        flags = discord.SystemChannelFlags(join_notifications=False)
        await guild.edit(verification_level=discord.VerificationLevel.high,
                         default_notifications=discord.NotificationLevel.only_mentions,
                         explicit_content_filter=discord.ContentFilter.all_members,
                         preferred_locale=discord.Locale.french, system_channel_flags=flags)
        edited = await latest(guild)
        await ctx.send(shown(edited.after, "verification_level", "default_notifications",
                             "explicit_content_filter", "preferred_locale") +
                       f" {edited.after.system_channel_flags.join_notifications}")
        welcome = discord.utils.get(guild.text_channels, name="welcome")
        await guild.create_automod_rule(
            name="words", event_type=discord.AutoModRuleEventType.message_send,
            trigger=discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword,
                                           keyword_filter=["bad"]),
            actions=[discord.AutoModRuleAction(custom_message="no")],
            exempt_channels=[welcome], exempt_roles=[guild.default_role])
        ruled = await latest(guild)
        await ctx.send(shown(ruled.after, "trigger_type", "event_type") +
                       f" {[c.name for c in ruled.after.exempt_channels]}"
                       f" {[r.name for r in ruled.after.exempt_roles]}")

    return bot


async def test_an_audit_log_change_reads_settings_as_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, audit_fields_bot, [("alice", "general", "!settings", 2)],
                      world=admin_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: verification_level=<VerificationLevel.high: 3> "
        "default_notifications=<NotificationLevel.only_mentions: 1> "
        "explicit_content_filter=<ContentFilter.all_members: 2> "
        "preferred_locale=<Locale.french: 'fr'> False",
        "#general: trigger_type=<AutoModRuleTriggerType.keyword: 1> "
        "event_type=<AutoModRuleEventType.message_send: 1> ['welcome'] ['@everyone']"]


def fetched_guild_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def fetched(ctx: Any) -> None:
        # a guild fetched over REST: its roles, and nothing of what only the gateway gives
        guild = await bot.fetch_guild(ctx.guild.id)
        everyone = guild.default_role
        await ctx.send(f"{everyone} {everyone == guild.get_role(guild.id)} "
                       f"{guild.self_role} {[r.name for r in guild.roles]}\n"
                       f"{list(guild.channels)} {list(guild.threads)} {list(guild.members)} "
                       f"{guild.unavailable} {guild.large} {guild.member_count} "
                       f"{guild.approximate_member_count}")

    return bot


async def test_a_fetched_guild_reads_as_discord_py_s(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, fetched_guild_bot, [("alice", "general", "!fetched")],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: @everyone True SandboxBot ['@everyone', 'SandboxBot']\n"
        "[] [] [] False False None 2"]


def updated_guild_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def describe(ctx: Any) -> None:
        before = ctx.guild.unavailable
        updated = asyncio.ensure_future(bot.wait_for("guild_update", timeout=5))
        await ctx.guild.edit(description="a garden")
        _, guild = await updated
        await ctx.send(f"{before!r} {guild.unavailable!r} {ctx.guild.unavailable!r} "
                       f"{guild.description}")

    return bot


async def test_a_guild_stays_available_through_an_update(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, updated_guild_bot, [("alice", "general", "!describe")],
                      world=admin_world)
    assert said["tidecord"] == said["discord.py"] == ["#general: False False False a garden"]


def forum_post_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def post(ctx: Any) -> None:
        forum = discord.utils.get(ctx.guild.forums, name="questions")
        made = await forum.create_thread(name="Why?", content="Tell me")
        message = made.message
        await ctx.send(f"{message.guild} {message.channel.id == made.thread.id} "
                       f"{message.jump_url.split('/')[-3] == str(ctx.guild.id)}")

    return bot


async def test_a_forum_posts_first_message_knows_its_guild(sandbox_factory: Any) -> None:
    # the post's first message is the bot's too
    said = await both(sandbox_factory, forum_post_bot, [("alice", "general", "!post", 2)],
                      world=forum_world)
    assert said["tidecord"] == said["discord.py"]
    assert "#general: Plans True True" in said["tidecord"]


def audit_targets_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)

    def shown(target: Any) -> str:
        kind = type(target).__name__
        return f"{target.type.__name__} {target.id == made['id']}" if kind == "Object" else \
            f"{kind} {target.name}"

    made: dict[str, int] = {}

    async def targets(guild: Any) -> list[str]:
        return [f"{entry.action.name}: {shown(entry.target)}"
                async for entry in guild.audit_logs(limit=2)]

    @bot.command()
    async def expressions(ctx: Any) -> None:
        guild = ctx.guild
        update = asyncio.ensure_future(bot.wait_for("guild_emojis_update", timeout=5))
        await guild.create_custom_emoji(name="tide", image=png)
        await update
        update = asyncio.ensure_future(bot.wait_for("guild_stickers_update", timeout=5))
        sticker = await guild.create_sticker(
            name="wave", description="a wave", emoji="wave",
            file=discord.File(__import__("io").BytesIO(png), filename="s.png"))
        await update
        made["id"] = sticker.id
        held = await targets(guild)
        update = asyncio.ensure_future(bot.wait_for("guild_stickers_update", timeout=5))
        await sticker.delete()
        await update
        gone = [line async for line in _made_entry(guild)]
        await ctx.send(f"{held}\n{gone}")

    async def _made_entry(guild: Any) -> Any:
        async for entry in guild.audit_logs(action=discord.AuditLogAction.sticker_create):
            yield shown(entry.target)

    return bot


async def test_an_audit_log_entry_targets_the_emoji_or_sticker(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, audit_targets_bot, [("alice", "general", "!expressions")],
                      world=admin_world)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: ['sticker_create: GuildSticker wave', 'emoji_create: Emoji tide']\n"
        "['GuildSticker True']"]
