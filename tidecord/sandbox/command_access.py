"""Where a person may use an application command, as Discord's client decides before
anything reaches the bot: the command must be offered in that kind of channel (its
``contexts``, else ``dm_permission``), an age-restricted one only in an age-restricted
channel, and one with ``default_member_permissions`` only to members who hold them.

An admin's overwrites on the command (or on every command of the application) in the
guild may widen or narrow who sees it; where a guild has any, they are taken to allow
the use, rather than the sandbox guessing at Discord's order of precedence.
"""

from __future__ import annotations

from tidecord.models import UNSET, ApplicationCommand, Channel, Permissions

from .state import State, StateError

__all__ = ["check_usable"]

# Interaction contexts: a guild, the bot's DM, another private channel.
_GUILD, _BOT_DM = 0, 1


def check_usable(state: State, command: ApplicationCommand, user_id: int,
                 channel: Channel) -> None:
    """Raise :class:`StateError` (50001) where Discord would not offer ``command``."""
    gid = state.guild_id_of(channel)
    context = _GUILD if gid is not None else _BOT_DM
    if isinstance(command.contexts, list):
        if context not in command.contexts:
            _refuse(command, "not offered here (its contexts leave this kind of channel out)")
    elif gid is None and command.dm_permission is False:
        _refuse(command, "not offered in DMs (dm_permission is false)")
    if gid is None:
        return
    if command.nsfw is True and not _age_restricted(state, channel):
        _refuse(command, "age-restricted: only offered in age-restricted channels")
    required = command.default_member_permissions
    if required in (UNSET, None) or _has_overwrites(state, gid, command):
        return
    held = state.permissions(channel.id, user_id)
    if held & Permissions.administrator:  # the owner's are all, this one among them
        return
    need = int(required)
    if need == 0 or held & need != need:
        _refuse(command, "not offered to this member (default_member_permissions)")


def _refuse(command: ApplicationCommand, why: str) -> None:
    raise StateError(50001, f"/{command.name} is {why}", 403)


def _age_restricted(state: State, channel: Channel) -> bool:
    return state.settings_channel(channel).nsfw is True


def _has_overwrites(state: State, gid: int, command: ApplicationCommand) -> bool:
    found = state.command_permissions.get(gid, {})
    return int(command.id) in found or int(state.application.id) in found  # type: ignore[arg-type]
