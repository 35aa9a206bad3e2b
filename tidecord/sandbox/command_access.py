"""Where a person may use an application command, as Discord's client decides before
anything reaches the bot: through an install of the app the command is registered for
(its ``integration_types``: the guild install where the bot is, in its guilds and its
DM; the user install of a person who installed the app to their account, anywhere),
offered in that kind of channel (its ``contexts``, else ``dm_permission``), an
age-restricted one only in an age-restricted channel, and one with
``default_member_permissions`` only to members who hold them.

An admin's overwrites on the command (or on every command of the application) in the
guild may widen or narrow who sees it; where a guild has any, they are taken to allow
the use, rather than the sandbox guessing at Discord's order of precedence.
"""

from __future__ import annotations

from tidecord.models import UNSET, ApplicationCommand, Channel, Permissions

from .state import State, StateError

__all__ = ["BOT_DM", "GUILD", "PRIVATE_CHANNEL", "check_usable", "context_of"]

# Interaction contexts: a guild, the bot's DM, another private channel.
GUILD, BOT_DM, PRIVATE_CHANNEL = 0, 1, 2
# Installation (integration) types: to a guild, to a person's account.
_GUILD_INSTALL, _USER_INSTALL = 0, 1


def context_of(state: State, channel: Channel) -> int:
    """Discord's interaction context of a channel: a guild's, the bot's DM, or another
    private channel (a DM between people, where only a user install reaches)."""
    if state.guild_id_of(channel) is not None:
        return GUILD
    return PRIVATE_CHANNEL if channel.id in state.people_dms.values() else BOT_DM


def check_usable(state: State, command: ApplicationCommand, user_id: int,
                 channel: Channel, *, user_installed: bool = False) -> dict[str, str]:
    """Raise :class:`StateError` (50001) where Discord would not offer ``command``; else
    the installs it is used through, as ``authorizing_integration_owners`` says them
    (``"0"``: the guild's id, ``"0"`` in the bot's DM; ``"1"``: the person's id)."""
    gid = state.guild_id_of(channel)
    context = context_of(state, channel)
    # None said (or an empty list): the app's default, its guild install.
    kinds = command.integration_types if isinstance(command.integration_types, list) \
        and command.integration_types else [_GUILD_INSTALL]
    owners: dict[str, str] = {}
    if _GUILD_INSTALL in kinds and context != PRIVATE_CHANNEL \
            and gid not in state.outside_guilds:
        owners[str(_GUILD_INSTALL)] = str(gid) if gid is not None else "0"
    if _USER_INSTALL in kinds and user_installed:
        owners[str(_USER_INSTALL)] = str(user_id)
    if not owners:
        _refuse(command, "not installed where it is offered here (its integration_types: "
                         "the app installed to this guild, or to the person's account)")
    if isinstance(command.contexts, list):
        if context not in command.contexts:
            _refuse(command, "not offered here (its contexts leave this kind of channel out)")
    elif gid is None and command.dm_permission is False:
        _refuse(command, "not offered in DMs (dm_permission is false)")
    if gid is not None:
        _check_member(state, command, user_id, channel, gid)
    return owners


def _check_member(state: State, command: ApplicationCommand, user_id: int,
                  channel: Channel, gid: int) -> None:
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
