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
from collections.abc import Callable
from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    ApplicationCommand,
    ApplicationCommandOption,
    Attachment,
    Channel,
    Interaction,
    InteractionData,
    InteractionOption,
    Message,
    Permissions,
    Snowflake,
    User,
)
from tidecord.models.gateway import MessageDelete
from tidecord.models.message import MESSAGE_COMPONENTS

from .command_access import BOT_DM, PRIVATE_CHANNEL, check_usable, context_of
from .components import find_component, number_components
from .option_values import option_value
from .resolved import Resolver, with_permissions
from .state import State, StateError
from .submissions import modal_components, select_data

__all__ = ["InteractionRecord", "Interactions"]

RESPONSE_WINDOW = 3.0
TOKEN_LIFETIME = 15 * 60.0
# Turns of the event loop a webhook call gives an endpoint's reply already written to
# the sandbox to be read and taken (a margin: it is usually taken before the call is read).
_REPLY_READ_TURNS = 20
# Ephemeral messages kept so their users can press their buttons (oldest forgotten).
MAX_EPHEMERAL = 10_000
# What an app may do where it is used only through a person's install (it is not in
# the channel): attach files, embed links, mention everyone (Discord's app_permissions).
USER_APP_PERMISSIONS = (1 << 15) | (1 << 14) | (1 << 17)


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
    # The latest submission of the modal the bot opened in answer to it, if any.
    submission: InteractionRecord | None = None
    # A modal submission's: the interaction whose answer opened the modal.
    opened_by: InteractionRecord | None = None
    # Set when the interaction went to an endpoint URL that failed to take it.
    delivery_error: str | None = None
    # True while it is being POSTed to an endpoint URL, whose reply may answer it.
    delivering: bool = False
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
    def modal_submitted(self) -> bool:
        """Whether the modal it opened closed: the bot answered a submission of it."""
        return self.submission is not None and self.submission.acknowledged

    @property
    def modal(self) -> dict[str, Any] | None:
        """The modal the bot opened (callback type 9), as sent."""
        return self.response_data if self.response_type == 9 else None

    async def wait_response(self, timeout: float = 5.0) -> InteractionRecord:  # noqa: ASYNC109
        """Wait for the bot's callback; raises TimeoutError when none comes in time."""
        try:
            async with asyncio.timeout(timeout):
                await self.answered.wait()
        except TimeoutError:
            raise TimeoutError(f"the bot did not answer interaction {self.id} (type "
                               f"{int(self.interaction.type)}) within {timeout:g} s") from None
        return self

    def __repr__(self) -> str:
        return f"InteractionRecord(id={self.id}, response_type={self.response_type})"


class Interactions:
    """Every interaction issued by a sandbox, by id and by token."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.by_id: dict[int, InteractionRecord] = {}
        self.by_token: dict[str, InteractionRecord] = {}
        # message id -> (the user it shows to, the message); bounded like records
        self.ephemeral: dict[int, tuple[int, Message]] = {}
        # Set by the sandbox: delivers an interaction to the endpoint URL, if one is set.
        self.outgoing: Callable[[InteractionRecord], None] | None = None
        # The people who installed the application to their account (a user install).
        self.user_installs: set[int] = set()

    def lookup(self, interaction_id: int, token: str) -> InteractionRecord:
        """A live interaction; 10062 when unknown, wrong token or expired."""
        record = self.by_id.get(int(interaction_id))
        if record is None or not secrets.compare_digest(record.token, token) \
                or self._expired(record):
            raise StateError(10062, "Unknown interaction", 404)
        return record

    def by_webhook_token(self, application_id: int, token: str) -> InteractionRecord:
        """The interaction behind a follow-up webhook token, as Discord answers for it:
        10015 when unknown or not answered yet (the webhook comes with the first
        answer), 401 50027 once the token has expired."""
        record = self.by_token.get(token)
        if record is None or int(application_id) != self.state.application.id:
            raise StateError(10015, "Unknown Webhook", 404)
        if self._expired(record):
            raise StateError(50027, "Invalid Webhook Token", 401)
        if not record.acknowledged:
            raise StateError(10015, "Unknown Webhook", 404)
        return record

    async def settled(self, token: str) -> None:
        """Let an endpoint's reply that reached the sandbox before this request be taken
        first, and wait for nothing else.

        Discord has no webhook for an interaction until it has taken the first answer:
        a call to it before then is 404 10015 at once, whether the interaction came
        over the gateway or over HTTP (skyra-project/archid-components#390: Discord
        refused an edit that overtook the HTTP reply sent before it). A reply whose
        bytes reached the sandbox before this request is taken within a few turns of
        the event loop; a call made before any answer is refused without a wait, so
        the answer the bot makes next is still within the 3 s.
        """
        record = self.by_token.get(token)
        for _ in range(_REPLY_READ_TURNS):
            if record is None or record.acknowledged or not record.delivering:
                return
            await asyncio.sleep(0)

    def _expired(self, record: InteractionRecord) -> bool:
        return self.state.clock.time() - record.created_at > TOKEN_LIFETIME

    def issue(
        self, type: int, user: User, channel: Channel, data: InteractionData,
        message: Message | None = None, owners: dict[str, str] | None = None,
    ) -> InteractionRecord:
        """Build an interaction, remember it and dispatch INTERACTION_CREATE.

        ``owners``: the installs it came through (``authorizing_integration_owners``),
        by default the guild install, or in a DM between people the person's own."""
        state = self.state
        gid = state.guild_id_of(channel)
        context = context_of(state, channel)
        token = "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        fields: dict[str, Any] = {"context": context}
        app_permissions = state.permissions(channel.id, state.bot_user.id)
        if gid is not None:
            member = state.member(gid, user.id)
            perms = state.permissions(channel.id, user.id)
            fields["member"] = with_permissions(member, perms)
            fields["guild_id"] = Snowflake(gid)
            fields["guild"] = {"id": str(gid), "locale": "en-US", "features": []}
            fields["guild_locale"] = "en-US"
            default = {"1": str(user.id)} if gid in state.outside_guilds else {"0": str(gid)}
        else:
            fields["user"] = user
            # In its bot's DM Discord names the guild install with "0" for a guild.
            default = {"0": "0"} if context == BOT_DM else {"1": str(user.id)}
        if context == PRIVATE_CHANNEL or gid in state.outside_guilds:
            # The bot is not in a DM between people, nor in a guild it was not added
            # to: what it may do there is answer.
            app_permissions = USER_APP_PERMISSIONS
        interaction = Interaction(
            id=state.new_id(), application_id=state.application.id, type=type, data=data,
            channel=channel, channel_id=Snowflake(channel.id), token=token, version=1,
            message=message if message is not None else UNSET,
            app_permissions=Permissions(app_permissions),
            locale="en-US", entitlements=state.active_entitlements(user.id, gid),
            authorizing_integration_owners=default if owners is None else owners,
            attachment_size_limit=10 * 1024 * 1024, **fields,
        )
        record = InteractionRecord(interaction=interaction, created_at=state.clock.time(),
                                   channel_id=channel.id, user_id=user.id)
        self.by_id[interaction.id] = record
        self.by_token[token] = record
        # With an endpoint URL, Discord POSTs interactions there instead of the gateway.
        over_http = isinstance(state.application.interactions_endpoint_url, str) \
            and self.outgoing is not None
        # It reaches the bot even from a guild the bot is not in.
        state.emit("INTERACTION_CREATE", interaction, guild_id=gid, feed_only=over_http,
                   bot_sees=True)
        if over_http and self.outgoing is not None:
            self.outgoing(record)
        return record

    # -- ephemeral messages: seen (and clickable) only by the interaction's user ---------

    def keep_ephemeral(self, record: InteractionRecord, message: Message) -> None:
        """Remember an ephemeral answer, so its user can press its buttons."""
        self.ephemeral[message.id] = (record.user_id, message)
        if len(self.ephemeral) > MAX_EPHEMERAL:
            del self.ephemeral[next(iter(self.ephemeral))]

    def ephemeral_message(self, message_id: int, user_id: int | None = None) -> Message:
        """An ephemeral message (shown to ``user_id``); 10008 otherwise, as for anyone else."""
        found = self.ephemeral.get(int(message_id))
        if found is None or (user_id is not None and found[0] != int(user_id)):
            raise StateError(10008, "Unknown Message", 404)
        return found[1]

    def update_ephemeral(self, message: Message, **changes: Any) -> Message:
        """Edit an ephemeral message: MESSAGE_UPDATE on the feed only (its user's client)."""
        state = self.state
        if isinstance(changes.get("components"), list):
            changes["components"] = number_components(changes["components"])
        updated = msgspec.structs.replace(message, edited_timestamp=state.now_iso(), **changes)
        if updated.id in self.ephemeral:
            self.ephemeral[updated.id] = (self.ephemeral[updated.id][0], updated)
        gid = state.guild_id_of(state.channel(updated.channel_id))
        state.emit("MESSAGE_UPDATE", state.gateway_message(updated, gid), guild_id=gid,
                   channel_id=updated.channel_id, feed_only=True)
        return updated

    def forget_ephemeral(self, message: Message) -> None:
        """Delete an ephemeral message: MESSAGE_DELETE on the feed only."""
        self.ephemeral.pop(message.id, None)
        gid = self.state.guild_id_of(self.state.channel(message.channel_id))
        self.state.emit("MESSAGE_DELETE", MessageDelete(
            id=Snowflake(message.id), channel_id=Snowflake(message.channel_id),
            guild_id=Snowflake(gid) if gid is not None else UNSET,
        ), guild_id=gid, channel_id=message.channel_id, feed_only=True)

    # -- what people do ------------------------------------------------------------

    def command(
        self, user: User, channel: Channel, name: str, options: dict[str, Any] | None = None,
        *, target: Any = None, focused: str | None = None,
    ) -> InteractionRecord:
        """Invoke a registered application command (guild commands first).

        User and message commands (context menus) need a ``target``: a user (id,
        name or model) or a message (id or model) of the channel. With ``focused``
        (an option's name) the user is still typing that option: an autocomplete
        interaction (type 4) the bot answers with choices.
        """
        gid = self.state.guild_id_of(channel)
        command = self._find_command(name, gid)
        owners = check_usable(self.state, command, user.id, channel,
                              user_installed=user.id in self.user_installs)
        resolver = Resolver(self.state, gid, channel.id, user.id)
        data = InteractionData(
            id=command.id, name=command.name, type=command.type,
            options=self._options(command.options or [], options or {}, resolver, focused),
            guild_id=command.guild_id,
        )
        if command.type in (2, 3):
            if target is None:
                kind = "user" if command.type == 2 else "message"
                raise StateError(50035, f"{name!r} is a {kind} command: say which {kind} "
                                        "(target)")
            data.target_id = resolver.user(target) if command.type == 2 else \
                resolver.message(target)
        elif target is not None:
            raise StateError(50035, f"{name!r} is a slash command: it takes no target")
        if focused is not None:
            # Discord sends no resolved users, channels... while people type: the bot
            # reads those options as bare ids.
            if any(o.focused is True for o in _leaves(data.options)):
                return self.issue(4, user, channel, data, owners=owners)
            raise StateError(50035, f"the command has no option {focused!r} to complete")
        if resolver.data:
            data.resolved = resolver.data
        return self.issue(2, user, channel, data, owners=owners)

    def component(self, user: User, message: Message, custom_id: str,
                  values: list[Any] | None = None) -> InteractionRecord:
        """Click a button (or choose in a select menu) of a message."""
        found = find_component(MESSAGE_COMPONENTS.__get__(message), custom_id)  # as sent
        if found is None:
            raise StateError(10008, f"no component {custom_id!r} on that message", 404)
        channel = self.state.channel(message.channel_id)
        resolver = Resolver(self.state, self.state.guild_id_of(channel), channel.id,
                            user.id)
        data = select_data(found, values, resolver)
        return self.issue(3, user, channel, data, message=message)

    def modal_submit(self, user: User, opened_by: InteractionRecord, values: dict[str, Any],
                     uploads: dict[str, list[Attachment]] | None = None) -> InteractionRecord:
        """Submit the modal the bot opened in answer to ``opened_by`` (again only when the
        bot left the last submission unanswered for 3 seconds).

        ``values`` maps each input's custom_id to text (text inputs) or a list
        (selects); ``uploads`` a file upload's custom_id to its stored files.
        """
        modal = opened_by.modal
        if modal is None:
            raise StateError(10062, "the bot opened no modal for that interaction", 400)
        # As on Discord, a modal closes when the bot answers a submission; while the bot
        # may still answer one it waits, and after 3 s unanswered the person may try again.
        last = opened_by.submission
        if last is not None and last.acknowledged:
            raise StateError(10062, "that modal was already submitted (it closed)", 400)
        if last is not None and self.state.clock.time() - last.created_at <= RESPONSE_WINDOW:
            raise StateError(10062, "that modal waits for the bot's answer to a submission",
                             400)
        channel = self.state.channel(opened_by.channel_id)
        resolver = Resolver(self.state, self.state.guild_id_of(channel), channel.id,
                            user.id)
        components = modal_components(modal, values, resolver, uploads or {})
        data = InteractionData(custom_id=str(modal.get("custom_id", "")), components=components)
        if resolver.data:
            data.resolved = resolver.data
        message = opened_by.interaction.message if opened_by.interaction.type == 3 else None
        record = self.issue(5, user, channel, data,
                            message=message if isinstance(message, Message) else None)
        opened_by.submission = record
        record.opened_by = opened_by
        return record

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
                 resolver: Resolver, focused: str | None = None
                 ) -> list[InteractionOption] | Any:
        """The options as Discord sends them; with ``focused`` (autocomplete), that one
        is what the person typed so far, unchecked text, and the others are left out
        where they would not pass (Discord checks them only when the command is used)."""
        out = []
        by_name = {o.name: o for o in spec}
        subcommands = [o.name for o in spec if o.type in (1, 2)]
        if subcommands and (len(given) != 1 or next(iter(given)) not in subcommands):
            # Discord's client offers a group only through one of its subcommands.
            raise StateError(50035, f"say which one of {subcommands} to use, as "
                                    "{name: {options}}: a group is not used by itself")
        for name, value in given.items():
            option = by_name.get(name)
            if option is None:
                raise StateError(50035, f"the command has no option {name!r}")
            if option.type in (1, 2):
                nested = self._options(option.options or [], value or {}, resolver, focused)
                out.append(InteractionOption(name=name, type=option.type, options=nested or []))
                continue
            if name == focused:
                if option.autocomplete is not True:
                    raise StateError(50035, f"option {name!r} has no autocomplete: Discord "
                                            "asks the bot nothing while a person types it")
                out.append(InteractionOption(name=name, type=option.type, value=str(value),
                                             focused=True))
                continue
            try:
                filled = option_value(option, value, resolver)
            except StateError:
                if focused is None:
                    raise
                continue
            out.append(InteractionOption(name=name, type=option.type, value=filled))
        if focused is None:  # a use: Discord's client sends no command missing one
            missing = [o.name for o in spec if o.required is True and o.name not in given]
            if missing:
                raise StateError(50035, f"option {missing[0]!r} is required: a person "
                                        "cannot send the command without it")
        return out if out else UNSET


def _leaves(options: Any) -> list[InteractionOption]:
    """The options of the invoked (sub)command, past subcommand and group wrappers."""
    out: list[InteractionOption] = []
    for option in options if isinstance(options, list) else []:
        if option.type in (1, 2):
            out.extend(_leaves(option.options))
        else:
            out.append(option)
    return out
