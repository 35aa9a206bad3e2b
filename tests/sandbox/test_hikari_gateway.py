"""A hikari GatewayBot on the sandbox: each dispatch becomes hikari's event, parsed.

hikari drops a dispatch it cannot read (logging it through asyncio's exception
handler) and the listener never hears of it: each test fails on anything hikari logs
at WARNING or above, and waits for the events it expects.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator, Callable
from typing import Any

import hikari
import pytest
from hikari.impl import special_endpoints as se

from tidecord import Embed
from tidecord.sandbox import RateLimits, Sandbox, World
from tidecord.sandbox.cdn import draw_png
from tidecord.sandbox.state import StateError

from .sandbox_peers import hikari_bot, hikari_complaints
from .test_hikari_rest import WORLD

pytestmark = [pytest.mark.timeout(30), pytest.mark.tidecord_strict(False),
              pytest.mark.sandbox(world=WORLD, rate_limits=RateLimits(routes={}))]


class Heard:
    """The events a bot heard, by hikari's class, and a way to wait for one."""

    def __init__(self) -> None:
        self.events: list[hikari.Event] = []
        self._changed = asyncio.Event()

    def add(self, event: hikari.Event) -> None:
        self.events.append(event)
        self._changed.set()

    async def wait(self, kind: type[hikari.Event],
                   check: Callable[[Any], bool] = lambda e: True) -> Any:
        """The first event of ``kind`` passing ``check`` (waiting up to 5 s for it)."""
        async def first() -> Any:
            while True:
                for event in self.events:
                    if isinstance(event, kind) and check(event):
                        return event
                self._changed.clear()
                await self._changed.wait()
        return await asyncio.wait_for(first(), 5)


@pytest.fixture
async def heard(sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Heard]:
    caplog.set_level("WARNING")
    yield Heard()
    assert hikari_complaints(caplog.records) == []


def listening(heard: Heard, also: Callable[[hikari.GatewayBot], None] | None = None
              ) -> Callable[[hikari.GatewayBot], None]:
    def setup(bot: hikari.GatewayBot) -> None:
        async def record(event: hikari.Event) -> None:
            heard.add(event)
        bot.subscribe(hikari.Event, record)
        if also is not None:
            also(bot)
    return setup


ALL = hikari.Intents.ALL  # the world grants every privileged intent


async def test_the_guild_arrives_whole(sandbox: Sandbox, heard: Heard) -> None:
    # GUILD_CREATE with a forum channel (no topic key) was dropped whole: no guild in
    # the cache, no GuildAvailableEvent.
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        available = await heard.wait(hikari.GuildAvailableEvent)
        channels = bot.cache.get_guild_channels_view_for_guild(sandbox.guild.id)
        kinds = {c.name: type(c) for c in channels.values()}
        members = bot.cache.get_members_view_for_guild(sandbox.guild.id)

    assert available.guild.name == "Hikari"
    assert kinds["forum"] is hikari.GuildForumChannel
    assert kinds["media"] is hikari.GuildMediaChannel
    assert kinds["stage"] is hikari.GuildStageChannel
    assert {m.username for m in members.values()} == {"SandboxBot", "alice", "bob", "carol"}


async def test_what_people_do_arrives(sandbox: Sandbox, heard: Heard) -> None:
    async with hikari_bot(sandbox, listening(heard), intents=ALL):
        said = await sandbox.send_message("alice", "general", "hello")
        created = await heard.wait(hikari.GuildMessageCreateEvent)
        await sandbox.edit_message("alice", said, "hello again")
        updated = await heard.wait(hikari.GuildMessageUpdateEvent)
        await sandbox.react("bob", said, "👍")
        reacted = await heard.wait(hikari.GuildReactionAddEvent)
        await sandbox.react("bob", said, "👍", remove=True)
        await heard.wait(hikari.GuildReactionDeleteEvent)
        await sandbox.typing("bob", "general")
        typing = await heard.wait(hikari.GuildTypingEvent)
        # An activity without created_at (Discord stamps each) made hikari drop it.
        await sandbox.set_presence("bob", "idle", activities=[{"name": "Chess", "type": 0}])
        presence = await heard.wait(hikari.PresenceUpdateEvent)
        await sandbox.delete_message("alice", said)
        deleted = await heard.wait(hikari.GuildMessageDeleteEvent)
        await sandbox.join("dave")
        joined = await heard.wait(hikari.MemberCreateEvent)
        await sandbox.leave("dave")
        left = await heard.wait(hikari.MemberDeleteEvent)
        dm = await sandbox.send_dm("bob", "psst")
        direct = await heard.wait(hikari.DMMessageCreateEvent)

    assert created.content == "hello" and created.author.username == "alice"
    assert updated.message.content == "hello again"
    assert (reacted.user_id, reacted.emoji_name) == (sandbox.user("bob").id, "👍")
    assert typing.user_id == sandbox.user("bob").id
    assert presence.presence.visible_status == hikari.Status.IDLE
    assert [a.name for a in presence.presence.activities] == ["Chess"]
    assert presence.presence.activities[0].created_at.year >= 2024
    assert deleted.message_id == said.id
    assert joined.member.username == "dave" and left.user.username == "dave"
    assert direct.message.id == dm.id and direct.content == "psst"


async def test_what_the_bot_does_arrives(sandbox: Sandbox, heard: Heard) -> None:
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    bob = sandbox.user("bob").id
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        rest = bot.rest
        role = await rest.create_role(gid, name="Crew")
        await heard.wait(hikari.RoleCreateEvent)
        await rest.edit_role(gid, role, name="Crew+")
        renamed = await heard.wait(hikari.RoleUpdateEvent, lambda e: e.role.id == role.id)
        await rest.add_role_to_member(gid, bob, role)
        given = await heard.wait(hikari.MemberUpdateEvent, lambda e: role.id in e.member.role_ids)
        await rest.delete_role(gid, role)
        await heard.wait(hikari.RoleDeleteEvent)
        channel = await rest.create_guild_text_channel(gid, "made")
        await heard.wait(hikari.GuildChannelCreateEvent)
        await rest.edit_channel(channel, topic="now with a topic")
        changed = await heard.wait(hikari.GuildChannelUpdateEvent)
        await rest.delete_channel(channel)
        await heard.wait(hikari.GuildChannelDeleteEvent)
        await rest.create_guild_forum_channel(gid, "ideas")
        forum = await heard.wait(hikari.GuildChannelCreateEvent,
                                 lambda e: e.channel.name == "ideas")
        thread = await rest.create_thread(general, hikari.ChannelType.GUILD_PUBLIC_THREAD, "t")
        await heard.wait(hikari.GuildThreadCreateEvent)
        await rest.add_thread_member(thread, sandbox.user("alice").id)
        await heard.wait(hikari.ThreadMembersUpdateEvent)
        await rest.edit_channel(thread, archived=True)
        archived = await heard.wait(hikari.GuildThreadUpdateEvent)
        await rest.delete_channel(thread)
        await heard.wait(hikari.GuildThreadDeleteEvent)
        await rest.ban_user(gid, bob)
        await heard.wait(hikari.BanCreateEvent)
        await rest.unban_user(gid, bob)
        await heard.wait(hikari.BanDeleteEvent)
        pinned = await rest.create_message(general, "pin me")
        await rest.pin_message(general, pinned)
        await heard.wait(hikari.GuildPinsUpdateEvent)
        await rest.create_invite(general)
        await heard.wait(hikari.InviteCreateEvent)

    assert renamed.role.name == "Crew+"
    assert given.member.id == bob
    assert changed.channel.topic == "now with a topic"
    assert isinstance(forum.channel, hikari.GuildForumChannel)
    assert archived.thread.is_archived


async def test_interactions_answered_by_hikari(sandbox: Sandbox, heard: Heard) -> None:
    # The answers' MESSAGE_CREATEs lacked what hikari reads by key in their
    # interaction_metadata (a component's interacted_message_id, a modal's
    # triggering_interaction_metadata) and were dropped; the callback's rate-limit
    # headers made hikari log an error.
    def answering(bot: hikari.GatewayBot) -> None:
        @bot.listen(hikari.InteractionCreateEvent)
        async def on_interaction(event: hikari.InteractionCreateEvent) -> None:
            i = event.interaction
            if isinstance(i, hikari.CommandInteraction) and i.command_name == "form":
                await i.create_modal_response("Form", "form", bot.rest.build_modal_action_row(
                    ).add_text_input("answer", "Your answer"))
            elif isinstance(i, hikari.CommandInteraction):
                said = ",".join(f"{o.name}={o.value}" for o in i.options or ())
                row = bot.rest.build_message_action_row().add_interactive_button(
                    hikari.ButtonStyle.PRIMARY, "again", label="Again")
                await i.create_initial_response(hikari.ResponseType.MESSAGE_CREATE,
                                                f"{i.command_name}: {said}", component=row)
                await i.execute("a follow-up")
            elif isinstance(i, hikari.ComponentInteraction):
                await i.create_initial_response(hikari.ResponseType.MESSAGE_CREATE, "clicked")
            elif isinstance(i, hikari.ModalInteraction):
                text = i.components[0].components[0].value  # type: ignore[union-attr]
                await i.create_initial_response(hikari.ResponseType.MESSAGE_CREATE, f"got {text}")

    async with hikari_bot(sandbox, listening(heard, answering)) as bot:
        app = sandbox.state.application.id
        await bot.rest.set_application_commands(app, [
            bot.rest.slash_command_builder("echo", "Says it back").add_option(
                hikari.CommandOption(type=hikari.OptionType.STRING, name="text",
                                     description="what")),
            bot.rest.slash_command_builder("form", "Asks in a modal"),
            bot.rest.context_menu_command_builder(hikari.CommandType.USER, "Poke"),
        ], sandbox.guild.id)
        echo = await sandbox.invoke_command("alice", "general", "echo", {"text": "hi"})
        await echo.wait_response()
        assert echo.original is not None
        click = await sandbox.click_button("bob", echo.original.id, "again", channel="general")
        await click.wait_response()
        poke = await sandbox.invoke_command("alice", "general", "Poke", target="bob")
        await poke.wait_response()
        form = await sandbox.invoke_command("alice", "general", "form")
        await form.wait_response()
        submitted = await sandbox.submit_modal("alice", form, {"answer": "forty-two"})
        await submitted.wait_response()
        said = [(await heard.wait(hikari.GuildMessageCreateEvent, lambda e, c=content: (
            e.content == c))).message for content in (
            "echo: text=hi", "a follow-up", "clicked", "Poke: ", "got forty-two")]

    echoed, follow_up, clicked, poked, got = said
    assert echoed.components[0].components[0].custom_id == "again"  # type: ignore[union-attr]
    assert follow_up.interaction_metadata is not None
    assert follow_up.interaction_metadata.original_response_message_id == echoed.id
    assert clicked.interaction_metadata.interacted_message_id == echoed.id  # type: ignore[union-attr]
    assert poked.interaction_metadata.target_user.username == "bob"  # type: ignore[union-attr]
    trigger = got.interaction_metadata.triggering_interaction_metadata  # type: ignore[union-attr]
    assert trigger.interaction_id == form.id
    assert sorted(m.content for m in sandbox.messages("general")) == sorted(
        [*(m.content for m in said), "a follow-up"])  # the poke's follow-up too


async def test_more_of_the_guild_arrives(sandbox: Sandbox, heard: Heard) -> None:
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    stage = sandbox.channel("stage").id
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        rest = bot.rest
        await sandbox.join_voice("alice", "voice")
        joined = await heard.wait(hikari.VoiceStateUpdateEvent)
        message = await rest.create_message(general, "react to me")
        await sandbox.react("bob", message.id, "👍")
        await sandbox.react("bob", message.id, "🎉")
        await rest.delete_all_reactions_for_emoji(general, message, "🎉")
        one_emoji = await heard.wait(hikari.GuildReactionDeleteEmojiEvent)
        await rest.delete_all_reactions(general, message)
        await heard.wait(hikari.GuildReactionDeleteAllEvent)
        doomed = [(await rest.create_message(general, f"{i}")).id for i in range(3)]
        await rest.delete_messages(general, doomed)
        bulk = await heard.wait(hikari.GuildBulkMessageDeleteEvent)
        shown = await sandbox.send_message(
            "bob", "general", "with a file", files=[("a.txt", b"hello")],
            embeds=[Embed(title="E", description="d").add_field(name="n", value="v")])
        with_file = await heard.wait(hikari.GuildMessageCreateEvent,
                                     lambda e: e.message.id == shown.id)
        poll = await rest.create_message(general, poll=hikari.impl.special_endpoints.PollBuilder(
            question_text="Tea?", allow_multiselect=False).add_answer(text="Yes").add_answer(
            text="No"))
        await sandbox.vote_poll("bob", poll.id, 1)
        vote = await heard.wait(hikari.PollVoteCreateEvent)
        start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
        event = await rest.create_stage_event(gid, stage, "Talk", start)
        await heard.wait(hikari.ScheduledEventCreateEvent)
        await sandbox.interested("bob", event.id)
        await heard.wait(hikari.ScheduledEventUserAddEvent)
        await rest.create_stage_instance(stage, topic="Live")
        live = await heard.wait(hikari.events.StageInstanceCreateEvent)
        await rest.create_sticker(gid, "wave", "wave", hikari.Bytes(draw_png("w", 320), "w.png"))
        stickers = await heard.wait(hikari.StickersUpdateEvent)
        invite = await rest.create_invite(general)
        await rest.delete_invite(invite.code)
        await heard.wait(hikari.InviteDeleteEvent)
        dm = await rest.create_dm_channel(sandbox.user("bob").id)
        await sandbox.typing("bob", dm.id)
        await heard.wait(hikari.DMTypingEvent)

    assert joined.state.channel_id == sandbox.channel("voice").id
    assert one_emoji.emoji_name == "🎉"
    assert set(bulk.message_ids) == set(doomed)
    assert with_file.message.attachments[0].filename == "a.txt"
    assert with_file.message.embeds[0].fields[0].value == "v"
    assert (vote.user_id, vote.answer_id) == (sandbox.user("bob").id, 1)
    assert live.stage_instance.topic == "Live"
    assert [s.name for s in stickers.stickers] == ["wave"]


@pytest.mark.sandbox(world=World.from_dict({
    "users": ["alice"],
    "guilds": [{"name": "Shop", "owner": "alice", "bot_permissions": ["administrator"],
                "channels": [{"name": "general"}], "members": ["alice"]}],
    "skus": ["Supporter"],
}))
async def test_entitlements_arrive(sandbox: Sandbox, heard: Heard) -> None:
    # An entitlement's owner that did not apply was sent as null (user_id or guild_id):
    # hikari reads a present key as an id, and dropped ENTITLEMENT_CREATE, and every
    # interaction of someone who owned one.
    def answering(bot: hikari.GatewayBot) -> None:
        @bot.listen(hikari.CommandInteractionCreateEvent)
        async def on_command(event: hikari.CommandInteractionCreateEvent) -> None:
            owned = [e.sku_id for e in event.interaction.entitlements]
            await event.interaction.create_initial_response(
                hikari.ResponseType.MESSAGE_CREATE, f"owns {len(owned)}")

    async with hikari_bot(sandbox, listening(heard, answering)) as bot:
        await bot.rest.set_application_commands(
            sandbox.state.application.id, [bot.rest.slash_command_builder("perks", "Perks")],
            sandbox.guild.id)
        sandbox.buy("alice", "Supporter")
        bought = await heard.wait(hikari.EntitlementCreateEvent)
        gift = await bot.rest.create_test_entitlement(
            sandbox.state.application.id, sku=bought.entitlement.sku_id,
            owner_id=sandbox.guild.id, owner_type=hikari.EntitlementOwnerType.GUILD)
        for_guild = await heard.wait(hikari.EntitlementCreateEvent,
                                     lambda e: e.entitlement.id == gift.id)
        record = await sandbox.invoke_command("alice", "general", "perks")
        await record.wait_response()

    assert bought.entitlement.user_id == sandbox.user("alice").id
    assert bought.entitlement.guild_id is None
    assert for_guild.entitlement.guild_id == sandbox.guild.id
    assert record.original is not None and record.original.content == "owns 2"


async def test_automod_the_bot_itself_and_leaving(sandbox: Sandbox, heard: Heard) -> None:
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    await sandbox.set_presence("alice", "online", activities=[{"name": "Chess", "type": 0}])
    async with hikari_bot(sandbox, listening(heard), intents=ALL) as bot:
        await bot.request_guild_members(gid, include_presences=True, nonce="all")
        chunk = await heard.wait(hikari.MemberChunkEvent, lambda e: e.nonce == "all")
        await bot.rest.create_auto_mod_rule(
            gid, name="No shouting", event_type=hikari.AutoModEventType.MESSAGE_SEND,
            trigger=se.AutoModKeywordTriggerBuilder(keyword_filter=["loud"]), enabled=True,
            actions=[se.AutoModBlockMessageActionBuilder(custom_message="Shh"),
                     se.AutoModSendAlertMessageActionBuilder(channel_id=general)])
        with pytest.raises(StateError):
            await sandbox.send_message("bob", "general", "so loud")
        tripped = await heard.wait(hikari.events.AutoModActionExecutionEvent)
        await bot.rest.edit_my_user(username="Renamed")
        renamed = await heard.wait(hikari.OwnUserUpdateEvent)
        await bot.rest.leave_guild(gid)
        left = await heard.wait(hikari.GuildLeaveEvent)

    assert len(chunk.members) == 4 and list(chunk.presences) == [sandbox.user("alice").id]
    assert (tripped.user_id, tripped.matched_keyword) == (sandbox.user("bob").id, "loud")
    assert renamed.user.username == "Renamed"
    assert left.guild_id == gid and sandbox.bot_user.id not in sandbox.state.members.get(gid, {})


async def test_guilds_come_and_go_as_hikari_reads_them(sandbox: Sandbox, heard: Heard) -> None:
    # hikari tells a guild back from an outage from one joined by GUILD_CREATE's
    # "unavailable" key alone.
    async with hikari_bot(sandbox, listening(heard), intents=ALL):
        first = await heard.wait(hikari.GuildAvailableEvent)
        await sandbox.guild_outage()
        down = await heard.wait(hikari.GuildUnavailableEvent)
        await sandbox.end_guild_outage()
        back = await heard.wait(hikari.GuildAvailableEvent, lambda e: e is not first)
        club = await sandbox.add_bot_to_guild({"name": "Book Club", "owner": "bob"})
        joined = await heard.wait(hikari.GuildJoinEvent)
        await sandbox.remove_bot_from_guild("Book Club")
        left = await heard.wait(hikari.GuildLeaveEvent)
    assert down.guild_id == back.guild_id == sandbox.guild.id
    assert joined.guild.name == "Book Club" and left.guild_id == club.id
    assert not any(isinstance(e, hikari.GuildJoinEvent) and e.guild_id == sandbox.guild.id
                   for e in heard.events)
