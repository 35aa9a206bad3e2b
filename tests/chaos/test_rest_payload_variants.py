"""REST answers as Discord really sends them, bent every way it documents, read by
tidecord and discord.py alike.

Each call (a message, a channel, a guild, a member, roles, an invite, webhooks, an
emoji, a sticker, a scheduled event, an automod rule, the audit log, a thread) is
first answered by the sandbox as it is; :mod:`.payload_variants` then bends that
answer (a field left out, a nullable one null, a field never heard of, an enum value
added later, a snowflake as a number, an array empty or long), and each bent answer
is given, as the next REST answer, to the same call on a tidecord bot and on a
discord.py 2.7.1 bot. What each returns is read the same way; where discord.py reads
a value, tidecord must read the same one, and where discord.py raises on valid data,
tidecord must not. ``TIDECORD_PAYLOADS_REPORT=1`` prints what each variant came to.
"""

# No "from __future__ import annotations": the calls are defined in functions.
import datetime
import io
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

import tidecord
from tidecord.models import UNSET
from tidecord.sandbox import Sandbox

from ..ext.parity import running
from .payload_variants import variants_of
from .variant_world import (
    PNG,
    PROBES,
    channel_reading,
    guild_reading,
    member_reading,
    names,
    public,
    read_or_none,
    role_reading,
    shown,
    variants_world,
)

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


def rest_bot(discord: Any, commands: Any) -> Any:
    return commands.Bot(command_prefix="!", intents=discord.Intents.all(), help_command=None,
                        chunk_guilds_at_startup=False)


_message = PROBES["message"]


# What a bot reads of each answer, the same text on both libraries.
Read = Callable[[Any, Any, dict[str, Any]], Awaitable[Any]]


async def _audit(bot: Any, guild: Any, ids: dict[str, Any]) -> Any:
    return [(str(e.action), e.user_id, e.reason, e.target is None)
            async for e in guild.audit_logs(limit=5)]


CALLS: dict[str, tuple[str, str, Read]] = {
    # name: (route to read the real answer from, its schema, the call and its reading)
    "fetch_message": ("/channels/{channel}/messages/{message}", "MessageResponse",
                      lambda bot, g, ids: _message_of(bot, ids)),
    "fetch_channel": ("/channels/{channel}", "GuildChannelResponse",
                      lambda bot, g, ids: _then(bot.fetch_channel(ids["channel"]),
                                                channel_reading)),
    "fetch_thread": ("/channels/{thread}", "ThreadResponse",
                     lambda bot, g, ids: _then(bot.fetch_channel(ids["thread"]), lambda t: (
                         t.name, str(t.type), t.archived, t.locked, t.parent_id,
                         t.auto_archive_duration, t.archive_timestamp, t.created_at))),
    "fetch_guild": ("/guilds/{guild}?with_counts=true", "GuildWithCountsResponse",
                    lambda bot, g, ids: _then(bot.fetch_guild(g.id), lambda x: (
                        guild_reading(x), names(x.roles), names(x.emojis),
                        x.approximate_member_count, x.description))),
    "fetch_member": ("/guilds/{guild}/members/{bob}", "GuildMemberResponse",
                     lambda bot, g, ids: _then(g.fetch_member(ids["bob"]), member_reading)),
    "fetch_roles": ("/guilds/{guild}/roles", "GuildRoleResponse",
                    lambda bot, g, ids: _then(g.fetch_roles(), lambda roles: [
                        role_reading(r) for r in sorted(roles, key=lambda r: r.id)])),
    "fetch_invite": ("/invites/{invite}?with_counts=true&with_expiration=true",
                     "GuildInviteResponse",
                     lambda bot, g, ids: _then(bot.fetch_invite(ids["invite"]), lambda i: (
                         i.code, str(i.type), str(i.target_type), i.inviter and i.inviter.name,
                         i.guild and i.guild.name, i.channel and i.channel.name,
                         i.approximate_member_count, i.expires_at))),
    "webhooks": ("/channels/{channel}/webhooks", "GuildIncomingWebhookResponse",
                 lambda bot, g, ids: _then(bot.get_channel(ids["channel"]).webhooks(),
                                           lambda hooks: [(w.name, str(w.type), w.channel_id,
                                                           w.user and w.user.name)
                                                          for w in hooks])),
    "fetch_emoji": ("/guilds/{guild}/emojis/{emoji}", "EmojiResponse",
                    lambda bot, g, ids: _then(g.fetch_emoji(ids["emoji"]), lambda e: (
                        e.name, e.animated, e.managed, e.require_colons, e.available,
                        e.user and e.user.name, len(e.roles)))),
    "fetch_sticker": ("/stickers/{sticker}", "GuildStickerResponse",
                      lambda bot, g, ids: _then(bot.fetch_sticker(ids["sticker"]), lambda s: (
                          s.name, str(s.format), str(getattr(s, "type", "no type")),
                          s.description, getattr(s, "available", None)))),
    "fetch_scheduled_event": (
        "/guilds/{guild}/scheduled-events/{event}", "ExternalScheduledEventResponse",
        lambda bot, g, ids: _then(g.fetch_scheduled_event(ids["event"]), lambda e: (
            e.name, str(e.status), str(e.entity_type), e.location, e.description,
            e.end_time, e.creator_id))),
    "fetch_automod_rule": (
        "/guilds/{guild}/auto-moderation/rules/{rule}", "KeywordRuleResponse",
        lambda bot, g, ids: _then(g.fetch_automod_rule(ids["rule"]), lambda r: (
            r.name, str(r.trigger.type), str(r.event_type), [str(a.type) for a in r.actions],
            r.enabled, r.trigger.keyword_filter))),
    "audit_logs": ("/guilds/{guild}/audit-logs?limit=5", "GuildAuditLogResponse", _audit),
    "history": ("/channels/{channel}/messages?limit=5", "MessageResponse",
                lambda bot, g, ids: _listed(bot.get_channel(ids["channel"]).history(limit=5),
                                            _message)),
    "fetch_channels": ("/guilds/{guild}/channels", "GuildChannelResponse",
                       lambda bot, g, ids: _then(g.fetch_channels(), lambda chans: [
                           channel_reading(c) for c in sorted(chans, key=lambda c: c.id)])),
    "bans": ("/guilds/{guild}/bans?limit=5", "GuildBanResponse",
             lambda bot, g, ids: _listed(g.bans(limit=5), lambda b: (b.user.name, b.reason))),
    "fetch_user": ("/users/{bob}", "UserResponse",
                   lambda bot, g, ids: _then(bot.fetch_user(ids["bob"]), lambda u: (
                       u.name, u.global_name, u.display_name, u.bot, u.system,
                       u.public_flags.value, u.accent_colour, u.avatar is None))),
    "application_info": ("/oauth2/applications/@me", "PrivateApplicationResponse",
                         lambda bot, g, ids: _then(bot.application_info(), lambda a: (
                             a.name, a.description, a.bot_public, a.bot_require_code_grant,
                             a.owner and a.owner.name, a.flags.value, a.icon is None))),
    "fetch_members": ("/guilds/{guild}/members?limit=1000", "GuildMemberResponse",
                      lambda bot, g, ids: _listed(g.fetch_members(limit=None),
                                                  member_reading)),
    "active_threads": ("/guilds/{guild}/threads/active", "ThreadsResponse",
                       lambda bot, g, ids: _then(g.active_threads(), lambda threads: sorted(
                           (t.name, str(t.type), t.archived) for t in threads))),
    "invites": ("/channels/{channel}/invites", "GuildInviteResponse",
                lambda bot, g, ids: _then(bot.get_channel(ids["channel"]).invites(),
                                          lambda found: [(i.code, i.max_age, i.uses)
                                                         for i in found])),
}


#: Where the two may differ, and why (tidecord's reading is the one kept).
ACCEPTED = {
    "fetch_sticker nullable null at format_type":
        "a null format reads None; discord.py makes StickerFormatType.unknown_None",
    "fetch_sticker unknown enum value at type":
        "discord.py's plain Sticker has no type; tidecord's reads StickerType.unknown_97",
    "fetch_members optional left out at 0.user.bot":
        "the bot's own user sent without its bot flag reads as no bot (Discord's default "
        "for a flag left out); discord.py keeps the user it has cached as it was",
}


#: What the last call gave, by library: each object's public attributes, and which of
#: them read UNSET (in the order given, the same on both).
GIVEN: dict[str, list[tuple[list[str], set[str]]]] = {}


def _note(found: Any) -> Any:
    for item in found if isinstance(found, list) else [found]:
        attributes = public(item)
        library = type(item).__module__.partition(".")[0]
        GIVEN.setdefault(library, []).append((attributes, {
            attr for attr in attributes
            if library == "tidecord" and read_or_none(item, attr) is UNSET}))
    return found


def _unset_api() -> set[str]:
    """What read UNSET on tidecord of what discord.py's same object has."""
    return {attr for (_, unset), (attributes, _) in zip(
        GIVEN.get("tidecord", []), GIVEN.get("discord", []), strict=False)
        for attr in unset if attr in attributes}


async def _listed(items: Any, read: Callable[[Any], Any]) -> Any:
    return [read(_note(item)) async for item in items]


async def _then(call: Awaitable[Any], read: Callable[[Any], Any]) -> Any:
    return read(_note(await call))


async def _message_of(bot: Any, ids: dict[str, Any]) -> Any:
    channel = bot.get_channel(ids["channel"])
    return _message(_note(await channel.fetch_message(ids["message"])))


async def _things(sb: Sandbox, bot: Any) -> dict[str, Any]:
    """What the calls read, made by the tidecord bot (a moderator)."""
    g = bot.guilds[0]
    channel = await g.create_text_channel("made", topic="t")
    message = await channel.send("hello", embed=tidecord.Embed(title="t"),
                                 file=tidecord.File(io.BytesIO(b"abc"), "a.txt"))
    thread = await message.create_thread(name="th")
    invite = await channel.create_invite()
    await channel.create_webhook(name="w")
    emoji = await g.create_custom_emoji(name="emo", image=PNG)
    sticker = await g.create_sticker(name="stk", description="desc", emoji="\N{THUMBS UP SIGN}",
                                     file=tidecord.File(io.BytesIO(PNG), "s.png"))
    now = datetime.datetime.now(datetime.UTC)
    event = await g.create_scheduled_event(
        name="ev", start_time=now + datetime.timedelta(days=1),
        end_time=now + datetime.timedelta(days=2), entity_type=tidecord.EntityType.external,
        location="here", privacy_level=tidecord.PrivacyLevel.guild_only)
    rule = await g.create_automod_rule(
        name="rule", event_type=tidecord.AutoModRuleEventType.message_send,
        trigger=tidecord.AutoModTrigger(type=tidecord.AutoModRuleTriggerType.keyword,
                                        keyword_filter=["bad"]),
        actions=[tidecord.AutoModRuleAction(custom_message="no")])
    await g.get_member(sb.user("bob").id).edit(nick="bobby")
    await g.ban(tidecord.Object(sb.user("carol").id), reason="spam")
    return {"guild": g.id, "channel": channel.id, "message": message.id, "thread": thread.id,
            "invite": invite.code, "emoji": emoji.id, "sticker": sticker.id, "event": event.id,
            "rule": rule.id, "bob": sb.user("bob").id}


async def _answer(sb: Sandbox, route: str) -> Any:
    """The sandbox's own answer to a GET of ``route``."""
    async with aiohttp.ClientSession() as session, session.get(
            sb.api_url + route, headers={"Authorization": f"Bot {sb.token}"}) as response:
        assert response.status == 200, (route, response.status)
        return await response.json()


async def _outcome(sb: Sandbox, bot: Any, read: Read, ids: dict[str, Any],
                   body: bytes) -> Any:
    sb.answer_next_rest(1, 200, body, {"Content-Type": "application/json"})
    try:
        return shown(await read(bot, bot.get_guild(ids["guild"]), ids))
    except Exception as exc:
        return f"raised {type(exc).__name__}: {str(exc)[:120]}"
    finally:
        sb.faults.clear()


async def test_every_documented_rest_variant_reads_as_discord_py_reads_it(
    sandbox_factory: Any
) -> None:
    sb = await sandbox_factory(world=variants_world())
    report = os.environ.get("TIDECORD_PAYLOADS_REPORT")
    async with running("tidecord", sb, rest_bot) as td, \
            running("discord.py", sb, rest_bot) as dpy:
        ids = await _things(sb, td)
        differences = []
        count = 0
        for name, (route, schema, read) in CALLS.items():
            real = await _answer(sb, route.format(**ids))
            for label, variant in [("as sent", real), *variants_of(schema, real)]:
                count += 1
                body = json.dumps(variant).encode()
                GIVEN.clear()
                mine = await _outcome(sb, td, read, ids, body)
                theirs = await _outcome(sb, dpy, read, ids, body)
                unset = _unset_api()
                if report:
                    print(f"{name} {label}: tidecord {mine} discord.py {theirs}")
                tidecord_raised = isinstance(mine, str) and mine.startswith("raised")
                if "UnsetType" in str(mine) or unset:  # left out reads as discord.py's do
                    differences.append(f"{name} {label}: tidecord read UNSET: {mine} "
                                       f"{sorted(unset)}")
                elif f"{name} {label}" in ACCEPTED and not tidecord_raised:
                    continue
                elif tidecord_raised or (mine != theirs and not (
                        isinstance(theirs, str) and theirs.startswith("raised"))):
                    differences.append(f"{name} {label}: tidecord {mine} discord.py {theirs}")
        print(f"{count} answers, {len(differences)} differences")
        assert not differences, "\n".join(differences)
