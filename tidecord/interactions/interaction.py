"""``Interaction``: what a slash command, a button, a select or a modal hands the bot.

Built from the decoded wire model (:class:`tidecord.models.Interaction`) and the
client state: attributes read as discord.py's do (``guild`` and ``message`` are
``None`` when absent, ``user`` is the Member in guilds), and ``response``,
``followup`` and the ``*_original_response`` methods answer it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..models import UNSET, Guild, InteractionType, Member, Permissions, Snowflake
from ..models import Interaction as InteractionPayload
from ..models.base import UnsetType, enum_of
from ..models.entitlement import Entitlement, bind_entitlement
from ..models.partial_channel import nameless_dm
from ..rest.secret import hide
from .followup import Followup, InteractionMessage, bind_message, fetch_original
from .locale import Locale, to_locale
from .namespace import Namespace
from .response import HTTPTransport, InteractionResponse

if TYPE_CHECKING:
    from ..models import InteractionData

__all__ = ["Interaction"]

# What every account may upload, when an interaction does not say its own limit.
_SMALLEST_FILESIZE_LIMIT = 10 * 1024 * 1024

ClientT = TypeVar("ClientT", covariant=True)
# Discord accepts follow-ups (the interaction's webhook) for 15 minutes.
TOKEN_LIFETIME = datetime.timedelta(minutes=15)


class Interaction(Generic[ClientT]):
    """One interaction, answered once through :attr:`response` within 3 seconds.

    ``Interaction[MyBot]`` types :attr:`client` as ``MyBot``, as in discord.py.
    """

    __slots__ = (
        "_baton",
        "_cs_command",
        "_cs_namespace",
        "_followup",
        "_original",
        "_outside_guild",
        "_payload",
        "_response",
        "_state",
        "_transport",
        "app_permissions",
        "application_id",
        "authorizing_integration_owners",
        "channel",
        "channel_id",
        "command_failed",
        "data",
        "entitlement_sku_ids",
        "entitlements",
        "extras",
        "guild_id",
        "guild_locale",
        "id",
        "locale",
        "message",
        "token",
        "type",
        "user",
        "version",
    )

    def __init__(self, payload: InteractionPayload, state: Any,
                 transport: HTTPTransport | None = None) -> None:
        self._payload = payload
        self._state = state
        # Set for interactions received over HTTP: the first answer may go in the reply.
        self._transport = transport
        self.id: Snowflake = payload.id
        # A kind Discord adds later reads InteractionType.unknown_<n>, as discord.py's.
        self.type: InteractionType = enum_of(InteractionType, payload.type)
        self.data: InteractionData | None = None if payload.data is UNSET else payload.data
        self.application_id: Snowflake = payload.application_id
        # Answers for the bot for 15 minutes: kept out of reprs (vars(), a traceback's
        # locals), here and in the payload kept beside it.
        self.token: str = hide(payload.token)
        payload.token = self.token
        self.version: int = payload.version
        self.guild_id: Snowflake | None = None if payload.guild_id is UNSET else payload.guild_id
        # ``channel_id`` may be left out where the partial ``channel`` is sent (as
        # discord.py, read the id from that then).
        self.channel_id: Snowflake | None = (
            payload.channel_id if payload.channel_id is not UNSET
            else None if payload.channel is UNSET else Snowflake(payload.channel.id))
        self.locale: Locale = to_locale(payload.locale or "en-US")
        self.guild_locale: Locale | None = (
            None if payload.guild_locale is UNSET else to_locale(payload.guild_locale))
        self.app_permissions: Permissions = (
            Permissions(0) if payload.app_permissions is UNSET else payload.app_permissions)
        self.entitlements: list[Entitlement] = [bind_entitlement(state, e)
                                                for e in payload.entitlements]
        # What discord.py reads from ``entitlement_skus``, a field Discord has stopped
        # sending: usually empty; ``entitlements`` says what is held.
        self.entitlement_sku_ids: list[int] = (
            [] if isinstance(payload.entitlement_skus, UnsetType)
            else [int(i) for i in payload.entitlement_skus])
        self.authorizing_integration_owners: dict[str, Any] = dict(
            payload.authorizing_integration_owners)
        self._outside_guild: Guild | None = None
        if self.guild_id is not None and self.guild_id not in state.cache.guilds:
            self._outside_guild = self._stand_in_guild(payload)
        self.message: Any = self._bind_message(payload)
        self.user: Any = self._bind_invoker(payload)
        self.channel: Any = self._find_channel(payload)
        self.extras: dict[Any, Any] = {}
        self.command_failed = False
        self._response: InteractionResponse | None = None
        self._followup: Followup | None = None
        self._original: InteractionMessage | None = None
        self._cs_command: Any = None
        self._cs_namespace: Any = None
        # The commands Context a hybrid command runs with (its converters read it).
        self._baton: Any = None

    def _bind_invoker(self, payload: InteractionPayload) -> Any:
        """The Member in guilds, bound like an event's (roles, guild, permissions),
        else the user."""
        member = payload.member
        if member is not UNSET and self.guild_id is not None:
            self._state.bind_member(member, self.guild_id)
            if member.user is not UNSET:
                member.user._state = self._state
            return member
        user = payload.user
        if user is UNSET and member is not UNSET:
            user = member.user  # a member sent without its guild's id: its user, at least
        if user is UNSET:
            return None
        user._state = self._state
        return user

    def _bind_message(self, payload: InteractionPayload) -> Any:
        """A component's message, bound (``edit``, ``author`` a Member in guilds)."""
        message = payload.message
        return None if message is UNSET else self._state.bind_in_channel(message, self.guild_id)

    def _find_channel(self, payload: InteractionPayload) -> Any:
        if self.channel_id is None:
            return None
        cached = self._state.cache.channels.get(self.channel_id)
        if cached is not None:
            return cached
        channel = payload.channel if payload.channel is not UNSET else None
        if channel is None:
            return self._state.channel_for(self.channel_id, payload.guild_id)
        channel._state = self._state
        if channel.guild_id is UNSET and self.guild_id is not None:
            channel.guild_id = self.guild_id
        return nameless_dm(channel)  # a DM has no ``name``, as discord.py's DMChannel

    def __repr__(self) -> str:
        # The token answers for the bot for 15 minutes: keep it out of logs.
        return f"<Interaction id={self.id} type={self.type!r} user={self.user!s}>"

    # -- who, where -----------------------------------------------------------------
    @property
    def client(self) -> ClientT:
        """The client (or bot) that received this interaction."""
        client: ClientT = self._state.dispatcher.owner
        return client

    @property
    def guild(self) -> Any:
        """The guild it came from (``None`` in DMs). One the bot is not in (a command
        used through a person's install of the app) is, as in discord.py, a stand-in
        kept here only, from what the interaction says of it (its id, features;
        ``unavailable`` when it said nothing); ``client.get_guild`` has none."""
        if self.guild_id is None:
            return None
        cached = self._state.cache.guilds.get(self.guild_id)
        return cached if cached is not None else self._outside_guild

    def _stand_in_guild(self, payload: InteractionPayload) -> Guild:
        """A guild the bot is not in, as discord.py stands one in: what the interaction
        says of it, no roles or channels, and the bot for its only member; kept where
        the interaction's channel and member find their ``guild``."""
        state = self._state
        partial = payload.guild if isinstance(payload.guild, dict) else {}
        features = partial.get("features")
        stand_in = Guild(id=self.guild_id, name="", owner_id=None,  # type: ignore[arg-type]
                         unavailable=not isinstance(payload.guild, dict),
                         features=list(features) if isinstance(features, list) else [])
        stand_in._state = state
        stand_in.member_count = None  # unknown, as discord.py's
        stand_in.roles = {}  # type: ignore[assignment]
        stand_in.channels = {}  # type: ignore[assignment]
        members: dict[int, Member] = {}
        if state.user is not None:
            me = Member(user=state.user, nick=None, joined_at_iso=None)
            me._state, me._guild_id = state, self.guild_id
            members[state.user.id] = me
        stand_in.members = members  # type: ignore[assignment]
        state.cache.keep_outside_guild(stand_in)
        return stand_in

    @property
    def permissions(self) -> Permissions:
        """The user's permissions in the channel, as Discord computed them; none outside
        a guild (Discord sends none there, and discord.py answers an empty set, so
        ``app_commands.checks.has_permissions`` refuses in DMs)."""
        member = self._payload.member
        if member is not UNSET and member.permissions is not UNSET:
            return member.permissions
        return Permissions(0)

    @property
    def created_at(self) -> datetime.datetime:
        """When the interaction was made (from its id)."""
        return self.id.created_at

    @property
    def expires_at(self) -> datetime.datetime:
        """When the token stops working (15 minutes after creation)."""
        return self.created_at + TOKEN_LIFETIME

    def is_expired(self) -> bool:
        """Whether the token has expired (no more follow-ups)."""
        return datetime.datetime.now(datetime.UTC) >= self.expires_at

    def is_guild_integration(self) -> bool:
        """Whether the command was used through the app's install in this guild (never
        in a DM, where Discord names the guild install with ``"0"``)."""
        return self.guild_id is not None and self._install_owner("0") == self.guild_id

    def is_user_integration(self) -> bool:
        """Whether the command was used through the app's install by the person using it."""
        return bool(self._install_owner("1") == self.user.id)

    def _install_owner(self, kind: str) -> int | None:
        owner = self.authorizing_integration_owners.get(kind)
        return None if owner is None else int(owner)

    @property
    def custom_id(self) -> str | None:
        """The custom id of the component or modal (``None`` for commands)."""
        if self.data is None or self.data.custom_id is UNSET:
            return None
        return self.data.custom_id

    @property
    def command_id(self) -> int | None:
        """The id of the application command invoked, if any."""
        if self.data is None or self.data.id is UNSET:
            return None
        return int(self.data.id)

    @property
    def context(self) -> Any:
        """Where the interaction happened, as an :class:`~tidecord.app_commands.AppCommandContext`
        (``context.guild``, ``dm_channel``, ``private_channel``; all False when Discord
        did not say)."""
        from ..app_commands.installs import AppCommandContext  # the layer above: on use only
        where = self._payload.context
        return AppCommandContext._from_value([where] if isinstance(where, int) else [])

    @property
    def filesize_limit(self) -> int:
        """The most bytes a file may have in an answer to it (Discord says, per
        interaction; 10 MiB, the smallest limit, when it did not)."""
        limit = self._payload.attachment_size_limit
        return limit if isinstance(limit, int) else _SMALLEST_FILESIZE_LIMIT

    # -- set by the command tree -------------------------------------------------------
    @property
    def command(self) -> Any:
        """The app command (or context menu) this interaction is for (also in the tree's
        ``interaction_check``), None if it is not one or the bot's tree has none."""
        if self._cs_command is None and self.type in (2, 4):
            tree = getattr(self._state, "command_tree", None)
            if tree is not None:
                self._cs_command = tree._command_of(self)
        return self._cs_command

    @command.setter
    def command(self, value: Any) -> None:
        self._cs_command = value

    @property
    def namespace(self) -> Any:
        """The options the user filled in, by name (``interaction.namespace.member``)."""
        if self._cs_namespace is None:
            self._cs_namespace = Namespace.empty()
        return self._cs_namespace

    @namespace.setter
    def namespace(self, value: Any) -> None:
        self._cs_namespace = value

    # -- answering -----------------------------------------------------------------------
    @property
    def response(self) -> InteractionResponse:
        """The one first answer: ``send_message``, ``defer``, ``edit_message``,
        ``send_modal``, ``autocomplete``."""
        if self._response is None:
            self._response = InteractionResponse(self)
        return self._response

    @property
    def followup(self) -> Followup:
        """More messages after the first answer, for 15 minutes: ``followup.send(...)``."""
        if self._followup is None:
            self._followup = Followup(self)
        return self._followup

    async def original_response(self) -> InteractionMessage:
        """The message the first answer made: fetched on the first call, then that same
        message again (as discord.py caches it; ``followup.fetch_message("@original")``
        reads it anew)."""
        if self._original is None:
            self._original = await fetch_original(self)
        return self._original

    async def edit_original_response(self, **fields: Any) -> InteractionMessage:
        """Edit the first answer (``content``, ``embeds``, ``view``, ``attachments``...)."""
        fields.setdefault("view", UNSET)
        fields.setdefault("attachments", UNSET)
        return await self.followup._edit("@original", bind_message, **fields)

    async def delete_original_response(self) -> None:
        """Delete the first answer."""
        await self.followup.delete_message("@original")

    async def translate(self, string: Any, *, locale: Any = None, data: Any = UNSET
                        ) -> str | None:
        """Translate ``string`` with the command tree's translator (``None`` without one);
        the translator's ``context.data`` is ``data``, by default the command (else the
        message) the interaction is about."""
        tree = getattr(self._state, "command_tree", None)
        if tree is None:
            return None
        if data is UNSET:
            data = self.command or self.message
        result: str | None = await tree.translate_for(
            string, self.locale if locale is None else locale, data)
        return result

    @property
    def invoker(self) -> Any:
        """The user behind it (a :class:`~tidecord.User`, in guilds too)."""
        return self._payload.invoker


