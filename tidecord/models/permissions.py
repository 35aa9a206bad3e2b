"""Permission computation as Discord does it: base from roles, then overwrites.

Shared by the client (``channel.permissions_for(member)``) and the sandbox (which
refuses a send with 50013 when this says no).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .flags import Permissions
from .overwrite import ChannelOverwrite
from .role import ROLE_PERMISSIONS, Role

__all__ = ["ALL_PERMISSIONS", "DM_PERMISSIONS", "apply_overwrites", "base_permissions",
           "channel_permissions"]

ALL_PERMISSIONS = Permissions.all().value
#: What anyone may do in a direct message, as discord.py reports it: the text
#: permissions less what has no meaning there (TTS, others' messages, threads,
#: slowmode), plus pinning.
DM_PERMISSIONS: int = (
    Permissions.text().value | Permissions.view_channel | Permissions.pin_messages) & ~(
    Permissions(send_tts_messages=True, manage_messages=True, create_private_threads=True,
                create_public_threads=True, manage_threads=True, send_messages_in_threads=True,
                bypass_slowmode=True).value)
_ADMINISTRATOR: int = Permissions.administrator
_VIEW_CHANNEL: int = Permissions.view_channel
_SEND_MESSAGES: int = Permissions.send_messages
# A role's permissions as stored: reading ``role.permissions`` hands out a copy.
_stored_permissions = ROLE_PERMISSIONS.__get__
# What Discord's permissions topic says a missing SEND_MESSAGES denies with it (not
# Manage Messages: a moderator deletes and pins where they may not speak).
_TEXT_DEPENDENT: int = Permissions(
    send_tts_messages=True, embed_links=True, attach_files=True, mention_everyone=True,
).value


def base_permissions(
    *,
    guild_id: int,
    owner_id: int,
    user_id: int,
    member_roles: Iterable[int],
    roles: dict[int, Role],
) -> int:
    """Guild-level permissions of a member: @everyone, then each of its roles."""
    if user_id == owner_id:
        return ALL_PERMISSIONS
    everyone = roles.get(guild_id)
    perms = _stored_permissions(everyone).value if everyone is not None else 0
    for role_id in member_roles:
        role = roles.get(role_id)
        if role is not None:
            perms |= _stored_permissions(role).value
    if perms & _ADMINISTRATOR:
        return ALL_PERMISSIONS
    return perms


def channel_permissions(
    base: int,
    *,
    guild_id: int,
    user_id: int,
    member_roles: Iterable[int],
    overwrites: Iterable[ChannelOverwrite],
) -> int:
    """Apply a channel's overwrites as Discord checks a request: then nothing without
    VIEW_CHANNEL, and nothing that sends without SEND_MESSAGES."""
    if base & _ADMINISTRATOR:
        return ALL_PERMISSIONS
    perms = apply_overwrites(base, {o.id: o for o in overwrites}, guild_id=guild_id,
                             user_id=user_id, member_roles=member_roles)
    # Without VIEW_CHANNEL nothing else applies; without SEND_MESSAGES, nothing
    # that sends does either.
    if not perms & _VIEW_CHANNEL:
        return 0
    if not perms & _SEND_MESSAGES:
        perms &= ~_TEXT_DEPENDENT
    return perms


def apply_overwrites(base: int, by_id: Mapping[int, ChannelOverwrite], *, guild_id: int,
                     user_id: int, member_roles: Iterable[int]) -> int:
    """``base`` through a channel's overwrites (by target id): @everyone's, then the
    member's roles' together, then the member's own."""
    perms = base
    everyone = by_id.get(guild_id)
    if everyone is not None:
        perms = (perms & ~everyone.deny.value) | everyone.allow.value
    allow = deny = 0
    for role_id in member_roles:
        overwrite = by_id.get(role_id)
        if overwrite is not None and overwrite.type == 0:
            allow |= overwrite.allow.value
            deny |= overwrite.deny.value
    perms = (perms & ~deny) | allow
    own = by_id.get(user_id)
    if own is not None and own.type == 1:
        perms = (perms & ~own.deny.value) | own.allow.value
    return perms
