"""A guild's onboarding: read by its members, replaced (what the body gives) with
Manage Server and Manage Roles. Discord's constraints hold while it is enabled: at
least 7 default channels, 5 of them where @everyone may send messages (in advanced
mode the prompts' channels count too); enabling it without them is 350000, changing
an enabled one so that they fail 350001."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Emoji, Permissions, Snowflake, UnsetType
from tidecord.models.channel import CHANNEL_OVERWRITES
from tidecord.models.onboarding import OnboardingData, PromptData, PromptOptionData
from tidecord.models.permissions import base_permissions, channel_permissions

from .context import read_body, request_guild, sandbox_of
from .errors import APIError, FormError, bad_length, form_error, json_response, too_long

__all__ = ["ROUTES"]

NEEDS: Final[int] = Permissions.manage_guild | Permissions.manage_roles
_TALK: Final[int] = Permissions.view_channel | Permissions.send_messages
#: The docs' constraints on an enabled onboarding.
MIN_DEFAULT_CHANNELS: Final = 7
MIN_OPEN_CHANNELS: Final = 5
#: The spec's bounds (OpenAPI): prompts, options per prompt, ids per option, defaults.
MAX_PROMPTS: Final = 15
MAX_OPTIONS: Final = 50
MAX_OPTION_IDS: Final = 50
MAX_DEFAULT_CHANNELS: Final = 500


class _Option(msgspec.Struct, kw_only=True):
    id: Snowflake | None = None
    title: Any = None
    description: Any = None
    emoji_id: Snowflake | None = None
    emoji_name: str | None = None
    emoji_animated: bool | None = None
    role_ids: list[Snowflake] | None = None
    channel_ids: list[Snowflake] | None = None


class _Prompt(msgspec.Struct, kw_only=True):
    id: Snowflake | None = None
    title: Any = None
    options: list[_Option] | None = None
    single_select: bool | None = None
    required: bool | None = None
    in_onboarding: bool | None = None
    type: int | None = None


class _Body(msgspec.Struct, kw_only=True):
    prompts: list[_Prompt] | UnsetType | None = UNSET
    default_channel_ids: list[Snowflake] | UnsetType | None = UNSET
    enabled: bool | UnsetType | None = UNSET
    mode: int | UnsetType | None = UNSET


def _length(value: Any, least: int, most: int) -> FormError | None:
    if not isinstance(value, str):
        return ("BASE_TYPE_REQUIRED", "This field is required")
    if least <= len(value) <= most:
        return None
    return bad_length(least, most)


def _prompt_errors(request: web.Request, gid: int, prompts: list[_Prompt]) -> dict[str, FormError]:
    """What is wrong with the prompts, by path (``prompts.0.options.1.title``)."""
    state = sandbox_of(request).state
    errors: dict[str, FormError] = {}
    if len(prompts) > MAX_PROMPTS:
        return {"prompts": too_long(MAX_PROMPTS)}
    for n, prompt in enumerate(prompts):
        at = f"prompts.{n}"
        if prompt.id is None:
            errors[f"{at}.id"] = ("BASE_TYPE_REQUIRED", "This field is required")
        if (wrong := _length(prompt.title, 1, 100)) is not None:
            errors[f"{at}.title"] = wrong
        if prompt.type not in (None, 0, 1):
            errors[f"{at}.type"] = ("ENUM_TYPE_COERCE", f'Value "{prompt.type}" is not a '
                                    "valid enum value.")
        options = prompt.options or []
        if not 1 <= len(options) <= MAX_OPTIONS:
            errors[f"{at}.options"] = bad_length(1, MAX_OPTIONS)
        for m, option in enumerate(options):
            where = f"{at}.options.{m}"
            if (wrong := _length(option.title, 1, 50)) is not None:
                errors[f"{where}.title"] = wrong
            if option.description is not None and \
                    (wrong := _length(option.description, 0, 100)) is not None:
                errors[f"{where}.description"] = wrong
            for key, known in (("role_ids", state.roles[gid]),
                               ("channel_ids", state.guild_channels[gid])):
                ids = getattr(option, key) or []
                if len(ids) > MAX_OPTION_IDS:
                    errors[f"{where}.{key}"] = too_long(MAX_OPTION_IDS)
                for k, found in enumerate(ids):
                    if int(found) not in known:  # unverified code
                        errors[f"{where}.{key}.{k}"] = ("INVALID_ID", f"Unknown id {found}.")
            if option.emoji_id is not None and state.custom_emoji(int(option.emoji_id)) is None:
                errors[f"{where}.emoji_id"] = ("UNKNOWN_EMOJI", "Unknown emoji")  # unverified
    return errors


def _made(state: Any, old: OnboardingData | None, prompts: list[_Prompt]) -> list[PromptData]:
    """The prompts as kept: ids Discord already gave keep theirs, others get new ones."""
    known = {int(p.id): p for p in old.prompts} if old is not None else {}
    made = []
    for prompt in prompts:
        before = known.get(int(prompt.id or 0))
        options_before = {int(o.id) for o in before.options} if before is not None else set()
        options = []
        for option in prompt.options or []:
            oid = option.id if option.id is not None and int(option.id) in options_before \
                else state.new_id()
            emoji: Emoji | UnsetType = UNSET
            if option.emoji_id is not None or option.emoji_name is not None:
                emoji = Emoji(id=option.emoji_id, name=option.emoji_name,
                              animated=option.emoji_animated is True)
            options.append(PromptOptionData(
                id=Snowflake(oid), title=option.title, description=option.description,
                emoji=emoji, role_ids=list(option.role_ids or []),
                channel_ids=list(option.channel_ids or [])))
        made.append(PromptData(
            id=before.id if before is not None else state.new_id(), title=prompt.title,
            options=options, single_select=prompt.single_select is True,
            required=prompt.required is True, in_onboarding=prompt.in_onboarding is not False,
            type=prompt.type or 0))
    return made


def _open_to_everyone(state: Any, gid: int, channel_id: int) -> bool:
    """Whether @everyone may see and send messages in the channel."""
    channel = state.channels.get(channel_id)
    if channel is None:
        return False
    base = base_permissions(guild_id=gid, owner_id=-1, user_id=0, member_roles=(),
                            roles=state.roles[gid])
    overwrites = CHANNEL_OVERWRITES.__get__(channel)
    perms = channel_permissions(base, guild_id=gid, user_id=0, member_roles=(),
                                overwrites=overwrites if isinstance(overwrites, list) else [])
    return perms & _TALK == _TALK


def _meets_constraints(state: Any, gid: int, onboarding: OnboardingData) -> bool:
    channels = {int(c) for c in onboarding.default_channel_ids}
    if onboarding.mode == 1:
        channels |= {int(c) for p in onboarding.prompts for o in p.options
                     for c in o.channel_ids}
    open_ones = sum(_open_to_everyone(state, gid, c) for c in channels)
    return len(channels) >= MIN_DEFAULT_CHANNELS and open_ones >= MIN_OPEN_CHANNELS


async def get_onboarding(request: web.Request) -> web.Response:
    """GET /guilds/{guild_id}/onboarding."""
    gid = request_guild(request)
    kept = sandbox_of(request).state.onboarding.get(gid)
    return json_response(kept or OnboardingData(guild_id=Snowflake(gid)))


async def put_onboarding(request: web.Request) -> web.Response:
    """PUT /guilds/{guild_id}/onboarding: prompts, default channels, enabled, mode."""
    state = sandbox_of(request).state
    gid = request_guild(request, NEEDS)
    body, _ = await read_body(request, _Body)
    errors: dict[str, FormError] = {}
    if isinstance(body.prompts, list):
        errors.update(_prompt_errors(request, gid, body.prompts))
    defaults = body.default_channel_ids if isinstance(body.default_channel_ids, list) else None
    if defaults is not None:
        if len(defaults) > MAX_DEFAULT_CHANNELS:
            errors["default_channel_ids"] = too_long(MAX_DEFAULT_CHANNELS)
        for k, cid in enumerate(defaults):
            if int(cid) not in state.guild_channels[gid]:  # unverified code
                errors[f"default_channel_ids.{k}"] = ("INVALID_ID", f"Unknown id {cid}.")
    if body.mode not in (UNSET, None, 0, 1):
        errors["mode"] = ("ENUM_TYPE_COERCE", f'Value "{body.mode}" is not a valid enum value.')
    if errors:
        raise form_error(errors)
    old = state.onboarding.get(gid)
    current = old or OnboardingData(guild_id=Snowflake(gid))
    changes: dict[str, Any] = {}
    if isinstance(body.prompts, list):
        changes["prompts"] = _made(state, old, body.prompts)
    if defaults is not None:
        changes["default_channel_ids"] = list(dict.fromkeys(defaults))
    if isinstance(body.enabled, bool):
        changes["enabled"] = body.enabled
    if isinstance(body.mode, int):
        changes["mode"] = body.mode
    new = msgspec.structs.replace(current, **changes)
    if new.enabled and not _meets_constraints(state, gid, new):
        if current.enabled:
            raise APIError(400, 350001, "Cannot update onboarding while below requirements")
        raise APIError(400, 350000, "Cannot enable onboarding, requirements are not met")
    state.onboarding[gid] = new
    return json_response(new)


ROUTES = [
    ("GET", "/guilds/{guild_id}/onboarding", get_onboarding),
    ("PUT", "/guilds/{guild_id}/onboarding", put_onboarding),
]
