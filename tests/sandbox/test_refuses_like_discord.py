"""The sandbox refuses what Discord refuses and takes what Discord takes, on the requests
bots make most, answering each refusal as Discord does: the status, the JSON code and,
for 50035, the one field its ``errors`` tree names with Discord's error code.

Each row of the tables cites its rule: Discord's OpenAPI spec (``spec:`` a schema's
maxLength, maxItems, minimum, maximum or enum), its docs (``docs:`` a page of
discord-api-docs) or the project's notes of Discord's facts, discord-protocol.md
(``protocol``). Bodies are
mutated from a base a bot would send, by a seeded generator: a text at exactly its
limit and one past it, a number at and past its bounds, a value of the wrong type, an
enum value Discord does not know, an unknown field (ignored), an optional field null
or left out, snowflakes as strings and as numbers, ids unknown or of the wrong kind,
and a bot lacking a permission. A taken body's answer must validate against the
spec's response schema; each refusal is also sent through discord.py 2.7.1, which
must raise the class Discord's answer makes it raise, with the same code and text.

Checked elsewhere and not repeated here: each operation's spec-generated bodies
(test_openapi_requests), the guild maximums (test_guild_limits).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import gzip
import itertools
import json
import random
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import discord
import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tidecord.sandbox import Sandbox, World
from tidecord.sandbox.rest.ratelimit import RateLimits

from .spec_requests import PNG, SPEC

SEED = 20261204
WORLD = World.from_dict({
    "users": ["alice", "bob", "carol"],
    "guilds": [
        {"name": "Open", "owner": "alice", "bot_permissions": ["administrator"],
         "features": ["COMMUNITY"],
         "members": ["alice", "bob"],
         "roles": [{"name": "mods"}],
         "channels": [{"name": "general"}, {"name": "talk", "type": 2},
                      {"name": "Room", "type": 4}, {"name": "ideas", "type": 15},
                      {"name": "notices"}],
         "emojis": ["party"]},
        # The bot may see and write in lobby, only see in quiet, and not see in vault.
        {"name": "Tight", "owner": "alice", "members": ["alice", "bob"],
         "bot_permissions": ["view_channel", "send_messages", "read_message_history"],
         "roles": [{"name": "@everyone", "permissions": []}],
         "channels": [{"name": "lobby"},
                      {"name": "quiet", "overwrites": [
                          {"user": "SandboxBot", "deny": ["send_messages"]}]},
                      {"name": "vault", "overwrites": [
                          {"user": "SandboxBot", "deny": ["view_channel"]}]}]},
    ],
})
pytestmark = [pytest.mark.timeout(40), pytest.mark.sandbox(
    world=WORLD, heartbeat_interval=30000,
    rate_limits=RateLimits(global_limit=10_000, default=(10_000, 1.0), routes={}))]

# The world's things by name: ids, and "hook", the webhook's URL path. A path or body
# value names one: "{general}" as its id's digits, "#general" as its id's number.
Ids = dict[str, Any]
CALLBACK = "{callback}"  # a fresh interaction's callback (each is answered once)


@dataclass(frozen=True)
class Refusal:
    """A request Discord refuses, and how it answers."""

    what: str
    method: str
    path: str
    body: Any
    status: int
    code: int
    message: str
    # 50035: the field its errors tree names, Discord's code and message there.
    field: str | None = None
    error: tuple[str, str] | None = None
    rule: str = ""


@dataclass(frozen=True)
class Accepted:
    """A request Discord takes: the spec operation whose response schema its answer
    must validate against."""

    what: str
    method: str
    path: str
    body: Any
    spec_path: str
    status: int = 200
    rule: str = ""
    # Fields the answer must hold as Discord sets them (what it drops, say).
    expect: tuple[tuple[str, Any], ...] = ()


def form(what: str, method: str, path: str, body: Any, field: str,
         error: tuple[str, str], rule: str) -> Refusal:
    """A body Discord refuses as an invalid form (400, 50035): its errors tree names
    ``field`` with ``error`` (Discord's code and message)."""
    return Refusal(what, method, path, body, 400, 50035, FORM, field, error, rule)


def denied(what: str, method: str, path: str, body: Any, rule: str) -> Refusal:
    """A request the bot lacks a permission for (403, 50013)."""
    return Refusal(what, method, path, body, 403, 50013, PERMS, rule=rule)


def too_long(most: int) -> tuple[str, str]:
    return ("BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer in length.")


def bad_length(least: int, most: int) -> tuple[str, str]:
    return ("BASE_TYPE_BAD_LENGTH", f"Must be between {least} and {most} in length.")


def over(most: int) -> tuple[str, str]:
    return ("NUMBER_TYPE_MAX", f"int value should be less than or equal to {most}.")


def under(least: int) -> tuple[str, str]:
    return ("NUMBER_TYPE_MIN", f"int value should be greater than or equal to {least}.")


def not_a(value: str, kind: str) -> tuple[str, str]:
    return ("NUMBER_TYPE_COERCE", f'Value "{value}" is not {kind}.')


NOT_BOOLEAN = ("BASE_TYPE_BOOLEAN", "Must be either true or false.")


def choices(shown: str) -> tuple[str, str]:
    return ("BASE_TYPE_CHOICES", f"Value must be one of {shown}.")


FORM = "Invalid Form Body"
PERMS = "Missing Permissions"
MSG = "/channels/{general}/messages"
BUTTON = {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}


def put(path: str, value: Any, base: Any = None) -> Any:
    """``base`` (a body a bot sends) with ``value`` at the dotted ``path``, made where
    it is missing: ``embeds.0.title``."""
    body = json.loads(json.dumps(base if base is not None else {}))
    node = body
    parts = path.split(".")
    for part, after in itertools.pairwise(parts):
        key: Any = int(part) if part.isdigit() else part
        if isinstance(node, list):
            while len(node) <= key:
                node.append([] if after.isdigit() else {})
        elif key not in node:
            node[key] = [] if after.isdigit() else {}
        node = node[key]
    last = parts[-1]
    if isinstance(node, list):
        node.append(value)
    else:
        node[last] = value
    return body


# Texts of a message body at their limits: (path, least, most, base, rule). A text
# with a least is refused with BAD_LENGTH, one without with MAX_LENGTH.
MESSAGE_TEXTS: list[tuple[str, int, int, Any, str]] = [
    ("content", 0, 2000, None, "protocol: content <= 2000 chars (bots)"),
    ("nonce", 0, 25, {"content": "x"}, "docs message.mdx: nonce, up to 25 characters"),
    ("embeds.0.title", 0, 256, None, "spec RichEmbed.title maxLength 256"),
    ("embeds.0.description", 0, 4096, None, "spec RichEmbed.description maxLength 4096"),
    ("embeds.0.footer.text", 0, 2048, None, "spec RichEmbedFooter.text maxLength 2048"),
    ("embeds.0.author.name", 0, 256, None, "spec RichEmbedAuthor.name maxLength 256"),
    ("embeds.0.fields.0.name", 0, 256, {"embeds": [{"fields": [{"value": "v"}]}]},
     "spec RichEmbedField.name maxLength 256"),
    ("embeds.0.fields.0.value", 0, 1024, {"embeds": [{"fields": [{"name": "n"}]}]},
     "spec RichEmbedField.value maxLength 1024"),
    ("components.0.components.0.label", 0, 80,
     {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": "c"}]}]},
     "spec ButtonComponentForMessageRequest.label maxLength 80"),
    ("components.0.components.0.custom_id", 1, 100,
     {"components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "L"}]}]},
     "spec ButtonComponentForMessageRequest.custom_id maxLength 100"),
]
# Where a message body goes, by route: (label, method, path, the body's place in the
# request ("" at the top, "data." in an interaction's answer), the spec operation).
MESSAGE_ROUTES: list[tuple[str, str, str, str, str]] = [
    ("send", "POST", MSG, "", "/channels/{channel_id}/messages"),
    ("edit", "PATCH", MSG + "/{first}", "", "/channels/{channel_id}/messages/{message_id}"),
    # with_components: without it Discord does not heed a webhook's components
    ("hook", "POST", "{hook}?wait=true&with_components=true", "",
     "/webhooks/{webhook_id}/{webhook_token}"),
    ("answer", "POST", CALLBACK, "data.",
     "/interactions/{interaction_id}/{interaction_token}/callback"),
]


def wrap(route: tuple[str, str, str, str, str], body: Any) -> Any:
    return {"type": 4, "data": body} if route[3] else body


def generated(rng: random.Random) -> tuple[list[Refusal], list[Accepted]]:
    """Each message text at its limit (taken) and one past it (refused), on two routes
    of the four picked by ``rng``; each number at and past its bounds."""
    refused: list[Refusal] = []
    taken: list[Accepted] = []
    for path, least, most, base, rule in MESSAGE_TEXTS:
        for route in rng.sample(MESSAGE_ROUTES, 2):
            label, method, url, prefix, spec_path = route
            at = put(path, "a" * most, base)
            past = put(path, "a" * (most + 1), base)
            status = 204 if prefix else 200
            taken.append(Accepted(f"{label}: {path} at {most}", method, url, wrap(route, at),
                                  spec_path, status, rule))
            refused.append(form(
                f"{label}: {path} at {most + 1}", method, url, wrap(route, past),
                prefix + path, bad_length(least, most) if least else too_long(most), rule))
    numbers: list[tuple[str, str, str, str, Any, int, int, str, int]] = [
        # (label, method, path, field, base, lowest, highest, spec operation, status)
        ("embed color", "POST", MSG, "embeds.0.color", {"embeds": [{"title": "t"}]},
         0, 0xFFFFFF, "/channels/{channel_id}/messages", 200),
        ("role color", "POST", "/guilds/{open}/roles", "color", {"name": "r"},
         0, 0xFFFFFF, "/guilds/{guild_id}/roles", 200),
        ("slowmode", "POST", "/guilds/{open}/channels", "rate_limit_per_user", {"name": "c"},
         0, 21600, "/guilds/{guild_id}/channels", 201),
        ("voice users", "POST", "/guilds/{open}/channels", "user_limit",
         {"name": "v", "type": 2}, 0, 99, "/guilds/{guild_id}/channels", 201),
        ("thread slowmode", "POST", "/channels/{general}/threads", "rate_limit_per_user",
         {"name": "t", "type": 11}, 0, 21600, "/channels/{channel_id}/threads", 201),
        ("option min_length", "PUT", "/applications/{app}/commands", "0.options.0.min_length",
         [{"name": "say", "description": "d", "options": [
             {"type": 3, "name": "text", "description": "d"}]}], 0, 6000,
         "/applications/{application_id}/commands", 200),
        ("option max_length", "PUT", "/applications/{app}/commands", "0.options.0.max_length",
         [{"name": "say", "description": "d", "options": [
             {"type": 3, "name": "text", "description": "d"}]}], 1, 6000,
         "/applications/{application_id}/commands", 200),
    ]
    for label, method, url, field, base, lowest, highest, spec_path, status in numbers:
        rule = f"spec {spec_path} {field}: minimum {lowest}, maximum {highest}"
        for value in (lowest, highest):
            taken.append(Accepted(f"{label} {value}", method, url, put(field, value, base),
                                  spec_path, status, rule))
        refused.append(form(f"{label} {highest + 1}", method, url,
                            put(field, highest + 1, base), field,
                            over(highest), rule))
        refused.append(form(f"{label} {lowest - 1}", method, url,
                            put(field, lowest - 1, base), field,
                            under(lowest), rule))
    return refused, taken


WRONG_TYPES: list[Refusal] = [
    form("tts a word", "POST", MSG, {"content": "x", "tts": "maybe"}, "tts", NOT_BOOLEAN,
         "spec MessageCreateRequest.tts: boolean"),
    form("embed color a word", "POST", MSG, {"embeds": [{"color": "red"}]},
         "embeds.0.color", not_a("red", "int"), "spec RichEmbed.color: integer"),
    form("role hoist a word", "POST", "/guilds/{open}/roles", {"hoist": "yes"},
         "hoist", NOT_BOOLEAN, "spec CreateRoleRequest.hoist: boolean"),
    form("role permissions a word", "POST", "/guilds/{open}/roles",
         {"permissions": "all"}, "permissions", not_a("all", "int"),
         "spec CreateRoleRequest.permissions: integer (as a string)"),
    form("member roles not a list", "PATCH", "/guilds/{open}/members/{bob}",
         {"roles": "mods"}, "roles",
         ("LIST_TYPE_CONVERT", "Only iterables may be used in a ListType"),
         "spec UpdateGuildMemberRequest.roles: array"),
    form("ban seconds a word", "PUT", "/guilds/{open}/bans/{carol}",
         {"delete_message_seconds": "all"}, "delete_message_seconds", not_a("all", "int"),
         "spec BanUserFromGuildRequest.delete_message_seconds: integer"),
    form("channel nsfw a word", "PATCH", "/channels/{general}", {"nsfw": "yes"},
         "nsfw", NOT_BOOLEAN, "spec UpdateGuildChannelRequestPartial.nsfw: boolean"),
]

UNKNOWN_ENUMS: list[Refusal] = [
    form("button style 7", "POST", MSG, {"components": [{"type": 1, "components": [
        {**BUTTON, "style": 7}]}]}, "components.0.components.0.style",
        choices("{1, 2, 3, 4, 5, 6}"), "spec ButtonStyleTypes: 1..6"),
    form("allowed_mentions.parse nobody", "POST", MSG,
         {"content": "x", "allowed_mentions": {"parse": ["users", "nobody"]}},
         "allowed_mentions.parse.1", choices("('roles', 'users', 'everyone')"),
         "spec AllowedMentionTypes: users, roles, everyone"),
    form("channel type 3", "POST", "/guilds/{open}/channels", {"name": "c", "type": 3},
         "type", choices("{0, 2, 4, 5, 13, 14, 15, 16}"),
         "spec CreateGuildChannelRequest.type enum (a group DM is no guild channel)"),
    form("overwrite type 2", "POST", "/guilds/{open}/channels",
         {"name": "c", "permission_overwrites": [{"id": "{mods}", "type": 2}]},
         "permission_overwrites.0.type", choices("{0, 1}"),
         "spec ChannelPermissionOverwrites: 0 role, 1 member"),
    form("a channel made a group DM", "PATCH", "/channels/{notices}", {"type": 3},
         "type", choices("{0, 2, 4, 5, 13, 14, 15, 16}"),
         "spec UpdateGuildChannelRequestPartial.type enum"),
    form("thread type 0", "POST", "/channels/{general}/threads", {"name": "t", "type": 0},
         "type", choices("{10, 11, 12}"),
         "spec CreateTextThreadWithoutMessageRequest.type enum 10, 11, 12"),
    form("command type 5", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "type": 5}], "0.type",
         choices("{1, 2, 3, 4}"), "spec ApplicationCommandType: 1..4"),
    form("option type 12", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "options": [
             {"type": 12, "name": "o", "description": "d"}]}],
         "0.options.0.type", choices("(1..11)"), "spec ApplicationCommandOptionType: 1..11"),
    form("command context 3", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "contexts": [0, 3]}],
         "0.contexts.1", choices("{0, 1, 2}"), "spec InteractionContextType: 0, 1, 2"),
    form("command installed 2", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "integration_types": [2]}],
         "0.integration_types.0", choices("{0, 1}"), "spec ApplicationIntegrationType: 0, 1"),
    form("option channel type 6", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "options": [
             {"type": 7, "name": "where", "description": "d", "channel_types": [0, 6]}]}],
         "0.options.0.channel_types.1",
         choices("{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16}"), "spec ChannelTypes"),
    form("archive after 42", "POST", "/channels/{general}/threads",
         {"name": "t", "type": 11, "auto_archive_duration": 42},
         "auto_archive_duration", choices("{60, 1440, 4320, 10080}"),
         "spec ThreadAutoArchiveDuration: 60, 1440, 4320, 10080"),
    form("answer type 99", "POST", CALLBACK, {"type": 99}, "type",
         ("INTERACTION_RESPONSE_TYPE_INVALID",
          "This response type is not valid for this interaction."),
         "docs receiving-and-responding.mdx: callback types 1, 4..12"),
]

LISTS: list[Refusal] = [
    form("11 embeds", "POST", MSG, {"embeds": [{"title": "t"}] * 11},
         "embeds", too_long(10), "spec MessageCreateRequest.embeds maxItems 10"),
    form("embeds over 6000 together", "POST", MSG,
         {"embeds": [{"description": "a" * 4096}, {"description": "a" * 1905}]}, "embeds",
         ("MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"),
         "docs message.mdx Embed Limits: 6000 characters in all embeds"),
    form("26 embed fields", "POST", MSG,
         {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]},
         "embeds.0.fields", too_long(25), "spec RichEmbed.fields maxItems 25"),
    form("4 stickers", "POST", MSG, {"content": "x", "sticker_ids": ["1", "2", "3", "4"]},
         "sticker_ids", too_long(3), "spec MessageCreateRequest.sticker_ids maxItems 3"),
    form("6 action rows", "POST", MSG, {"components": [
        {"type": 1, "components": [{**BUTTON, "custom_id": f"c{i}"}]} for i in range(6)]},
        "components", too_long(5),
        "spec MessageCreateRequest.components maxItems 5 (without IS_COMPONENTS_V2)"),
    form("6 buttons in a row", "POST", MSG, {"components": [{"type": 1, "components": [
        {**BUTTON, "custom_id": f"c{i}"} for i in range(6)]}]},
        "components.0.components",
        ("COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"),
        "docs components reference.mdx: an action row holds up to 5 buttons"),
    form("101 users to ping", "POST", MSG, {"content": "x", "allowed_mentions": {
        "users": [str(n) for n in range(1, 102)]}}, "allowed_mentions.users",
        too_long(100), "spec MessageAllowedMentionsRequest.users maxItems 100"),
    form("101 roles to ping", "POST", MSG, {"content": "x", "allowed_mentions": {
        "roles": [str(n) for n in range(1, 102)]}}, "allowed_mentions.roles",
        too_long(100), "spec MessageAllowedMentionsRequest.roles maxItems 100"),
    form("26 options", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "options": [
             {"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]}],
         "0.options", too_long(25), "spec ApplicationCommandCreateRequest.options maxItems 25"),
    form("26 choices", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d", "options": [
             {"type": 3, "name": "o", "description": "d", "choices": [
                 {"name": f"n{i}", "value": "v"} for i in range(26)]}]}],
         "0.options.0.choices", too_long(25),
         "spec ApplicationCommandOptionStringChoice list maxItems 25"),
]

REQUIRED = ("BASE_TYPE_REQUIRED", "This field is required")
MISSING: list[Refusal] = [
    Refusal("nothing to send", "POST", MSG, {}, 400, 50006, "Cannot send an empty message",
            rule="protocol: at least one of content/embeds/... else 50006"),
    Refusal("blank content", "POST", MSG, {"content": "  "}, 400, 50006,
            "Cannot send an empty message", rule="protocol: 50006 empty message"),
    Refusal("hook sends nothing", "POST", "{hook}", {"content": None}, 400, 50006,
            "Cannot send an empty message", rule="protocol: 50006 empty message"),
    Refusal("answer with nothing", "POST", CALLBACK, {"type": 4, "data": {}}, 400, 50006,
            "Cannot send an empty message", rule="protocol: 50006 empty message"),
    form("channel without a name", "POST", "/guilds/{open}/channels", {"type": 0},
         "name", REQUIRED, "spec CreateGuildChannelRequest required: name"),
    form("thread without a name", "POST", "/channels/{general}/threads", {"type": 11},
         "name", REQUIRED, "spec CreateTextThreadWithoutMessageRequest required: name"),
    form("webhook without a name", "POST", "/channels/{general}/webhooks", {},
         "name", REQUIRED, "spec CreateWebhookRequest required: name"),
    form("embed field without a value", "POST", MSG, {"embeds": [{"fields": [{"name": "n"}]}]},
         "embeds.0.fields.0.value", REQUIRED, "spec RichEmbedField required: name, value"),
    form("emoji without an image", "POST", "/guilds/{open}/emojis", {"name": "star"},
         "image", REQUIRED, "spec CreateGuildEmojiRequest required: image"),
]

UNKNOWN_IDS: list[Refusal] = [
    Refusal("unknown channel", "POST", "/channels/1/messages", {"content": "x"}, 404, 10003,
            "Unknown Channel", rule="protocol: 10003 unknown channel"),
    Refusal("a role's id as a channel", "POST", "/channels/{mods}/messages",
            {"content": "x"}, 404, 10003, "Unknown Channel", rule="protocol: 10003"),
    Refusal("a guild's id as a channel", "PATCH", "/channels/{open}", {"name": "x"}, 404,
            10003, "Unknown Channel", rule="protocol: 10003"),
    Refusal("unknown message", "PATCH", MSG + "/1", {"content": "x"}, 404, 10008,
            "Unknown Message", rule="protocol: 10008 unknown message"),
    Refusal("a channel's id as a message", "PATCH", MSG + "/{general}", {"content": "x"},
            404, 10008, "Unknown Message", rule="protocol: 10008"),
    Refusal("unknown guild", "POST", "/guilds/1/roles", {"name": "r"}, 404, 10004,
            "Unknown Guild", rule="protocol: 10004 unknown guild"),
    Refusal("a channel's id as a role", "PATCH", "/guilds/{open}/roles/{general}",
            {"name": "r"}, 404, 10011, "Unknown Role",
            rule="docs topics/opcodes-and-status-codes.mdx: 10011 Unknown role"),
    Refusal("someone not in the guild", "PATCH", "/guilds/{open}/members/{carol}",
            {"nick": "x"}, 404, 10007, "Unknown Member",
            rule="docs opcodes-and-status-codes.mdx: 10007 Unknown member"),
    Refusal("ban of nobody", "PUT", "/guilds/{open}/bans/1", {}, 404, 10013, "Unknown User",
            rule="protocol: 10013 unknown user"),
    Refusal("unban of one not banned", "DELETE", "/guilds/{open}/bans/{bob}", None, 404,
            10026, "Unknown Ban", rule="docs opcodes-and-status-codes.mdx: 10026 Unknown ban"),
    Refusal("unknown webhook", "POST", "/webhooks/1/token", {"content": "x"}, 404, 10015,
            "Unknown Webhook", rule="docs opcodes-and-status-codes.mdx: 10015"),
    Refusal("a message's id as a webhook", "POST", "/webhooks/{first}/token",
            {"content": "x"}, 404, 10015, "Unknown Webhook", rule="docs: 10015"),
    Refusal("a wrong webhook token", "POST", "/webhooks/{hook_id}/wrong", {"content": "x"},
            401, 50027, "Invalid Webhook Token",
            rule="docs opcodes-and-status-codes.mdx: 50027 Invalid Webhook Token"),
    Refusal("unknown emoji", "PUT", MSG + "/{first}/reactions/nope:1/@me", None, 400, 10014,
            "Unknown Emoji", rule="docs opcodes-and-status-codes.mdx: 10014 Unknown emoji"),
    Refusal("reaction on an unknown message", "PUT", MSG + "/1/reactions/%E2%AD%90/@me",
            None, 404, 10008, "Unknown Message", rule="protocol: 10008"),
    form("unknown reply", "POST", MSG, {"content": "x", "message_reference": {
        "message_id": "1"}}, "message_reference",
        ("MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"),
        "protocol: fail_if_not_exists defaults to true"),
    form("a channel's id as the message replied to", "POST", MSG, {
        "content": "x", "message_reference": {"message_id": "{general}"}},
        "message_reference", ("MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"),
        "protocol: fail_if_not_exists defaults to true"),
    Refusal("an unknown sticker", "POST", MSG, {"content": "x", "sticker_ids": ["1"]}, 400,
            50081, "Invalid sticker sent",
            rule="docs opcodes-and-status-codes.mdx: 50081 Invalid sticker sent"),
    Refusal("unknown interaction", "POST", "/interactions/1/token/callback",
            {"type": 4, "data": {"content": "x"}}, 404, 10062, "Unknown interaction",
            rule="protocol: unknown/expired is 10062"),
]

PERMISSIONS: list[Refusal] = [
    Refusal("send where the bot cannot see", "POST", "/channels/{vault}/messages",
            {"content": "x"}, 403, 50001, "Missing Access",
            rule="protocol: 50001 missing access (no VIEW_CHANNEL)"),
    denied("send where the bot may only read", "POST", "/channels/{quiet}/messages",
           {"content": "x"}, rule="protocol: 50013 (no SEND_MESSAGES)"),
    denied("a role without Manage Roles", "POST", "/guilds/{tight}/roles", {"name": "r"},
           rule="docs guild.mdx Create Guild Role: MANAGE_ROLES"),
    denied("a channel without Manage Channels", "POST", "/guilds/{tight}/channels", {"name": "c"},
           rule="docs guild.mdx Create Guild Channel: MANAGE_CHANNELS"),
    denied("a ban without Ban Members", "PUT", "/guilds/{tight}/bans/{bob}", {},
           rule="docs guild.mdx Create Guild Ban: BAN_MEMBERS"),
    denied("a nick without Manage Nicknames", "PATCH", "/guilds/{tight}/members/{bob}",
           {"nick": "x"}, rule="docs guild.mdx Modify Guild Member: nick needs MANAGE_NICKNAMES"),
    denied("a webhook without Manage Webhooks", "POST", "/channels/{lobby}/webhooks", {"name": "h"},
           rule="docs webhook.mdx Create Webhook: MANAGE_WEBHOOKS"),
    denied("a thread without Create Public Threads", "POST", "/channels/{lobby}/threads",
           {"name": "t", "type": 11},
           rule="docs channel.mdx Start Thread without Message: CREATE_PUBLIC_THREADS"),
    denied("a new reaction without Add Reactions", "PUT",
           "/channels/{lobby}/messages/{said}/reactions/%E2%AD%90/@me", None,
           rule="docs message.mdx Create Reaction: ADD_REACTIONS for a new one"),
    denied("an emoji without Create Expressions", "POST", "/guilds/{tight}/emojis",
           {"name": "star", "image": PNG},
           rule="docs emoji.mdx Create Guild Emoji: CREATE_GUILD_EXPRESSIONS"),
]

OTHERS: list[Refusal] = [
    form("parse users and list users", "POST", MSG, {"content": "x", "allowed_mentions": {
        "parse": ["users"], "users": ["{bob}"]}}, "allowed_mentions",
        ("MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
         'parse:["users"] and users: [ids...] are mutually exclusive.'),
        "docs message.mdx Allowed Mentions: parse and users are mutually exclusive"),
    form("a custom_id twice", "POST", MSG, {"components": [{"type": 1, "components": [
        BUTTON, BUTTON]}]}, "components.0.components.1.custom_id",
        ("COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id was already specified"),
        "docs components reference.mdx: custom_id unique per message"),
    form("a webhook named clyde", "POST", "/channels/{general}/webhooks", {"name": "clyde"}, "name",
         ("WEBHOOK_INVALID_NAME", 'Webhook names cannot contain "clyde"'),
         "docs webhook.mdx Create Webhook: name cannot contain 'clyde'"),
    form("a command named in capitals", "PUT", "/applications/{app}/commands",
         [{"name": "Ping", "description": "d"}], "0.name",
         ("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"),
         "docs application-commands.mdx naming: lowercase for CHAT_INPUT"),
    form("an emoji of one letter", "POST", "/guilds/{open}/emojis",
         {"name": "a", "image": PNG}, "name", bad_length(2, 32),
         "spec CreateGuildEmojiRequest.name minLength 2, maxLength 32"),
    form("an emoji over 256 KiB", "POST", "/guilds/{open}/emojis", {
        "name": "big", "image": "data:image/png;base64," + base64.b64encode(
         b"\x89PNG\r\n\x1a\n" + bytes(256 * 1024)).decode()}, "image",
        ("BINARY_TYPE_MAX_SIZE", "File cannot be larger than 256.0 kb."),
        "docs emoji.mdx: emojis and animated emojis have a maximum file size of 256 KiB"),
    form("a required option after an optional one", "POST",
         "/applications/{app}/guilds/{open}/commands",
         {"name": "give", "description": "d", "options": [
             {"type": 6, "name": "who", "description": "d"},
             {"type": 4, "name": "count", "description": "d", "required": True}]},
         "options.1", ("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
          "Required options must be placed before non-required options"),
         "docs application-commands.mdx: required options before optional ones"),
    form("two slash commands of one name", "PUT", "/applications/{app}/commands",
         [{"name": "ping", "description": "d"}, {"name": "ping", "description": "e"}], "1",
         ("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"),
         "docs application-commands.mdx: names unique per command type"),
    form("a role id that is a word", "PATCH", "/guilds/{open}/members/{bob}",
         {"roles": ["mods"]}, "roles.0", not_a("mods", "snowflake"),
         "spec SnowflakeType: digits or a number"),
    form("a voice channel id that is a word", "PATCH", "/guilds/{open}/members/{bob}",
         {"channel_id": "talk"}, "channel_id", not_a("talk", "snowflake"),
         "spec SnowflakeType: digits or a number"),
    Refusal("a webhook's thread outside a forum", "POST", "{hook}",
            {"content": "x", "thread_name": "t"}, 400, 220003,
            "Webhooks can only create threads in forum channels",
            rule="docs opcodes-and-status-codes.mdx: 220003"),
    Refusal("a webhook's new thread in a post", "POST", "{forum_hook}?thread_id={post}",
            {"content": "x", "thread_name": "t"}, 400, 220002,
            "Webhooks posted to forum channels cannot have both a thread_name and thread_id",
            rule="docs opcodes-and-status-codes.mdx: 220002"),
    form("a reference of type 5", "POST", MSG, {"content": "x", "message_reference": {
        "type": 5, "message_id": "{first}"}}, "message_reference.type",
        choices("{0, 1}"), "docs message.mdx Message Reference Types: 0 DEFAULT, 1 FORWARD"),
    form("a category that does not exist", "POST", "/guilds/{open}/channels",
         {"name": "c", "parent_id": "1"}, "parent_id",
         ("CHANNEL_PARENT_INVALID", "Category does not exist"),
         "Discord's answer as bots meet it (parent_id must name a category)"),
    form("a text channel as a category", "PATCH", "/channels/{general}",
         {"parent_id": "{notices}"}, "parent_id", ("CHANNEL_PARENT_INVALID_TYPE", "Not a category"),
         "docs channel.mdx Modify Channel: parent_id, the id of the new parent category"),
    Refusal("an edit of someone else's message", "PATCH", MSG + "/{alices}",
            {"content": "mine now"}, 403, 50005,
            "Cannot edit a message authored by another user",
            rule="docs opcodes-and-status-codes.mdx: 50005"),
    form("a bulk delete of one", "POST", "/channels/{general}/messages/bulk-delete",
         {"messages": ["{first}"]}, "messages", bad_length(2, 100),
         "spec bulk-delete messages: minItems 2, maxItems 100"),
    form("a nick of 33", "PATCH", "/guilds/{open}/members/{bob}", {"nick": "a" * 33},
         "nick", too_long(32), "spec UpdateGuildMemberRequest.nick maxLength 32"),
    form("a role name of 101", "POST", "/guilds/{open}/roles", {"name": "a" * 101},
         "name", too_long(100), "spec CreateRoleRequest.name maxLength 100"),
    form("a ban deleting 8 days", "PUT", "/guilds/{open}/bans/{carol}",
         {"delete_message_seconds": 604801}, "delete_message_seconds",
         ("NUMBER_TYPE_MAX", "int value should be <= 604800 and >= 0."),
         "spec BanUserFromGuildRequest.delete_message_seconds maximum 604800"),
]

# Bodies Discord takes as they are: unknown fields ignored, optional fields null or
# left out, snowflakes as strings or numbers.
TAKEN: list[Accepted] = [
    Accepted("an unknown field", "POST", MSG, {"content": "x", "sparkles": True},
             "/channels/{channel_id}/messages", rule="msgspec/Discord: unknown fields ignored"),
    Accepted("optional fields null", "POST", MSG, {
        "content": "x", "embeds": None, "components": None, "allowed_mentions": None,
        "nonce": None, "sticker_ids": None, "message_reference": None},
        "/channels/{channel_id}/messages", rule="spec MessageCreateRequest: nullable fields"),
    Accepted("a reply by number", "POST", MSG, {"content": "x", "message_reference": {
        "message_id": "#first"}}, "/channels/{channel_id}/messages",
        rule="spec SnowflakeType: a string or an integer"),
    Accepted("a reply by string", "POST", MSG, {"content": "x", "message_reference": {
        "message_id": "{first}"}}, "/channels/{channel_id}/messages", rule="spec SnowflakeType"),
    Accepted("users to ping by number", "POST", MSG, {"content": "x", "allowed_mentions": {
        "users": ["#bob"]}}, "/channels/{channel_id}/messages", rule="spec SnowflakeType"),
    Accepted("100 users to ping", "POST", MSG, {"content": "x", "allowed_mentions": {
        "users": [str(n) for n in range(1, 101)]}}, "/channels/{channel_id}/messages",
        rule="spec MessageAllowedMentionsRequest.users maxItems 100"),
    Accepted("embeds of 6000 together", "POST", MSG, {"embeds": [
        {"description": "a" * 4096}, {"description": "a" * 1904}]},
        "/channels/{channel_id}/messages", rule="docs message.mdx Embed Limits: 6000"),
    Accepted("10 embeds", "POST", MSG, {"embeds": [{"title": "t"}] * 10},
             "/channels/{channel_id}/messages", rule="spec embeds maxItems 10"),
    Accepted("5 rows of 5 buttons", "POST", MSG, {"components": [
        {"type": 1, "components": [{**BUTTON, "custom_id": f"c{r}{i}"} for i in range(5)]}
        for r in range(5)]}, "/channels/{channel_id}/messages",
        rule="docs components: 5 rows of 5 buttons"),
    Accepted("every mention kind", "POST", MSG, {"content": "x", "allowed_mentions": {
        "parse": ["users", "roles", "everyone"]}}, "/channels/{channel_id}/messages",
        rule="spec AllowedMentionTypes"),
    Accepted("a member's roles by number", "PATCH", "/guilds/{open}/members/{bob}",
             {"roles": ["#mods"], "nick": None, "zzz": 1},
             "/guilds/{guild_id}/members/{user_id}", rule="spec SnowflakeType; nick nullable"),
    Accepted("a nick of 32", "PATCH", "/guilds/{open}/members/{bob}", {"nick": "a" * 32},
             "/guilds/{guild_id}/members/{user_id}", rule="spec nick maxLength 32"),
    Accepted("an overwrite by number", "POST", "/guilds/{open}/channels", {
        "name": "c", "permission_overwrites": [{"id": "#mods", "type": 0, "allow": 1024}],
        "topic": None, "parent_id": "#Room"}, "/guilds/{guild_id}/channels", 201,
        "spec ChannelPermissionOverwriteRequest.id SnowflakeType; topic nullable"),
    Accepted("a role with nothing", "POST", "/guilds/{open}/roles", {},
             "/guilds/{guild_id}/roles", rule="spec CreateRoleRequest: no field required"),
    Accepted("a role name of 100", "POST", "/guilds/{open}/roles", {"name": "a" * 100},
             "/guilds/{guild_id}/roles", rule="spec CreateRoleRequest.name maxLength 100"),
    Accepted("a thread of every kind asked", "POST", "/channels/{general}/threads",
             {"name": "t", "type": 12, "invitable": None}, "/channels/{channel_id}/threads",
             201, "spec CreateTextThreadWithoutMessageRequest.type 12; invitable nullable"),
    Accepted("a webhook name of 80", "POST", "/channels/{general}/webhooks", {"name": "a" * 80},
             "/channels/{channel_id}/webhooks", rule="spec CreateWebhookRequest.name 80"),
    Accepted("tts without Send TTS Messages", "POST", "/channels/{lobby}/messages",
             {"content": "x", "tts": True}, "/channels/{channel_id}/messages",
             rule="docs permissions.mdx SEND_TTS_MESSAGES: sent, not read out",
             expect=(("tts", False),)),
    Accepted("flags a sender may not set", "POST", MSG, {"content": "x", "flags": 1 | 64},
             "/channels/{channel_id}/messages", expect=(("flags", 0),),
             rule="docs message.mdx Create Message: only SUPPRESS_EMBEDS, "
                  "SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, IS_COMPONENTS_V2 can be set"),
    Accepted("flags a sender may set", "POST", MSG, {"content": "x", "flags": 4 | 4096},
             "/channels/{channel_id}/messages", expect=(("flags", 4 | 4096),),
             rule="docs message.mdx Create Message flags"),
    Accepted("a reply of type 0", "POST", MSG, {"content": "x", "message_reference": {
        "type": 0, "message_id": "{first}"}}, "/channels/{channel_id}/messages",
        rule="docs message.mdx Message Reference Types: 0 DEFAULT, 1 FORWARD"),
    Accepted("a text channel made an announcement one", "PATCH", "/channels/{notices}",
             {"type": 5}, "/channels/{channel_id}", expect=(("type", 5),),
             rule="docs channel.mdx Modify Channel: text <-> announcement conversion"),
    Accepted("a slash and a user command of one name", "PUT", "/applications/{app}/commands",
             [{"name": "ping", "description": "d"}, {"name": "ping", "type": 2}],
             "/applications/{application_id}/commands",
             rule="docs application-commands.mdx: names unique per type"),
    Accepted("required options first", "POST", "/applications/{app}/guilds/{open}/commands",
             {"name": "give", "description": "d", "options": [
                 {"type": 4, "name": "count", "description": "d", "required": True},
                 {"type": 6, "name": "who", "description": "d"}]},
             "/applications/{application_id}/guilds/{guild_id}/commands", 201,
             "docs application-commands.mdx: required options before optional ones"),
    Accepted("a webhook's post in a forum", "POST", "{forum_hook}?wait=true",
             {"content": "x", "thread_name": "t"}, "/webhooks/{webhook_id}/{webhook_token}",
             rule="docs webhook.mdx Execute Webhook: thread_name for forum channels"),
    Accepted("a webhook's message in a post", "POST", "{forum_hook}?wait=true&thread_id={post}",
             {"content": "x"}, "/webhooks/{webhook_id}/{webhook_token}",
             rule="docs webhook.mdx Execute Webhook: thread_id"),
    Accepted("25 options of 25 choices", "PUT", "/applications/{app}/commands", [
        {"name": "many", "description": "d", "options": [
            {"type": 3, "name": f"o{i}", "description": "d", "choices": [
                {"name": f"n{j}", "value": "v"} for j in range(25)]} for i in range(25)]}],
        "/applications/{application_id}/commands", rule="spec options/choices maxItems 25"),
]


def fill(value: Any, ids: Ids) -> Any:
    """``value`` with each "{name}" an id's digits and each "#name" its number."""
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") \
            and value[1:-1] in ids:
        return str(ids[value[1:-1]])
    if isinstance(value, str) and value.startswith("#") and value[1:] in ids:
        return ids[value[1:]]
    return value


def discord_tree(field: str, error: tuple[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {"_errors": [{"code": error[0], "message": error[1]}]}
    for part in reversed(field.split(".")):
        tree = {part: tree}
    return tree


def discord_py_text(row: Refusal) -> str:
    """The text discord.py 2.7.1 gives an HTTPException of Discord's answer to ``row``:
    the message, then "In <field>: <message>" for the field the tree names."""
    if row.field is None or row.error is None:
        return row.message
    return f"{row.message}\nIn {row.field}: {row.error[1]}"


def discord_py_class(status: int) -> type[discord.HTTPException]:
    return {403: discord.Forbidden, 404: discord.NotFound}.get(status, discord.HTTPException)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(gzip.decompress(SPEC.read_bytes()))
    return data


async def world_ids(sb: Sandbox, session: aiohttp.ClientSession,
                    headers: dict[str, str]) -> Ids:
    state = sb.state
    open_gid, tight_gid = (g.id for g in sorted(state.guilds.values(), key=lambda g: g.name))
    ids: Ids = {"open": open_gid, "tight": tight_gid, "app": state.application.id}
    for name in ("general", "talk", "Room", "notices", "lobby", "quiet", "vault"):
        ids[name] = sb.channel(name).id
    for name in ("alice", "bob", "carol"):
        ids[name] = sb.user(name).id
    ids["mods"] = next(r.id for r in state.roles[open_gid].values() if r.name == "mods")

    async def post(path: str, body: Any) -> Any:
        async with session.post(sb.api_url + path, json=body, headers=headers) as resp:
            assert resp.status < 300, await resp.text()
            return await resp.json()

    ids["first"] = int((await post(f"/channels/{ids['general']}/messages",
                                   {"content": "first"}))["id"])
    ids["alices"] = int((await sb.send_message("alice", "general", "hers")).id)
    ids["said"] = int((await post(f"/channels/{ids['lobby']}/messages",
                                  {"content": "hello"}))["id"])
    hook = await post(f"/channels/{ids['general']}/webhooks", {"name": "hook"})
    ids["hook_id"] = int(hook["id"])
    ids["hook"] = f"/webhooks/{hook['id']}/{hook['token']}"
    forum_hook = await post(f"/channels/{sb.channel('ideas').id}/webhooks", {"name": "poster"})
    ids["forum_hook"] = f"/webhooks/{forum_hook['id']}/{forum_hook['token']}"
    first_post = await post(ids["forum_hook"] + "?wait=true",
                            {"content": "first", "thread_name": "Welcome"})
    ids["post"] = int(first_post["channel_id"])
    await post(f"/applications/{ids['app']}/guilds/{open_gid}/commands",
               {"name": "ping", "description": "pong"})
    return ids


@contextlib.asynccontextmanager
async def discord_py_http(sb: Sandbox) -> AsyncIterator[discord.http.HTTPClient]:
    """discord.py's own HTTP client, logged in to the sandbox (no gateway)."""
    old = discord.http.Route.BASE
    discord.http.Route.BASE = sb.api_url
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await http.static_login(sb.token)
        yield http
    finally:
        await http.close()
        discord.http.Route.BASE = old


def all_refusals() -> list[Refusal]:
    refused, _ = generated(random.Random(SEED))
    return [*refused, *WRONG_TYPES, *UNKNOWN_ENUMS, *LISTS, *MISSING, *UNKNOWN_IDS,
            *PERMISSIONS, *OTHERS]


Row = TypeVar("Row", Refusal, Accepted)


async def answers(sb: Sandbox, rows: list[Row]) -> AsyncIterator[tuple[Row, int, Any]]:
    """Each row sent as a bot sends it, in the world's things named, with the status
    and the JSON (None for 204) the sandbox answers."""
    headers = {"Authorization": f"Bot {sb.token}"}
    async with aiohttp.ClientSession() as session:
        ids = await world_ids(sb, session, headers)
        url_of = urls(sb, ids)
        for row in rows:
            url = await url_of(row.path)
            async with session.request(row.method, sb.api_url + url,
                                       json=fill(row.body, ids), headers=headers) as resp:
                status = resp.status
                answer = await resp.json() if status != 204 else None
            yield row, status, answer


async def test_refusals_are_answered_as_discord_answers_them(sandbox: Sandbox) -> None:
    problems: list[str] = []
    rows = all_refusals()
    async for row, status, answer in answers(sandbox, rows):
        want: dict[str, Any] = {"message": row.message, "code": row.code}
        if row.field is not None and row.error is not None:
            want["errors"] = discord_tree(row.field, row.error)
        if (status, answer) != (row.status, want):
            problems.append(f"{row.what} [{row.rule}]: {status} {json.dumps(answer)[:300]}")
    assert len(rows) > 100
    assert not problems, "\n".join(problems)


def urls(sb: Sandbox, ids: Ids) -> Callable[[str], Any]:
    """The URL of a row's path: a fresh interaction's callback for CALLBACK."""
    async def url_of(path: str) -> str:
        if path == CALLBACK:
            record = await sb.invoke_command("alice", "general", "ping", {})
            return f"/interactions/{record.id}/{record.token}/callback"
        return path.format(**ids)
    return url_of


async def test_taken_bodies_answer_what_the_spec_describes(
        sandbox: Sandbox, spec: dict[str, Any]) -> None:
    registry = Registry().with_resource(
        "urn:discord", Resource.from_contents(spec, default_specification=DRAFT202012))
    _, generated_taken = generated(random.Random(SEED))
    problems: list[str] = []
    rows = [*generated_taken, *TAKEN]
    async for row, status, answer in answers(sandbox, rows):
        if status != row.status:
            problems.append(f"{row.what} [{row.rule}]: {status} {json.dumps(answer)[:300]}")
            continue
        if answer is None:
            continue
        for key, value in row.expect:
            if answer.get(key) != value:
                problems.append(f"{row.what} [{row.rule}]: {key}={answer.get(key)!r}")
        pointer = "/".join(p.replace("~", "~0").replace("/", "~1") for p in (
            "paths", row.spec_path, row.method.lower(), "responses", str(status),
            "content", "application/json", "schema"))
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"urn:discord#/{pointer}"}, registry=registry)
        # Validating is CPU work: off the loop (strict mode watches it).
        errors = await asyncio.to_thread(list, validator.iter_errors(answer))
        problems.extend(f"{row.what}: response {list(e.absolute_path)} {e.message[:160]}"
                        for e in errors[:3])
    assert len(rows) > 30
    assert not problems, "\n".join(problems)


@pytest.mark.tidecord_strict(False)  # discord.py logs from the loop
async def test_discord_py_raises_on_each_refusal_as_on_discord(sandbox: Sandbox) -> None:
    sb = sandbox
    headers = {"Authorization": f"Bot {sb.token}"}
    problems: list[str] = []
    async with aiohttp.ClientSession() as session:
        ids = await world_ids(sb, session, headers)
    url_of = urls(sb, ids)
    async with discord_py_http(sb) as http:
        for row in all_refusals():
            route = discord.http.Route(row.method, await url_of(row.path))
            body = fill(row.body, ids)
            try:
                await http.request(route, json=body) if body is not None \
                    else await http.request(route)
            except discord.HTTPException as error:
                got = (type(error), error.status, error.code, error.text)
                want = (discord_py_class(row.status), row.status, row.code,
                        discord_py_text(row))
                if got != want:
                    problems.append(f"{row.what}: {got!r}")
            else:
                problems.append(f"{row.what}: discord.py raised nothing")
    assert not problems, "\n".join(problems)
