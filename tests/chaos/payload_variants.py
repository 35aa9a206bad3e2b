"""Valid payloads bent the ways Discord really bends them, read from its OpenAPI schema.

Unlike :mod:`.mutations` (broken frames a buggy server could send), every variant here
is something Discord documents or does: an optional field left out, a nullable one
null, a field the client has never heard of, an enum value added after the client was
written, a snowflake as a number, an array empty or long. Which fields are optional,
nullable, enums or snowflakes comes from Discord's OpenAPI description
(``/work/shared/discord-api-spec/openapi.json``); a payload's parts are matched to
the schema of what they are (``SCHEMAS``: an event name to its schema, with the
schemas of nested keys found through ``$ref``).

``variants(event, payload)`` lists ``(label, payload)`` pairs, every change the schema
allows, in the payload's order.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SPEC = Path("/work/shared/discord-api-spec/openapi.json")

#: The schema each dispatch's ``d`` is (a gateway event that has none: its parts are
#: matched by key, see ``KEYS``).
SCHEMAS: dict[str, str] = {
    "MESSAGE_CREATE": "MessageResponse",
    "MESSAGE_UPDATE": "MessageResponse",
    "CHANNEL_CREATE": "GuildChannelResponse",
    "CHANNEL_UPDATE": "GuildChannelResponse",
    "CHANNEL_DELETE": "GuildChannelResponse",
    "THREAD_CREATE": "ThreadResponse",
    "THREAD_UPDATE": "ThreadResponse",
    "GUILD_MEMBER_ADD": "GuildMemberResponse",
    "GUILD_MEMBER_UPDATE": "GuildMemberResponse",
    "GUILD_UPDATE": "GuildResponse",
    "GUILD_CREATE": "GuildResponse",
    "GUILD_SCHEDULED_EVENT_CREATE": "ExternalScheduledEventResponse",
    "AUTO_MODERATION_RULE_CREATE": "KeywordRuleResponse",
    "GUILD_AUDIT_LOG_ENTRY_CREATE": "AuditLogEntryResponse",
    "VOICE_STATE_UPDATE": "VoiceStateResponse",
    "INTERACTION_CREATE": "InteractionResponse",
    "GUILD_SCHEDULED_EVENT_UPDATE": "ExternalScheduledEventResponse",
    "GUILD_SCHEDULED_EVENT_DELETE": "ExternalScheduledEventResponse",
    "STAGE_INSTANCE_CREATE": "StageInstanceResponse",
}

#: A key's schema wherever it appears (in gateway events, which the schema lacks).
KEYS: dict[str, str] = {
    "user": "UserResponse", "author": "UserResponse", "inviter": "UserResponse",
    "member": "GuildMemberResponse", "role": "GuildRoleResponse",
    "roles": "GuildRoleResponse", "emojis": "EmojiResponse", "emoji": "EmojiResponse",
    "stickers": "GuildStickerResponse", "channels": "GuildChannelResponse",
    "threads": "ThreadResponse", "members": "GuildMemberResponse",
    "voice_states": "VoiceStateResponse", "target_user": "UserResponse",
    "action": "BlockMessageActionResponse",
}

#: A value none of Discord's enums has (yet).
UNKNOWN_ENUM = 97


@cache
def _schemas() -> dict[str, Any]:
    return json.loads(SPEC.read_text())["components"]["schemas"]  # type: ignore[no-any-return]


def _ref(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None


def _targets(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas a property can be (through $ref, oneOf, allOf, array items)."""
    out = [node]
    name = _ref(node)
    if name is not None:
        out.extend(_targets(_schemas()[name]))
    for key in ("oneOf", "allOf", "anyOf"):
        for part in node.get(key, ()):
            out.extend(_targets(part))
    items = node.get("items")
    if isinstance(items, dict):
        out.extend(_targets(items))
    return out


def _nullable(node: dict[str, Any]) -> bool:
    return any(t.get("type") == "null" or (isinstance(t.get("type"), list)
                                          and "null" in t["type"]) for t in _targets(node))


def _is_enum(node: dict[str, Any]) -> bool:
    return any(t.get("type") == "integer" and ("enum" in t or any(
        "const" in part for part in t.get("oneOf", ()))) for t in _targets(node))


def _is_snowflake(node: dict[str, Any]) -> bool:
    return any(_ref(t) == "SnowflakeType" for t in _targets(node))


def _object_schema(node: dict[str, Any], value: Any) -> dict[str, Any] | None:
    """The object schema among ``node``'s targets that best fits ``value``'s keys."""
    best, score = None, -1
    for target in _targets(node):
        props = target.get("properties")
        if isinstance(props, dict) and isinstance(value, dict):
            fit = len(set(props) & set(value))
            if fit > score:
                best, score = target, fit
    return best


Path_ = tuple[Any, ...]


def _walk(value: Any, schema: dict[str, Any] | None, path: Path_ = (),
          depth: int = 0) -> Iterator[tuple[Path_, str, Any]]:
    """``(path, how, new value)`` for each change the schema allows at each place."""
    if depth > 4:
        return
    if isinstance(value, list):
        for i, item in enumerate(value[:2]):
            yield from _walk(item, schema, (*path, i), depth + 1)
        return
    if not isinstance(value, dict):
        return
    props: dict[str, Any] = (schema or {}).get("properties", {})
    required = set((schema or {}).get("required", ()))
    # A new field: an object, unless this is a map of strings (a presence's platforms),
    # keyed by a number where the map is (an interaction's owners, by integration type).
    strings = bool(value) and all(isinstance(v, str) for v in value.values())
    numbered = bool(value) and all(k.isdigit() for k in value)
    yield ((*path, "7" if numbered else "x_unheard_of"), "extra field",
           value[next(iter(value))] if strings else {"nested": [1, None]})
    for key, item in value.items():
        here = (*path, key)
        prop = props.get(key)
        if prop is not None and key not in required:
            yield here, "optional left out", DROP
        if prop is not None and _nullable(prop) and item is not None:
            yield here, "nullable null", None
        if prop is not None and _is_enum(prop) and isinstance(item, int):
            yield here, "unknown enum value", UNKNOWN_ENUM
        if isinstance(item, str) and item.isdigit() and len(item) >= 15 and (
                prop is None or _is_snowflake(prop)):
            yield here, "snowflake as a number", int(item)
        if isinstance(item, list) and item:
            yield here, "empty array", []
            yield here, "long array", [_another(item[0], n) for n in range(150)]
        sub = prop if prop is not None else (
            {"$ref": f"#/components/schemas/{KEYS[key]}"} if key in KEYS else None)
        if isinstance(item, dict | list) and item:
            inner = _object_schema(sub, item[0] if isinstance(item, list) else item) \
                if sub is not None else None
            yield from _walk(item, inner, here, depth + 1)


def _another(item: Any, n: int) -> Any:
    """The ``n``th of a long array made of ``item``: its own id, where it has one (Discord
    sends no two of a kind with one id)."""
    if not isinstance(item, dict):
        return item
    out = copy.deepcopy(item)
    for key in ("id", "answer_id"):
        value = out.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            out[key] = value + n
        elif isinstance(value, str) and value.isdigit():
            out[key] = str(int(value) + n)
    return out


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP: Any = _Drop()


def _apply(payload: Any, path: Path_, new: Any) -> Any:
    out = copy.deepcopy(payload)
    node = out
    for key in path[:-1]:
        node = node[key]
    if new is DROP:
        del node[path[-1]]
    else:
        node[path[-1]] = new
    return out


def variants(event: str, payload: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A dispatch's ``(label, payload)`` pairs: every change the schema allows, the label
    naming the event, the change and where."""
    return [(f"{event} {label}", bent) for label, bent in variants_of(SCHEMAS.get(event),
                                                                      payload)]


def variants_of(schema_name: str | None, payload: Any) -> list[tuple[str, Any]]:
    """``(label, payload)`` for each change schema ``schema_name`` allows in ``payload``
    (an object, or a list of them as a REST answer lists them)."""
    first = payload[0] if isinstance(payload, list) and payload else payload
    schema = _object_schema({"$ref": f"#/components/schemas/{schema_name}"}, first) \
        if schema_name else None
    out = [(f"{how} at {'.'.join(map(str, path))}", _apply(payload, path, new))
           for path, how, new in _walk(payload, schema)]
    if isinstance(payload, list) and payload:
        out.append(("empty list", []))
    return out
