"""What Discord really sends, bent every way it documents, to tidecord and discord.py at once.

A scenario on the sandbox makes one real dispatch of each event the two bots handle;
:mod:`.payload_variants` bends each (a field left out, a nullable one null, a field
never heard of, an enum value Discord adds later, a snowflake as a number, an array
empty or long). Both bots, connected to the same sandbox, get every variant; after
each a person speaks, so that both have read it. Then for each variant: whatever
discord.py's handler was handed, tidecord's must have been handed the same (the
values a bot reads, enums as discord.py reads an unknown one), and tidecord keeps
serving. Where discord.py itself fails on valid data, tidecord must still hand it
over. ``TIDECORD_PAYLOADS_REPORT=1`` prints what each variant came to on each side.
"""

# No "from __future__ import annotations": the bots' handlers are defined in functions.
import asyncio
import datetime
import io
import json
import logging
import os
from typing import Any

import pytest

import tidecord
from tidecord.sandbox import Sandbox, StateError, World

from ..ext.parity import running
from .chaos_helpers import until
from .payload_variants import variants

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

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


def _names(items: Any) -> list[str]:
    return [str(getattr(item, "name", item)) for item in items]


def _reference(ref: Any) -> Any:
    if ref is None:
        return None
    resolved = ref.resolved
    return (ref.message_id, str(ref.type), type(resolved).__name__,
            getattr(resolved, "content", None))


# What a bot reads of each handler's arguments: the same text on both libraries.
PROBES: dict[str, Any] = {
    "message": lambda m: (m.content, str(m.type), m.author.name, len(m.embeds),
                          _names(m.attachments and [a.filename for a in m.attachments]),
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
                          _names(m.mentions), _names(m.role_mentions), m.raw_mentions),
    "raw_message_edit": lambda p: (p.message_id, p.channel_id, p.message.content,
                                   str(p.message.type), p.message.edited_at),
    "guild_channel_create": lambda c: (c.name, str(c.type), c.position, c.category_id,
                                       getattr(c, "topic", None), getattr(c, "nsfw", None),
                                       getattr(c, "last_message_id", None)),
    "guild_channel_update": lambda b, a: (a.name, str(a.type), a.position,
                                          getattr(a, "topic", None), a.category_id),
    "guild_channel_delete": lambda c: (c.name, str(c.type)),
    "thread_create": lambda t: (t.name, str(t.type), t.archived, t.locked, t.parent_id,
                                t.auto_archive_duration, t.owner_id),
    "raw_thread_update": lambda p: (p.thread_id, str(p.thread_type), p.parent_id),
    "member_join": lambda m: (m.name, m.nick, _names(m.roles), m.pending,
                              m.joined_at is None),
    "member_update": lambda b, a: (a.name, a.nick, _names(a.roles), a.pending),
    "guild_role_create": lambda r: (r.name, r.colour.value, r.hoist, r.position,
                                    r.permissions.value, r.mentionable, r.managed),
    "guild_role_update": lambda b, a: (a.name, a.colour.value, a.hoist, a.position,
                                       a.permissions.value),
    "guild_update": lambda b, a: (a.name, str(a.verification_level),
                                  str(a.default_notifications), str(a.explicit_content_filter),
                                  str(a.mfa_level), a.premium_tier, str(a.nsfw_level),
                                  a.afk_timeout, a.description),
    "invite_create": lambda i: (i.code, i.max_age, i.max_uses, i.temporary, str(i.type),
                                str(i.target_type), i.inviter and i.inviter.name),
    "guild_emojis_update": lambda g, b, a: _names(a),
    "guild_stickers_update": lambda g, b, a: [(s.name, str(s.format), s.description)
                                              for s in a],
    # Not its privacy level: discord.py 2.7.1 reads that from ``status``.
    "scheduled_event_create": lambda e: (e.name, str(e.status), str(e.entity_type),
                                         e.location, e.description, e.end_time),
    "automod_rule_create": lambda r: (r.name, str(r.trigger.type), str(r.event_type),
                                      [str(a.type) for a in r.actions], r.enabled),
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
    "guild_join": lambda g: (g.name, sorted(str(c.type) for c in g.channels),
                             len(g.members), _names(g.roles), str(g.verification_level),
                             _names(g.emojis), [str(s.format) for s in g.stickers],
                             len(g.threads), g.member_count),
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

#: Where the two may differ, and why (tidecord's reading is the one kept).
ACCEPTED = {
    "CHANNEL_UPDATE unknown enum value at type":
        "discord.py's text channel reads every type but 0 as news; tidecord unknown_97",
    "MESSAGE_CREATE unknown enum value at components.0.type (with components)":
        "discord.py leaves a component of a kind it does not know out; tidecord keeps "
        "it, its type ComponentType.unknown_97",
    **{f"GUILD_CREATE unknown enum value at channels.{i}.type":
       "discord.py leaves a channel of a type it does not know out of the guild; "
       "tidecord keeps it, its type unknown_97" for i in range(2)},
    "INTERACTION_CREATE optional left out at guild_id":
        "a member without a guild: both libraries' user reads fail on it (no Discord "
        "payload has one)",
    **{f"MESSAGE_CREATE optional left out at poll.answers.{i}.poll_media.text (with poll)":
       "discord.py drops the whole poll (a KeyError it swallows); tidecord reads it"
       for i in range(2)},
    "GUILD_STICKERS_UPDATE nullable null at stickers.0.format_type":
        "a null format reads None; discord.py makes StickerFormatType.unknown_None",
}


#: Messages of these shapes (a key each holds) are bent too, besides the richest one.
MESSAGE_SHAPES = ("message_reference", "sticker_items", "poll", "message_snapshots",
                  "webhook_id", "interaction_metadata", "mentions", "components")

# Gateway-only enums the schema does not describe: where they sit in each event.
GATEWAY_ENUMS = {
    "INVITE_CREATE": [("type",), ("target_type",)],
    "PRESENCE_UPDATE": [("activities", 0, "type"), ("status",)],
    "MESSAGE_REACTION_ADD": [("type",)],
    "MESSAGE_CREATE": [("components", 0, "components", 0, "style")],
    "AUTO_MODERATION_ACTION_EXECUTION": [("rule_trigger_type",), ("action", "type")],
    "VOICE_CHANNEL_EFFECT_SEND": [("animation_type",)],
    "STAGE_INSTANCE_CREATE": [("privacy_level",)],
}


def _show(value: Any) -> Any:
    """A probe's value as comparable text (ids and enums as both libraries print them)."""
    if isinstance(value, tuple | list):
        return [_show(v) for v in value]
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
                bot.heard.append((name, _show(probe(*args))))
            except Exception as exc:  # a value a bot reads raised: the difference to see
                bot.heard.append((name, f"raised {type(exc).__name__}: {exc}"))

        bot.add_listener(handler, "on_" + name)

    for name in PROBES:
        listen(name)
    if discord is not tidecord:
        _contain(bot)
    return bot


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


def _cases(frames: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(event, label, payload)`` for every variant of every template."""
    templates = [(event, "", frames[event]) for event in HEARD_BY]
    templates += [("MESSAGE_CREATE", f" (with {shape})", frames[f"MESSAGE_CREATE with {shape}"])
                  for shape in MESSAGE_SHAPES]
    cases = []
    for event, shape, payload in templates:
        for label, variant in variants(event, payload):
            cases.append((event, label + shape, variant))
        for path in GATEWAY_ENUMS.get(event, ()):
            variant = json.loads(json.dumps(payload))
            node = variant
            try:
                for key in path[:-1]:
                    node = node[key]
            except (KeyError, IndexError):
                continue  # not in this shape
            node[path[-1]] = "busy" if path[-1] == "status" else 97
            cases.append((event, f"{event} unknown enum value at "
                                 f"{'.'.join(map(str, path))}{shape}", variant))
    return cases


async def _before(sb: Sandbox, event: str, frames: dict[str, Any], n: int,
                  variant: dict[str, Any]) -> None:
    """Make the variant news to both bots (an update that changes something; a deletion
    of something there)."""
    if event == "THREAD_MEMBERS_UPDATE":
        await sb.inject_dispatch("THREAD_CREATE", json.dumps(frames["THREAD_CREATE"]).encode())
    if event in ("GUILD_SCHEDULED_EVENT_UPDATE", "GUILD_SCHEDULED_EVENT_DELETE",
                 "GUILD_SCHEDULED_EVENT_USER_ADD"):
        await sb.inject_dispatch("GUILD_SCHEDULED_EVENT_CREATE",
                                 json.dumps(frames["GUILD_SCHEDULED_EVENT_CREATE"]).encode())
    if event == "GUILD_SCHEDULED_EVENT_UPDATE" and "description" in variant:
        variant["description"] = f"about {n}"  # (an update that changes something)
    if event == "GUILD_ROLE_DELETE":
        await sb.inject_dispatch("GUILD_ROLE_CREATE",
                                 json.dumps(frames["GUILD_ROLE_CREATE"]).encode())
    if event in ("CHANNEL_UPDATE", "CHANNEL_DELETE", "WEBHOOKS_UPDATE", "CHANNEL_PINS_UPDATE"):
        await sb.inject_dispatch("CHANNEL_CREATE", json.dumps(frames["CHANNEL_CREATE"]).encode())
    if event == "GUILD_MEMBER_UPDATE" and "nick" in variant:
        variant["nick"] = f"nick {n}"
    if event in ("GUILD_CREATE", "THREAD_CREATE"):  # one the bot has not seen, each time
        fresh = 10**17 + n
        variant["id"] = fresh if isinstance(variant["id"], int) else str(fresh)
        variant.pop("unavailable", None)  # (a guild joined, not one back from an outage)
        if event == "THREAD_CREATE":
            variant["newly_created"] = True
    if event == "GUILD_MEMBER_REMOVE":
        await sb.inject_dispatch("GUILD_MEMBER_ADD",
                                 json.dumps(frames["GUILD_MEMBER_ADD"]).encode())


async def test_every_documented_variant_is_heard_as_discord_py_hears_it(
    sandbox_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    sb = await sandbox_factory(world=variants_world())
    report = os.environ.get("TIDECORD_PAYLOADS_REPORT")
    async with running("tidecord", sb, listening_bot) as td, \
            running("discord.py", sb, listening_bot) as dpy:
        frames = await real_dispatches(sb, td)
        cases = await asyncio.to_thread(_cases, frames)  # (copies: off the bots' loop)
        differences = []
        for n, (event, label, variant) in enumerate(cases):
            await _before(sb, event, frames, n, variant)
            td.heard.clear()
            dpy.heard.clear()
            caplog.clear()
            await sb.inject_dispatch(event, json.dumps(variant).encode())
            sentinel = f"sentinel {n}"
            await sb.send_message("alice", "general", sentinel)
            for bot in (td, dpy):
                await until(lambda bot=bot, sentinel=sentinel: any(
                    name == "message" and text[0] == sentinel for name, text in bot.heard),
                    what=f"both bots to read on after {label}")
            wanted = HEARD_BY[event]
            mine = [text for name, text in td.heard if name == wanted
                    and not (name == "message" and text[0] == sentinel)]
            theirs = [text for name, text in dpy.heard if name == wanted
                      and not (name == "message" and text[0] == sentinel)]
            failed = [text for name, text in dpy.heard if name == "failed"] + [
                text for text in theirs if isinstance(text, str) and text.startswith("raised")]
            if report:
                print(f"{label}: tidecord {'heard' if mine else 'NOT heard'}, discord.py "
                      f"{'heard' if theirs else 'failed' if failed else 'NOT heard'}")
            logged = [r.getMessage()[:160] for r in caplog.records
                      if r.name.startswith(("tidecord.gateway", "tidecord.events"))
                      and r.levelno >= logging.WARNING]
            if logged:  # valid data is no malformed payload
                differences.append(f"{label}: tidecord logged {logged}")
            elif "UnsetType" in str(mine):  # a field left out must read as discord.py's do
                differences.append(f"{label}: tidecord read UNSET: {mine}")
            elif label in ACCEPTED:
                continue
            elif failed:  # valid data discord.py fails on: tidecord hands it over, readable
                if not mine or any(isinstance(text, str) for text in mine):
                    differences.append(f"{label}: tidecord {mine}, discord.py {failed}")
            elif mine != theirs and not (theirs == [] and mine):
                differences.append(f"{label}: tidecord {mine} discord.py {theirs}")
            elif theirs == [] and mine and report:
                print(f"only tidecord: {label}: {mine}")
        print(f"{len(cases)} variants, {len(differences)} differences")
        if report:
            print("\n".join(differences))
        assert not differences, "\n".join(differences)


def ready_bot(discord: Any, commands: Any) -> Any:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None,
                       chunk_guilds_at_startup=False, guild_ready_timeout=0.2)
    bot.said = []

    @bot.event
    async def on_message(message: Any) -> None:
        bot.said.append(message.content)

    return bot


async def _after_ready(sb: Sandbox, library: str, ready: bytes) -> Any:
    """What a bot whose session began with ``ready`` knows of itself, and whether it
    then hears a person (or how it failed to start)."""
    sb.tamper_next("READY", ready)
    try:
        async with running(library, sb, ready_bot) as bot:
            known = _show((bot.user.name, bot.user.id, bot.application_id,
                           sorted(g.name for g in bot.guilds)))
            await sb.send_message("alice", "general", "still there?")
            await until(lambda: "still there?" in bot.said, what=f"{library} to hear")
            return known
    except Exception as exc:
        return f"raised {type(exc).__name__}: {str(exc)[:100]}"


async def test_every_documented_ready_starts_the_bot_as_discord_py_starts(
    sandbox_factory: Any
) -> None:
    sb = await sandbox_factory(world=variants_world())
    async with running("tidecord", sb, ready_bot):
        [conn] = sb.hub.live()
        assert conn.session is not None
        ready = next(json.loads(frame)["d"] for _, frame, _ in conn.session.buffer
                     if json.loads(frame)["t"] == "READY")
    differences = []
    for label, variant in variants("READY", ready):
        data = json.dumps(variant).encode()
        mine = await _after_ready(sb, "tidecord", data)
        theirs = await _after_ready(sb, "discord.py", data)
        if isinstance(mine, str) or (mine != theirs and not isinstance(theirs, str)):
            differences.append(f"{label}: tidecord {mine} discord.py {theirs}")
        if os.environ.get("TIDECORD_PAYLOADS_REPORT"):
            print(f"{label}: tidecord {mine} discord.py {theirs}")
    assert not differences, "\n".join(differences)
