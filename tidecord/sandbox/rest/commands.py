"""Application commands, global and per guild: list, create, edit, delete, overwrite;
and the permissions admins set on them in a guild, which a bot may read but not set."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from aiohttp import web

from tidecord.models import UNSET, ApplicationCommand, Snowflake, convert, to_builtins

from ..state import State
from .context import query_bool, read_body, sandbox_of, snowflake
from .errors import (
    APIError,
    FormError,
    bad_length,
    empty_response,
    form_error,
    json_response,
    out_of_range,
    too_long,
    validation_error,
)
from .nulls import nulls_left_out

__all__ = ["ROUTES"]

# Discord's own: letters and digits of any script, "-", "_" and "'".
_NAME = re.compile(r"^[-_'\w]{1,32}$")
MAX_COMMANDS = 100


def _scope(request: web.Request) -> tuple[State, int | None]:
    sb = sandbox_of(request)
    if snowflake(request, "application_id") != sb.state.application.id:
        raise APIError(403, 20012,
                       "You are not authorized to perform this action on this application")
    gid = None
    if "guild_id" in request.match_info:
        gid = int(sb.state.guild(snowflake(request, "guild_id")).id)
    return sb.state, gid


def _in_scope(state: State, gid: int | None) -> list[ApplicationCommand]:
    return [c for c in state.commands.values()
            if (c.guild_id is UNSET and gid is None) or c.guild_id == gid]


_INVALID_NAME = ("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
_REQUIRED_AFTER_OPTIONAL = ("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                            "Required options must be placed before non-required options")
_DUPLICATE = ("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
# The spec's ChannelTypes, which an option's channel_types name.
_CHANNEL_TYPES = (0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16)
_BAD_LENGTH = bad_length(1, 100)
_TOO_MANY = too_long(25)


def _choices(allowed: tuple[int, ...]) -> FormError:
    shown = ", ".join(map(str, allowed))
    return ("BASE_TYPE_CHOICES", f"Value must be one of {{{shown}}}.")


def _bad_name(name: str) -> bool:
    """A slash command's or an option's name: lower-case letters, digits, - _ '."""
    return not _NAME.match(name) or name != name.lower()


def _localized(value: Any) -> dict[str, str]:
    return value if isinstance(value, dict) else {}


def _texts(errors: dict[str, FormError], at: str, thing: Any, *, slash: bool) -> None:
    """A name and description, and their translations, as Discord checks them."""
    names = [("name", thing.name)] + [
        (f"name_localizations.{k}", v) for k, v in _localized(thing.name_localizations).items()]
    for key, name in names:
        # Discord checks the length first: 33 letters are too long, not an invalid name.
        if not 1 <= len(name) <= 32:
            errors[at + key] = bad_length(1, 32)
        elif slash and _bad_name(name):
            errors[at + key] = _INVALID_NAME
    if slash:
        texts = [("description", thing.description)] + [
            (f"description_localizations.{k}", v)
            for k, v in _localized(thing.description_localizations).items()]
        errors.update({at + key: _BAD_LENGTH for key, text in texts
                       if not 1 <= len(text) <= 100})


def _options(errors: dict[str, FormError], at: str, options: Any) -> None:
    """Options (subcommands' and groups' own included) as Discord checks them."""
    options = options if isinstance(options, list) else []
    if len(options) > 25:
        errors[at + "options"] = _TOO_MANY
    optional_before = False
    for i, option in enumerate(options):
        here = f"{at}options.{i}."
        _texts(errors, here, option, slash=True)
        if not 1 <= option.type <= 11:
            errors[here + "type"] = ("BASE_TYPE_CHOICES", "Value must be one of (1..11).")
        if option.type > 2:  # (subcommands and groups are neither)
            if option.required is True and optional_before:
                errors[f"{at}options.{i}"] = _REQUIRED_AFTER_OPTIONAL
            optional_before |= option.required is not True
        for key, lowest in (("min_length", 0), ("max_length", 1)):
            bad = out_of_range(getattr(option, key), lowest, 6000)
            if bad is not None:
                errors[here + key] = bad
        kinds = option.channel_types if isinstance(option.channel_types, list) else []
        for j, kind in enumerate(kinds):
            if kind not in _CHANNEL_TYPES:
                errors[f"{here}channel_types.{j}"] = _choices(_CHANNEL_TYPES)
        choices = option.choices if isinstance(option.choices, list) else []
        if len(choices) > 25:
            errors[here + "choices"] = _TOO_MANY
        for j, choice in enumerate(choices):
            for key, name in [("name", choice.name)] + [
                    (f"name_localizations.{k}", v)
                    for k, v in _localized(choice.name_localizations).items()]:
                if not 1 <= len(name) <= 100:
                    errors[f"{here}choices.{j}.{key}"] = _BAD_LENGTH
        _options(errors, here, option.options)


def _validate(command: ApplicationCommand, prefix: str = "") -> dict[str, FormError]:
    errors: dict[str, FormError] = {}
    if command.type not in (1, 2, 3, 4):  # the spec's ApplicationCommandType
        errors[prefix + "type"] = _choices((1, 2, 3, 4))
    for key, allowed in (("contexts", (0, 1, 2)), ("integration_types", (0, 1))):
        listed = getattr(command, key)
        for j, value in enumerate(listed if isinstance(listed, list) else []):
            if value not in allowed:
                errors[f"{prefix}{key}.{j}"] = _choices(allowed)
    _texts(errors, prefix, command, slash=command.type == 1)
    perms = command.default_member_permissions
    if isinstance(perms, bool) or (isinstance(perms, str) and not perms.isdigit()):
        errors[prefix + "default_member_permissions"] = (
            "NUMBER_TYPE_COERCE", f'Value "{perms}" is not int.')
    _options(errors, prefix, command.options)
    return errors


def _store(state: State, command: ApplicationCommand, gid: int | None,
           existing: ApplicationCommand | None) -> ApplicationCommand:
    stored = msgspec.structs.replace(
        command,
        id=existing.id if existing is not None else state.new_id(),
        application_id=state.application.id,
        guild_id=Snowflake(gid) if gid is not None else UNSET,
        version=state.new_id(),
        default_member_permissions=None if command.default_member_permissions in (UNSET, None)
        else str(command.default_member_permissions),
        nsfw=command.nsfw if command.nsfw is not UNSET else False,
        contexts=command.contexts if command.contexts is not UNSET else None,
        integration_types=command.integration_types
        if isinstance(command.integration_types, list) else [0],
        description=command.description if command.type == 1 else "",
    )
    state.commands[int(stored.id)] = stored  # type: ignore[arg-type]
    return stored


async def list_commands(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/commands (and its variants)."""
    state, gid = _scope(request)
    # Read only to refuse what is no boolean: the full localization dictionaries are
    # always sent, as with_localizations=true asks.
    query_bool(request, "with_localizations")
    return json_response(_in_scope(state, gid))


async def create_command(request: web.Request) -> web.Response:
    """POST /applications/{application_id}/commands (and its variants)."""
    state, gid = _scope(request)
    command, _ = await read_body(request, ApplicationCommand)
    errors = _validate(command)
    if errors:
        raise form_error(errors)
    existing = next((c for c in _in_scope(state, gid)
                     if c.name == command.name and c.type == command.type), None)
    if existing is None and len(_in_scope(state, gid)) >= MAX_COMMANDS:
        raise APIError(400, 30032, "Maximum number of application commands reached (100)")
    stored = _store(state, command, gid, existing)
    return json_response(stored, status=200 if existing else 201)


async def overwrite_commands(request: web.Request) -> web.Response:
    """PUT /applications/{application_id}/commands (and its variants)."""
    state, gid = _scope(request)
    commands, _ = await read_body(request, list[ApplicationCommand])
    errors: dict[str, FormError] = {}
    seen: set[tuple[str, int]] = set()
    for i, command in enumerate(commands):
        errors.update(_validate(command, f"{i}."))
        # A name is one command's of each type (a slash and a user command may share it).
        if (command.name, command.type) in seen:
            errors[str(i)] = _DUPLICATE
        seen.add((command.name, command.type))
    if errors:
        raise form_error(errors)
    old = {(c.name, c.type): c for c in _in_scope(state, gid)}
    for command in old.values():
        state.commands.pop(int(command.id), None)  # type: ignore[arg-type]
    stored = [_store(state, c, gid, old.get((c.name, c.type))) for c in commands]
    return json_response(stored)


def _command(request: web.Request) -> tuple[State, int | None, ApplicationCommand]:
    state, gid = _scope(request)
    command = state.commands.get(snowflake(request, "command_id"))
    if command is None or command not in _in_scope(state, gid):
        raise APIError(404, 10063, "Unknown application command")
    return state, gid, command


async def get_command(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/commands/{command_id} (and its variants)."""
    return json_response(_command(request)[2])


async def edit_command(request: web.Request) -> web.Response:
    """PATCH /applications/{application_id}/commands/{command_id} (and its variants)."""
    state, gid, command = _command(request)
    raw, _ = await read_body(request, dict[str, Any])
    merged = _merge(command, raw)
    errors = _validate(merged)
    if errors:
        raise form_error(errors)
    return json_response(_store(state, merged, gid, command))


def _merge(command: ApplicationCommand, raw: dict[str, Any]) -> ApplicationCommand:
    """A command with the fields of a PATCH body applied."""
    base = to_builtins(command)
    base.update(nulls_left_out(raw, ApplicationCommand))
    try:
        return convert(base, ApplicationCommand)
    except msgspec.ValidationError as exc:
        raise validation_error(exc, base) from None


async def delete_command(request: web.Request) -> web.Response:
    """DELETE /applications/{application_id}/commands/{command_id} (and its variants)."""
    state, _, command = _command(request)
    state.commands.pop(int(command.id), None)  # type: ignore[arg-type]
    return empty_response()


async def list_command_permissions(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/guilds/{guild_id}/commands/permissions: the
    commands that have overwrites in the guild (none listed for the others)."""
    state, gid = _scope(request)
    assert gid is not None  # the route is a guild's
    return json_response(state.guild_command_permissions(gid))


async def get_command_permissions(request: web.Request) -> web.Response:
    """GET /applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions:
    10066 while the command has none (its defaults)."""
    state, gid = _scope(request)
    assert gid is not None
    return json_response(state.command_permissions_of(gid, snowflake(request, "command_id")))


async def edit_command_permissions(request: web.Request) -> web.Response:
    """PUT .../commands/{command_id}/permissions: Discord takes only a Bearer token of a
    user who may manage the guild; a bot's token is refused."""
    _scope(request)
    raise APIError(403, 20001, "Bots cannot use this endpoint")


_A = "/applications/{application_id}"
_GA = _A + "/guilds/{guild_id}"
# Before "/commands/{command_id}", which would take "permissions" for an id.
ROUTES = [
    ("GET", _GA + "/commands/permissions", list_command_permissions),
    ("GET", _GA + "/commands/{command_id}/permissions", get_command_permissions),
    ("PUT", _GA + "/commands/{command_id}/permissions", edit_command_permissions),
] + [
    (method, base + path, handler)
    for base in (_A, _GA)
    for method, path, handler in (
        ("GET", "/commands", list_commands),
        ("POST", "/commands", create_command),
        ("PUT", "/commands", overwrite_commands),
        ("GET", "/commands/{command_id}", get_command),
        ("PATCH", "/commands/{command_id}", edit_command),
        ("DELETE", "/commands/{command_id}", delete_command),
    )
]
