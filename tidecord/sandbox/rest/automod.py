"""AutoMod rules: list, get, create, modify, delete.

Every route needs Manage Server (50013), as Discord's docs say; a timeout action
needs Moderate Members too. Bodies are checked as the docs describe, each bad field
a 50035 with its path: a name of 1 to 100, the event and trigger types (the trigger
type cannot change once made), the trigger metadata's limits (keyword_filter up to
1000 entries of up to 60 characters, regex_patterns up to 10 of up to 260, allow_list
up to 100 (1000 for presets) of up to 60, mention_total_limit up to 50), at least one
action, each with what its type needs, up to 20 exempt roles and 50 exempt channels,
and how many rules of each trigger type a guild may have (6 keyword, 1 of each
other). Error codes the docs do not name are marked as guesses.
"""

from __future__ import annotations

import re
from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType, to_builtins
from tidecord.models.automod import (
    AutoModRule,
    AutoModRuleActionType,
    AutoModRuleEventType,
    AutoModRuleTriggerType,
    RuleAction,
    TriggerMetadata,
)

from ..state import StateError
from . import audit
from .context import read_body, request_guild, sandbox_of, state_error
from .context import snowflake as path_id
from .errors import (
    REQUIRED,
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
    too_long,
)

__all__ = ["ROUTES"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
MODERATE_MEMBERS: Final[int] = Permissions.moderate_members
T = AutoModRuleTriggerType
#: How many rules of each trigger type a guild may have.
MAX_PER_GUILD: Final = {T.keyword: 6, T.spam: 1, T.keyword_preset: 1, T.mention_spam: 1,
                        T.member_profile: 1}
_KEYWORDS: Final = (T.keyword, T.member_profile)
#: Triggers a timeout action may be set up for.
_TIMEOUT_TRIGGERS: Final = (T.keyword, T.mention_spam, T.member_profile)
MAX_TIMEOUT: Final = 2_419_200  # four weeks, in seconds
_AUDITED: Final = ("name", "event_type", "trigger_type", "trigger_metadata", "actions",
                   "enabled", "exempt_roles", "exempt_channels")


class _RuleBody(msgspec.Struct, kw_only=True):
    name: str | UnsetType = UNSET
    event_type: int | UnsetType = UNSET
    trigger_type: int | UnsetType = UNSET
    trigger_metadata: TriggerMetadata | UnsetType | None = UNSET
    actions: list[RuleAction] | UnsetType = UNSET
    enabled: bool | UnsetType | None = UNSET
    exempt_roles: list[Snowflake] | UnsetType | None = UNSET
    exempt_channels: list[Snowflake] | UnsetType | None = UNSET


def _rule_of(request: web.Request, gid: int) -> AutoModRule:
    try:
        return sandbox_of(request).state.automod_rule(gid, path_id(request, "rule_id"))
    except StateError as exc:
        raise state_error(exc) from None


async def list_rules(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/auto-moderation/rules."""
    gid = request_guild(request, MANAGE_GUILD)
    return json_response(sandbox_of(request).state.guild_automod_rules(gid))


async def get_rule(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/auto-moderation/rules/{rule_id}."""
    gid = request_guild(request, MANAGE_GUILD)
    return json_response(_rule_of(request, gid))


async def create_rule(request: web.Request) -> web.Response:
    """POST /guilds/{guild_id}/auto-moderation/rules."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _RuleBody)
    errors: dict[str, FormError] = {}
    for key in ("name", "event_type", "trigger_type", "actions"):
        if getattr(body, key) is UNSET:
            errors[key] = REQUIRED
    trigger = _trigger_type(body.trigger_type, errors)
    _check_common(request, gid, body, trigger, errors)
    if errors:
        raise form_error(errors)
    assert trigger is not None and isinstance(body.name, str)
    assert isinstance(body.event_type, int) and isinstance(body.actions, list)
    if sum(r.trigger_type == trigger for r in state.guild_automod_rules(gid)) \
            >= MAX_PER_GUILD[trigger]:
        raise form_error({"trigger_type": (
            "AUTO_MODERATION_MAX_RULES_OF_TYPE_EXCEEDED",  # the code is a guess
            f"Maximum number of rules of this type reached ({MAX_PER_GUILD[trigger]}).")})
    _may_time_out(request, gid, body.actions)
    meta = body.trigger_metadata if isinstance(body.trigger_metadata, TriggerMetadata) \
        else TriggerMetadata()
    rule = AutoModRule(
        id=state.new_id(), guild_id=Snowflake(gid), name=body.name,
        creator_id=Snowflake(state.bot_user.id), event_type=body.event_type,
        trigger_type=trigger, trigger_metadata=_normal(trigger, meta),
        action_list=body.actions, enabled=body.enabled is True,
        exempt_role_list=_ids(body.exempt_roles), exempt_channel_list=_ids(body.exempt_channels))
    state.add_automod_rule(rule)
    audit.record(request, gid, audit.Action.AUTO_MODERATION_RULE_CREATE, int(rule.id),
                 audit.changes(None, _audited(rule), _AUDITED))
    return json_response(rule)


async def modify_rule(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id}/auto-moderation/rules/{rule_id}: any field but the
    trigger type."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    rule = _rule_of(request, gid)
    body, _ = await read_body(request, _RuleBody)
    errors: dict[str, FormError] = {}
    trigger = T(rule.trigger_type)
    if body.trigger_type is not UNSET and body.trigger_type != trigger:
        errors["trigger_type"] = ("AUTO_MODERATION_TRIGGER_TYPE_IMMUTABLE",  # a guess
                                  "A rule's trigger type cannot be changed.")
    _check_common(request, gid, body, trigger, errors)
    if errors:
        raise form_error(errors)
    changes: dict[str, Any] = {}
    for key in ("name", "event_type", "enabled"):
        value = getattr(body, key)
        if value is not UNSET and value is not None:
            changes[key] = value
    if isinstance(body.trigger_metadata, TriggerMetadata):
        changes["trigger_metadata"] = _normal(trigger, body.trigger_metadata)
    if isinstance(body.actions, list):
        _may_time_out(request, gid, body.actions)
        changes["action_list"] = body.actions
    if body.exempt_roles is not UNSET:
        changes["exempt_role_list"] = _ids(body.exempt_roles)
    if body.exempt_channels is not UNSET:
        changes["exempt_channel_list"] = _ids(body.exempt_channels)
    edited = state.replace_automod_rule(msgspec.structs.replace(rule, **changes))
    found = audit.changes(_audited(rule), _audited(edited), _AUDITED)
    if found:
        audit.record(request, gid, audit.Action.AUTO_MODERATION_RULE_UPDATE, int(rule.id),
                     found)
    return json_response(edited)


async def delete_rule(request: web.Request) -> web.Response:
    """DELETE /guilds/{guild_id}/auto-moderation/rules/{rule_id}."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    rule = _rule_of(request, gid)
    state.delete_automod_rule(gid, rule.id)
    audit.record(request, gid, audit.Action.AUTO_MODERATION_RULE_DELETE, int(rule.id),
                 audit.changes(_audited(rule), None, _AUDITED))
    return empty_response()


# -- checks ---------------------------------------------------------------------------
def _trigger_type(raw: Any, errors: dict[str, FormError]) -> T | None:
    if raw is UNSET:
        return None
    if raw not in MAX_PER_GUILD:
        errors["trigger_type"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 3, 4, 5, 6}.")
        return None
    return T(raw)


def _check_common(request: web.Request, gid: int, body: _RuleBody, trigger: T | None,
                  errors: dict[str, FormError]) -> None:
    """What a create or a modify body may get wrong: lengths, types and limits."""
    if isinstance(body.name, str) and not 1 <= len(body.name) <= 100:
        errors["name"] = bad_length(1, 100)
    if body.event_type is not UNSET and body.event_type not in {
            int(e) for e in AutoModRuleEventType}:
        errors["event_type"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 2}.")
    if isinstance(body.trigger_metadata, TriggerMetadata) and trigger is not None:
        _check_metadata(body.trigger_metadata, trigger, errors)
    if isinstance(body.actions, list):
        if not body.actions:
            errors["actions"] = ("BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
        for i, action in enumerate(body.actions):
            _check_action(request, gid, f"actions.{i}", action, trigger, errors)
    for key, most in (("exempt_roles", 20), ("exempt_channels", 50)):
        value = getattr(body, key)
        if isinstance(value, list) and len(value) > most:
            errors[key] = too_long(most)


def _check_list(value: list[str] | UnsetType, path: str, most: int, longest: int,
                errors: dict[str, FormError]) -> None:
    if isinstance(value, UnsetType):
        return
    if len(value) > most:
        errors[path] = too_long(most)
    for i, item in enumerate(value):
        if not 1 <= len(item) <= longest:
            errors[f"{path}.{i}"] = bad_length(1, longest)


def _check_metadata(meta: TriggerMetadata, trigger: T, errors: dict[str, FormError]) -> None:
    base = "trigger_metadata"
    _check_list(meta.keyword_filter, f"{base}.keyword_filter", 1000, 60, errors)
    _check_list(meta.regex_patterns, f"{base}.regex_patterns", 10, 260, errors)
    _check_list(meta.allow_list, f"{base}.allow_list",
                1000 if trigger is T.keyword_preset else 100, 60, errors)
    for i, pattern in enumerate(meta.regex_patterns or []):
        try:
            re.compile(pattern)
        except re.error:
            errors[f"{base}.regex_patterns.{i}"] = ("AUTO_MODERATION_INVALID_REGEX",  # guess
                                                    "Invalid regex pattern.")
    limit = meta.mention_total_limit
    if isinstance(limit, int) and not 0 <= limit <= 50:
        errors[f"{base}.mention_total_limit"] = (
            "NUMBER_TYPE_MAX" if limit > 50 else "NUMBER_TYPE_MIN",
            "int value should be less than or equal to 50." if limit > 50
            else "int value should be greater than or equal to 0.")
    for i, preset in enumerate(meta.presets or []):
        if preset not in (1, 2, 3):
            errors[f"{base}.presets.{i}"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")


def _check_action(request: web.Request, gid: int, path: str, action: RuleAction,
                  trigger: T | None, errors: dict[str, FormError]) -> None:
    meta = action.metadata
    if action.type == AutoModRuleActionType.send_alert_message:
        state = sandbox_of(request).state
        cid = meta.channel_id
        if isinstance(cid, UnsetType):
            errors[f"{path}.metadata.channel_id"] = REQUIRED
        elif int(cid) not in state.guild_channels.get(gid, {}):
            errors[f"{path}.metadata.channel_id"] = ("CHANNEL_INVALID",  # a guess
                                                     "Unknown channel.")
    elif action.type == AutoModRuleActionType.timeout:
        seconds = meta.duration_seconds
        if isinstance(seconds, UnsetType):
            errors[f"{path}.metadata.duration_seconds"] = REQUIRED
        elif not 0 < seconds <= MAX_TIMEOUT:
            errors[f"{path}.metadata.duration_seconds"] = (
                "NUMBER_TYPE_MAX", f"int value should be less than or equal to {MAX_TIMEOUT}.")
        if trigger is not None and trigger not in _TIMEOUT_TRIGGERS:
            errors[f"{path}.type"] = ("AUTO_MODERATION_ACTION_INVALID_FOR_TRIGGER",  # guess
                                      "A timeout is only for keyword and mention spam rules.")
    elif action.type == AutoModRuleActionType.block_message:
        text = meta.custom_message
        if isinstance(text, str) and len(text) > 150:
            errors[f"{path}.metadata.custom_message"] = bad_length(0, 150)
    elif action.type != AutoModRuleActionType.block_member_interactions:
        errors[f"{path}.type"] = ("BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")


def _may_time_out(request: web.Request, gid: int, actions: list[RuleAction]) -> None:
    """50013 for a timeout action without Moderate Members."""
    state = sandbox_of(request).state
    if any(a.type == AutoModRuleActionType.timeout for a in actions) and \
            not state.permissions_in_guild(gid, state.bot_user.id) & MODERATE_MEMBERS:
        raise APIError(403, 50013, "Missing Permissions")


def _normal(trigger: T, meta: TriggerMetadata) -> TriggerMetadata:
    """The metadata as Discord keeps it: the fields of the trigger's type, each there."""
    if trigger in _KEYWORDS:
        return TriggerMetadata(keyword_filter=list(meta.keyword_filter or []),
                               regex_patterns=list(meta.regex_patterns or []),
                               allow_list=list(meta.allow_list or []))
    if trigger is T.keyword_preset:
        return TriggerMetadata(presets=list(meta.presets or []),
                               allow_list=list(meta.allow_list or []))
    if trigger is T.mention_spam:
        limit = meta.mention_total_limit
        return TriggerMetadata(
            mention_total_limit=0 if isinstance(limit, UnsetType) else limit,
            mention_raid_protection_enabled=meta.mention_raid_protection_enabled is True)
    return TriggerMetadata()


def _ids(value: list[Snowflake] | UnsetType | None) -> list[Snowflake]:
    return [Snowflake(int(v)) for v in value] if isinstance(value, list) else []


def _audited(rule: AutoModRule) -> dict[str, Any]:
    data = to_builtins(rule)
    return {key: data.get(key) for key in _AUDITED}


_R = "/guilds/{guild_id}/auto-moderation/rules"
ROUTES = [
    ("GET", _R, list_rules),
    ("POST", _R, create_rule),
    ("GET", _R + "/{rule_id}", get_rule),
    ("PATCH", _R + "/{rule_id}", modify_rule),
    ("DELETE", _R + "/{rule_id}", delete_rule),
]
