"""``Asset``: a CDN image URL that also reads like discord.py's ``Asset`` (``.url``)."""

from __future__ import annotations

import io
import os
from typing import Any, ClassVar, Final

__all__ = ["CDN_URL", "Asset", "AssetMixin", "app_cover_asset", "avatar_asset", "banner_asset",
           "cdn_asset", "decoration_asset", "default_avatar_asset", "guild_icon_asset",
           "guild_image_asset", "icon_asset", "role_icon_asset"]

CDN_URL = "https://cdn.discordapp.com"


class AssetMixin:
    """``read``, ``save`` and ``to_file`` for whatever has a CDN ``url`` (discord.py's
    ``AssetMixin``): an :class:`Asset`, an emoji, a sticker, a soundboard sound."""

    __slots__ = ()
    url: Any  # each class's own property

    async def read(self) -> bytes:
        """Download the file (``NotFound`` if it is gone, ``HTTPException`` for other
        refusals), on a connection of its own."""
        from ..rest.cdn import download  # rest imports the models

        return await download(self.url)

    async def save(self, fp: str | bytes | os.PathLike[Any] | io.BufferedIOBase, *,
                   seek_begin: bool = True) -> int:
        """Download the file into ``fp`` (a path or a binary file object, rewound to
        its start unless ``seek_begin=False``); returns the bytes written."""
        data = await self.read()
        if isinstance(fp, io.BufferedIOBase):
            written = fp.write(data)
            if seek_begin:
                fp.seek(0)
            return written
        with open(fp, "wb") as out:  # noqa: ASYNC230 - one small file, as discord.py
            return out.write(data)

    async def to_file(self, *, filename: str | None = None, description: str | None = None,
                      spoiler: bool = False) -> Any:
        """Download the file as a :class:`File` to send (named as in its URL unless
        ``filename`` is given)."""
        from ..rest.files import File  # rest imports the models

        name = filename or str(self.url).partition("?")[0].rpartition("/")[2]
        return File(await self.read(), filename=name, description=description,
                    spoiler=spoiler)


class Asset(AssetMixin, str):
    """The URL of an image on Discord's CDN.

    It is the URL itself (``str(asset)``, f-strings, ``icon_url=asset``) and has
    discord.py's ``.url``, ``.key``, ``is_animated()`` and the ``with_*`` /
    ``replace`` variants for programs that write ``avatar.url`` or
    ``icon.with_size(64)``.

    >>> default_avatar_asset(0).url
    'https://cdn.discordapp.com/embed/avatars/0.png'
    >>> guild_icon_asset(1, "a_f00").with_static_format("webp").with_size(64).url
    'https://cdn.discordapp.com/icons/1/a_f00.gif?size=64'
    """

    __slots__ = ("_animated", "key")
    key: str
    _animated: bool
    #: Discord's CDN, which every asset's URL starts with (discord.py's ``Asset.BASE``).
    BASE: ClassVar[str] = CDN_URL

    def __new__(cls, url: str, key: str, animated: bool = False) -> Asset:
        self = super().__new__(cls, url)
        self.key = key
        self._animated = animated
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Asset, (self.url, self.key, self._animated))

    @property
    def url(self) -> str:
        """The URL, as a plain string."""
        return str.__str__(self)

    def __repr__(self) -> str:
        # discord.py shows the path on the CDN, its base left out.
        return f"<Asset url={self.url.removeprefix(self.BASE)!r}>"

    def is_animated(self) -> bool:
        """Whether the image moves (its URL is a gif's unless asked otherwise)."""
        return self._animated

    def replace(self, *args: Any, size: int | None = None,
                format: str | None = None, static_format: str | None = None) -> Any:
        """The same image at another ``size`` (a power of 2, 16 to 4096) or in another
        ``format``; ``static_format`` applies only to an image that does not move.
        ``ValueError`` names what is not allowed. Called with positional arguments it
        is ``str.replace`` on the URL, as for any string."""
        if args:
            return str.replace(self, *args)
        path, _, query = self.url.partition("?")
        stem, _, ext = path.rpartition(".")
        if "/" in ext:  # no extension (never made here, but keep the URL whole)
            stem, ext = path, ""
        if format is not None:
            allowed = ANIMATED_FORMATS if self._animated else STATIC_FORMATS
            if self._animated or static_format is None:
                _check_format("format", format, allowed)
            ext, query = format, ""
        if static_format is not None and not self._animated:
            _check_format("static_format", static_format, STATIC_FORMATS)
            ext, query = static_format, ""
        # A new format drops the old ``?size=`` unless a size is given, as discord.py's
        # replace() does (with_format keeps it, there as here).
        if size is not None:
            _check_size(size)
            query = f"size={size}"
        url = f"{stem}.{ext}" if ext else stem
        return Asset(f"{url}?{query}" if query else url, self.key, self._animated)

    def with_size(self, size: int, /) -> Asset:
        """The same image at ``size`` pixels (a power of 2 from 16 to 4096)."""
        asset: Asset = self.replace(size=size)
        return asset

    def with_format(self, format: str, /) -> Asset:
        """The same image as ``format`` (png, jpg, jpeg, webp; gif when it moves)."""
        _check_format("format", format, ANIMATED_FORMATS if self._animated else STATIC_FORMATS)
        changed: Asset = self.replace(format=format)
        _, _, query = self.url.partition("?")
        return Asset(f"{changed.url}?{query}" if query else changed.url, self.key, self._animated)

    def with_static_format(self, format: str, /) -> Asset:
        """As :meth:`with_format`, for an image that does not move; a moving one is
        left as it is."""
        return self if self._animated else self.with_format(format)


#: The formats Discord's CDN serves an image in; a moving one also as a gif.
STATIC_FORMATS: Final = ("png", "jpg", "jpeg", "webp")
ANIMATED_FORMATS: Final = (*STATIC_FORMATS, "gif")


def _check_format(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _check_size(size: int) -> None:
    if not isinstance(size, int) or size < 16 or size > 4096 or size & (size - 1):
        raise ValueError("size must be a power of 2 between 16 and 4096")  # discord.py's words


def cdn_asset(path: str, key: str, size: int = 1024, can_move: bool = True) -> Asset:
    """``{CDN}/{path}/{key}.{png|gif}?size=...``: gif when ``key`` says it moves."""
    animated = can_move and key.startswith("a_")
    return Asset(f"{CDN_URL}/{path}/{key}.{'gif' if animated else 'png'}?size={size}", key,
                 animated)


def guild_icon_asset(guild_id: int, icon: str) -> Asset:
    """A guild's icon."""
    return cdn_asset(f"icons/{guild_id}", icon)


def guild_image_asset(guild_id: int, image: str, kind: str) -> Asset:
    """A guild's ``banners``, ``splashes`` or ``discovery-splashes`` image."""
    return cdn_asset(f"{kind}/{guild_id}", image)


def icon_asset(kind: str, object_id: int, icon: str) -> Asset:
    """The still icon of an ``app``, a ``team``, a ``role`` or a group DM (``channel``)."""
    return cdn_asset(f"{kind}-icons/{object_id}", icon, can_move=False)


def app_cover_asset(application_id: int, cover: str) -> Asset:
    """An application's cover image (its store page)."""
    return cdn_asset(f"app-assets/{application_id}/store", cover, can_move=False)


def avatar_asset(user_id: int, avatar: str, guild_id: int | None = None) -> Asset:
    """A user's avatar (or with ``guild_id``, their guild-specific one); gif when animated."""
    return _usercdn_asset("avatars", user_id, avatar, guild_id, 1024)


def default_avatar_asset(user_id: int) -> Asset:
    """The avatar Discord shows for a user without one (by id, as for new usernames)."""
    index = (user_id >> 22) % 6
    return Asset(f"{CDN_URL}/embed/avatars/{index}.png", str(index))


def banner_asset(user_id: int, banner: str, guild_id: int | None = None) -> Asset:
    """A user's profile banner (or with ``guild_id``, their guild-specific one)."""
    return _usercdn_asset("banners", user_id, banner, guild_id, 512 if guild_id is None else 1024)


def _usercdn_asset(kind: str, user_id: int, image: str, guild_id: int | None, size: int
                ) -> Asset:
    """A user's image of ``kind`` (``avatars``, ``banners``), their own or, with
    ``guild_id``, the one they set in that guild; gif when animated."""
    where = f"{kind}/{user_id}" if guild_id is None else f"guilds/{guild_id}/users/{user_id}/{kind}"
    return cdn_asset(where, image, size)


def decoration_asset(asset: str) -> Asset:
    """An avatar decoration (the frame drawn around an avatar)."""
    return Asset(f"{CDN_URL}/avatar-decoration-presets/{asset}.png?size=96", asset, True)


def role_icon_asset(role_id: int, icon: str) -> Asset:
    """A role's uploaded icon."""
    return icon_asset("role", role_id, icon)
