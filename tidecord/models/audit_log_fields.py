"""How each field an audit log entry changed reads, as discord.py's ``AuditLogDiff``
reads it: the name it goes by (``tags`` is a sticker's ``emoji``, ``rate_limit_per_user``
a ``slowmode_delay``) and what it becomes (an enum, a channel, roles, flags). A field not
listed keeps Discord's name and value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from . import scheduled_event
from .base import enum_of
from .colour import Colour
from .flags import Permissions

if TYPE_CHECKING:
    from .audit_log import AuditLogEntry

__all__ = ["TRANSFORMS", "kind_named"]

Read = Callable[["AuditLogEntry", Any], Any]


def kind_named(name: str) -> Any:
    """A model class by name, for ``Object(type=...)`` (imported late: no cycle)."""
    from . import guild

    return getattr(guild, name)


def _type(entry: AuditLogEntry, value: Any) -> Any:
    """A ``type`` change: a webhook's kind, or (as discord.py reads any other) a
    channel's."""
    from .channel_type import ChannelType
    from .webhook import WebhookType

    name = getattr(entry.action, "name", "")
    if name.startswith("integration_"):
        return value
    kind: Any = WebhookType if name.startswith("webhook_") else ChannelType
    return enum_of(kind, value)


def _time(entry: AuditLogEntry, value: Any) -> Any:
    return datetime.datetime.fromisoformat(value) if isinstance(value, str) else value


def _event_enum(kind: str) -> Read:
    """A scheduled event's ``status``, ``entity_type`` or ``privacy_level`` as its enum
    (anything else's stays as sent)."""
    def read(entry: AuditLogEntry, value: Any) -> Any:
        name = getattr(entry.action, "name", "")
        if not name.startswith("scheduled_event") and kind != "PrivacyLevel":
            return value
        return enum_of(getattr(scheduled_event, kind), value) if isinstance(value, int) \
            else value
    return read


def _enum(module: str, kind: str) -> Read:
    """A value as its enum ``module.kind`` (imported when read: the models of guilds,
    stickers and automod import this one's neighbours)."""
    def read(entry: AuditLogEntry, value: Any) -> Any:
        from importlib import import_module

        return enum_of(getattr(import_module(f"tidecord.models.{module}"), kind), value)
    return read


def _locale(entry: AuditLogEntry, value: Any) -> Any:
    from ..interactions.locale import Locale

    return Locale.try_value(value)


def _system_channel_flags(entry: AuditLogEntry, value: Any) -> Any:
    from .record_flags import SystemChannelFlags

    return SystemChannelFlags._from_value(int(value))


def _channel(entry: AuditLogEntry, value: Any) -> Any:
    return entry._channel(int(value))


def _channels(entry: AuditLogEntry, value: Any) -> Any:
    return [entry._channel(int(each)) for each in value]


def _roles(entry: AuditLogEntry, value: Any) -> Any:
    return [entry._role(int(each)) for each in value]


TRANSFORMS: Final[dict[str, tuple[str, Read | None]]] = {
    "status": ("status", _event_enum("EventStatus")),
    "entity_type": ("entity_type", _event_enum("EntityType")),
    "privacy_level": ("privacy_level", _event_enum("PrivacyLevel")),
    "color": ("colour", lambda entry, v: Colour(int(v))),
    "permissions": ("permissions", lambda entry, v: Permissions(int(v))),
    "allow": ("allow", lambda entry, v: Permissions(int(v))),
    "deny": ("deny", lambda entry, v: Permissions(int(v))),
    "communication_disabled_until": ("timed_out_until", _time),
    "rate_limit_per_user": ("slowmode_delay", None),
    "channel_id": ("channel", _channel),
    "parent_id": ("parent_id", lambda entry, v: int(v)),
    "inviter_id": ("inviter", lambda entry, v: entry._member(int(v))),
    "owner_id": ("owner", lambda entry, v: entry._member(int(v))),
    "avatar_hash": ("avatar", None),
    "id": ("id", lambda entry, v: int(v)),
    "type": ("type", _type),
    # a sticker's related emoji (Discord's "tags"), as discord.py names it
    "tags": ("emoji", None),
    "default_thread_rate_limit_per_user": ("default_thread_slowmode_delay", None),
    # a guild's settings
    "verification_level": ("verification_level", _enum("guild", "VerificationLevel")),
    "explicit_content_filter": ("explicit_content_filter", _enum("guild", "ContentFilter")),
    "default_message_notifications": ("default_notifications",
                                      _enum("guild", "NotificationLevel")),
    "preferred_locale": ("preferred_locale", _locale),
    "system_channel_flags": ("system_channel_flags", _system_channel_flags),
    # a guild's special channels read as the channels, as discord.py's
    **{f"{name}_id": (name, _channel)
       for name in ("afk_channel", "system_channel", "widget_channel", "rules_channel",
                    "public_updates_channel")},
    # an automod rule's
    "trigger_type": ("trigger_type", _enum("automod", "AutoModRuleTriggerType")),
    "event_type": ("event_type", _enum("automod", "AutoModRuleEventType")),
    "exempt_roles": ("exempt_roles", _roles),
    "exempt_channels": ("exempt_channels", _channels),
}
