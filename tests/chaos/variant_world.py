"""What the variant sweeps share: a world, the scenario that makes a real dispatch of
each event on it, and what a bot reads of each handler's arguments (the same text on
tidecord and on discord.py 2.7.1, enums as each prints them)."""

# No "from __future__ import annotations": the bots' handlers are defined in functions.
import datetime
import io
import json
import warnings
from typing import Any

import pytest

import tidecord
from tidecord.models import UNSET
from tidecord.sandbox import Sandbox, StateError, World

from .chaos_helpers import until

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def variants_world() -> World:
    return World.from_dict({
        "users": ["alice", "bob", "carol", "dave"],
        "guilds": [{"name": "Sandbox", "owner": "alice", "bot_permissions": ["administrator"],
                    "channels": [{"name": "general"}, {"name": "Lounge", "type": 2},
                                 {"name": "Stage", "type": 13}],
                    "emojis": ["party"], "members": ["alice", "bob", "carol"]}],
    })


def names(items: Any) -> list[str]:
    return [str(getattr(item, "name", item)) for item in items]


def _reference(ref: Any) -> Any:
    if ref is None:
        return None
    resolved = ref.resolved
    return (ref.message_id, str(ref.type), type(resolved).__name__,
            getattr(resolved, "content", None))


def member_reading(m: Any) -> Any:
    return (m.name, m.nick, names(m.roles), m.pending, m.joined_at, m.premium_since,
            m.timed_out_until, m.flags.value, m.display_name, m.guild_permissions.value,
            m.avatar is None, m.display_avatar is None, m.bot, m.global_name,
            m.public_flags.value, str(m.status), m.top_role.name)


def channel_reading(c: Any) -> Any:
    return (c.name, str(c.type), c.position, c.category_id, getattr(c, "topic", None),
            getattr(c, "nsfw", None), getattr(c, "last_message_id", None),
            getattr(c, "slowmode_delay", None), getattr(c, "bitrate", None),
            getattr(c, "user_limit", None), getattr(c, "rtc_region", None),
            getattr(c, "default_auto_archive_duration", None), c.permissions_synced,
            len(c.overwrites), c.jump_url, c.mention, c.created_at, c.flags.value)


def role_reading(r: Any) -> Any:
    return (r.name, r.colour.value, r.hoist, r.position, r.permissions.value, r.mentionable,
            r.managed, r.icon, r.unicode_emoji, r.tags and r.tags.bot_id, r.is_default(),
            r.is_bot_managed(), r.is_integration(), r.is_premium_subscriber(),
            r.flags.value, r.secondary_colour, r.tertiary_colour)


def guild_reading(g: Any) -> Any:
    return (g.name, str(g.verification_level), str(g.default_notifications),
            str(g.explicit_content_filter), str(g.mfa_level), g.premium_tier,
            str(g.nsfw_level), g.afk_timeout, g.description, sorted(g.features), g.owner_id,
            g.system_channel and g.system_channel.name, str(g.preferred_locale),
            g.premium_subscription_count, g.max_members, g.vanity_url_code,
            g.icon is None, g.banner is None, g.rules_channel, g.afk_channel,
            g.default_role and g.default_role.name, g.widget_enabled, g.system_channel_flags.value,
            g.premium_progress_bar_enabled, g.unavailable, g.large)


# What a bot reads of each handler's arguments: the same text on both libraries.
PROBES: dict[str, Any] = {
    "message": lambda m: (m.content, str(m.type), m.author.name, len(m.embeds),
                          names(m.attachments and [a.filename for a in m.attachments]),
                          [str(c.type) for c in m.components], m.flags.value, m.pinned,
                          m.tts, m.edited_at, m.webhook_id, _reference(m.reference),
                          [(s.name, str(s.format)) for s in m.stickers],
                          m.poll and (str(m.poll.question), len(m.poll.answers)),
                          [s.content for s in m.message_snapshots],
                          m.interaction_metadata and (
                              str(m.interaction_metadata.type),
                              getattr(m.interaction_metadata.user, "name", None),
                              m.interaction_metadata.is_guild_integration(),
                              m.interaction_metadata.is_user_integration()),
                          names(m.mentions), names(m.role_mentions), m.raw_mentions,
                          m.system_content, m.is_system(), m.jump_url,
                          [(e.type, e.title, e.description, len(e.fields), e.colour)
                           for e in m.embeds],
                          [(a.filename, a.size, a.content_type, a.is_spoiler(), a.width,
                            a.description, a.ephemeral, a.duration, a.flags.value)
                           for a in m.attachments],
                          [[(str(c.type), c.custom_id, str(getattr(c, "style", None)),
                             getattr(c, "label", None), c.disabled) for c in row.children]
                           for row in m.components if hasattr(row, "children")]),
    "raw_message_edit": lambda p: (p.message_id, p.channel_id, p.message.content,
                                   str(p.message.type), p.message.edited_at),
    "guild_channel_create": lambda c: channel_reading(c),
    "guild_channel_update": lambda b, a: channel_reading(a),
    "guild_channel_delete": lambda c: (c.name, str(c.type)),
    "thread_create": lambda t: (t.name, str(t.type), t.archived, t.locked, t.parent_id,
                                t.auto_archive_duration, t.owner_id, t.message_count,
                                t.member_count, t.slowmode_delay, t.invitable,
                                t.archiver_id, t.archive_timestamp, t.created_at,
                                t.applied_tags, t.flags.value, t.is_private(), t.jump_url),
    "raw_thread_update": lambda p: (p.thread_id, str(p.thread_type), p.parent_id),
    "member_join": lambda m: member_reading(m),
    "member_update": lambda b, a: member_reading(a),
    "guild_role_create": lambda r: role_reading(r),
    "guild_role_update": lambda b, a: role_reading(a),
    "guild_update": lambda b, a: guild_reading(a),
    "invite_create": lambda i: (i.code, i.max_age, i.max_uses, i.temporary, str(i.type),
                                str(i.target_type), i.inviter and i.inviter.name, i.uses,
                                i.created_at, i.expires_at, i.url, i.channel and i.channel.id,
                                i.guild and i.guild.id, i.target_user),
    "guild_emojis_update": lambda g, b, a: names(a),
    "guild_stickers_update": lambda g, b, a: [(s.name, str(s.format), s.description)
                                              for s in a],
    # Not its privacy level: discord.py 2.7.1 reads that from ``status``.
    "scheduled_event_create": lambda e: (e.name, str(e.status), str(e.entity_type),
                                         e.location, e.description, e.start_time, e.end_time,
                                         e.creator_id, e.channel_id, e.user_count, e.url,
                                         e.cover_image is None),
    "automod_rule_create": lambda r: (r.name, str(r.trigger.type), str(r.event_type),
                                      [(str(a.type), a.custom_message, a.channel_id,
                                        a.duration) for a in r.actions], r.enabled,
                                      r.trigger.keyword_filter, r.trigger.regex_patterns,
                                      r.trigger.allow_list, r.trigger.mention_limit,
                                      r.exempt_role_ids, r.exempt_channel_ids, r.creator_id),
    "audit_log_entry_create": lambda e: (str(e.action), e.reason, e.user_id),
    "raw_presence_update": lambda p: (p.user_id, str(p.client_status.status),
                                      [(str(a.type), a.name) for a in p.activities]),
    "raw_typing": lambda p: (p.user_id, p.channel_id, p.guild_id),
    "raw_reaction_add": lambda p: (str(p.emoji), str(p.type), p.burst, p.user_id),
    "voice_state_update": lambda m, b, a: (m.name, a.channel and a.channel.name,
                                           a.self_mute, a.self_deaf, a.mute, a.deaf),
    "member_ban": lambda g, u: (u.name,),
    "raw_member_remove": lambda p: (p.user.name,),
    "webhooks_update": lambda c: (c.name,),
    "interaction": lambda i: (str(i.type), i.user.name, i.channel_id, i.guild_id,
                              str(i.locale), str(i.guild_locale), (i.data or {}).get("custom_id"),
                              i.message and i.message.content, i.app_permissions.value,
                              len(i.entitlements), i.is_guild_integration(),
                              i.is_user_integration()),
    "raw_message_delete": lambda p: (p.message_id, p.channel_id, p.guild_id),
    "raw_bulk_message_delete": lambda p: (sorted(p.message_ids), p.channel_id, p.guild_id),
    "raw_reaction_remove": lambda p: (str(p.emoji), p.user_id, p.message_id),
    "guild_channel_pins_update": lambda c, when: (c.name, when),
    "raw_thread_delete": lambda p: (p.thread_id, str(p.thread_type), p.parent_id),
    "thread_member_join": lambda m: (m.id, m.thread_id, m.joined_at),
    "invite_delete": lambda i: (i.code, i.channel and i.channel.id),
    "guild_role_delete": lambda r: (r.name,),
    "member_unban": lambda g, u: (u.name,),
    "automod_action": lambda a: (str(a.action.type), a.rule_id, str(a.rule_trigger_type),
                                 a.user_id, a.channel_id, a.content, a.matched_keyword,
                                 a.matched_content),
    "raw_poll_vote_add": lambda p: (p.user_id, p.message_id, p.answer_id),
    "scheduled_event_update": lambda b, a: (a.name, str(a.status), a.description),
    "scheduled_event_delete": lambda e: (e.name,),
    "raw_scheduled_event_user_add": lambda p: (p.user_id, p.event_id) if hasattr(
        p, "event_id") else (p,),
    "scheduled_event_user_add": lambda e, u: (e.name, u.name),
    "stage_instance_create": lambda s: (s.topic, str(s.privacy_level), s.channel_id,
                                        s.discoverable_disabled),
    "voice_channel_effect": lambda e: (e.animation and (str(e.animation.type), e.animation.id),
                                       str(e.emoji), e.user and e.user.name,
                                       e.channel and e.channel.name),
    "guild_join": lambda g: (guild_reading(g), sorted(str(c.type) for c in g.channels),
                             len(g.members), names(g.roles), names(g.emojis),
                             [str(s.format) for s in g.stickers], len(g.threads),
                             g.member_count),
}

#: The handler each event is heard by, on both libraries.
HEARD_BY = {
    "MESSAGE_CREATE": "message", "MESSAGE_UPDATE": "raw_message_edit",
    "CHANNEL_CREATE": "guild_channel_create", "CHANNEL_UPDATE": "guild_channel_update",
    "CHANNEL_DELETE": "guild_channel_delete", "THREAD_CREATE": "thread_create",
    "THREAD_UPDATE": "raw_thread_update", "GUILD_MEMBER_ADD": "member_join",
    "GUILD_MEMBER_UPDATE": "member_update", "GUILD_ROLE_CREATE": "guild_role_create",
    "GUILD_ROLE_UPDATE": "guild_role_update", "GUILD_UPDATE": "guild_update",
    "INVITE_CREATE": "invite_create", "GUILD_EMOJIS_UPDATE": "guild_emojis_update",
    "GUILD_STICKERS_UPDATE": "guild_stickers_update",
    "GUILD_SCHEDULED_EVENT_CREATE": "scheduled_event_create",
    "AUTO_MODERATION_RULE_CREATE": "automod_rule_create",
    "GUILD_AUDIT_LOG_ENTRY_CREATE": "audit_log_entry_create",
    "PRESENCE_UPDATE": "raw_presence_update", "TYPING_START": "raw_typing",
    "MESSAGE_REACTION_ADD": "raw_reaction_add", "VOICE_STATE_UPDATE": "voice_state_update",
    "GUILD_BAN_ADD": "member_ban", "GUILD_MEMBER_REMOVE": "raw_member_remove",
    "WEBHOOKS_UPDATE": "webhooks_update", "GUILD_CREATE": "guild_join",
    "INTERACTION_CREATE": "interaction", "MESSAGE_DELETE": "raw_message_delete",
    "MESSAGE_DELETE_BULK": "raw_bulk_message_delete",
    "MESSAGE_REACTION_REMOVE": "raw_reaction_remove",
    "CHANNEL_PINS_UPDATE": "guild_channel_pins_update", "THREAD_DELETE": "raw_thread_delete",
    "THREAD_MEMBERS_UPDATE": "thread_member_join", "INVITE_DELETE": "invite_delete",
    "GUILD_ROLE_DELETE": "guild_role_delete", "GUILD_BAN_REMOVE": "member_unban",
    "AUTO_MODERATION_ACTION_EXECUTION": "automod_action",
    "MESSAGE_POLL_VOTE_ADD": "raw_poll_vote_add",
    "GUILD_SCHEDULED_EVENT_UPDATE": "scheduled_event_update",
    "GUILD_SCHEDULED_EVENT_DELETE": "scheduled_event_delete",
    "GUILD_SCHEDULED_EVENT_USER_ADD": "scheduled_event_user_add",
    "STAGE_INSTANCE_CREATE": "stage_instance_create",
    "VOICE_CHANNEL_EFFECT_SEND": "voice_channel_effect",
}

#: Messages of these shapes (a key each holds) are bent too, besides the richest one.
MESSAGE_SHAPES = ("message_reference", "sticker_items", "poll", "message_snapshots",
                  "webhook_id", "interaction_metadata", "mentions", "components")


def shown(value: Any) -> Any:
    """A probe's value as comparable text (ids and enums as both libraries print them)."""
    if isinstance(value, tuple | list):
        return [shown(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    return type(value).__name__


def listening_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.all()
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None,
                       enable_raw_presences=True, chunk_guilds_at_startup=False)
    bot.heard = []

    def listen(name: str) -> None:
        probe = PROBES[name]

        async def handler(*args: Any) -> None:
            try:
                bot.heard.append((name, shown(probe(*args))))
            except Exception as exc:  # a value a bot reads raised: the difference to see
                bot.heard.append((name, f"raised {type(exc).__name__}: {exc}"))
            # What each argument has (discord.py's: its API), and (tidecord's) which of
            # those read UNSET.
            bot.heard.append(("attributes", (name, [public(arg) for arg in args])))
            if discord is tidecord:
                bot.heard.append(("unset", (name, [[attr for attr in public(arg)
                                                    if read_or_none(arg, attr) is UNSET]
                                                   for arg in args])))

        bot.add_listener(handler, "on_" + name)

    for name in PROBES:
        listen(name)
    if discord is not tidecord:
        _contain(bot)
    return bot


def public(obj: Any) -> list[str]:
    return [attr for attr in dir(obj) if not attr.startswith("_")]


def read_or_none(obj: Any, attr: str) -> Any:
    """``obj.attr``, or None where reading it raises (or warns: a deprecated name)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return getattr(obj, attr)
    except Exception:
        return None


def _contain(bot: Any) -> None:
    """discord.py's parsers, each failure noted as heard instead of ending its bot (a
    KeyError in a parser ends discord.py's read loop): the variants go on."""
    parsers = bot._connection.parsers

    def contained(event: str, parse: Any) -> Any:
        def parse_or_note(data: Any) -> None:
            try:
                parse(data)
            except Exception as exc:
                bot.heard.append(("failed", f"{event}: {type(exc).__name__}: {exc}"))
        return parse_or_note

    for event, parse in list(parsers.items()):
        parsers[event] = contained(event, parse)


async def real_dispatches(sb: Sandbox, bot: Any) -> dict[str, Any]:
    """The sandbox's dispatches of a scenario the (tidecord) bot plays as a moderator:
    the richest of each event, read from the session's buffer."""
    g = bot.guilds[0]
    made = await g.create_text_channel("made")
    await made.edit(topic="t")
    role = await g.create_role(name="r")
    await role.edit(name="r2")

    class Buttons(tidecord.ui.View):
        answered = False

        @tidecord.ui.button(label="b", style=tidecord.ButtonStyle.primary, custom_id="press")
        async def b(self, interaction: Any, button: Any) -> None:
            if not self.answered:  # once: the variants click again with the same token
                self.answered = True
                await interaction.response.send_message("pressed")

    msg = await made.send("hello", embed=tidecord.Embed(title="t", description="d"),
                          file=tidecord.File(io.BytesIO(b"abc"), "a.txt"), view=Buttons())
    await sb.click_button("alice", msg.id, "press")
    await msg.edit(content="x")
    await msg.pin()
    thread = await msg.create_thread(name="th")
    await thread.edit(name="th2")
    await sb.join_thread("bob", thread.id)
    invite = await made.create_invite()
    await invite.delete()
    gone = await made.send("gone")
    await gone.delete()
    await made.delete_messages([await made.send("one"), await made.send("two")])
    await made.create_webhook(name="w")
    await g.create_custom_emoji(name="emo", image=PNG)
    sticker = await g.create_sticker(name="stk", description="desc", emoji="\N{THUMBS UP SIGN}",
                                     file=tidecord.File(io.BytesIO(PNG), "s.png"))
    # Messages of every shape: a reply with mentions and a sticker, a poll, a forward,
    # a webhook's.
    bob = sb.user("bob")
    await sb.send_message("alice", made.id, f"a reply to <@{bob.id}> <@&{role.id}>",
                          reply_to=msg.id, stickers=[sticker.id])
    poll = tidecord.Poll(question="which?", duration=datetime.timedelta(hours=1))
    poll.add_answer(text="this")
    poll.add_answer(text="that")
    asked = await made.send(poll=poll)
    await sb.vote_poll("bob", asked.id, 1)
    await sb.forward("alice", msg.id, made.id)
    hook = await made.create_webhook(name="hook")
    await hook.send("from a hook", username="someone")
    now = datetime.datetime.now(datetime.UTC)
    event = await g.create_scheduled_event(
        name="ev", start_time=now + datetime.timedelta(days=1),
        end_time=now + datetime.timedelta(days=2), entity_type=tidecord.EntityType.external,
        location="here", privacy_level=tidecord.PrivacyLevel.guild_only)
    await g.create_automod_rule(
        name="rule", event_type=tidecord.AutoModRuleEventType.message_send,
        trigger=tidecord.AutoModTrigger(type=tidecord.AutoModRuleTriggerType.keyword,
                                        keyword_filter=["bad"]),
        actions=[tidecord.AutoModRuleAction(custom_message="no")], enabled=True)
    with pytest.raises(StateError, match="blocked by automatic moderation"):
        await sb.send_message("bob", "general", "a bad word")
    await sb.interested("bob", event.id)
    await event.edit(description="about")
    stage = next(c for c in g.channels if c.name == "Stage")
    await stage.create_instance(topic="talk")
    await g.get_member(sb.user("bob").id).edit(nick="bobby")
    await g.edit(name="Sandbox2")
    await sb.join("dave")
    said = await sb.send_message("alice", "general", "react to me")
    await sb.react("bob", said, "\N{THUMBS UP SIGN}")
    await sb.react("bob", said, "\N{THUMBS UP SIGN}", remove=True)
    await sb.typing("bob", "general")
    await sb.set_presence("bob", "idle", activities=[{"name": "chess", "type": 0}])
    await sb.join_voice("bob", "Lounge")
    lounge = next(c for c in g.channels if c.name == "Lounge")
    await g.change_voice_state(channel=lounge)  # (effects go to a bot in the channel)
    await until(lambda: g.me.voice is not None)
    await sb.send_voice_emoji("bob", "Lounge", "\N{FIRE}")
    await event.delete()
    await thread.delete()
    await made.delete()
    await role.delete()
    await g.ban(tidecord.Object(sb.user("carol").id))
    await g.unban(tidecord.Object(sb.user("carol").id))
    await until(lambda: any(name == "member_unban" for name, _ in bot.heard))
    frames: dict[str, Any] = {}
    [conn, *_] = sb.hub.live()
    assert conn.session is not None
    for _, frame, _ in conn.session.buffer:
        f = json.loads(frame)
        if len(json.dumps(f["d"])) >= len(json.dumps(frames.get(f["t"], ""))):
            frames[f["t"]] = f["d"]
        for key in MESSAGE_SHAPES:  # the first message of each shape, as well
            if f["t"] == "MESSAGE_CREATE" and f["d"].get(key):
                frames.setdefault(f"MESSAGE_CREATE with {key}", f["d"])
    return frames
