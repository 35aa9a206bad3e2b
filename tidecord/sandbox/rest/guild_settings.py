"""A guild's settings: the guild as REST shows it, PATCH /guilds/{id} with what it
checks beyond plain values (its images, the features a bot may switch, a community's
requirements, ownership), and PUT /guilds/{id}/incident-actions (paused invites and
DMs)."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, Snowflake, UnsetType, to_builtins

from ..snowflakes import iso_ms, iso_timestamp
from .audit import Action, changes, record
from .context import read_body, request_guild, sandbox_of
from .errors import APIError, FormError, bad_length, form_error, json_response

__all__ = ["ROUTES", "rest_guild"]

MANAGE_GUILD: Final[int] = Permissions.manage_guild
ADMINISTRATOR: Final[int] = Permissions.administrator
#: The images a guild PATCH may set, each kept as its hash under ``<name>_hash``.
IMAGES: Final = ("icon", "banner", "splash", "discovery_splash")
#: Discord's "mutable guild features": the only ones a PATCH may add or remove, and
#: the permission switching each needs beyond Manage Server.
_MUTABLE: Final = {"COMMUNITY": ADMINISTRATOR, "DISCOVERABLE": ADMINISTRATOR,
                   "INVITES_DISABLED": 0, "RAID_ALERTS_DISABLED": 0}
_ALL_MEMBERS: Final = 2  # explicit_content_filter
_DAY_MS: Final = 24 * 3600 * 1000


def rest_guild(request: web.Request, gid: int) -> dict[str, Any]:
    """The guild as REST shows it (GET and PATCH /guilds/{id})."""
    sb = sandbox_of(request)
    guild = sb.state.guild_snapshot(gid, with_members=False)
    gateway_only = ("channels", "threads", "members", "member_count", "large", "joined_at",
                    "unavailable", "voice_states", "presences", "stage_instance_data",
                    "guild_scheduled_events", "soundboard_data")
    data: dict[str, Any] = to_builtins(
        msgspec.structs.replace(guild, **dict.fromkeys(gateway_only, msgspec.UNSET)))
    # Fields REST always carries that the gateway's guild does not.
    data.setdefault("widget_channel_id", None)
    data.update({"home_header": None, "region": "deprecated",
                 "max_stage_video_channel_users": 50, "max_video_channel_users": 25,
                 "nsfw": False})
    data.setdefault("incidents_data", None)
    return data


class _GuildBody(msgspec.Struct, kw_only=True):
    name: str | UnsetType = UNSET
    description: str | UnsetType | None = UNSET
    icon: str | UnsetType | None = UNSET
    banner: str | UnsetType | None = UNSET
    splash: str | UnsetType | None = UNSET
    discovery_splash: str | UnsetType | None = UNSET
    features: list[str] | UnsetType | None = UNSET
    owner_id: Snowflake | UnsetType | None = UNSET
    safety_alerts_channel_id: Snowflake | UnsetType | None = UNSET
    system_channel_id: Snowflake | UnsetType | None = UNSET
    rules_channel_id: Snowflake | UnsetType | None = UNSET
    public_updates_channel_id: Snowflake | UnsetType | None = UNSET
    afk_channel_id: Snowflake | UnsetType | None = UNSET
    afk_timeout: int | UnsetType = UNSET
    verification_level: int | UnsetType = UNSET
    default_message_notifications: int | UnsetType = UNSET
    explicit_content_filter: int | UnsetType = UNSET
    preferred_locale: str | UnsetType = UNSET
    system_channel_flags: int | UnsetType = UNSET
    premium_progress_bar_enabled: bool | UnsetType = UNSET


#: What each enumerated setting may be, as Discord allows.
_GUILD_CHOICES: Final = {"afk_timeout": (60, 300, 900, 1800, 3600),
                         "verification_level": range(5),
                         "default_message_notifications": range(2),
                         "explicit_content_filter": range(3)}
#: Channel settings and the channel types they take (text-like or voice).
_GUILD_CHANNELS: Final = {"system_channel_id": (0,), "rules_channel_id": (0,),
                          "public_updates_channel_id": (0,), "afk_channel_id": (2,),
                          "safety_alerts_channel_id": (0,)}
_GUILD_AUDIT_KEYS: Final = ("name", "description", *(f"{k}_hash" for k in IMAGES),
                            *_GUILD_CHOICES, *_GUILD_CHANNELS, "preferred_locale",
                            "system_channel_flags", "owner_id")


async def modify_guild(request: web.Request) -> web.Response:
    """PATCH /guilds/{guild_id} (Manage Server): GUILD_UPDATE, and an audit entry."""
    sb = sandbox_of(request)
    gid = request_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _GuildBody)
    fields = {k: v for k, v in msgspec.structs.asdict(body).items() if v is not UNSET}
    errors: dict[str, FormError] = {}
    name = fields.get("name")
    if "name" in fields and not (isinstance(name, str) and 2 <= len(name) <= 100):
        errors["name"] = bad_length(2, 100)
    for key, allowed in _GUILD_CHOICES.items():
        if key in fields and fields[key] not in allowed:
            errors[key] = ("BASE_TYPE_CHOICES", f"Value must be one of {tuple(allowed)}.")
    for key, kinds in _GUILD_CHANNELS.items():
        cid = fields.get(key)
        if cid is not None:
            channel = sb.state.guild_channels[gid].get(int(cid))
            if channel is None or channel.type not in kinds:
                errors[key] = ("CHANNEL_INVALID", "Invalid channel")  # unverified code
    _check_images(sb.images, fields, errors)
    _check_owner(request, gid, fields, errors)
    if errors:
        raise form_error(errors)
    _check_features(request, gid, fields)
    for key in IMAGES:
        if key in fields:
            fields[f"{key}_hash"] = fields.pop(key)
    if fields.get("owner_id") is not None:
        fields["owner_id"] = Snowflake(fields["owner_id"])
    old = rest_guild(request, gid)
    sb.state.update_guild(gid, **fields)
    data = rest_guild(request, gid)
    found = changes(_audited(old), _audited(data), _GUILD_AUDIT_KEYS)
    if found:
        record(request, gid, Action.GUILD_UPDATE, gid, found)
    return json_response(data)


def _audited(guild: dict[str, Any]) -> dict[str, Any]:
    """The guild with its images under the audit log's ``*_hash`` keys."""
    return {**guild, **{f"{k}_hash": guild.get(k) for k in IMAGES}}


def _disabled() -> APIError:
    # What Discord answers a COMMUNITY or DISCOVERABLE it will not switch on
    # (discord/discord-api-docs#6015: 403, "This feature has been temporarily disabled").
    return APIError(403, 40006, "This feature has been temporarily disabled")


def _check_images(images: Any, fields: dict[str, Any], errors: dict[str, FormError]) -> None:
    """Each image sent as a data URI becomes its hash (its image kept for the CDN); one
    that is not an image is 50035 IMAGE_INVALID. ``None`` removes the image."""
    for key in IMAGES:
        if fields.get(key) is not None:
            fields[key] = images.hash(fields[key])
            if fields[key] is None:
                errors[key] = ("IMAGE_INVALID", "Invalid image data")


def _check_features(request: web.Request, gid: int, fields: dict[str, Any]) -> None:
    """Turn the body's ``features`` into the guild's new list: only the mutable
    features change (the others stay as they are, whatever was sent: a guess, as
    discord.py sends the whole list back). COMMUNITY and DISCOVERABLE need
    Administrator (50013); COMMUNITY needs the rules and public updates channels in
    the same body and the explicit content filter on all members; DISCOVERABLE
    needs COMMUNITY (40006 for either)."""
    if "features" not in fields:
        return
    state = sandbox_of(request).state
    guild = state.guild(gid)
    old = set(guild.features)
    asked = {str(f) for f in fields["features"] or ()}
    new = {f for f in old if f not in _MUTABLE} | {f for f in asked if f in _MUTABLE}
    perms = state.permissions_in_guild(gid, state.bot_user.id)
    for feature in old ^ new:
        need = _MUTABLE[feature]
        if perms & need != need:
            raise APIError(403, 50013, "Missing Permissions")
    if "COMMUNITY" in new - old:
        content_filter = fields.get("explicit_content_filter", guild.explicit_content_filter)
        # Discord wants both channels in the body itself (#6015); the content filter
        # requirement is the app's, its answer here a guess.
        if fields.get("rules_channel_id") is None \
                or fields.get("public_updates_channel_id") is None \
                or content_filter != _ALL_MEMBERS:
            raise _disabled()
    # Discovery has more requirements (age, size, activity) the sandbox does not model.
    if "DISCOVERABLE" in new - old and "COMMUNITY" not in new:
        raise _disabled()
    fields["features"] = sorted(new)


def _check_owner(request: web.Request, gid: int, fields: dict[str, Any],
                errors: dict[str, FormError]) -> None:
    """An ownership transfer: only the owner may (50013 otherwise, a guess: Discord no
    longer documents ``owner_id``, and bots cannot own guilds today), and only to a
    member (50035 otherwise, a guess)."""
    if "owner_id" not in fields:
        return
    state = sandbox_of(request).state
    if int(state.guild(gid).owner_id) != state.bot_user.id:
        raise APIError(403, 50013, "Missing Permissions")
    if fields["owner_id"] is None or int(fields["owner_id"]) not in state.members[gid]:
        errors["owner_id"] = ("USER_UNKNOWN", "Unknown user")  # a guessed error code


class _IncidentsBody(msgspec.Struct, kw_only=True):
    invites_disabled_until: str | UnsetType | None = UNSET
    dms_disabled_until: str | UnsetType | None = UNSET


_INCIDENT_KEYS: Final = ("invites_disabled_until", "dms_disabled_until")


async def incident_actions(request: web.Request) -> web.Response:
    """PUT /guilds/{guild_id}/incident-actions (Manage Server): pause invites or DMs
    until a time at most 24 hours ahead (``null`` lifts the pause); GUILD_UPDATE with
    the guild's new ``incidents_data`` (a guess: Discord documents no event here).
    Answers the two times."""
    state = sandbox_of(request).state
    gid = request_guild(request, MANAGE_GUILD)
    body, _ = await read_body(request, _IncidentsBody)
    sent = {k: getattr(body, k) for k in _INCIDENT_KEYS if getattr(body, k) is not UNSET}
    now = state.clock.time_ms()
    errors: dict[str, FormError] = {}
    for key, text in sent.items():
        if text is None:
            continue
        try:
            at = iso_ms(text)
        except ValueError:
            errors[key] = ("DATE_TIME_TYPE_COERCE", "Could not interpret value as a date")
            continue
        # The 24 hours are documented; the error's code is a guess.
        if at > now + _DAY_MS:
            errors[key] = ("BASE_TYPE_BAD_DATE", "Must be at most 24 hours in the future")
        sent[key] = iso_timestamp(at)
    if errors:
        raise form_error(errors)
    old = state.guild(gid).incidents_data
    data = {**dict.fromkeys(_INCIDENT_KEYS), **(old if isinstance(old, dict) else {}), **sent}
    state.update_guild(gid, incidents_data=data)
    return json_response({k: data[k] for k in _INCIDENT_KEYS})


ROUTES = [("PATCH", "/guilds/{guild_id}", modify_guild),
          ("PUT", "/guilds/{guild_id}/incident-actions", incident_actions)]
