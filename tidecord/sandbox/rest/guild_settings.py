"""The guild settings PATCH /guilds/{id} checks beyond plain values (its images, the
features a bot may switch, a community's requirements, ownership), and PUT
/guilds/{id}/incident-actions (paused invites and DMs)."""

from __future__ import annotations

from typing import Any, Final

import msgspec
from aiohttp import web

from tidecord.models import UNSET, Permissions, UnsetType

from ..snowflakes import iso_ms, iso_timestamp
from .context import image_hash, read_body, request_guild, sandbox_of
from .errors import APIError, FormError, form_error, json_response

__all__ = ["IMAGES", "ROUTES", "check_features", "check_images", "check_owner"]

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


def _disabled() -> APIError:
    # What Discord answers a COMMUNITY or DISCOVERABLE it will not switch on
    # (discord/discord-api-docs#6015: 403, "This feature has been temporarily disabled").
    return APIError(403, 40006, "This feature has been temporarily disabled")


def check_images(fields: dict[str, Any], errors: dict[str, FormError]) -> None:
    """Each image sent as a data URI becomes its hash; one that is not an image is
    50035 IMAGE_INVALID. ``None`` removes the image."""
    for key in IMAGES:
        if fields.get(key) is not None:
            fields[key] = image_hash(fields[key])
            if fields[key] is None:
                errors[key] = ("IMAGE_INVALID", "Invalid image data")


def check_features(request: web.Request, gid: int, fields: dict[str, Any]) -> None:
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


def check_owner(request: web.Request, gid: int, fields: dict[str, Any],
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


ROUTES = [("PUT", "/guilds/{guild_id}/incident-actions", incident_actions)]
