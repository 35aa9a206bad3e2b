"""One of each object a bot meets, collected by the same bot on tidecord and on
discord.py 2.7.1 (each against its own sandbox of one world), so that what each
library's objects offer can be compared object by object, not class by class: a
tidecord ``TextChannel`` is an isinstance-only name for one concrete channel class,
and a ui item sets its attributes per instance.

``specimens_bot`` keeps what it meets in ``bot.specimens`` (name -> object) and what
it could not make in ``bot.failures``; ``collect`` drives it: a prefix command that
makes and fetches things, people doing things (raw events), a DM, a slash command,
a button click.
"""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
import contextlib
import datetime
import io
import traceback
from typing import Any

from tidecord.sandbox import Sandbox, StateError, World

from ..proof.harness import custom_id

__all__ = ["collect", "sharded_bot", "specimens_bot", "specimens_world", "until"]

# A file's header is all the sandbox checks of a sticker's, an emoji's or a sound's.
_STICKER = b"\x89PNG\r\n\x1a\n" + bytes(64)
_MP3 = b"ID3\x04\x00\x00" + bytes(32)


def specimens_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}, "bob", "carol"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
            "roles": [{"name": "Helper"}],
            "channels": [{"name": "Text", "type": 4},
                         {"name": "general", "parent": "Text", "topic": "chat"},
                         {"name": "news", "type": 5},
                         {"name": "Lounge", "type": 2, "parent": "Text"},
                         {"name": "Stage", "type": 13},
                         {"name": "forum", "type": 15}],
            "emojis": ["party"],
            "members": [{"user": "alice", "nick": "Al", "roles": ["Helper"]}, "bob", "carol"],
        }],
        "skus": ["Premium"],
    })


def _local_objects(discord: Any, commands: Any) -> dict[str, Any]:
    """What a bot makes for itself, without Discord."""
    ui, app_commands = discord.ui, discord.app_commands
    option = discord.SelectOption(label="x")
    return {
        "colour": discord.Colour(0x123456), "object": discord.Object(id=123),
        "overwrite": discord.PermissionOverwrite(send_messages=False),
        "embed": discord.Embed(title="t").add_field(name="a", value="b"),
        "file": discord.File(io.BytesIO(b"x"), filename="a.txt"),
        "allowed_mentions": discord.AllowedMentions(everyone=False),
        "intents": discord.Intents.default(), "select_option": option,
        "activity": discord.Activity(type=discord.ActivityType.playing, name="x"),
        "game": discord.Game(name="x"), "custom_activity": discord.CustomActivity(name="x"),
        "partial_emoji": discord.PartialEmoji.from_str("<:a:123456789012345678>"),
        "button": ui.Button(label="x"), "select": ui.Select(options=[option]),
        "user_select": ui.UserSelect(), "role_select": ui.RoleSelect(),
        "channel_select": ui.ChannelSelect(), "mentionable_select": ui.MentionableSelect(),
        "text_input": ui.TextInput(label="x"), "view": ui.View(),
        "layout_view": ui.LayoutView(), "modal": ui.Modal(title="x"),
        "action_row": ui.ActionRow(ui.Button(label="x")),
        "container": ui.Container(ui.TextDisplay("x")),
        "section": ui.Section("x", accessory=ui.Button(label="x")),
        "text_display": ui.TextDisplay("x"),
        "thumbnail": ui.Thumbnail("https://example.com/a.png"),
        "media_gallery": ui.MediaGallery(), "separator": ui.Separator(),
        "ui_file": ui.File("attachment://a.txt"),
        "label": ui.Label(text="x", component=ui.TextInput()),
        "app_command_choice": app_commands.Choice(name="a", value=1),
        "app_group": app_commands.Group(name="grp", description="g"),
        "cooldown": commands.Cooldown(1, 5.0),
        "cooldown_mapping": commands.CooldownMapping.from_cooldown(
            1, 5.0, commands.BucketType.user),
        "paginator": commands.Paginator(), "default_help": commands.DefaultHelpCommand(),
        "minimal_help": commands.MinimalHelpCommand(),
    }


def specimens_bot(discord: Any, commands: Any) -> Any:
    app_commands, ui = discord.app_commands, discord.ui
    tasks = __import__(f"{discord.__name__}.ext.tasks", fromlist=["loop"])
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None)
    found: dict[str, Any] = {}
    failures: dict[str, str] = {}
    bot.specimens, bot.failures = found, failures

    async def keep(name: str, make: Any) -> Any:
        try:
            value = make() if callable(make) else make
            found[name] = await value if asyncio.iscoroutine(value) else value
        except Exception as exc:  # written down, so the test names what failed
            where = traceback.extract_tb(exc.__traceback__)[-1]
            failures[name] = f"{type(exc).__name__}: {exc} ({where.name}:{where.lineno})"
        return found.get(name)

    class Stuff(commands.Cog):  # type: ignore[misc]
        @commands.command()
        async def cogged(self, ctx: Any) -> None:
            pass

    @tasks.loop(seconds=60)
    async def every_minute() -> None:
        pass

    zone = app_commands.Group(name="zone", description="zones")

    @zone.command(description="a sub")
    async def inner(interaction: Any, n: int) -> None:
        pass

    bot.tree.add_command(zone)

    @bot.tree.context_menu(name="Look")
    async def look(interaction: Any, member: discord.Member) -> None:
        pass

    @bot.tree.command(description="probe")
    async def poke(interaction: Any, who: str = "x") -> None:
        found.update({"interaction": interaction, "interaction.response": interaction.response,
                      "interaction.followup": interaction.followup,
                      "namespace": interaction.namespace, "app_command": interaction.command})
        await interaction.response.send_message("ok")
        original = found["interaction.original"] = await interaction.original_response()
        found["interaction_metadata"] = original.interaction_metadata

    @bot.tree.command(description="a place")
    async def where(interaction: Any, place: discord.TextChannel) -> None:
        found.update({"app_command_channel": interaction.namespace.place,
                      "app_command_parameter": where.parameters[0]})
        await interaction.response.send_message("there")

    @bot.command()
    async def echo(ctx: Any, word: str) -> None:
        pass

    class Form(ui.Modal, title="Form"):  # type: ignore[misc,call-arg]
        answer = ui.TextInput(label="Answer", custom_id="answer")

        async def on_submit(self, interaction: Any) -> None:
            found.update({"modal_interaction": interaction, "bound_modal": self,
                          "bound_text_input": self.answer})
            await interaction.response.defer()

    class Board(ui.View):  # type: ignore[misc]
        @ui.button(label="Press")
        async def press(self, interaction: Any, button: Any) -> None:
            found.update({"component_interaction": interaction, "bound_button": button,
                          "bound_view": self, "interaction.message": interaction.message})
            await interaction.response.send_modal(Form())

    @bot.group()
    async def grp(ctx: Any) -> None:
        pass

    @bot.hybrid_command()
    async def hy(ctx: Any) -> None:
        pass

    for event in ("raw_reaction_add", "raw_message_edit", "raw_message_delete",
                  "raw_bulk_message_delete", "raw_typing", "raw_member_remove",
                  "raw_poll_vote_add", "raw_thread_delete", "raw_thread_update",
                  "raw_reaction_clear"):
        async def raw(payload: Any, event: str = event) -> None:
            found.setdefault(event, payload)
        bot.add_listener(raw, f"on_{event}")

    async def on_dm(message: Any) -> None:
        if message.guild is None and message.author != bot.user:
            found.setdefault("dm_message", message)
            found.setdefault("dm_message_channel", message.channel)

    async def on_automod(execution: Any) -> None:
        found.setdefault("automod_action", execution)

    async def on_presence(before: Any, after: Any) -> None:
        found.setdefault("presence_activity", after.activity)

    bot.add_listener(on_dm, "on_message")
    bot.add_listener(on_presence, "on_presence_update")
    bot.add_listener(on_automod, "on_automod_action")

    @bot.command()
    async def collect(ctx: Any) -> None:
        g, get = ctx.guild, discord.utils.get
        bob = get(g.members, name="bob")
        found.update(_local_objects(discord, commands))
        await bot.add_cog(Stuff())
        found.update(
            message=ctx.message, member=ctx.author, guild=g, context=ctx, bot=bot,
            client_user=bot.user, command=ctx.command, group=grp, hybrid_command=hy,
            tree=bot.tree, cog=bot.get_cog("Stuff"), role=get(g.roles, name="Helper"),
            default_role=g.default_role, text_channel=ctx.channel,
            voice_channel=get(g.voice_channels, name="Lounge"),
            stage_channel=get(g.stage_channels, name="Stage"),
            category=get(g.categories, name="Text"), forum=get(g.forums, name="forum"),
            news_channel=get(g.text_channels, name="news"), emoji=g.emojis[0],
            member_me=g.me, voice_state=bob.voice, loop=every_minute, context_menu=look,
            asset=ctx.author.display_avatar, cached_user=bot.get_user(bob.id),
            permissions=ctx.channel.permissions_for(ctx.author),
            message_flags=ctx.message.flags, public_user_flags=ctx.author.public_flags,
            member_flags=ctx.author.flags, system_channel_flags=g.system_channel_flags,
            typing=ctx.channel.typing(), partial_messageable=bot.get_partial_messageable(1))
        await keep("user", bot.fetch_user(bob.id))
        await keep("dm_channel", ctx.author.create_dm())
        sent = await keep("sent_message", ctx.send(
            "look", file=discord.File(io.BytesIO(b"x"), filename="a.txt")))
        await sent.add_reaction("\N{THUMBS UP SIGN}")
        await sent.add_reaction(g.emojis[0])
        again = await keep("fetched_message", ctx.channel.fetch_message(sent.id))
        found.update(reaction=again.reactions[0], reaction_custom=again.reactions[1],
                     attachment=again.attachments[0])
        thread = await keep("thread", sent.create_thread(name="talk"))
        await keep("thread_member", thread.fetch_member(bot.user.id))
        await keep("forum_post", found["forum"].create_thread(name="post", content="hi"))
        reply = await keep("reply_message", ctx.reply("re"))
        found["message_reference"] = reply.reference
        invite = await keep("invite", ctx.channel.create_invite())
        await keep("fetched_invite", bot.fetch_invite(invite.code))
        hook = await keep("webhook", ctx.channel.create_webhook(name="hook"))
        await keep("webhook_message", hook.send("hi", wait=True))
        start = discord.utils.utcnow() + datetime.timedelta(days=1)
        await keep("scheduled_event", g.create_scheduled_event(
            name="Meetup", start_time=start, end_time=start + datetime.timedelta(hours=1),
            entity_type=discord.EntityType.external, location="park",
            privacy_level=discord.PrivacyLevel.guild_only))
        await keep("automod_rule", g.create_automod_rule(
            name="words", event_type=discord.AutoModRuleEventType.message_send,
            trigger=discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword,
                                           keyword_filter=["bad"]),
            actions=[discord.AutoModRuleAction(custom_message="no")], enabled=True))
        poll = discord.Poll(question="Tea?", duration=datetime.timedelta(hours=1))
        poll.add_answer(text="yes")
        poll.add_answer(text="no")
        polled = await keep("poll_message", ctx.send(poll=poll))
        found.update(poll=polled.poll, poll_answer=polled.poll.answers[0])
        sticker = await keep("sticker", g.create_sticker(
            name="wave", description="a wave", emoji="wave",
            file=discord.File(io.BytesIO(_STICKER), filename="s.png")))
        # the bot itself, as a payload names it: discord.py's ClientUser
        found.update(sticker_user=sticker.user, event_creator=found["scheduled_event"].creator)
        stuck = await ctx.send("s", stickers=[sticker])
        found["sticker_item"] = stuck.stickers[0]
        shown = (await ctx.send(embed=discord.Embed(title="t").set_footer(text="f")
                                .add_field(name="n", value="v"))).embeds[0]
        found.update(embed_received=shown, embed_footer=shown.footer,
                     embed_field=shown.fields[0])
        async for entry in g.audit_logs(limit=1):
            found["audit_log_entry"] = entry
        await keep("stage_instance", found["stage_channel"].create_instance(topic="talk"))
        template = await keep("template", g.create_template(name="tpl"))
        found["template_guild"] = template.source_guild
        found["template_channel"] = template.source_guild.channels[0]
        synced = await keep("synced", bot.tree.sync())
        found["app_command_object"] = get(synced, name="poke")
        found["app_command_argument"] = found["app_command_object"].options[0]
        found["app_command_group"] = get(synced, name="zone").options[0]
        await keep("fetched_commands", bot.tree.fetch_commands())
        await keep("ban_entry", g.ban(bob, reason="x"))
        await keep("ban_entry", g.fetch_ban(bob))
        await keep("preview", bot.fetch_guild_preview(g.id))
        await keep("integration", lambda: g.integrations())
        found["integration"] = found["integration"][0]
        await keep("onboarding", g.onboarding())
        await keep("app_info", bot.application_info())
        await keep("fetched_guild", bot.fetch_guild(g.id))
        await keep("fetched_channel", bot.fetch_channel(ctx.channel.id))
        await keep("fetched_member", g.fetch_member(ctx.author.id))
        await keep("fetched_emoji", g.fetch_emoji(g.emojis[0].id))
        await keep("more", _more(discord, bot, ctx))
        found.pop("more", None)  # kept only to write down a failure
        found["board_message"] = await ctx.send("buttons", view=Board())

    async def _more(discord: Any, bot: Any, ctx: Any) -> None:
        g = ctx.guild
        rule = found["automod_rule"]
        found.update(automod_trigger=rule.trigger, automod_rule_action=rule.actions[0],
                     command_parameter=bot.get_command("echo").clean_params["word"])
        entry = found["audit_log_entry"]
        found.update(audit_log_changes=entry.changes, audit_log_diff=entry.after)
        forwarded = await found["sent_message"].forward(ctx.channel)
        again = await ctx.channel.fetch_message(forwarded.id)
        found["message_snapshot"] = again.message_snapshots[0]
        found["sticker_pack"] = (await bot.fetch_premium_sticker_packs())[0]
        found["standard_sticker"] = found["sticker_pack"].stickers[0]
        found["default_sound"] = (await bot.fetch_soundboard_default_sounds())[0]
        found["integration_application"] = found["integration"].application
        sku = found["sku"] = (await bot.fetch_skus())[0]
        await bot.create_entitlement(sku, g, discord.EntitlementOwnerType.guild)
        async for entitlement in bot.entitlements():
            found["entitlement"] = entitlement
        tagged = await g.create_forum(name="tagged", available_tags=[
            discord.ForumTag(name="help")])
        found["forum_tag"] = tagged.available_tags[0]
        found["app_emoji"] = await bot.create_application_emoji(name="tide", image=_STICKER)
        found["soundboard_sound"] = await g.create_soundboard_sound(
            name="quack", sound=_MP3, volume=0.5, emoji="\N{DUCK}")
        await g.edit_widget(enabled=True)
        widget = found["widget"] = await g.widget()
        found["widget_channel"] = widget.channels[0]

    @bot.command()
    async def clean(ctx: Any) -> None:
        thread = found["thread"]
        await thread.edit(name="renamed")
        await asyncio.sleep(0.1)
        await thread.delete()
        await found["sent_message"].clear_reactions()
        first, second = await ctx.send("a"), await ctx.send("b")
        await ctx.channel.delete_messages([first, second])

    return bot


def sharded_bot(discord: Any, commands: Any) -> Any:
    """An AutoShardedBot, whose shards a bot reads (``get_shard``) after it is ready."""
    bot = commands.AutoShardedBot(command_prefix="!", intents=discord.Intents.default(),
                                  help_command=None, shard_count=1)
    bot.specimens = {}

    @bot.event
    async def on_ready() -> None:
        bot.specimens.update(sharded_bot=bot, shard_info=bot.get_shard(0))

    return bot


async def until(check: Any, what: Any, within: float = 10.0) -> None:
    try:
        async with asyncio.timeout(within):
            while not check():  # noqa: ASYNC110 - the sandbox gives no event for these
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"the bot never got {what()}") from None


async def collect(sb: Sandbox, bot: Any) -> dict[str, Any]:
    """Everything ``specimens_bot`` met on ``sb``, once people have done their part."""
    found = bot.specimens
    await sb.join_voice("bob", "Lounge")
    await sb.send_message("alice", "general", "!collect")
    await until(lambda: "board_message" in found or bot.failures,
                 lambda: "to the end of !collect")
    assert not bot.failures, bot.failures
    said = await sb.send_message("alice", "general", "to edit")
    await sb.edit_message("alice", said.id, "edited", channel="general")
    await sb.react("alice", said.id, "\N{THUMBS UP SIGN}", channel="general")
    await sb.typing("alice", "general")
    await sb.delete_message("alice", said.id, channel="general")
    polled = found["poll_message"]
    await sb.vote_poll("alice", polled.id, polled.poll.answers[0].id, channel="general")
    await sb.send_dm("alice", "hi there")
    await sb.set_presence("alice", activities=[{"name": "chess", "type": 0}])
    await sb.send_message("alice", "general", "!clean")
    record = await sb.invoke_command("alice", "general", "poke", {})
    await record.wait_response(5)
    await (await sb.invoke_command("alice", "general", "where", {"place": "general"})
           ).wait_response(5)
    # the owner is exempt from automod, as on Discord; carol's message is blocked
    with contextlib.suppress(StateError):
        await sb.send_message("carol", "general", "something bad")
    message = sb.find_message("general", found["board_message"].id)
    clicked = await sb.click_button("alice", message, custom_id(message, label="Press"))
    await (await sb.submit_modal("alice", clicked, {"answer": "yes"})).wait_response(5)
    wanted = ("raw_bulk_message_delete", "raw_poll_vote_add", "raw_typing", "dm_message",
              "presence_activity", "interaction.original", "component_interaction",
              "raw_reaction_clear", "raw_thread_delete", "app_command_channel",
              "automod_action", "modal_interaction")
    await until(lambda: all(name in found for name in wanted),
                 lambda: [name for name in wanted if name not in found])
    return dict(found)
