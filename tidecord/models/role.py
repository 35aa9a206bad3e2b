"""Guild roles: the role itself, what makes one special, and how one is bound to its
client and guild."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from .asset import Asset, role_icon_asset
from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    decode,
    none_if_unset,
    snowflake_time,
    viewed_field,
)
from .colour import Colour
from .flags import Permissions, read_as_copy
from .record_flags import RoleFlags

if TYPE_CHECKING:
    from .guild import Guild
    from .member import Member

__all__ = ["ROLE_PERMISSIONS", "Role", "RoleTags", "bind_role"]


class RoleTags(Model, gc=False, kw_only=True):
    """What makes a role special (a bot's, a booster's, an integration's, a paid or
    linked role's). The ids read ``None`` when not sent, as discord.py's."""

    bot_id: Snowflake | UnsetType = UNSET
    integration_id: Snowflake | UnsetType = UNSET
    # Discord marks the next three by sending them as null: present means true.
    premium_subscriber: UnsetType | None = UNSET
    subscription_listing_id: Snowflake | UnsetType = UNSET
    available_for_purchase: UnsetType | None = UNSET
    guild_connections: UnsetType | None = UNSET

    def __repr__(self) -> str:
        return (f"<RoleTags bot_id={self.bot_id} integration_id={self.integration_id} "
                f"premium_subscriber={self.is_premium_subscriber()}>")

    def is_bot_managed(self) -> bool:
        """Whether the role belongs to a bot."""
        return self.bot_id is not None

    def is_premium_subscriber(self) -> bool:
        """Whether this is the guild's booster role."""
        return self.premium_subscriber is None

    def is_integration(self) -> bool:
        """Whether an integration manages the role."""
        return self.integration_id is not None

    def is_available_for_purchase(self) -> bool:
        """Whether the role can be bought (a server subscription's)."""
        return self.available_for_purchase is None

    def is_guild_connection(self) -> bool:
        """Whether the role is a linked role (given for a connected account)."""
        return self.guild_connections is None


for _id in ("bot_id", "integration_id", "subscription_listing_id"):
    viewed_field(RoleTags, _id, none_if_unset)


class Role(Model, gc=False, kw_only=True):
    """A guild role; ``@everyone`` has the guild's id."""

    id: int
    name: str
    color: int = 0
    hoist: bool = False
    # The uploaded icon's hash as sent; ``icon`` gives discord.py's Asset.
    icon_hash: str | UnsetType | None = msgspec.field(default=UNSET, name="icon")
    unicode_emoji: str | UnsetType | None = UNSET
    position: int = 0
    permissions: Permissions
    managed: bool = False
    mentionable: bool = False
    tags: RoleTags | UnsetType = UNSET
    flags: int = 0
    # {primary_color, secondary_color, tertiary_color}: the newer form of ``color``.
    # Read-only in cached roles: the cache shares one dict among the roles of one
    # colour (Cache._index_roles); a change comes as GUILD_ROLE_UPDATE, a new role.
    colors: dict[str, Any] | UnsetType = UNSET
    _state: Any = UNSET
    # Set by the cache: the guild the role belongs to.
    _guild_id: Any = UNSET

    def __repr__(self) -> str:
        return f"<Role id={self.id} name={self.name!r}>"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        # One role is one id (as in discord.py), so roles work in sets and as dict keys.
        return isinstance(other, Role) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    # Role hierarchy, as discord.py orders roles: by position; at one position the newer
    # role is lower, except that @everyone (position 0, the guild's own, oldest id) is
    # below every other role.
    def _rank(self) -> tuple[int, int]:
        return (self.position, self.id if self.position == 0 else -self.id)

    def __lt__(self, other: object) -> bool:
        return self._rank() < other._rank() if isinstance(other, Role) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self._rank() <= other._rank() if isinstance(other, Role) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self._rank() > other._rank() if isinstance(other, Role) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self._rank() >= other._rank() if isinstance(other, Role) else NotImplemented

    @property
    def mention(self) -> str:
        """``<@&id>``: mentions the role."""
        return f"<@&{self.id}>"

    @property
    def colour(self) -> Colour:
        """The role's colour (discord.py spelling, a :class:`Colour`)."""
        return Colour(self.color)

    @property
    def secondary_colour(self) -> Colour | None:
        """The second colour of a gradient role (from Discord's ``colors``), else ``None``."""
        return self._shade("secondary_color")

    @property
    def secondary_color(self) -> Colour | None:
        """An alias of :attr:`secondary_colour`."""
        return self._shade("secondary_color")

    @property
    def tertiary_colour(self) -> Colour | None:
        """The third colour of a holographic role, else ``None``."""
        return self._shade("tertiary_color")

    @property
    def tertiary_color(self) -> Colour | None:
        """An alias of :attr:`tertiary_colour`."""
        return self._shade("tertiary_color")

    def _shade(self, key: str) -> Colour | None:
        colors = self.colors
        value = None if isinstance(colors, UnsetType) else colors.get(key)
        return None if value is None else Colour(value)

    @property
    def icon(self) -> Asset | None:
        """The role's uploaded icon, or ``None``."""
        key = self.icon_hash
        return role_icon_asset(self.id, key) if isinstance(key, str) and key else None

    @property
    def display_icon(self) -> Asset | str | None:
        """The icon shown for the role: its uploaded icon (an :class:`Asset`), else its
        unicode emoji, else ``None``."""
        icon = self.icon
        if icon is not None:
            return icon
        return self.unicode_emoji if isinstance(self.unicode_emoji, str) else None

    @property
    def created_at(self) -> Any:
        """When the role was made (from its id)."""
        return snowflake_time(self.id)

    def is_default(self) -> bool:
        """Whether this is ``@everyone`` (the only role Discord keeps at position 0)."""
        return self.position == 0

    def is_bot_managed(self) -> bool:
        """Whether this is a bot's own role."""
        return isinstance(self.tags, RoleTags) and self.tags.is_bot_managed()

    def is_integration(self) -> bool:
        """Whether an integration (a Twitch or YouTube link) manages this role."""
        return isinstance(self.tags, RoleTags) and self.tags.is_integration()

    def is_premium_subscriber(self) -> bool:
        """Whether this is the guild's booster role."""
        return isinstance(self.tags, RoleTags) and self.tags.is_premium_subscriber()

    # -- behaviour (delegates to the client state in ``_state``) -----------------
    @property
    def guild(self) -> Guild | None:
        """The cached guild this role belongs to."""
        if isinstance(self._state, UnsetType):
            return None
        return self._state.cache.guilds.get(self._guild_id)  # type: ignore[no-any-return]

    @property
    def members(self) -> list[Member]:
        """The cached members holding this role (every member for ``@everyone``)."""
        guild = self.guild
        if guild is None:
            return []
        members = guild.members
        if isinstance(members, UnsetType):
            return []
        everyone = self.is_default()
        return [m for m in members if everyone or self.id in m.role_set]

    def is_assignable(self) -> bool:
        """Whether the bot may give or take this role, as discord.py judges it: not
        ``@everyone``, not managed, and below the bot's top role (or the bot owns the
        guild). Manage Roles is not asked here."""
        guild = self.guild
        me = guild.me if guild is not None else None
        if guild is None or me is None or self.is_default() or self.managed:
            return False
        top = me.top_role
        return (top is not None and self < top) or guild.owner_id == me.id

    def _home(self) -> tuple[Any, int]:
        if isinstance(self._state, UnsetType):
            raise RuntimeError(f"role {self.id} is not bound to a client: fetch it from a guild")
        return self._state, self._guild_id

    async def edit(self, *, name: str | None = None, permissions: Any = None,
                   colour: Any = None, color: Any = None, hoist: bool | None = None,
                   display_icon: bytes | str | UnsetType | None = UNSET,
                   mentionable: bool | None = None, unicode_emoji: str | None = None,
                   position: int | None = None, reason: str | None = None,
                   secondary_color: Any = UNSET, tertiary_color: Any = UNSET,
                   secondary_colour: Any = UNSET, tertiary_colour: Any = UNSET) -> Role:
        """Change the role; returns it as Discord answered (the cache takes the change
        from GUILD_ROLE_UPDATE). ``position`` moves it there (1 is just above
        ``@everyone``), the roles between shifting by one, as in discord.py.
        ``display_icon`` is an image's bytes or a unicode emoji (``None`` takes both
        away); ``secondary_colour`` / ``tertiary_colour`` make a gradient (``None``
        takes the shade away)."""
        state, guild_id = self._home()
        moved = None if position is None else await self._move(state, guild_id, position,
                                                                 reason)
        fields = _role_body(name=name, permissions=permissions, colour=colour, color=color,
                            hoist=hoist, mentionable=mentionable, unicode_emoji=unicode_emoji)
        fields.update(_shades(fields, secondary_colour, secondary_color,
                              tertiary_colour, tertiary_color))
        if not isinstance(display_icon, UnsetType):
            # one icon at a time, as discord.py sends it: the other form is cleared
            fields.update({"icon": None, "unicode_emoji": None, **_icon_field(display_icon)})
        if moved is not None and not fields:
            return moved
        data = await state.http.edit_role(guild_id, self.id, fields, reason=reason)
        return bind_role(decode(data, Role), state, guild_id)

    async def _move(self, state: Any, guild_id: int, position: int,
                    reason: str | None) -> Role:
        """Send the positions that put this role at ``position``; returns it as moved."""
        if position <= 0:
            raise ValueError(f"position must be 1 or more (0 is @everyone's), not {position}")
        if self.is_default():
            raise ValueError("@everyone cannot be moved")
        guild = self.guild
        roles = guild.roles if guild is not None else None
        if not isinstance(roles, dict):
            raise RuntimeError(f"role {self.id}: its guild is not cached")
        # The roles between the old place and the new one shift by one, toward the old.
        low, high = sorted((self.position, position))
        between = sorted((r for r in roles.values() if low <= r.position <= high
                          and not r.is_default() and r.id != self.id), key=Role._rank)
        if position > self.position:
            between.append(self)
        else:
            between.insert(0, self)
        changed = [{"id": str(r.id), "position": place}
                   for place, r in zip(range(low, high + 1), between, strict=False)]
        data = await state.http.move_roles(guild_id, changed, reason=reason)
        answered = decode(data, list[Role]) if data else []
        mine = next((r for r in answered if r.id == self.id), self)
        return bind_role(mine, state, guild_id)

    async def move(self, *, beginning: bool = False, end: bool = False, above: Any = None,
                   below: Any = None, offset: int = 0, reason: str | None = None) -> None:
        """Move the role among the guild's roles, as discord.py 2.5+'s ``Role.move``:
        to the ``beginning`` (just above ``@everyone``), the ``end`` (the top), or next
        to ``above`` / ``below`` (a role of the guild), then ``offset`` places further.
        Every role's position is sent, as discord.py does."""
        if sum(bool(x) for x in (beginning, end, above, below)) > 1:
            raise TypeError("Only one of [beginning, end, above, below] can be used.")
        state, guild_id = self._home()
        guild = self.guild
        if guild is None or not isinstance(guild.roles, dict):
            raise RuntimeError(f"role {self.id}: its guild is not cached")
        ordered = sorted(guild.roles.values(), key=Role._rank)
        target = above or below
        if target:
            if target not in ordered:
                raise ValueError("Target role is from a different guild")
            if above is not None and above.is_default():
                raise ValueError("Role cannot be moved below the default role")
            if target == self:
                raise ValueError("Target role cannot be itself")
        rest = [r for r in ordered if r != self]
        if beginning:
            index = 1
        elif end:
            index = len(rest)
        elif above is not None and above in rest:
            index = rest.index(above)
        elif below is not None and below in rest:
            index = rest.index(below) + 1
        else:
            index = ordered.index(self)
        rest.insert(max(index + offset, 1), self)
        await state.http.move_roles(
            guild_id, [{"id": str(r.id), "position": place} for place, r in enumerate(rest)],
            reason=reason)

    async def delete(self, *, reason: str | None = None) -> None:
        """Delete the role (members lose it, as Discord does)."""
        state, guild_id = self._home()
        await state.http.delete_role(guild_id, self.id, reason=reason)


#: A role's own ``Permissions`` (``role.permissions`` reads a copy, as in discord.py).
ROLE_PERMISSIONS = read_as_copy(Role, "permissions")
# A ``Colour``, as discord.py's alias of ``colour`` (an int still: ``Colour`` is one).
viewed_field(Role, "color", Colour, int)
# ``None`` for a plain role, as discord.py's ``Role.tags``.
viewed_field(Role, "tags", none_if_unset)
viewed_field(Role, "flags", lambda value: RoleFlags._from_value(int(value)), int)


def bind_role(role: Role, state: Any, guild_id: int) -> Role:
    """``role``, knowing its client and guild (as cached roles do)."""
    role._state = state
    role._guild_id = guild_id
    return role


def _role_body(*, permissions: Any, colour: Any, color: Any, **plain: Any) -> dict[str, Any]:
    """A role's JSON for create and edit: the fields given (not ``None``), permissions
    as a decimal string, and ``colour`` (or ``color``) as ``color``."""
    fields = {key: value for key, value in plain.items() if value is not None}
    if permissions is not None:
        fields["permissions"] = str(_whole(permissions, "permissions", "Permissions"))
    shade = colour if colour is not None else color
    if shade is not None:
        fields["color"] = _whole(shade, "colour", "Colour")
    return fields


def _shades(fields: dict[str, Any], *shades: Any) -> dict[str, Any]:
    """``colors`` for a gradient (discord.py 2.6+'s secondary and tertiary colours): each
    given shade (``None`` clears it), and the primary colour moved in from ``color``,
    as Discord reads ``colors`` whole. ``shades`` are the secondary colour, its alias,
    the tertiary colour and its alias; nothing when none is given."""
    secondary = shades[0] if not isinstance(shades[0], UnsetType) else shades[1]
    tertiary = shades[2] if not isinstance(shades[2], UnsetType) else shades[3]
    colors: dict[str, Any] = {}
    for key, shade in (("secondary_color", secondary), ("tertiary_color", tertiary)):
        if not isinstance(shade, UnsetType):
            colors[key] = None if shade is None else _whole(shade, key, "Colour")
    if not colors:
        return {}
    if "color" in fields:
        colors["primary_color"] = fields.pop("color")
    return {"colors": colors}


def _icon_field(icon: bytes | str | None) -> dict[str, Any]:
    """A role's icon as sent: an image (bytes) as ``icon``, a unicode emoji (str) as
    ``unicode_emoji``, ``None`` as nothing."""
    if icon is None:
        return {}
    if isinstance(icon, str):
        return {"unicode_emoji": icon}
    from ..rest.payloads import image_data  # rest imports the models
    return {"icon": image_data(icon)}


def _whole(value: Any, name: str, kind: str) -> int:
    """``value`` (a ``kind`` or its int) as an int; anything else (``colour="red"``) is a
    ``TypeError`` naming the argument, not ``int()``'s ``ValueError`` about a literal."""
    number = getattr(value, "value", value)
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError(f"{name} must be {kind} or int, not {type(value).__name__}")
    return int(number)


class GuildRoles:
    """A guild's roles: the cached ones, and those fetched, made and reordered (mixed
    into :class:`~tidecord.Guild`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake
        roles: list[Role]

    def get_role(self, role_id: int, /) -> Role | None:
        """A role of this guild."""
        return self.roles.get(role_id) if isinstance(self.roles, dict) else None

    @property
    def default_role(self) -> Role | None:
        """``@everyone``."""
        return self.get_role(self.id)

    @property
    def premium_subscriber_role(self) -> Role | None:
        """The role Discord gives boosters."""
        roles: Any = self.roles.values() if isinstance(self.roles, dict) else ()
        return next((r for r in roles if r.is_premium_subscriber()), None)

    @property
    def self_role(self) -> Role | None:
        """The bot's own managed role."""
        me_id = self._state.cache.self_id
        roles: Any = self.roles.values() if isinstance(self.roles, dict) else ()
        return next((r for r in roles if r.tags is not None and r.tags.bot_id == me_id),
                    None)

    async def fetch_roles(self) -> list[Role]:
        """GET the guild's roles (the cache is kept by the gateway, not by this)."""
        data = await self._state.http.get_roles(self.id)
        return [bind_role(role, self._state, self.id)
                for role in (decode(data, list[Role]) if data else [])]

    async def fetch_role(self, role_id: int, /) -> Role:
        """GET one role of the guild (``NotFound`` if there is no such role)."""
        data = await self._state.http.get_role(self.id, role_id)
        return bind_role(decode(data, Role), self._state, self.id)

    async def create_role(self, *, name: str = "new role", permissions: Any = None,
                          colour: Any = None, color: Any = None, hoist: bool = False,
                          display_icon: bytes | str | None = None,
                          mentionable: bool = False, reason: str | None = None,
                          secondary_color: Any = UNSET, tertiary_color: Any = UNSET,
                          secondary_colour: Any = UNSET, tertiary_colour: Any = UNSET
                          ) -> Role:
        """Create a role (it starts at the bottom of the list, as on Discord), with an
        icon (``display_icon``: an image's bytes or a unicode emoji) and a gradient
        (``secondary_colour``, ``tertiary_colour``) if given, as discord.py's."""
        # None as discord.py sends it, "0": left out, Discord would give the role
        # @everyone's permissions.
        fields = _role_body(name=name, permissions=0 if permissions is None else permissions,
                            colour=colour, color=color, hoist=hoist, mentionable=mentionable)
        fields.update(_shades(fields, secondary_colour, secondary_color,
                              tertiary_colour, tertiary_color))
        fields.update(_icon_field(display_icon))
        data = await self._state.http.create_role(self.id, fields, reason=reason)
        return bind_role(decode(data, Role), self._state, self.id)

    async def edit_role_positions(self, positions: Any, *,
                                  reason: str | None = None) -> list[Role]:
        """Give roles new positions (``{role: position}``); returns every role of the
        guild as Discord answers, lowest first."""
        if not isinstance(positions, Mapping):
            raise TypeError("positions parameter expects a dict.")
        data = await self._state.http.move_roles(
            self.id, [{"id": str(getattr(r, "id", r)), "position": int(p)}
                      for r, p in positions.items()], reason=reason)
        roles = [bind_role(role, self._state, self.id) for role in decode(data, list[Role])]
        return sorted(roles, key=Role._rank)
