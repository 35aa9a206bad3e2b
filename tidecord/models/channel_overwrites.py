"""A channel's permission overwrites, as discord.py shows them: per role or member,
what they make of the roles' permissions, and how they are set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from .base import UnsetType
from .flags import Permissions
from .overwrite import ChannelOverwrite
from .user import User

if TYPE_CHECKING:
    from .channel import Channel

__all__ = ["ChannelOverwrites", "overwrites_payload"]

# ``set_permissions(target)`` with neither ``overwrite=`` nor keywords (None removes).
_MISSING: Any = object()

# What a channel's kind implies for permissions_for (discord.py's reading).
_TEXT_KINDS = frozenset({0, 5, 15, 16})  # text, announcement, forum, media
_VOICE_KINDS = frozenset({2, 13})  # voice, stage
_SEND_MESSAGES: int = Permissions.send_messages
_SEND_IN_THREADS: int = Permissions.send_messages_in_threads
_VIEW_CHANNEL: int = Permissions.view_channel
_READ_MESSAGE_HISTORY: int = Permissions.read_message_history
_CONNECT: int = Permissions.connect
_NEEDS_SEND: int = Permissions(send_tts_messages=True, mention_everyone=True, embed_links=True,
                               attach_files=True).value
_ALL_CHANNEL: int = Permissions.all_channel().value
_VOICE: int = Permissions.voice().value
_GROUP_DM = 3
_KICK_MEMBERS: int = Permissions.kick_members
_MANAGE_CHANNEL_AND_ROLES: int = Permissions(manage_channels=True, manage_roles=True).value


class ChannelOverwrites:
    """The overwrite calls of discord.py's ``GuildChannel`` (mixed into
    :class:`~tidecord.models.Channel`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: int
        type: int
        permission_overwrites: list[ChannelOverwrite] | UnsetType
        owner_id: int | UnsetType

        @property
        def guild(self) -> Any: ...
        @property
        def category(self) -> Channel | None: ...
        @property
        def parent(self) -> Channel | None: ...
        @property
        def is_thread(self) -> bool: ...
        def _raw_overwrites(self) -> list[ChannelOverwrite]: ...

    @property
    def permissions_synced(self) -> bool:
        """Whether the channel's overwrites are its category's, as discord.py decides."""
        parent = self.category
        return parent is not None and parent.overwrites == self.overwrites

    def _everyone_first(self) -> list[ChannelOverwrite]:
        """The overwrites in discord.py's order: as sent, except that @everyone's swaps
        places with the first (Discord sends it anywhere in the list), which decides
        the order of ``overwrites`` and ``changed_roles``."""
        overwrites = self._raw_overwrites()
        guild_id = getattr(self, "guild_id", None)
        for index, overwrite in enumerate(overwrites):
            if index and overwrite.type == 0 and overwrite.id == guild_id:
                swapped = list(overwrites)
                swapped[0], swapped[index] = overwrite, overwrites[0]
                return swapped
        return overwrites

    @property
    def changed_roles(self) -> list[Any]:
        """The roles this channel overwrites, each a copy whose ``permissions`` are what
        the overwrite makes of the role's own (as discord.py's)."""
        guild = self.guild
        if guild is None or not isinstance(guild.roles, dict):
            return []
        changed = []
        for overwrite in self._everyone_first():
            role = guild.roles.get(int(overwrite.id)) if int(overwrite.type) == 0 else None
            if role is None:
                continue
            value = (int(role.permissions) & ~int(overwrite.deny)) | int(overwrite.allow)
            copy = msgspec.structs.replace(role, permissions=Permissions(value))
            changed.append(copy)
        return changed

    def overwrites_for(self, obj: Any) -> Any:
        """The :class:`PermissionOverwrite` this channel has for a role or member (empty
        if none): a new object each time, so changing it changes nothing until it is
        sent with :meth:`set_permissions`."""
        from .overwrite import PermissionOverwrite

        kind = _overwrite_type(obj)
        for overwrite in self._raw_overwrites():
            if overwrite.id == obj.id and (kind is None or overwrite.type == kind):
                return PermissionOverwrite.from_pair(overwrite.allow, overwrite.deny)
        return PermissionOverwrite()

    @property
    def overwrites(self) -> dict[Any, Any]:
        """Every overwrite of the channel: ``{role or member: PermissionOverwrite}``. A
        role or member the cache does not hold is an :class:`Object` of type ``Role`` or
        ``User``, as in discord.py."""
        from .object import Object
        from .overwrite import PermissionOverwrite
        from .role import Role

        guild = self.guild
        out: dict[Any, Any] = {}
        for overwrite in self._everyone_first():
            target: Any = None
            if guild is not None:
                target = (guild.get_role(overwrite.id) if overwrite.type == 0
                          else guild.get_member(overwrite.id))
            if target is None:
                target = Object(overwrite.id, type=Role if overwrite.type == 0 else User)
            out[target] = PermissionOverwrite.from_pair(overwrite.allow, overwrite.deny)
        return out

    async def set_permissions(self, target: Any, *, overwrite: Any = _MISSING,
                              reason: str | None = None, **permissions: bool | None) -> None:
        """Set ``target``'s (a role or member) overwrite here: ``overwrite=`` a
        :class:`PermissionOverwrite` (``None`` removes it), or permission names as
        keywords (a new overwrite of just those), as discord.py's."""
        from .overwrite import PermissionOverwrite

        kind = _overwrite_type(target)
        if kind is None:
            raise ValueError("target parameter must be either Member or Role")
        if overwrite is _MISSING:
            if not permissions:
                raise ValueError("No overwrite provided.")
            try:
                overwrite = PermissionOverwrite(**permissions)
            except (ValueError, TypeError):
                raise TypeError("Invalid permissions given to keyword arguments.") from None
        elif permissions:
            raise TypeError("Cannot mix overwrite and keyword arguments.")
        http = self._state.http
        if overwrite is None:
            await http.delete_channel_permissions(self.id, target.id, reason=reason)
        elif isinstance(overwrite, PermissionOverwrite):
            allow, deny = overwrite.pair()
            await http.edit_channel_permissions(self.id, target.id, allow.value, deny.value,
                                                kind, reason=reason)
        else:
            raise TypeError("Invalid overwrite type provided.")

    def permissions_for(self, obj: Any = None, /) -> Permissions:
        """What a member (or a role, leaving member overwrites out) may do here, read as
        discord.py reads it: the owner and administrators may do everything; else
        @everyone, the roles, this channel's overwrites, a running timeout; then what
        the channel's kind implies (no voice permissions in a text channel, none in a
        voice channel one cannot connect to, nothing of a channel one cannot view). A
        thread reads its parent's overwrites."""
        guild = self.guild
        if guild is None:  # a DM: what one may do in any DM, as discord.py lists it
            from .permissions import DM_PERMISSIONS

            value = DM_PERMISSIONS
            if self.type == _GROUP_DM and obj is not None and obj.id == self.owner_id:
                value |= _KICK_MEMBERS  # the group's owner may remove people
            return Permissions(value)
        value = self._resolved(guild, obj)
        if self.is_thread:
            # discord.py reads a thread as its parent before the parent's kind is applied,
            # then asks for SEND_MESSAGES_IN_THREADS where a channel asks for SEND_MESSAGES.
            if not value & _SEND_IN_THREADS:
                value &= ~_NEEDS_SEND
            if not value & _VIEW_CHANNEL:
                value &= ~_ALL_CHANNEL
            return Permissions(value)
        kind = self.type
        if kind in _TEXT_KINDS or kind in _VOICE_KINDS:
            if not value & _SEND_MESSAGES:
                value &= ~_NEEDS_SEND
            if not value & _VIEW_CHANNEL:
                value &= ~_ALL_CHANNEL
            if kind in _TEXT_KINDS:
                value &= ~_VOICE
            elif not value & _CONNECT:
                value &= ~(_VOICE | _MANAGE_CHANNEL_AND_ROLES)
        return Permissions(value)

    def _resolved(self, guild: Any, obj: Any) -> int:
        """Roles and overwrites, before what the channel's kind implies."""
        from .permissions import ALL_PERMISSIONS, apply_overwrites, base_permissions
        from .role import Role

        if obj.id == guild.owner_id:
            return ALL_PERMISSIONS
        overwrites = self.permission_overwrites
        if self.is_thread and self.parent is not None:
            overwrites = self.parent.permission_overwrites
        by_id: dict[int, ChannelOverwrite] = (
            {} if isinstance(overwrites, UnsetType) else {o.id: o for o in overwrites})
        if isinstance(obj, Role):  # as a member holding only that role, without its own
            value = base_permissions(guild_id=guild.id, owner_id=guild.owner_id, user_id=0,
                                     member_roles=(obj.id,), roles=guild.roles)
            if value == ALL_PERMISSIONS:
                return value
            return apply_overwrites(value, by_id, guild_id=guild.id, user_id=0,
                                    member_roles=(obj.id,))
        roles = getattr(obj, "role_ids", None)
        member = obj
        if roles is None:  # a User: use its membership here
            member = guild.members.get(obj.id)
            roles = member.role_ids if member is not None else []
        value = base_permissions(guild_id=guild.id, owner_id=guild.owner_id, user_id=obj.id,
                                 member_roles=roles, roles=guild.roles)
        if value == ALL_PERMISSIONS:
            return value
        value = apply_overwrites(value, by_id, guild_id=guild.id, user_id=obj.id,
                                 member_roles=roles)
        timed_out = getattr(member, "is_timed_out", None)
        if timed_out is not None and timed_out():
            value &= _VIEW_CHANNEL | _READ_MESSAGE_HISTORY  # all a timeout leaves
        return value

def _overwrite_type(target: Any) -> int | None:
    """An overwrite's ``type`` for ``target``: 0 for a role, 1 for a member or user,
    ``None`` for anything else."""
    from .member import Member
    from .role import Role

    if isinstance(target, Role):
        return 0
    return 1 if isinstance(target, User | Member) else None


def overwrites_payload(overwrites: Any) -> list[dict[str, Any]]:
    """discord.py's ``overwrites`` (a role or member to a :class:`PermissionOverwrite`)
    as the wire's list; :class:`TypeError` for anything else, as discord.py."""
    from .overwrite import PermissionOverwrite
    from .role import Role

    if not isinstance(overwrites, Mapping):
        raise TypeError("overwrites parameter expects a dict.")
    out = []
    for target, overwrite in overwrites.items():
        if not isinstance(overwrite, PermissionOverwrite):
            raise TypeError(f"Expected PermissionOverwrite received {type(overwrite).__name__}")
        allow, deny = overwrite.pair()
        # An Object stands for a member unless it says it is a role.
        is_role = isinstance(target, Role) or getattr(target, "type", None) is Role
        out.append({"id": target.id, "type": 0 if is_role else 1,
                    "allow": str(allow.value), "deny": str(deny.value)})
    return out
