"""Interactions people trigger (slash commands, buttons, selects, modals), and their fate.

Each interaction becomes an :class:`InteractionRecord`: the sandbox dispatches
INTERACTION_CREATE, then the bot answers through the callback route within 3 s
(sandbox clock), and may follow up with the token for 15 minutes. Tests await
:meth:`InteractionRecord.wait_response` and read what the bot answered.
"""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    ApplicationCommand,
    ApplicationCommandOption,
    Channel,
    Component,
    Interaction,
    InteractionData,
    InteractionOption,
    Member,
    Message,
    Permissions,
    Snowflake,
    User,
    to_builtins,
)

from .state import State, StateError

__all__ = ["InteractionRecord", "Interactions"]

RESPONSE_WINDOW = 3.0
TOKEN_LIFETIME = 15 * 60.0
# Option types whose value is a snowflake, and where ``resolved`` describes it.
_USER, _CHANNEL, _ROLE, _MENTIONABLE = 6, 7, 8, 9


@dataclasses.dataclass(eq=False)
class InteractionRecord:
    """One interaction and what the bot did with it."""

    interaction: Interaction
    created_at: float
    channel_id: int
    user_id: int
    response_type: int | None = None
    response_data: dict[str, Any] | None = None
    original: Message | None = None
    followups: list[Message] = dataclasses.field(default_factory=list)
    answered: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)

    @property
    def id(self) -> int:
        """The interaction's id."""
        return self.interaction.id

    @property
    def token(self) -> str:
        """The interaction's token (kept out of reprs)."""
        return self.interaction.token

    @property
    def acknowledged(self) -> bool:
        """Whether the bot answered the callback."""
        return self.response_type is not None

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        """The autocomplete choices the bot offered (callback type 8)."""
        if self.response_type != 8 or self.response_data is None:
            return None
        return list(self.response_data.get("choices", []))

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal the bot opened (callback type 9), as sent."""
        return self.response_data if self.response_type == 9 else None

    async def wait_response(self, timeout: float = 5.0) -> InteractionRecord:  # noqa: ASYNC109
        """Wait for the bot's callback; raises TimeoutError when none comes in time."""
        await asyncio.wait_for(self.answered.wait(), timeout)
        return self

    def __repr__(self) -> str:
        return f"InteractionRecord(id={self.id}, response_type={self.response_type})"


class Interactions:
    """Every interaction issued by a sandbox, by id and by token."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.by_id: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}

    def lookup(self, interaction_id: int, token: str) -> InteractionRecord:
        """A live interaction; 10062 when unknown, wrong token or expired."""
        record = self.by_id.get(int(interaction_id))
        if record is None or not secrets.compare_digest(record.token, token):
            raise StateError(10062, "Unknown interaction", 404)
        return self._alive(record)

    def by_webhook_token(self, application_id: int, token: str) -> InteractionRecord:
        """The interaction behind a follow-up webhook token; 10015 when unknown."""
        record = self.by_token.get(token)
        if record is None or int(application_id) != self.state.application.id:
            raise StateError(10015, "Unknown Webhook", 404)
        return self._alive(record)

    def _alive(self, record: InteractionRecord) -> InteractionRecord:
        if self.state.clock.time() - record.created_at > TOKEN_LIFETIME:
            raise StateError(10062, "Unknown interaction", 404)
        return record

    def issue(
        self, type: int, user: User, channel: Channel, data: InteractionData,
        message: Message | None = None,
    ) -> InteractionRecord:
        """Build an interaction, remember it and dispatch INTERACTION_CREATE."""
        state = self.state
        gid = state.guild_id_of(channel)
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        fields: dict[str, Any] = {}
        if gid is not None:
            member = state.member(gid, user.id)
            perms = state.permissions(channel.id, user.id)
            fields["member"] = _with_permissions(member, perms)
            fields["guild_id"] = Snowflake(gid)
            fields["guild"] = {"id": str(gid), "locale": "en-US", "features": []}
            fields["guild_locale"] = "en-US"
            fields["context"] = 0
            owners = {"0": str(gid)}
        else:
            fields["user"] = user
            fields["context"] = 1
            owners = {"1": str(user.id)}
        interaction = Interaction(
            id=state.new_id(), application_id=state.application.id, type=type, data=data,
            channel=channel, channel_id=channel.id, token=token, version=1,
            message=message if message is not None else UNSET,
            app_permissions=Permissions(state.permissions(channel.id, state.bot_user.id)),
            locale="en-US", entitlements=[], authorizing_integration_owners=owners,
            attachment_size_limit=10 * 1024 * 1024, **fields,
        )
        record = InteractionRecord(interaction=interaction, created_at=state.clock.time(),
                                   channel_id=channel.id, user_id=user.id)
        self.by_id[interaction.id] = record
        self.by_token[token] = record
        state.emit("INTERACTION_CREATE", interaction, guild_id=gid)
        return record

    # -- what people do ------------------------------------------------------------

    def command(
        self, user: User, channel: Channel, name: str, options: dict[str, Any] | None = None,
        *, target: Any = None, focused: str | None = None,
    ) -> InteractionRecord:
        """Invoke a registered application command (guild commands first).

        With ``focused`` (an option's name) the user is still typing that option:
        an autocomplete interaction (type 4) the bot answers with choices.
        """
        gid = self.state.guild_id_of(channel)
        command = self._find_command(name, gid)
        resolved: dict[str, dict[str, Any]] = {}
        data = InteractionData(
            id=command.id, name=command.name, type=command.type,
            options=self._options(command.options or [], options or {}, gid, resolved),
            guild_id=command.guild_id,
        )
        if target is not None:
            data.target_id = self._resolve(target, _USER if command.type == 2 else -1, gid,
                                           resolved)
        if resolved:
            data.resolved = resolved
        if focused is not None:
            for option in data.options or []:
                if option.name == focused:
                    option.focused = True
            return self.issue(4, user, channel, data)
        return self.issue(2, user, channel, data)

    def component(self, user: User, message: Message, custom_id: str,
                  values: list[str] | None = None) -> InteractionRecord:
        """Click a button (or choose in a select menu) of a message."""
        found = _find_component(message.components or [], custom_id)
        if found is None:
            raise StateError(10008, f"no component {custom_id!r} on that message", 404)
        data = InteractionData(custom_id=custom_id, component_type=found.type)
        if found.type != 2:
            data.values = list(values or [])
        channel = self.state.channel(message.channel_id)
        return self.issue(3, user, channel, data, message=message)

    def modal_submit(self, user: User, channel: Channel, custom_id: str,
                     values: dict[str, str], message: Message | None = None
                     ) -> InteractionRecord:
        """Submit a modal: each text input's custom_id with its value."""
        rows = [Component(type=1, components=[Component(type=4, custom_id=k, value=v)])
                for k, v in values.items()]
        data = InteractionData(custom_id=custom_id, components=rows)
        return self.issue(5, user, channel, data, message=message)

    def _find_command(self, name: str, guild_id: int | None) -> ApplicationCommand:
        fallback = None
        for command in self.state.commands.values():
            if command.name != name:
                continue
            if guild_id is not None and command.guild_id == guild_id:
                return command
            if command.guild_id is UNSET:
                fallback = command
        if fallback is None:
            raise StateError(10063, f"Unknown application command {name!r}", 404)
        return fallback

    def _options(self, spec: list[ApplicationCommandOption], given: dict[str, Any],
                 gid: int | None, resolved: dict[str, dict[str, Any]]
                 ) -> list[InteractionOption] | Any:
        out = []
        by_name = {o.name: o for o in spec}
        for name, value in given.items():
            option = by_name.get(name)
            if option is None:
                raise StateError(50035, f"the command has no option {name!r}")
            if option.type in (1, 2):
                nested = self._options(option.options or [], value or {}, gid, resolved)
                out.append(InteractionOption(name=name, type=option.type, options=nested or []))
                continue
            if option.type in (_USER, _CHANNEL, _ROLE, _MENTIONABLE):
                value = str(self._resolve(value, option.type, gid, resolved))
            elif option.type == 4:
                value = int(value)
            elif option.type == 10:
                value = float(value)
            out.append(InteractionOption(name=name, type=option.type, value=value))
        return out if out else UNSET

    def _resolve(self, value: Any, kind: int, gid: int | None,
                 resolved: dict[str, dict[str, Any]]) -> Snowflake:
        state = self.state
        if kind in (_USER, _MENTIONABLE, -1) and not isinstance(value, Channel):
            try:
                user = state.user(value)
            except StateError:
                if kind == -1:
                    return Snowflake(int(getattr(value, "id", value)))
                raise
            resolved.setdefault("users", {})[str(user.id)] = to_builtins(user)
            if gid is not None and user.id in state.members.get(gid, {}):
                member = _with_permissions(state.member(gid, user.id), None)
                body = to_builtins(member)
                body.pop("user", None)
                resolved.setdefault("members", {})[str(user.id)] = body
            return user.id
        if kind == _CHANNEL:
            channel = state.channel(value, gid)
            resolved.setdefault("channels", {})[str(channel.id)] = {
                "id": str(channel.id), "name": channel.name, "type": channel.type,
                "permissions": str(state.permissions(channel.id, state.bot_user.id)),
            }
            return channel.id
        role_id = int(getattr(value, "id", value))
        role = state.roles.get(gid or 0, {}).get(role_id)
        if role is None:
            raise StateError(10011, "Unknown Role", 404)
        resolved.setdefault("roles", {})[str(role.id)] = to_builtins(role)
        return role.id


def _with_permissions(member: Member, perms: int | None) -> Member:
    return msgspec.structs.replace(
        member, permissions=Permissions(perms) if perms is not None else UNSET)


def _find_component(components: list[Component], custom_id: str) -> Component | None:
    for component in components:
        if component.custom_id == custom_id:
            return component
        if isinstance(component.components, list):
            found = _find_component(component.components, custom_id)
            if found is not None:
                return found
    return None
