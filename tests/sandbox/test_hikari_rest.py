"""hikari's REST client, pointed at the sandbox by URL alone, reads every answer.

hikari's entity factory reads fields by key: a field Discord always sends and the
sandbox leaves out is a KeyError here. Each test also fails on anything hikari logs at
WARNING or above (a header it did not expect, a 429 it ran into), and checks that the
sandbox holds what the call asked for.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

import hikari
import pytest
from hikari.impl import special_endpoints as se

from tidecord.sandbox import RateLimits, Sandbox, World
from tidecord.sandbox.cdn import draw_png

from .sandbox_peers import hikari_complaints, hikari_rest

# Every channel kind, and room for the moderation calls; loose limits keep it quick
# (hikari waits out a bucket rather than fail, which only costs time).
WORLD = World.from_dict({
    "users": ["alice", "bob", "carol"],
    "guilds": [{
        "name": "Hikari", "owner": "alice", "bot_permissions": ["administrator"],
        "roles": [{"name": "@everyone", "permissions": [
            "view_channel", "send_messages", "read_message_history", "add_reactions",
            "attach_files", "embed_links"]},
            {"name": "Mod", "permissions": ["kick_members"]}],
        "channels": [{"name": "Text", "type": 4},
                     {"name": "general", "parent": "Text"},
                     {"name": "news", "type": 5},
                     {"name": "voice", "type": 2},
                     {"name": "stage", "type": 13},
                     {"name": "forum", "type": 15},
                     {"name": "media", "type": 16}],
        "members": ["alice", "bob", "carol"],
        "emojis": ["party"],
    }],
})
pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False),
              pytest.mark.sandbox(world=WORLD, rate_limits=RateLimits(routes={}))]


@pytest.fixture
async def rest(sandbox: Sandbox, caplog: pytest.LogCaptureFixture
               ) -> AsyncIterator[hikari.impl.RESTClientImpl]:
    caplog.set_level("WARNING")
    async with hikari_rest(sandbox) as client:
        yield client
    assert hikari_complaints(caplog.records) == []


async def test_who_and_where_the_bot_is(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    gid = sandbox.guild.id
    me = await rest.fetch_my_user()
    app = await rest.fetch_application()
    guilds = await rest.fetch_my_guilds()
    guild = await rest.fetch_guild(gid)
    roles = await rest.fetch_roles(gid)
    members = await rest.fetch_members(gid)
    found = await rest.search_members(gid, "ali")
    alice = await rest.fetch_member(gid, sandbox.user("alice").id)

    assert me.id == sandbox.bot_user.id and me.is_bot
    assert app.id == sandbox.state.application.id and app.owner.username == "alice"
    assert [g.id for g in guilds] == [gid]
    assert guild.name == "Hikari" and guild.owner_id == sandbox.user("alice").id
    assert {r.name for r in roles} >= {"@everyone", "Mod"}
    assert {m.username for m in members} == {"SandboxBot", "alice", "bob", "carol"}
    assert [m.username for m in found] == ["alice"]
    assert alice.username == "alice" and alice.guild_id == gid


async def test_every_channel_kind_reads(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    # A forum or media channel without a topic was sent without the key (hikari reads
    # it by key: KeyError 'topic', here and in GUILD_CREATE).
    gid = sandbox.guild.id
    kinds = {c.name: type(c) for c in await rest.fetch_guild_channels(gid)}
    forum = await rest.create_guild_forum_channel(gid, "made-forum")
    thread = await rest.create_thread(sandbox.channel("general").id,
                                      hikari.ChannelType.GUILD_PUBLIC_THREAD, "chat")
    for name in ("general", "news", "voice", "stage", "forum", "media", "Text"):
        fetched = await rest.fetch_channel(sandbox.channel(name).id)
        assert type(fetched) is kinds[name]
    fetched_forum = await rest.fetch_channel(forum.id)
    fetched_thread = await rest.fetch_channel(thread.id)

    assert kinds == {
        "Text": hikari.GuildCategory, "general": hikari.GuildTextChannel,
        "news": hikari.GuildNewsChannel, "voice": hikari.GuildVoiceChannel,
        "stage": hikari.GuildStageChannel, "forum": hikari.GuildForumChannel,
        "media": hikari.GuildMediaChannel,
    }
    assert isinstance(fetched_forum, hikari.GuildForumChannel) and fetched_forum.topic is None
    assert fetched_forum.available_tags == [] and fetched_forum.rate_limit_per_user.seconds == 0
    assert isinstance(fetched_thread, hikari.GuildPublicThread)
    assert fetched_thread.parent_id == sandbox.channel("general").id
    assert sandbox.state.channels[forum.id].type == 15


async def test_a_message_with_everything(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    general = sandbox.channel("general").id
    said = await sandbox.send_message("alice", "general", "ping")
    row = rest.build_message_action_row().add_interactive_button(
        hikari.ButtonStyle.PRIMARY, "go", label="Go")
    sent = await rest.create_message(
        general, "@everyone look", embed=hikari.Embed(title="T", description="d").add_field(
            "k", "v"), attachment=hikari.Bytes(b"hello", "hello.txt"), component=row,
        reply=said.id, mentions_everyone=False)
    edited = await rest.edit_message(general, sent, "changed")
    stored = sandbox.state.messages[general][sent.id]

    assert sent.embeds[0].title == "T" and sent.embeds[0].fields[0].value == "v"
    assert sent.attachments[0].filename == "hello.txt"
    assert await sent.attachments[0].read() == b"hello"
    assert sent.components[0].components[0].custom_id == "go"
    assert sent.referenced_message is not None and sent.referenced_message.id == said.id
    assert sent.type == hikari.MessageType.REPLY and not sent.mentions_everyone
    assert edited.content == "changed" and edited.edited_timestamp is not None
    assert stored.content == "changed" and stored.mention_everyone is False
    assert stored.embeds[0].title == "T" and stored.attachments[0].filename == "hello.txt"


async def test_history_pages_and_deletes(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    general = sandbox.channel("general").id
    ids = [(await rest.create_message(general, f"m{i}")).id for i in range(7)]
    newest_first = [m.id for m in await rest.fetch_messages(general)]
    before = [m.id for m in await rest.fetch_messages(general, before=ids[5]).limit(3)]
    after = [m.id for m in await rest.fetch_messages(general, after=ids[1])]
    # hikari asks for 100 around the message (all seven, newest first), then around the
    # page's last: never ending, as on Discord, without a limit.
    around = [m.id for m in await rest.fetch_messages(general, around=ids[3]).limit(7)]
    one = await rest.fetch_message(general, ids[0])
    await rest.delete_messages(general, ids[:3])
    await rest.delete_message(general, ids[3])

    assert newest_first == ids[::-1]
    assert before == [ids[4], ids[3], ids[2]]
    assert after == ids[2:]  # hikari turns the oldest-first page around
    assert around == ids[::-1]
    assert one.content == "m0"
    assert list(sandbox.state.messages[general]) == ids[4:]


async def test_reactions_and_pins(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    general = sandbox.channel("general").id
    message = await rest.create_message(general, "react here")
    await rest.add_reaction(general, message, "👍")
    await sandbox.react("bob", message, "👍")
    reactors = [u.username for u in await rest.fetch_reactions_for_emoji(general, message, "👍")]
    kept = len(sandbox.state.reactors[message.id, "👍"])
    await rest.delete_all_reactions(general, message)
    await rest.pin_message(general, message)
    pins = await rest.fetch_pins(general)

    assert sorted(reactors) == ["SandboxBot", "bob"]
    assert kept == 2 and sandbox.state.reactors.get((message.id, "👍"), []) == []
    assert [p.message.id for p in pins] == [message.id]
    assert message.id in sandbox.state.pins[general]


async def test_threads(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    # The thread-members route ignored ``after`` and ``limit``: hikari's iterator,
    # which pages until an empty page, asked forever.
    general = sandbox.channel("general").id
    starter = await rest.create_message(general, "start here")
    from_message = await rest.create_message_thread(general, starter, "from a message")
    plain = await rest.create_thread(general, hikari.ChannelType.GUILD_PUBLIC_THREAD, "plain")
    await rest.join_thread(from_message)
    await rest.add_thread_member(plain, sandbox.user("alice").id)
    await rest.add_thread_member(plain, sandbox.user("bob").id)
    active = {t.id for t in await rest.fetch_active_threads(sandbox.guild.id)}
    members = [m.user_id for m in await asyncio.wait_for(rest.fetch_thread_members(plain), 5)]
    later = [m.user_id for m in await asyncio.wait_for(rest.fetch_thread_members(
        plain, after=sandbox.user("alice").id), 5)]

    assert from_message.id == starter.id
    assert active == {from_message.id, plain.id}
    everyone = sorted([sandbox.bot_user.id, sandbox.user("alice").id, sandbox.user("bob").id])
    assert members == everyone
    assert later == [u for u in everyone if u > sandbox.user("alice").id]
    assert set(sandbox.state.thread_members[plain.id]) == set(everyone)


async def test_roles_and_moderation(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    gid = sandbox.guild.id
    bob, carol = sandbox.user("bob").id, sandbox.user("carol").id
    role = await rest.create_role(gid, name="Helpers", color=0x00FF00, hoist=True)
    role = await rest.edit_role(gid, role, name="Helpers+")
    await rest.add_role_to_member(gid, bob, role)
    spam = await sandbox.send_message("bob", "general", "buy now")  # before his timeout
    until = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)
    bobby = await rest.edit_member(gid, bob, nickname="bobby", communication_disabled_until=until)
    had_role = role.id in sandbox.state.members[gid][bob].roles
    await rest.delete_role(gid, role)
    await rest.kick_user(gid, carol, reason="spam")
    await rest.ban_user(gid, bob, delete_message_seconds=3600, reason="more spam")
    bans = await rest.fetch_bans(gid)
    await rest.unban_user(gid, bob)

    assert role.name == "Helpers+" and role.color == 0x00FF00 and role.is_hoisted
    assert had_role and role.id not in sandbox.state.roles[gid]
    assert bobby.nickname == "bobby" and bobby.communication_disabled_until() is not None
    assert [(b.user.id, b.reason) for b in bans] == [(bob, "more spam")]
    assert sandbox.state.bans[gid] == {}
    assert spam.id not in sandbox.state.messages[sandbox.channel("general").id]  # purged
    assert set(sandbox.state.members[gid]) == {sandbox.bot_user.id, sandbox.user("alice").id}


async def test_channels_made_changed_and_deleted(sandbox: Sandbox,
                                                 rest: hikari.api.RESTClient) -> None:
    gid, alice = sandbox.guild.id, sandbox.user("alice").id
    channel = await rest.create_guild_text_channel(gid, "made", topic="at first")
    changed = await rest.edit_channel(channel, name="remade", topic="later",
                                      rate_limit_per_user=5)
    await rest.edit_permission_overwrite(
        channel, alice, target_type=hikari.PermissionOverwriteType.MEMBER,
        allow=hikari.Permissions.SEND_MESSAGES, deny=hikari.Permissions.ADD_REACTIONS)
    overwrite = sandbox.state.channels[channel.id].permission_overwrites[0]
    await rest.delete_channel(channel)

    assert isinstance(changed, hikari.GuildTextChannel)
    assert (changed.name, changed.topic, changed.rate_limit_per_user.seconds) == (
        "remade", "later", 5)
    assert (int(overwrite.id), overwrite.type) == (alice, 1)
    assert channel.id not in sandbox.state.channels


async def test_webhooks_invites_emojis_and_the_audit_log(
        sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    hook = await rest.create_webhook(general, "Hook")
    assert hook.token is not None
    posted = await rest.execute_webhook(hook, hook.token, "from the hook", username="Hooked")
    hooks = await rest.fetch_channel_webhooks(general)
    invite = await rest.create_invite(general, max_age=600, max_uses=3)
    fetched = await rest.fetch_invite(invite.code)
    emoji = await rest.create_emoji(gid, "smiley", hikari.Bytes(draw_png("s", 16), "s.png"))
    emojis = {e.name for e in await rest.fetch_guild_emojis(gid)}
    await rest.trigger_typing(general)
    log = [entry for page in await rest.fetch_audit_log(gid) for entry in page.entries.values()]

    assert posted.author.username == "Hooked" and posted.webhook_id == hook.id
    assert [h.id for h in hooks] == [hook.id]
    assert fetched.code == invite.code and fetched.channel_id == general
    assert invite.max_uses == 3 and sandbox.state.invites[invite.code].max_uses == 3
    assert emojis == {"party", "smiley"} and emoji.id in {int(e.id) for e in
                                                        sandbox.state.guilds[gid].emojis}
    actions = {e.action_type for e in log}
    assert {hikari.AuditLogEventType.WEBHOOK_CREATE, hikari.AuditLogEventType.INVITE_CREATE,
            hikari.AuditLogEventType.EMOJI_CREATE} <= actions


async def test_application_commands(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    app = sandbox.state.application.id
    gid = sandbox.guild.id
    made = await rest.set_application_commands(app, [
        rest.slash_command_builder("ping", "Answers pong").add_option(hikari.CommandOption(
            type=hikari.OptionType.STRING, name="text", description="what to say")),
        rest.context_menu_command_builder(hikari.CommandType.USER, "Greet"),
    ], gid)
    hello = await rest.create_slash_command(app, "hello", "Says hello")
    global_ = await rest.fetch_application_commands(app)
    local = await rest.fetch_application_commands(app, gid)

    assert [c.name for c in made] == ["ping", "Greet"]
    assert [c.name for c in global_] == ["hello"] and global_[0].id == hello.id
    assert {c.name for c in local} == {"ping", "Greet"}
    assert {c.name for c in sandbox.state.commands.values()} == {"ping", "Greet", "hello"}


async def test_regions_and_sticker_packs(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    # The regions routes were missing (404), and the sticker packs wanted the token
    # hikari does not send there (401): Discord answers both.
    regions = await rest.fetch_voice_regions()
    guild_regions = await rest.fetch_guild_voice_regions(sandbox.guild.id)
    packs = await rest.fetch_available_sticker_packs()

    assert [r.id for r in guild_regions] == [r.id for r in regions]
    assert "us-east" in {r.id for r in regions} and sum(r.is_optimal_location for r in regions) == 1
    assert packs and all(p.stickers for p in packs)


async def test_following_an_announcement_channel(sandbox: Sandbox,
                                                 rest: hikari.api.RESTClient) -> None:
    # POST /channels/{id}/followers was missing (404): hikari's follow_channel and
    # discord.py's TextChannel.follow could not follow, and nothing was delivered.
    news, general = sandbox.channel("news").id, sandbox.channel("general").id
    follow = await rest.follow_channel(news, general)
    hooks = await rest.fetch_channel_webhooks(general)
    announced = await rest.create_message(news, "Release day")
    await rest.crosspost_message(news, announced)
    delivered = (await rest.fetch_messages(general).limit(1))[0]

    assert (follow.channel_id, follow.webhook_id) == (news, hooks[0].id)
    assert isinstance(hooks[0], hikari.ChannelFollowerWebhook)
    assert hooks[0].source_channel is not None and hooks[0].source_channel.id == news
    assert hooks[0].source_guild is not None and hooks[0].source_guild.name == "Hikari"
    assert delivered.content == "Release day" and delivered.webhook_id == follow.webhook_id
    assert delivered.flags & hikari.MessageFlag.IS_CROSSPOST
    assert delivered.message_reference is not None
    assert delivered.message_reference.id == announced.id
    assert delivered.message_reference.channel_id == news
    assert sandbox.state.webhooks[follow.webhook_id].type == 2


async def test_a_components_v2_layout(sandbox: Sandbox, rest: hikari.api.RESTClient) -> None:
    # A separator sent without its spacing came back without it (Discord fills in its
    # defaults): hikari read it by key, and failed the send and the MESSAGE_CREATE.
    layout = se.ContainerComponentBuilder(accent_color=0x5865F2)
    layout.add_component(se.TextDisplayComponentBuilder(content="# Release"))
    layout.add_component(se.SeparatorComponentBuilder())
    gallery = se.MediaGalleryComponentBuilder()
    gallery.add_media_gallery_item(hikari.Bytes(draw_png("g", 16), "g.png"))
    layout.add_component(gallery)
    sent = await rest.create_message(sandbox.channel("general").id, components=[layout],
                                     flags=hikari.MessageFlag.IS_COMPONENTS_V2)
    stored = sandbox.state.messages[sandbox.channel("general").id][sent.id].components

    container = sent.components[0]
    assert isinstance(container, hikari.components.ContainerComponent)
    separator = container.components[1]
    assert isinstance(separator, hikari.components.SeparatorComponent)
    assert separator.spacing == hikari.components.SpacingType.SMALL and separator.divider
    assert not container.is_spoiler and container.accent_color == 0x5865F2
    assert stored[0].components[1].spacing == 1  # type: ignore[index]
    assert stored[0].components[2].items[0].spoiler is False  # type: ignore[index]
