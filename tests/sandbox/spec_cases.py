"""The operations :mod:`test_openapi_requests` sends spec-generated bodies to: the URL of
each, the hints their bodies need (values that must name something real), and the
things they act on, made first as a bot would make them."""

from __future__ import annotations

import base64
import datetime
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tidecord.sandbox import Sandbox

from .spec_requests import PNG

__all__ = ["Call", "Case", "cases", "setup"]

@dataclass
class Case:
    """One operation: its spec path, the URL to call and what its bodies need."""

    method: str
    spec_path: str
    url: str | Callable[[], Awaitable[str]]
    hints: dict[str, Any] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    branch: str | None = None
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    limits: dict[str, int] = field(default_factory=dict)


Call = Callable[[str, str, Any], Awaitable[Any]]


def cases(sb: Sandbox, ctx: dict[str, Any], call: Call) -> list[Case]:
    """Each operation with a JSON body the sandbox serves, and what its bodies need
    beyond their schema (each such need says why)."""
    gid = str(sb.guild.id)
    app = str(sb.state.application.id)
    general, news, rules = (str(sb.channel(n).id) for n in ("general", "news", "rules"))
    talk, stage, forum = (str(sb.channel(n).id) for n in ("talk", "stage", "forum"))
    alice, bob, carol = (str(sb.user(n).id) for n in ("alice", "bob", "carol"))
    role, sku = ctx["role"], str(next(iter(sb.state.skus)))
    g = f"/guilds/{gid}"
    count = itertools.count()
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)

    def unique(prefix: str) -> Any:
        return lambda mode: f"{prefix}{next(count)}"

    async def fresh_message() -> str:  # one thread per message
        sent = await call("POST", f"/channels/{general}/messages", {"content": "start"})
        return f"/channels/{general}/messages/{sent['id']}/threads"

    async def no_template() -> str:  # a guild has one template
        sb.state.templates.clear()
        return g + "/templates"

    async def interaction() -> str:  # each answer needs an interaction of its own
        record = await sb.invoke_command("alice", "general", "ping", {})
        return f"/interactions/{record.id}/{record.token}/callback"

    async def clicked() -> str:  # a click on a bot's button, to update its message
        sent = await call("POST", f"/channels/{general}/messages", {
            "content": "press", "components": [{"type": 1, "components": [
                {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}]}]})
        record = await sb.click_button("alice", int(sent["id"]), "go", channel="general")
        return f"/interactions/{record.id}/{record.token}/callback"

    async def typed() -> str:  # someone typing in an autocompleted option
        record = await sb.autocomplete("alice", "general", "count", {"n": 1}, focused="n")
        return f"/interactions/{record.id}/{record.token}/callback"

    async def room_for_a_rule() -> str:  # a guild holds 6 keyword rules
        rules = sb.state.automod_rules[sb.guild.id]
        for rid in [r for r in rules if str(r) != ctx["rule"]]:
            del rules[rid]
        return g + "/auto-moderation/rules"

    async def answered() -> str:  # an interaction answered, to edit its answer
        record = await sb.invoke_command("alice", "general", "ping", {})
        await call("POST", f"/interactions/{record.id}/{record.token}/callback",
                   {"type": 4, "data": {"content": "pong"}})
        return f"/webhooks/{app}/{record.token}/messages/@original"

    async def a_template() -> str:
        if not sb.state.templates:
            await call("POST", g + "/templates", {"name": "Garden"})
        return f"{g}/templates/{next(iter(sb.state.templates))}"

    def whole_command(mode: str) -> Any:  # a command in the PUT of a list
        return {"name": f"c{next(count)}", "description": "d", "type": 1}

    def unbanned(mode: str) -> list[Any]:  # Discord refuses (500000) when none is banned
        sb.state.bans[sb.guild.id].clear()
        return [int(carol) if mode == "numbers" else carol]

    # Fields of a message body that need more than their schema says (one shape of
    # component, a poll, a file, a reply) are checked by their own tests. Discord
    # refuses a message with nothing in it (50006), though the spec requires no field.
    message = frozenset({"components", "poll", "attachments", "shared_client_theme",
                         "message_reference", "sticker_ids", "applied_tags", "thread_name",
                         "enforce_nonce", "flags"})
    said = {"content": "hello", "allowed_mentions": {"parse": ["users"], "replied_user": True}}
    # The spec's 4000 is a Nitro user's limit; a bot's is 2000 (discord-protocol.md).
    bot_content = {"content": 2000}
    emoji_hint = {"emoji_id": None, "emoji_name": "⭐"}
    command = {"name": unique("cmd"), "description": "d"}
    channel_hints = {"parent_id": ctx["category"], "id": role, "rtc_region": None,
                     "type": 0, "default_reaction_emoji": None, "available_tags": None,
                     "default_forum_layout": None, "default_sort_order": None,
                     "default_tag_setting": None, "video_quality_mode": None,
                     "bitrate": None, "user_limit": None}
    return [
        # unicode_emoji must be an emoji, as Discord checks.
        Case("POST", "/guilds/{guild_id}/roles", g + "/roles", {"unicode_emoji": "⭐"}),
        Case("PATCH", "/guilds/{guild_id}/roles/{role_id}", f"{g}/roles/{role}",
             {"unicode_emoji": "⭐"}),
        # Each position names a role: the spec leaves "id" optional, Discord does not.
        Case("PATCH", "/guilds/{guild_id}/roles", g + "/roles", {"id": role},
             required=frozenset({"id"})),
        # A text channel's: a voice channel's fields (bitrate...) are for voice channels.
        Case("POST", "/guilds/{guild_id}/channels", g + "/channels", channel_hints),
        Case("PATCH", "/channels/{channel_id}", f"/channels/{ctx['text']}", channel_hints,
             branch="UpdateGuildChannelRequestPartial"),
        Case("PATCH", "/guilds/{guild_id}/channels", g + "/channels",
             {"id": ctx["text"], "parent_id": ctx["category"]}, required=frozenset({"id"})),
        # An overwrite says whose it is: required by Discord, not by the spec.
        Case("PUT", "/channels/{channel_id}/permissions/{overwrite_id}",
             f"/channels/{ctx['text']}/permissions/{role}", {"type": 0},
             required=frozenset({"type"})),
        Case("POST", "/channels/{channel_id}/invites", f"/channels/{general}/invites",
             {"target_user_id": None, "role_ids": [role], "target_type": None},
             skip=frozenset({"target_application_id"}), branch="CreateGuildInviteRequest"),
        Case("POST", "/channels/{channel_id}/messages", f"/channels/{general}/messages",
             said, skip=message, limits=bot_content, required=frozenset({"content"})),
        # A poll alone (its question takes text only, as the spec says; each answer has
        # text, which Discord's docs say it always has).
        Case("POST", "/channels/{channel_id}/messages", f"/channels/{general}/messages",
             {"question": {"text": "Tea?"}, "emoji": {"name": "⭐"}, "content": None},
             skip=message - {"poll"} | {"embeds", "tts", "nonce", "allowed_mentions"},
             required=frozenset({"poll", "text"})),
        Case("PATCH", "/channels/{channel_id}/messages/{message_id}",
             f"/channels/{general}/messages/{ctx['message']}", said, skip=message,
             limits=bot_content),
        Case("POST", "/channels/{channel_id}/messages/bulk-delete",
             f"/channels/{general}/messages/bulk-delete",
             {"messages": lambda mode: [ctx["bulk"].pop(), ctx["bulk"].pop()]}),
        Case("POST", "/channels/{channel_id}/messages/{message_id}/threads", fresh_message),
        Case("POST", "/channels/{channel_id}/threads", f"/channels/{general}/threads",
             {"type": 11}, branch="CreateTextThreadWithoutMessageRequest"),
        Case("POST", "/channels/{channel_id}/webhooks", f"/channels/{general}/webhooks"),
        Case("PATCH", "/webhooks/{webhook_id}", f"/webhooks/{ctx['webhook']}",
             {"channel_id": general}),
        Case("PATCH", "/webhooks/{webhook_id}/{webhook_token}", ctx["hook"]),
        Case("POST", "/webhooks/{webhook_id}/{webhook_token}", ctx["hook"], said,
             skip=message, limits=bot_content, required=frozenset({"content"})),
        Case("POST", "/channels/{channel_id}/followers", f"/channels/{news}/followers",
             {"webhook_channel_id": general}),
        Case("PATCH", "/guilds/{guild_id}", g, {
            "afk_channel_id": talk, "system_channel_id": general, "rules_channel_id": rules,
            "public_updates_channel_id": general, "safety_alerts_channel_id": general,
            "features": ["COMMUNITY"], "preferred_locale": "en-US", "region": None,
            "afk_timeout": 60}),
        Case("PUT", "/guilds/{guild_id}/incident-actions", g + "/incident-actions",
             {"invites_disabled_until": soon.isoformat(),
              "dms_disabled_until": soon.isoformat()}),
        # Only Nitro members may set their own guild avatar, banner and bio.
        Case("PATCH", "/guilds/{guild_id}/members/@me", g + "/members/@me",
             skip=frozenset({"avatar", "banner", "bio"})),
        Case("PATCH", "/guilds/{guild_id}/members/{user_id}", f"{g}/members/{bob}",
             {"roles": [role], "channel_id": talk,
              "communication_disabled_until": soon.isoformat()}),
        Case("PUT", "/guilds/{guild_id}/bans/{user_id}", f"{g}/bans/{carol}"),
        Case("POST", "/guilds/{guild_id}/bulk-ban", g + "/bulk-ban", {"user_ids": unbanned}),
        Case("POST", "/guilds/{guild_id}/prune", g + "/prune", {"include_roles": [role]}),
        Case("POST", "/guilds/{guild_id}/emojis", g + "/emojis",
             {"name": unique("emo"), "roles": [role]}),
        Case("PATCH", "/guilds/{guild_id}/stickers/{sticker_id}",
             f"{g}/stickers/{ctx['sticker']}", {"tags": "star"}),
        Case("POST", "/guilds/{guild_id}/templates", no_template),
        # An external event ends: Discord requires the end the spec leaves optional.
        Case("POST", "/guilds/{guild_id}/scheduled-events", g + "/scheduled-events",
             {"recurrence_rule": None, "scheduled_start_time": soon.isoformat(),
              "scheduled_end_time": (soon + datetime.timedelta(hours=1)).isoformat(),
              "privacy_level": 2, "entity_type": 3, "channel_id": None},
             branch="ExternalScheduledEventCreateRequest",
             required=frozenset({"scheduled_end_time"})),
        Case("POST", "/guilds/{guild_id}/soundboard-sounds", g + "/soundboard-sounds",
             {"name": unique("snd"), "sound": ctx["sound"], **emoji_hint}),
        # PUBLIC (1) is deprecated: Discord refuses it now.
        Case("POST", "/stage-instances", "/stage-instances",
             {"channel_id": lambda mode: ctx["stages"].pop(), "guild_scheduled_event_id": None,
              "privacy_level": 2}),
        Case("PATCH", "/stage-instances/{channel_id}", f"/stage-instances/{stage}",
             {"privacy_level": 2}),
        # A keyword rule acts (Discord requires its actions) on messages (event type 1:
        # member updates are for member-profile rules).
        Case("POST", "/guilds/{guild_id}/auto-moderation/rules", room_for_a_rule,
             {"exempt_roles": [role], "exempt_channels": [general], "trigger_type": 1,
              "name": unique("rule"), "event_type": 1, "actions": [{"type": 1}]},
             branch="KeywordUpsertRequest", required=frozenset({"actions"})),
        Case("PATCH", "/guilds/{guild_id}/auto-moderation/rules/{rule_id}",
             f"{g}/auto-moderation/rules/{ctx['rule']}",
             {"exempt_roles": [role], "exempt_channels": [general], "trigger_type": 1,
              "event_type": 1, "actions": [{"type": 1}]},
             branch="KeywordUpsertRequestPartial"),
        # Enabling onboarding needs prompts and channels set up first (350000).
        Case("PUT", "/guilds/{guild_id}/onboarding", g + "/onboarding",
             {"default_channel_ids": [general, rules], "channel_ids": [general],
              "role_ids": [role], "id": role, "enabled": False, **emoji_hint}),
        Case("PATCH", "/guilds/{guild_id}/welcome-screen", g + "/welcome-screen",
             {"channel_id": general, **emoji_hint}),
        Case("PATCH", "/guilds/{guild_id}/widget", g + "/widget", {"channel_id": general}),
        Case("PATCH", "/guilds/{guild_id}/voice-states/{user_id}",
             f"{g}/voice-states/@me", {"channel_id": stage}),
        # A chat-input command has a description: Discord requires it, the spec does not.
        # handler is for PRIMARY_ENTRY_POINT commands alone.
        Case("POST", "/applications/{application_id}/commands",
             f"/applications/{app}/commands", {"name": unique("cmd"), "description": "d"},
             skip=frozenset({"handler"}), required=frozenset({"description"})),
        Case("POST", "/applications/{application_id}/emojis",
             f"/applications/{app}/emojis", {"name": unique("app")}),
        Case("PATCH", "/applications/{application_id}/emojis/{emoji_id}",
             f"/applications/{app}/emojis/{ctx['app_emoji']}", {"name": unique("ren")}),
        # The spec's description is a localized object; Discord takes a string. Discord
        # sends an interactions endpoint a PING before it takes the URL: none answers here.
        Case("PATCH", "/applications/@me", "/applications/@me",
             {"description": "about", "interactions_endpoint_url": None}),
        Case("POST", "/applications/{application_id}/entitlements",
             f"/applications/{app}/entitlements",
             {"sku_id": sku, "owner_id": gid, "owner_type": 1}),
        # A bot may change its avatar alone: the spec's required username is not.
        Case("PATCH", "/users/@me", "/users/@me", {"username": unique("bot")},
             optional=frozenset({"username"})),
        # A bot opens a DM with one person (access_tokens are for group DMs of OAuth2).
        Case("POST", "/users/@me/channels", "/users/@me/channels",
             {"recipient_id": alice}, skip=frozenset({"access_tokens", "nicks"}),
             required=frozenset({"recipient_id"})),
        Case("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
             interaction, {"data": lambda mode: said},
             branch="CreateMessageInteractionCallbackRequest", required=frozenset({"data"})),
        Case("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
             clicked, {"data": lambda mode: said},
             branch="UpdateMessageInteractionCallbackRequest"),
        Case("POST", "/interactions/{interaction_id}/{interaction_token}/callback",
             # Discord's docs list the choices as required, the spec as optional.
             typed, branch="ApplicationCommandAutocompleteCallbackRequest",
             required=frozenset({"choices"})),
        Case("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
             answered, said, skip=message, limits=bot_content),
        Case("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
             f"{ctx['hook']}/messages/{ctx['hook_message']}", said, skip=message,
             limits=bot_content),
        Case("PATCH", "/channels/{channel_id}", f"/channels/{ctx['thread']}",
             # An archived thread takes no other change (50083): keep it open.
             {"archived": False, "applied_tags": None, "bitrate": None, "user_limit": None,
              "rtc_region": None, "video_quality_mode": None, "flags": None},
             branch="UpdateThreadRequestPartial"),
        # A forum post's first message: its own fields are the message test's.
        Case("POST", "/channels/{channel_id}/threads", f"/channels/{forum}/threads",
             {"message": {"content": "first"}, "applied_tags": None},
             branch="CreateForumThreadRequest"),
        Case("PATCH", "/applications/{application_id}/commands/{command_id}",
             f"/applications/{app}/commands/{ctx['global_command']}", command,
             skip=frozenset({"handler"})),
        Case("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}",
             f"/applications/{app}/guilds/{gid}/commands/{ctx['command']}", command,
             skip=frozenset({"handler"})),
        Case("POST", "/applications/{application_id}/guilds/{guild_id}/commands",
             f"/applications/{app}/guilds/{gid}/commands", command,
             skip=frozenset({"handler"}), required=frozenset({"description"})),
        Case("PATCH", "/guilds/{guild_id}/emojis/{emoji_id}", f"{g}/emojis/{ctx['emoji']}",
             {"name": unique("party"), "roles": [role]}),
        Case("PATCH", "/guilds/{guild_id}/soundboard-sounds/{sound_id}",
             f"{g}/soundboard-sounds/{ctx['sound_id']}", {"name": unique("s"), **emoji_hint}),
        Case("PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
             f"{g}/scheduled-events/{ctx['event']}",
             {"recurrence_rule": None, "scheduled_start_time": soon.isoformat(),
              "scheduled_end_time": (soon + datetime.timedelta(hours=1)).isoformat(),
              "privacy_level": 2, "entity_type": 3, "channel_id": None, "status": None},
             branch="ExternalScheduledEventPatchRequestPartial"),
        Case("PATCH", "/guilds/{guild_id}/templates/{code}", a_template),
        # Last: these replace the commands the cases above use.
        Case("PUT", "/applications/{application_id}/commands",
             f"/applications/{app}/commands", {"$[]": whole_command}),
        Case("PUT", "/applications/{application_id}/guilds/{guild_id}/commands",
             f"/applications/{app}/guilds/{gid}/commands", {"$[]": whole_command}),
    ]


async def setup(sb: Sandbox, call: Call) -> dict[str, Any]:
    """Things the operations act on, made as a bot would make them."""
    state, gid = sb.state, sb.guild.id
    general = sb.channel("general").id
    ctx: dict[str, Any] = {
        "role": str(state.create_role(gid, name="spare").id),
        "category": str(sb.channel("Room").id),
        "text": str(state.create_channel(gid, "spare").id),
        "sticker": str(state.guild(gid).stickers[0].id),
        "sound": "data:audio/ogg;base64," + base64.b64encode(
            b"OggS\x00\x02" + bytes(32)).decode(),
        "stages": [str(state.create_channel(gid, f"stage{i}", type=13).id)
                   for i in range(14)],
    }
    sent = [await call("POST", f"/channels/{general}/messages", {"content": f"m{i}"})
            for i in range(30)]
    ctx["message"] = sent[0]["id"]
    ctx["bulk"] = [m["id"] for m in sent[1:]]
    hook = await call("POST", f"/channels/{general}/webhooks", {"name": "hook"})
    ctx["webhook"] = hook["id"]
    ctx["hook"] = f"/webhooks/{hook['id']}/{hook['token']}"
    await call("POST", "/stage-instances", {"channel_id": str(sb.channel("stage").id),
                                            "topic": "talk"})
    rule = await call("POST", f"/guilds/{gid}/auto-moderation/rules", {
        "name": "words", "event_type": 1, "trigger_type": 1, "actions": [{"type": 1}],
        "trigger_metadata": {"keyword_filter": ["bad"]}})
    ctx["rule"] = rule["id"]
    app = sb.state.application.id
    command = await call("POST", f"/applications/{app}/guilds/{gid}/commands",
                         {"name": "ping", "description": "pong"})
    ctx["command"] = command["id"]
    await call("POST", f"/applications/{app}/guilds/{gid}/commands", {
        "name": "count", "description": "n", "options": [
            {"type": 4, "name": "n", "description": "n", "autocomplete": True}]})
    emoji = await call("POST", f"/applications/{app}/emojis", {"name": "appy", "image": PNG})
    ctx["app_emoji"] = emoji["id"]
    ctx["emoji"] = str(state.guild(gid).emojis[0].id)
    made = await call("POST", f"/applications/{app}/commands", {"name": "hi", "description": "d"})
    ctx["global_command"] = made["id"]
    thread = await call("POST", f"/channels/{general}/threads", {"name": "side", "type": 11})
    ctx["thread"] = thread["id"]
    said = await call("POST", ctx["hook"] + "?wait=true", {"content": "hooked"})
    ctx["hook_message"] = said["id"]
    sound = await call("POST", f"/guilds/{gid}/soundboard-sounds",
                       {"name": "beep", "sound": ctx["sound"]})
    ctx["sound_id"] = sound["sound_id"]
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2)
    event = await call("POST", f"/guilds/{gid}/scheduled-events", {
        "name": "Picnic", "privacy_level": 2, "entity_type": 3,
        "scheduled_start_time": start.isoformat(), "entity_metadata": {"location": "Park"},
        "scheduled_end_time": (start + datetime.timedelta(hours=1)).isoformat()})
    ctx["event"] = event["id"]
    # In voice, to be moved, muted and unsuppressed.
    await sb.join_voice("bob", "talk")
    state.set_voice(gid, sb.bot_user.id, sb.channel("stage").id)
    return ctx
