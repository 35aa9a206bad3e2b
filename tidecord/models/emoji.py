"""Emoji: Unicode ones by name, custom ones by id (discord.py's PartialEmoji too)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import msgspec

from .asset import CDN_URL, AssetMixin
from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    decode,
    none_if_unset,
    sent_true,
    snowflake_time,
    viewed_field,
)
from .user import User

__all__ = ["Emoji", "PartialEmoji", "bind_emoji"]

# discord.py's reading of a custom emoji's text: matched from the start only, so
# "<:name:id>" followed by more text still reads as the emoji.
_CUSTOM_EMOJI = re.compile(
    r"<?(?:(?P<animated>a)?:)?(?P<name>[A-Za-z0-9_]+):(?P<id>[0-9]{13,20})>?")


class Emoji(Model, AssetMixin, gc=False, kw_only=True):
    """A custom emoji (with an id) or a Unicode one (name only); ``await emoji.read()``
    downloads a custom one's image, as discord.py's."""

    id: Snowflake | None = None
    name: str | None = None
    # The ids of the roles that may use it (``roles`` on the wire; :attr:`roles` gives
    # the Role objects, as discord.py's).
    role_ids: list[Snowflake] | UnsetType = msgspec.field(default=UNSET, name="roles")
    user: User | UnsetType = UNSET
    require_colons: bool | UnsetType = UNSET
    managed: bool | UnsetType = UNSET
    animated: bool | UnsetType = UNSET
    available: bool | UnsetType = UNSET
    _state: Any = UNSET
    _guild_id: Any = UNSET

    def __repr__(self) -> str:
        if self.id is None:  # a Unicode one: discord.py's PartialEmoji
            return f"<PartialEmoji animated=False name={self.name!r} id=None>"
        return (f"<Emoji id={self.id} name={self.name!r} animated={self.animated} "
                f"managed={self.managed}>")

    def __str__(self) -> str:
        # An emoji without a name (a soundboard sound's custom one, known only by id, or
        # an empty one) reads as "_", as in discord.py, so that it still renders.
        if self.id is None:
            return self.name or "_"
        return f"<{'a' if self.animated is True else ''}:{self.name or '_'}:{self.id}>"

    def __eq__(self, other: object) -> bool:
        # As discord.py's PartialEmoji: a Unicode emoji is its name, a custom one its id,
        # so ``{PartialEmoji(name="🔵"): role_id}[payload.emoji]`` finds the entry; and as
        # discord.py's ``Reaction.emoji`` (a str for Unicode), ``reaction.emoji == "👍"``.
        if isinstance(other, str):
            return self.id is None and self.name == other
        if not isinstance(other, Emoji):
            return NotImplemented
        if self.id is None:
            return other.id is None and self.name == other.name
        return self.id == other.id

    def __hash__(self) -> int:
        return hash(self.name) if self.id is None else hash(self.id)

    @classmethod
    def from_str(cls, value: str, *, client: Any = None) -> Emoji:
        """An emoji from ``"name:id"``, ``"a:name:id"``, ``"<:name:id>"`` or
        ``"<a:name:id>"`` (an id of 13 to 20 digits); any other text is taken as a
        Unicode emoji's name, as discord.py takes it. ``client``, as discord.py's, ties
        it to a client (discord.py's can ``read()`` only then; any can here)."""
        found = _CUSTOM_EMOJI.match(value)
        if found is None:
            emoji = cls(name=value)
        else:
            emoji = cls(name=found["name"], id=Snowflake(found["id"]),
                        animated=found["animated"] is not None)
        if client is not None:
            emoji._state = client._connection
        return emoji

    def is_unicode_emoji(self) -> bool:
        """Whether this is a Unicode emoji (no id)."""
        return self.id is None

    def is_custom_emoji(self) -> bool:
        """Whether this is a guild's custom emoji."""
        return self.id is not None

    @property
    def guild_id(self) -> int | None:
        """The id of the guild whose custom emoji this is (None if not known)."""
        return None if self._guild_id is UNSET else self._guild_id

    @property
    def guild(self) -> Any:
        """The cached guild whose custom emoji this is, or None."""
        if self._guild_id is UNSET or self._state is UNSET:
            return None
        return self._state.cache.guilds.get(self._guild_id)

    @property
    def roles(self) -> list[Any]:
        """The roles that may use it (empty: everyone), as cached."""
        guild = self.guild
        if guild is None or self.role_ids is UNSET:
            return []
        found = (guild.get_role(int(r)) for r in self.role_ids)
        return [role for role in found if role is not None]

    @property
    def created_at(self) -> datetime.datetime | None:
        """When Discord made the custom emoji (None for a Unicode one)."""
        return None if self.id is None else snowflake_time(int(self.id))

    def is_usable(self) -> bool:
        """Whether the bot may use it: available, and unrestricted or allowed by a role."""
        if self.available is False or self.guild is None:
            return False
        if not self.role_ids:
            return True
        me = self.guild.me
        mine = {role.id for role in me.roles} if me is not None else set()
        return any(int(r) in mine for r in self.role_ids)

    async def edit(self, *, name: str | UnsetType = UNSET, roles: Any = UNSET,
                   reason: str | None = None) -> Emoji:
        """Rename it or change the roles that may use it (``roles=[]``: everyone);
        returns the edited emoji. Needs Manage Expressions, or Create Expressions for
        one the bot made."""
        fields: dict[str, Any] = {}
        if name is not UNSET:
            fields["name"] = name
        if self.is_application_owned():  # only a name to change, and no audit log
            data = await self._state.http.edit_application_emoji(
                self._owner_application(), self.id, fields)
            return bind_emoji(decode(data, Emoji), self._state, 0)
        if roles is not UNSET:
            fields["roles"] = [str(getattr(r, "id", r)) for r in roles or []]
        data = await self._state.http.edit_emoji(self._guild_id, self.id, fields,
                                                 reason=reason)
        return bind_emoji(decode(data, Emoji), self._state, self._guild_id)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the custom emoji (Manage Expressions), or the application's own."""
        if self.is_application_owned():
            await self._state.http.delete_application_emoji(self._owner_application(),
                                                            self.id)
            return
        await self._state.http.delete_emoji(self._guild_id, self.id, reason=reason)

    def is_application_owned(self) -> bool:
        """Whether the application owns it (``Client.fetch_application_emojis``) rather
        than a guild; its ``guild_id`` is then 0, as in discord.py."""
        return self._guild_id is not UNSET and self._guild_id == 0

    def _owner_application(self) -> int:
        application_id: int | None = self._state.application_id
        if application_id is None:
            from ..app_commands.errors import MissingApplicationID  # it imports the models

            raise MissingApplicationID
        return application_id

    @property
    def url(self) -> str:
        """The CDN image of a custom emoji (empty for a Unicode one)."""
        if self.id is None:
            return ""
        # As discord.py and Discord's client: animated ones as animated WebP.
        end = "webp?animated=true" if self.animated is True else "png"
        return f"{CDN_URL}/emojis/{self.id}.{end}"

    async def read(self) -> bytes:
        """Download a custom emoji's image (``ValueError`` for a Unicode one)."""
        if self.id is None:
            raise ValueError(f"{type(self).__name__} is not a custom emoji")
        return await super().read()



# What Discord leaves out reads as discord.py's defaults: no creator known (the
# creator is sent only to those who may manage emojis), not animated, not managed,
# no colons needed, available.
viewed_field(Emoji, "user", none_if_unset)
for _name in ("animated", "managed", "require_colons"):
    viewed_field(Emoji, _name, sent_true)
viewed_field(Emoji, "available", lambda value: value is not False)

class PartialEmoji(Emoji, gc=False, kw_only=True):
    """An emoji known only by what a message shows (name, id, animated): discord.py's
    ``PartialEmoji``. Equal to the :class:`Emoji` it stands for; a command parameter
    annotated with it accepts any ``<:name:id>`` without the emoji being cached."""

    def __repr__(self) -> str:
        return f"<PartialEmoji animated={self.animated is True} name={self.name!r} id={self.id}>"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartialEmoji:
        """From Discord's emoji object (``id``, ``name``, ``animated``), as discord.py
        reads one: a missing name reads as ``""``."""
        ident = data.get("id")
        # Not animated is left unsaid (UNSET, falsy), so that the emoji sent back
        # carries no "animated": false Discord did not send.
        return cls(name=data.get("name") or "", id=None if ident is None else Snowflake(ident),
                   animated=True if data.get("animated") else UNSET)

    def to_dict(self) -> dict[str, Any]:
        """Discord's emoji object: ``id`` and ``name``, and ``animated`` when it is."""
        payload: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.animated is True:
            payload["animated"] = True
        return payload


def bind_emoji(emoji: Emoji, state: Any, guild_id: Any) -> Emoji:
    """``emoji`` of guild ``guild_id``, bound so that ``guild``, ``roles``, ``edit`` and
    ``delete`` work."""
    emoji._state = state
    emoji._guild_id = int(guild_id) if guild_id is not None else UNSET
    return emoji
