"""discord.py's public names that bots reach for, on the objects tidecord hands them:
each name here was missing (or took fewer keywords) and is compared with discord.py
2.7.1 on the sandbox."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import datetime
from typing import Any

import discord as dpy
import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from ..ext.hybrid_parity import Click, Say, transcripts
from ..ext.parity import Do, both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def shades_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def soon(event: str, name: str) -> Any:
        # the cache learns the role from the gateway: wait for it before reading it
        return asyncio.ensure_future(bot.wait_for(
            event, check=lambda *roles: roles[-1].name == name, timeout=5))

    def shown(role: Any) -> str:
        return (f"{role.colour.value:06x} {role.secondary_colour} {role.tertiary_color} "
                f"{role.display_icon}")

    @bot.command()
    async def gradient(ctx: Any) -> None:
        made = soon("guild_role_create", "Sunset")
        role = await ctx.guild.create_role(name="Sunset", colour=0x112233,
                                           secondary_colour=discord.Colour(0x445566),
                                           display_icon="🔥")
        cached = await made
        await ctx.send(f"made {shown(role)} / cached {shown(cached)}")
        changed = soon("guild_role_update", "Sunset")
        role = await role.edit(secondary_color=0x778899, tertiary_colour=0x0A0B0C,
                               colour=0x010203, display_icon="🌊")
        _, cached = await changed
        await ctx.send(f"edited {shown(role)} / cached {shown(cached)}")
        changed = soon("guild_role_update", "Sunset")
        role = await role.edit(secondary_colour=None, tertiary_color=None)
        await changed
        await ctx.send(f"plain {shown(role)}")

    return bot


async def test_a_role_made_and_edited_with_a_gradient_and_an_icon(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, shades_bot, [("alice", "general", "!gradient", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == ("#general: made 112233 #445566 None 🔥 / "
                                   "cached 112233 #445566 None 🔥")


def left_out_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def unsent(ctx: Any) -> None:
        # what Discord did not send reads None, so ``is None`` tests work
        message = ctx.message
        lines = [f"nonce={message.nonce} application_id={message.application_id}"]
        for role in ctx.guild.roles:
            tags = role.tags
            if tags is None:
                lines.append(f"{role.name}: no tags")
                continue
            lines.append(
                f"{role.name}: bot={tags.bot_id == bot.user.id} {tags.is_bot_managed()} "
                f"integration={tags.integration_id} {tags.is_integration()} "
                f"listing={tags.subscription_listing_id} "
                f"booster={tags.is_premium_subscriber()} "
                f"for sale={tags.is_available_for_purchase()} "
                f"linked={tags.is_guild_connection()}")
        await ctx.send("\n".join(lines))

    return bot


async def test_what_discord_left_out_reads_none(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, left_out_bot, [("alice", "general", "!unsent")])
    assert said["tidecord"] == said["discord.py"]
    assert "nonce=None application_id=None" in said["tidecord"][0]
    assert "SandboxBot: bot=True True integration=None False" in said["tidecord"][0]


def guild_reads_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def reads(ctx: Any) -> None:
        guild = ctx.guild
        locale = guild.preferred_locale
        top = guild.roles[-1]
        await ctx.send(
            f"locale={locale!r} {locale == discord.Locale.american_english} "
            f"{locale.value} {locale}\n"
            f"roles: everyone at {guild.roles.index(guild.default_role)}, "
            f"top at {guild.roles.index(top)}, {guild.roles.count(top)}\n"
            f"channels: here at {guild.channels.index(ctx.channel)}, "
            f"members: {guild.members.count(ctx.author)}, voice: {ctx.voice_client}")

    return bot


async def test_a_guild_reads_its_locale_and_sequences_as_discord_py(sandbox_factory: Any
                                                                     ) -> None:
    said = await both(sandbox_factory, guild_reads_bot, [("alice", "general", "!reads")])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0].startswith(
        "#general: locale=<Locale.american_english: 'en-US'> True en-US en-US\n")


def read_as_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def kinds(ctx: Any) -> None:
        role = discord.utils.get(ctx.guild.roles, name="Moderator")
        forum = await ctx.guild.create_forum(name="answers")
        await ctx.send(f"{role.color} {role.color.value} {role.color == role.colour} "
                       f"{type(role.color).__name__}\n"
                       f"{forum.default_auto_archive_duration}")

    return bot


async def test_a_roles_color_and_a_forums_archive_default_read_as_discord_py(
        sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, read_as_bot, [("alice", "general", "!kinds")])
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"][0] == "#general: #3498db 3447003 True Colour\n1440"


def row_decorators_bot(discord: Any, commands: Any) -> Any:
    ui = discord.ui
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    class Board(ui.LayoutView):  # type: ignore[misc]
        title = ui.TextDisplay("Board")
        row = ui.ActionRow()

        @row.button(label="Count", style=discord.ButtonStyle.primary)
        async def count(self, interaction: Any, button: Any) -> None:
            self.presses += 1
            await interaction.response.send_message(
                f"{type(self).__name__} {button.label} {self.presses} "
                f"in row: {button in self.row.children}")

        sizes = ui.ActionRow()

        @sizes.select(placeholder="size", options=[discord.SelectOption(label="S"),
                                                 discord.SelectOption(label="L")])
        async def size(self, interaction: Any, select: Any) -> None:
            await interaction.response.defer()

        def __init__(self) -> None:
            super().__init__()
            self.presses = 0

    @bot.command()
    async def board(ctx: Any) -> None:
        view = Board()
        kinds = [type(c).__name__ for c in [*view.row.children, *view.sizes.children]]
        await ctx.send(view=view)
        await ctx.send(f"row holds {kinds}, top level {len(view.children)}")

    return bot


async def test_buttons_and_selects_written_with_a_rows_own_decorators(
        sandbox_factory: Any) -> None:
    said = await transcripts(sandbox_factory, row_decorators_bot,
                             [Say("alice", "general", "!board", 2), Click("alice", "Count"),
                              Click("alice", "Count")])
    assert said["tidecord"] == said["discord.py"]
    assert "Board Count 2 in row: True" in str(said["tidecord"][2])


@pytest.mark.parametrize("data", [
    {"application_id": 1234, "assets": {"large_image": "logo", "small_image": "mp:external/x/y.png",
                                        "large_text": "big"}},
    {"assets": {"large_image": "logo"}},  # no application: no URL for an art asset
    {"application_id": "99", "assets": {}},
    {"name": "nothing"},
])
def test_an_activitys_image_urls_as_discord_py(data: dict[str, Any]) -> None:
    ours, theirs = tidecord.Activity(**data), dpy.Activity(**data)
    for name in ("large_image_url", "small_image_url", "large_image_text", "small_image_text"):
        assert getattr(ours, name) == getattr(theirs, name), name


def stage_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice"}, {"username": "bob"}, {"username": "carol"}],
        "guilds": [{"name": "Stages", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "mute_members",
                                        "move_members", "manage_channels"],
                    "channels": [{"name": "general"}, {"name": "Town Hall", "type": 13}],
                    "members": ["alice", "bob", "carol"]}],
    })


def stage_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None)

    def names(members: Any) -> str:
        return ",".join(sorted(m.name for m in members)) or "-"

    @bot.command()
    async def stage(ctx: Any) -> None:
        hall = discord.utils.get(ctx.guild.stage_channels, name="Town Hall")
        await ctx.send(f"speakers {names(hall.speakers)} listeners {names(hall.listeners)} "
                       f"hands {names(hall.requesting_to_speak)} "
                       f"moderators {names(hall.moderators)}")

    return bot


async def _gather_on_stage(sb: Sandbox) -> None:
    for person in ("alice", "bob", "carol"):
        await sb.join_voice(person, "Town Hall")
    hall = sb.state.channel("Town Hall")
    guild_id = int(hall.guild_id)
    # alice comes up to speak; carol raises her hand
    sb.state.set_voice(guild_id, sb.state.user("alice").id, hall.id, suppress=False)
    sb.state.set_voice(guild_id, sb.state.user("carol").id, hall.id,
                       request_to_speak_timestamp=sb.state.now_iso())


async def test_who_is_on_a_stage_as_discord_py_reads_it(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, stage_bot,
                      [Do(_gather_on_stage), ("alice", "general", "!stage")],
                      world=stage_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == [
        "#general: speakers alice listeners bob,carol hands carol moderators alice"]


def test_a_media_gallery_edited_as_discord_py() -> None:
    def edited(ui: Any) -> Any:
        gallery = ui.MediaGallery()
        gallery.add_item(media="https://example.com/a.png")
        gallery.add_item(media="https://example.com/b.png", spoiler=True)
        gallery.insert_item_at(0, media="attachment://c.png", description="first")
        gallery.remove_item(gallery.items[1])
        shown = gallery.to_component_dict()
        emptied = gallery.clear_items().to_component_dict()
        return shown, emptied

    assert edited(tidecord.ui) == edited(dpy.ui)


def thread_members_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def crew(ctx: Any) -> None:
        thread = await ctx.channel.create_thread(name="crew",
                                                 type=discord.ChannelType.public_thread)
        await thread.add_user(ctx.author)
        members = await thread.fetch_members()
        await ctx.send(", ".join(f"{m.id == ctx.author.id}:{m.parent == thread}"
                                 for m in members if m.id == ctx.author.id))

    return bot


async def test_a_thread_members_parent_is_its_thread(sandbox_factory: Any) -> None:
    # making the thread and adding alice post notices in the bot's name: 3 messages
    said = await both(sandbox_factory, thread_members_bot, [("alice", "general", "!crew", 3)])
    assert said["tidecord"] == said["discord.py"]
    assert "#general: True:True" in said["tidecord"]


def event_invites_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def shown(invite: Any, event: Any) -> str:
        found = invite.scheduled_event
        return (f"{invite.scheduled_event_id == event.id} "
                f"{found.name if found is not None else None} "
                f"{invite.url == f'https://discord.gg/{invite.code}?event={event.id}'} "
                f"{invite.revoked} {invite.target_application}")

    @bot.command()
    async def meetup(ctx: Any) -> None:
        start = discord.utils.utcnow() + datetime.timedelta(days=1)
        event = await ctx.guild.create_scheduled_event(
            name="Meetup", start_time=start, end_time=start + datetime.timedelta(hours=1),
            entity_type=discord.EntityType.external, location="park",
            privacy_level=discord.PrivacyLevel.guild_only)
        invite = await ctx.channel.create_invite()
        plain = await bot.fetch_invite(invite.code)
        by_id = await bot.fetch_invite(invite.code, scheduled_event_id=event.id)
        by_link = await bot.fetch_invite(f"https://discord.gg/{invite.code}?event={event.id}")
        invite.set_scheduled_event(event)
        await ctx.send(f"plain {plain.scheduled_event_id} {plain.scheduled_event}\n"
                       f"by id {shown(by_id, event)}\nby link {shown(by_link, event)}\n"
                       f"set {shown(invite, event)}")

    return bot


def events_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice"}],
        "guilds": [{"name": "Events", "owner": "alice",
                    "bot_permissions": ["view_channel", "send_messages", "create_instant_invite",
                                        "manage_events", "create_events"],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2}],
                    "members": ["alice"]}],
    })


async def test_an_invite_to_a_scheduled_event(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, event_invites_bot, [("alice", "general", "!meetup")],
                      world=events_world)
    assert said["tidecord"] == said["discord.py"]
    assert said["tidecord"] == ["#general: plain None None\nby id True Meetup True None None\n"
                                "by link True Meetup True None None\n"
                                "set True Meetup True None None"]


def test_layout_reads_as_discord_py() -> None:
    def read(ui: Any) -> Any:
        button = ui.Button(label="go", custom_id="go", id=7)
        section = ui.Section("one", ui.TextDisplay("three", id=3), accessory=button)
        box = ui.Container(ui.TextDisplay("hello"), section)
        view = ui.LayoutView()
        view.add_item(ui.TextDisplay("top"))
        view.add_item(box)
        shown = ui.File("attachment://report.txt")
        before = shown.url
        shown.url = "attachment://other.txt"
        found = section.find_item(7)
        return (section.content_length(), box.content_length(), view.content_length(),
                ui.ActionRow(ui.Button(label="x")).content_length(), before, shown.url,
                found.label if found is not None else None, section.find_item(3).content,
                section.find_item(99))

    assert read(tidecord.ui) == read(dpy.ui)
    assert read(tidecord.ui)[:5] == (8, 13, 16, 0, "attachment://report.txt")


def test_a_webhooks_default_avatar_as_discord_py() -> None:
    url = f"https://discord.com/api/webhooks/1234567890123456789/{'t' * 68}"
    theirs = dpy.SyncWebhook.from_url(url)
    ours = tidecord.SyncWebhook.from_url(url)
    assert ours.default_avatar.url == theirs.default_avatar.url
    assert ours.display_avatar.url == theirs.display_avatar.url


def test_a_registered_choice_reads_its_localizations() -> None:
    data = {"name": "Apple", "value": "apple", "name_localizations": {"fr": "Pomme"}}
    for app_commands in (tidecord.app_commands, dpy.app_commands):
        made = app_commands.Choice(name="Pear", value="pear")
        read = app_commands.Choice.from_dict(data)
        assert made.name_localizations == {}
        assert (read.name, read.value) == ("Apple", "apple")
        # discord.py keys them by Locale, tidecord by code (as AppCommand's own)
        assert {str(k): v for k, v in read.name_localizations.items()} == {"fr": "Pomme"}


def guest_invites_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def guests(ctx: Any) -> None:
        lounge = discord.utils.get(ctx.guild.voice_channels, name="Lounge")
        guest = await lounge.create_invite(guest=True)
        member = await lounge.create_invite()
        fetched = await bot.fetch_invite(guest.code)
        await ctx.send(f"{guest.flags.guest} {member.flags.guest} {fetched.flags.guest}")

    return bot


async def test_a_guest_invite(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, guest_invites_bot, [("alice", "general", "!guests")],
                      world=events_world)
    assert said["tidecord"] == said["discord.py"] == ["#general: True False True"]


def colours_world() -> World:
    # "Plain" (no colour) is listed after, so above, "Painted"
    return World.from_dict({
        "users": [{"username": "alice"}, {"username": "bob"}],
        "guilds": [{"name": "Colours", "owner": "alice",
                    "roles": [{"name": "Painted", "color": 0xFF0000}, {"name": "Plain"}],
                    "channels": [{"name": "general"}],
                    "members": ["alice", {"user": "bob", "roles": ["Painted", "Plain"]}]}],
    })


def colour_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def colours(ctx: Any) -> None:
        bob = discord.utils.get(ctx.guild.members, name="bob")
        top = bob.top_role
        await ctx.send(f"bob {bob.colour} {bob.color} top {top.name} {top.color} "
                       f"{bool(top.color)} alice {ctx.author.colour}")

    return bot


async def test_a_members_colour_skips_roles_without_one(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, colour_bot, [("alice", "general", "!colours")],
                      world=colours_world)
    assert said["tidecord"] == said["discord.py"] == [
        "#general: bob #ff0000 #ff0000 top Plain #000000 True alice #000000"]
