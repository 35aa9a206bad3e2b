"""Users: people and bots, and the bot's own account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import msgspec

from .asset import Asset, avatar_asset, banner_asset, decoration_asset, default_avatar_asset
from .base import UNSET, Model, Snowflake, UnsetType, sent_true, snowflake_time, viewed_field
from .collectible import Collectible, collectibles_of
from .colour import Colour
from .paging import ListOnAwait
from .primary_guild import PrimaryGuild
from .user_flags import PublicUserFlags

__all__ = ["AvatarDecoration", "DirectMessages", "User", "client_user_or"]


class AvatarDecoration(Model, gc=False, kw_only=True):
    """The frame drawn around an avatar."""

    asset: str
    sku_id: Snowflake | None = None


class DirectMessages:
    """Messaging a user or member in the DM channel with them, as discord.py's User and
    Member do: ``send``, ``history``, ``pins``, ``typing``, ``fetch_message``."""

    __slots__ = ()
    _state: Any

    if TYPE_CHECKING:
        @property
        def id(self) -> int: ...

    @property
    def dm_channel(self) -> Any:
        """The DM channel with them, if the bot has opened it (``create_dm``)."""
        return self._state.cache.dm_by_user.get(self.id)

    async def create_dm(self) -> Any:
        """The DM channel with them (opened once, then cached)."""
        return await self._state.create_dm(self.id)

    async def send(self, content: Any = None, **options: Any) -> Any:
        """Send them a direct message (options as ``Channel.send``)."""
        channel = await self.create_dm()
        return await channel.send(content, **options)

    async def fetch_message(self, message_id: int, /) -> Any:
        """GET one message of the DM channel with them."""
        return await (await self.create_dm()).fetch_message(message_id)

    def history(self, **options: Any) -> Any:
        """``async for message in user.history(limit=...)``: the DM channel's messages."""
        async def read() -> AsyncIterator[Any]:
            async for message in (await self.create_dm()).history(**options):
                yield message
        return read()

    def pins(self, **options: Any) -> Any:
        """``async for message in user.pins()``: the DM channel's pinned messages."""
        async def read() -> AsyncIterator[Any]:
            async for message in (await self.create_dm()).pins(**options):
                yield message
        return ListOnAwait(read(), "`await <user>.pins()` is deprecated; use `async for "
                                   "message in <user>.pins()` instead.")

    def typing(self) -> Any:
        """``async with user.typing():`` in the DM channel with them."""
        from .channel import _Typing  # channel imports this module

        return _Typing(self.create_dm)


class User(Model, DirectMessages, gc=False, kw_only=True):
    """A Discord user. Equal to any other user or member with the same id."""

    id: int
    username: str
    discriminator: str = "0"
    global_name: str | None = None
    # The images' hashes as sent; ``avatar`` and ``banner`` give discord.py's Assets.
    avatar_hash: str | None = msgspec.field(default=None, name="avatar")
    # ``bot`` on the wire, left out for people: :attr:`bot` reads it as a bool (a
    # property: ``message.author.bot`` is read for nearly every message).
    bot_value: bool | UnsetType = msgspec.field(default=UNSET, name="bot")
    system: bool | UnsetType = UNSET
    mfa_enabled: bool | UnsetType = UNSET
    banner_hash: str | UnsetType | None = msgspec.field(default=UNSET, name="banner")
    # Raw as sent; ``accent_colour``, ``public_flags`` and ``primary_guild`` read them
    # as discord.py's objects.
    accent_color_value: int | UnsetType | None = msgspec.field(default=UNSET,
                                                               name="accent_color")
    locale: str | UnsetType = UNSET
    verified: bool | UnsetType = UNSET
    email: str | UnsetType | None = UNSET
    flags: int | UnsetType = UNSET
    premium_type: int | UnsetType = UNSET
    public_flags_value: int | UnsetType = msgspec.field(default=UNSET, name="public_flags")
    avatar_decoration_data: AvatarDecoration | UnsetType | None = UNSET
    primary_guild_data: dict[str, Any] | UnsetType | None = msgspec.field(
        default=UNSET, name="primary_guild")
    collectibles_data: dict[str, Any] | UnsetType | None = msgspec.field(
        default=UNSET, name="collectibles")
    # The client that decoded this object; never on the wire.
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        # A user equals any user or member with its id; anything else (a typed Object)
        # gets its own say, so equality reads the same from both sides.
        if isinstance(other, (User, _HasUser)):
            return getattr(other, "id", None) == self.id
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return (f"<User id={self.id} name={self.username!r} "
                f"global_name={self.global_name!r} bot={self.bot}>")

    def __str__(self) -> str:
        if self.discriminator in ("0", ""):  # a webhook's "0000" is shown, as discord.py does
            return self.username
        return f"{self.username}#{self.discriminator}"

    @property
    def bot(self) -> bool:
        """Whether the user is a bot (an application's)."""
        return self.bot_value is True

    @property
    def name(self) -> str:
        """The username (discord.py spelling)."""
        return self.username

    @property
    def display_name(self) -> str:
        """The global display name when set, else the username."""
        return self.global_name or self.username

    @property
    def mention(self) -> str:
        """``<@id>``: mentions the user in a message."""
        return f"<@{self.id}>"

    @property
    def created_at(self) -> Any:
        """When the account was made (from its id)."""
        return snowflake_time(self.id)

    @property
    def is_bot(self) -> bool:
        """Whether this is a bot account."""
        return self.bot is True

    # -- behaviour (delegates to the client state in ``_state``) -------------
    def mentioned_in(self, message: Any) -> bool:
        """Whether ``message`` mentions this user (or everyone)."""
        if message.mention_everyone:
            return True
        return any(m.id == self.id for m in message.mentions)

    @property
    def colour(self) -> Colour:
        """A user's colour: always the default (a member's comes from its roles)."""
        return Colour(0)

    color = colour

    @property
    def mutual_guilds(self) -> list[Any]:
        """The cached guilds this user is a cached member of."""
        return mutual_guilds(self._state, self.id)

    async def edit(self, *, username: Any = UNSET, avatar: Any = UNSET,
                   banner: Any = UNSET) -> User:
        """Change the bot's own name, avatar or banner (``client.user.edit``, as
        discord.py's ``ClientUser.edit``): images as bytes, ``None`` removes one.
        Returns the user as Discord answers; ``client.user`` follows with USER_UPDATE.
        """
        from ..rest.payloads import image_data  # rest imports the models
        from .base import decode

        state = self._state
        if state is UNSET or state is None or getattr(state.user, "id", None) != self.id:
            raise TypeError("only the bot's own user (client.user) can be edited")
        fields: dict[str, Any] = {}
        if username is not UNSET:
            fields["username"] = username
        for key, image in (("avatar", avatar), ("banner", banner)):
            if image is not UNSET:
                fields[key] = None if image is None else image_data(image)
        user = decode(await state.http.edit_me(fields), User)
        user._state = state
        return user

    @property
    def avatar(self) -> Asset | None:
        """The avatar the user set, else ``None`` (``.url`` as in discord.py)."""
        key = self.avatar_hash
        return avatar_asset(self.id, key) if key else None

    @property
    def banner(self) -> Asset | None:
        """The profile banner, else ``None`` (only :meth:`Client.fetch_user` tells)."""
        key = self.banner_hash
        return banner_asset(self.id, key) if isinstance(key, str) and key else None

    @property
    def display_avatar(self) -> Asset:
        """The avatar (the default one when none is set); ``.url`` as in discord.py."""
        return self.avatar or self.default_avatar

    @property
    def default_avatar(self) -> Asset:
        """The avatar Discord shows when the user has set none."""
        return default_avatar_asset(self.id)

    @property
    def accent_colour(self) -> Colour | None:
        """The profile's accent colour, shown when there is no banner (only
        :meth:`Client.fetch_user` returns it), else ``None``."""
        value = self.accent_color_value
        return Colour(value) if isinstance(value, int) else None

    @property
    def accent_color(self) -> Colour | None:
        """An alias of :attr:`accent_colour`."""
        return self.accent_colour

    @property
    def public_flags(self) -> PublicUserFlags:
        """The badges on the user's profile (staff, verified bot...)."""
        value = self.public_flags_value
        return PublicUserFlags._from_value(value if isinstance(value, int) else 0)

    @property
    def primary_guild(self) -> PrimaryGuild:
        """The guild whose tag the user shows (``id`` ``None`` when none)."""
        data = self.primary_guild_data
        return PrimaryGuild.from_data(data if isinstance(data, dict) else None)

    @property
    def collectibles(self) -> list[Collectible]:
        """What the user shows on their profile (a nameplate...)."""
        data = self.collectibles_data
        return collectibles_of(data if isinstance(data, dict) else None)

    @property
    def avatar_decoration(self) -> Asset | None:
        """The frame drawn around the avatar, or ``None``."""
        data = self.avatar_decoration_data
        return None if isinstance(data, (UnsetType, type(None))) else decoration_asset(data.asset)

    @property
    def avatar_decoration_sku_id(self) -> int | None:
        """The SKU of the avatar's frame, or ``None``."""
        data = self.avatar_decoration_data
        if isinstance(data, (UnsetType, type(None))) or data.sku_id is None:
            return None
        return int(data.sku_id)


# Discord leaves ``system`` out for people: it reads False, as discord.py's.
viewed_field(User, "system", sent_true)


class _HasUser:
    """Marker for models that stand for a user (members), for ``User.__eq__``."""

    __slots__ = ()


def mutual_guilds(state: Any, user_id: int) -> list[Any]:
    """The cached guilds where ``user_id`` is a cached member."""
    if state is UNSET or state is None:
        return []
    return [g for g in state.cache.guilds.values() if g.get_member(user_id) is not None]


def client_user_or(state: Any, user: User) -> User:
    """``user``, or the client's own user when ``user`` is the bot, as discord.py hands
    out its ClientUser wherever a payload names the bot (a sticker's or an event's
    maker, a DM it sent): with the ``locale``, ``verified`` and ``mfa_enabled`` that
    only READY carries."""
    me = None if state is UNSET or state is None else getattr(state, "user", None)
    return me if me is not None and me.id == user.id else user
