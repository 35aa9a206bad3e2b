"""What :meth:`Guild.edit <tidecord.Guild.edit>` sends: discord.py's keywords turned
into the bodies of PATCH /guilds/{id}, PATCH .../widget and PUT .../incident-actions."""

from __future__ import annotations

import datetime
import enum
from typing import Any, Final

from .base import UNSET

__all__ = ["GuildEdit"]

#: Keywords that are not the wire's names, and the fields PATCH /guilds/{id} takes.
_NAMES: Final = {
    "system_channel": "system_channel_id", "rules_channel": "rules_channel_id",
    "public_updates_channel": "public_updates_channel_id", "afk_channel": "afk_channel_id",
    "safety_alerts_channel": "safety_alerts_channel_id", "owner": "owner_id",
    "default_notifications": "default_message_notifications"}
_FIELDS: Final = frozenset({
    "name", "description", "icon", "banner", "splash", "discovery_splash",
    "system_channel_id", "rules_channel_id", "public_updates_channel_id", "afk_channel_id",
    "safety_alerts_channel_id", "owner_id", "afk_timeout", "verification_level",
    "default_message_notifications", "explicit_content_filter", "preferred_locale",
    "system_channel_flags", "premium_progress_bar_enabled"})
_IMAGES: Final = frozenset({"icon", "banner", "splash", "discovery_splash"})
#: The keywords that switch one of the guild's features on or off.
_FEATURES: Final = {"community": "COMMUNITY", "discoverable": "DISCOVERABLE",
                    "invites_disabled": "INVITES_DISABLED",
                    "raid_alerts_disabled": "RAID_ALERTS_DISABLED"}
_INCIDENTS: Final = ("invites_disabled_until", "dms_disabled_until")
#: discord.py's keywords whose routes Discord's published API (its OpenAPI document)
#: does not have: PATCH /guilds/{id}/vanity-url and POST /guilds/{id}/mfa.
_UNPUBLISHED: Final = frozenset({"vanity_code", "mfa_level"})


class GuildEdit:
    """The three bodies one ``Guild.edit`` call sends (each empty when not needed)."""

    __slots__ = ("fields", "incidents", "widget")

    def __init__(self, guild: Any, options: dict[str, Any]) -> None:
        from ..rest.payloads import image_data  # rest imports the models
        self.widget = {"enabled": options.pop("widget_enabled", UNSET),
                       "channel": options.pop("widget_channel", UNSET)}
        self.incidents = {key: _incident_time(key, options.pop(key))
                          for key in _INCIDENTS if key in options}
        switches = {key: options.pop(key) for key in _FEATURES if key in options}
        fields: dict[str, Any] = {}
        for key, value in options.items():
            wire = _NAMES.get(key, key)
            if key in _UNPUBLISHED:
                raise TypeError(f"{key}: not supported, Discord publishes no route for it")
            if wire not in _FIELDS:
                raise TypeError(f"{key}: Guild.edit has no such setting")
            if wire in _IMAGES:
                value = image_data(value) if value is not None else None
            elif wire == "owner_id":
                if guild.owner_id != guild._state.cache.self_id:
                    raise ValueError("only the guild's owner may hand it over")
                value = str(value.id)
            elif wire.endswith("_channel_id"):
                value = str(value.id) if value is not None else None
            elif isinstance(value, enum.Enum):
                value = value.value
            elif wire == "system_channel_flags":
                value = int(getattr(value, "value", value))
            elif wire == "preferred_locale":
                value = str(getattr(value, "value", value))
            fields[wire] = value
        if switches:
            fields["features"] = _features(guild, switches, fields)
        self.fields = fields


def _features(guild: Any, switches: dict[str, bool], fields: dict[str, Any]) -> list[str]:
    """The guild's features with each switch applied (all of them are sent back, as
    discord.py does; Discord changes only the ones a bot may)."""
    features = list(guild.features or [])
    for key, on in switches.items():
        name = _FEATURES[key]
        if on and key == "community" and not (
                "rules_channel_id" in fields and "public_updates_channel_id" in fields):
            raise ValueError("community=True needs rules_channel and "
                             "public_updates_channel in the same call")
        if on and name not in features:
            features.append(name)
        elif not on and name in features:
            features.remove(name)
    return features


def _incident_time(key: str, when: datetime.datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:
        raise TypeError(f"{key} must be an aware datetime (utils.utcnow(), say)")
    return when.isoformat()
