"""What a few messages carry besides their content, and a few helpers on a message.

The rarely sent parts, each ``None`` unless Discord sent it: a Rich Presence invite's
``activity`` and ``application``, a DM ``call``, the legacy ``interaction`` (discord.py
still exposes it, deprecated for ``interaction_metadata``), a ``role_subscription``
purchase and a ``purchase_notification``. The helpers are discord.py's
``to_message_reference_dict``, ``fetch_thread``, ``add_files`` and
``remove_attachments``.
"""

from __future__ import annotations

import datetime
import warnings
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from .asset import Asset, icon_asset
from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    convert,
    enum_of,
    snowflake_of,
    snowflake_time,
)
from .member import Member
from .user import User

if TYPE_CHECKING:
    from .attachment import Attachment

__all__ = ["CallMessage", "GuildProductPurchase", "MessageApplication", "MessageDetails",
           "MessageInteraction", "MessageInteractionMetadata", "PurchaseNotification",
           "RoleSubscriptionInfo"]


_T = TypeVar("_T")


class MessageApplication(Model, gc=False, kw_only=True):
    """The application of a Rich Presence invite message."""

    id: Snowflake
    name: str = ""
    description: str = ""
    icon_hash: str | None = msgspec.field(default=None, name="icon")
    cover_image: str | UnsetType | None = UNSET

    def __str__(self) -> str:
        return self.name

    @property
    def icon(self) -> Asset | None:
        """The application's icon, if it has one."""
        return None if self.icon_hash is None else icon_asset("app", self.id, self.icon_hash)

    @property
    def cover(self) -> Asset | None:
        """The application's rich presence cover image, if it has one."""
        if not isinstance(self.cover_image, str):
            return None
        return icon_asset("app", self.id, self.cover_image)  # discord.py's path for it too


class CallMessage:
    """A DM call a message stands for: who took part (those the cache knows) and when
    it ended."""

    __slots__ = ("_started", "ended_timestamp", "participants")

    def __init__(self, data: dict[str, Any], message: Any) -> None:
        text = data.get("ended_timestamp")
        self.ended_timestamp = None if text is None else datetime.datetime.fromisoformat(text)
        self._started: datetime.datetime = message.created_at
        users = (message.author if int(p) == message.author.id
                 else _cached_user(message._state, int(p)) for p in data.get("participants", []))
        self.participants: list[User] = [u for u in users if u is not None]

    @property
    def duration(self) -> datetime.timedelta:
        """How long the call lasted (or has lasted so far)."""
        end = self.ended_timestamp or datetime.datetime.now(datetime.UTC)
        return end - self._started

    def is_ended(self) -> bool:
        """Whether the call is over."""
        return self.ended_timestamp is not None


def _cached_user(state: Any, user_id: int) -> User | None:
    if state is UNSET or state is None:
        return None
    user: User | None = state.cache.get_user(user_id)
    return user


class MessageInteraction(Model, gc=False, kw_only=True):
    """The legacy ``interaction`` of a message that answers a command."""

    id: Snowflake
    type: int  # an InteractionType when it is one Discord documents
    name: str
    user: User
    # In a guild: the invoker's partial member (no ``user``); the message's
    # ``interaction`` makes ``user`` that Member, as discord.py does.
    member: Member | UnsetType = UNSET

    def __post_init__(self) -> None:
        from .interaction import InteractionType  # interaction imports message

        self.type = enum_of(InteractionType, self.type)  # a later kind: unknown_<n>

    @property
    def created_at(self) -> datetime.datetime:
        """When the interaction happened (from its id)."""
        return snowflake_time(self.id)


class RoleSubscriptionInfo(Model, gc=False, kw_only=True):
    """What a role subscription purchase message says."""

    role_subscription_listing_id: Snowflake
    tier_name: str
    total_months_subscribed: int
    is_renewal: bool


class GuildProductPurchase(Model, gc=False, kw_only=True):
    """The guild product a purchase notification is about."""

    listing_id: Snowflake
    product_name: str


class PurchaseNotification(Model, gc=False, kw_only=True):
    """What a purchase notification message says."""

    type: int
    guild_product_purchase: GuildProductPurchase | None = None


class MessageInteractionMetadata:
    """Which interaction a bot's message answers: who used it, how, and the messages
    around it (discord.py's ``MessageInteractionMetadata``)."""

    __slots__ = ("_guild_id", "_owners", "_state", "id", "interacted_message_id",
                 "modal_interaction", "original_response_message_id", "target_message_id",
                 "target_user", "type", "user")

    def __init__(self, data: dict[str, Any], state: Any, guild_id: Any) -> None:
        from .interaction import InteractionType  # interaction imports the message

        self._state, self._guild_id = state, guild_id
        self.id = int(data["id"])
        self.type: Any = enum_of(InteractionType, int(data["type"]))
        self.user = self._user(data.get("user"))
        self._owners = {int(k): int(v) for k, v in
                        (data.get("authorizing_integration_owners") or {}).items()}
        self.original_response_message_id = snowflake_of(data.get("original_response_message_id"))
        self.interacted_message_id = snowflake_of(data.get("interacted_message_id"))
        self.target_message_id = snowflake_of(data.get("target_message_id"))
        self.target_user = self._user(data.get("target_user"))
        trigger = data.get("triggering_interaction_metadata")
        self.modal_interaction = (None if trigger is None
                                  else MessageInteractionMetadata(trigger, state, guild_id))

    def _user(self, raw: Any) -> User | None:
        if raw is None:
            return None
        user = convert(raw, User)
        user._state = self._state
        return user

    @property
    def created_at(self) -> datetime.datetime:
        """When the interaction was used (from its id)."""
        return snowflake_time(self.id)

    def _cached(self, message_id: int | None) -> Any:
        if message_id is None or self._state is UNSET:
            return None
        return self._state.cache.get_message(message_id)

    @property
    def original_response_message(self) -> Any:
        """The interaction's first answer, if this is a follow-up and it is cached."""
        return self._cached(self.original_response_message_id)

    @property
    def interacted_message(self) -> Any:
        """The message whose component was used, if cached."""
        return self._cached(self.interacted_message_id)

    @property
    def target_message(self) -> Any:
        """A message command's target, if cached."""
        return self._cached(self.target_message_id)

    def is_guild_integration(self) -> bool:
        """Whether the app was used as installed in the guild."""
        return self._guild_id is not UNSET and self._owners.get(0) == self._guild_id

    def is_user_integration(self) -> bool:
        """Whether the app was used as installed by the user."""
        return self.user is not None and self._owners.get(1) == self.user.id

    def __repr__(self) -> str:
        return f"<MessageInteractionMetadata id={self.id} type={self.type!r} user={self.user!r}>"


class MessageDetails:
    """A mixin of :class:`~tidecord.Message`: the rare parts' reads and the helpers."""

    __slots__ = ()

    if TYPE_CHECKING:
        id: int
        channel_id: int
        guild_id: int | UnsetType
        attachments: list[Attachment]
        activity_data: dict[str, Any] | UnsetType | None
        application_data: MessageApplication | UnsetType | None
        call_data: dict[str, Any] | UnsetType | None
        interaction_data: MessageInteraction | UnsetType | None
        interaction_metadata_data: dict[str, Any] | UnsetType
        role_subscription_data: RoleSubscriptionInfo | UnsetType | None
        purchase_notification_data: PurchaseNotification | UnsetType | None
        _state: Any

        @property
        def guild(self) -> Any: ...

        async def edit(self, *, content: Any = ..., **options: Any) -> Any: ...

    @property
    def activity(self) -> dict[str, Any] | None:
        """A Rich Presence invite's activity, as Discord sent it (``type``,
        ``party_id``), else ``None``."""
        return _or_none(self.activity_data)

    @property
    def application(self) -> MessageApplication | None:
        """A Rich Presence invite's application, else ``None``."""
        return _or_none(self.application_data)

    @property
    def call(self) -> CallMessage | None:
        """The DM call this message stands for, else ``None``."""
        data = _or_none(self.call_data)
        return None if data is None else CallMessage(data, self)

    @property
    def interaction(self) -> MessageInteraction | None:
        """The command this message answers (deprecated: use ``interaction_metadata``,
        as discord.py says)."""
        warnings.warn("interaction is deprecated, use interaction_metadata instead.",
                      DeprecationWarning, stacklevel=2)
        data = _or_none(self.interaction_data)
        if data is not None and not isinstance(data.member, UnsetType) \
                and not isinstance(self.guild_id, UnsetType):
            # In a guild discord.py's ``user`` is the invoker's Member: made once, and
            # ``member`` dropped (no member -> user -> member cycle in gc=False structs).
            member, data.member = data.member, UNSET
            if self._state is not UNSET:
                self._state.bind_member(member, self.guild_id)
            member.user = data.user
            data.user = member  # type: ignore[assignment]
        return data

    @property
    def interaction_metadata(self) -> MessageInteractionMetadata | None:
        """The interaction this message answers, if it is a bot's answer to one."""
        data = self.interaction_metadata_data
        if isinstance(data, UnsetType) or not data:
            return None
        return MessageInteractionMetadata(data, self._state, self.guild_id)

    @property
    def role_subscription(self) -> RoleSubscriptionInfo | None:
        """A role subscription purchase's details, else ``None``."""
        return _or_none(self.role_subscription_data)

    @property
    def purchase_notification(self) -> PurchaseNotification | None:
        """A purchase notification's details, else ``None``."""
        return _or_none(self.purchase_notification_data)

    def to_message_reference_dict(self) -> dict[str, Any]:
        """This message as the ``message_reference`` of a reply (discord.py's shape)."""
        data: dict[str, Any] = {"message_id": self.id, "channel_id": self.channel_id}
        if self.guild is not None:
            data["guild_id"] = self.guild.id
        return data

    async def fetch_thread(self) -> Any:
        """GET the public thread started from this message (``NotFound`` if none)."""
        guild = self.guild
        if guild is None:
            raise ValueError("This message does not have guild info attached.")
        return await guild.fetch_channel(self.id)

    async def add_files(self, *files: Any) -> Any:
        """Add files after the message's attachments; returns the edited message."""
        return await self.edit(attachments=list(self.attachments), files=list(files))

    async def remove_attachments(self, *attachments: Any) -> Any:
        """Remove some of the message's attachments; returns the edited message."""
        gone = {a.id for a in attachments}
        return await self.edit(attachments=[a for a in self.attachments if a.id not in gone])


def _or_none(value: _T | UnsetType | None) -> _T | None:
    return None if isinstance(value, UnsetType) else value
