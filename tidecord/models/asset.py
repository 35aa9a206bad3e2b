"""``Asset``: a CDN image URL that also reads like discord.py's ``Asset`` (``.url``)."""

from __future__ import annotations

__all__ = ["CDN_URL", "Asset", "avatar_asset", "banner_asset", "decoration_asset",
           "default_avatar_asset", "role_icon_asset"]

CDN_URL = "https://cdn.discordapp.com"


class Asset(str):
    """The URL of an image on Discord's CDN.

    It is the URL itself (``str(asset)``, f-strings, ``icon_url=asset``) and has
    discord.py's ``.url`` and ``.key`` for programs that write ``avatar.url``.

    >>> default_avatar_asset(0).url
    'https://cdn.discordapp.com/embed/avatars/0.png'
    """

    __slots__ = ("key",)
    key: str

    def __new__(cls, url: str, key: str) -> Asset:
        self = super().__new__(cls, url)
        self.key = key
        return self

    @property
    def url(self) -> str:
        """The URL, as a plain string."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"<Asset url={self.url!r}>"


def avatar_asset(user_id: int, avatar: str, guild_id: int | None = None) -> Asset:
    """A user's avatar (or with ``guild_id``, their guild-specific one); gif when animated."""
    return _user_image("avatars", user_id, avatar, guild_id, 1024)


def default_avatar_asset(user_id: int) -> Asset:
    """The avatar Discord shows for a user without one (by id, as for new usernames)."""
    index = (user_id >> 22) % 6
    return Asset(f"{CDN_URL}/embed/avatars/{index}.png", str(index))


def banner_asset(user_id: int, banner: str, guild_id: int | None = None) -> Asset:
    """A user's profile banner (or with ``guild_id``, their guild-specific one)."""
    return _user_image("banners", user_id, banner, guild_id, 512 if guild_id is None else 1024)


def _user_image(kind: str, user_id: int, image: str, guild_id: int | None, size: int
                ) -> Asset:
    """A user's image of ``kind`` (``avatars``, ``banners``), their own or, with
    ``guild_id``, the one they set in that guild; gif when animated."""
    ext = "gif" if image.startswith("a_") else "png"
    where = f"{kind}/{user_id}" if guild_id is None else f"guilds/{guild_id}/users/{user_id}/{kind}"
    return Asset(f"{CDN_URL}/{where}/{image}.{ext}?size={size}", image)


def decoration_asset(asset: str) -> Asset:
    """An avatar decoration (the frame drawn around an avatar)."""
    return Asset(f"{CDN_URL}/avatar-decoration-presets/{asset}.png?size=96", asset)


def role_icon_asset(role_id: int, icon: str) -> Asset:
    """A role's uploaded icon."""
    return Asset(f"{CDN_URL}/role-icons/{role_id}/{icon}.png?size=1024", icon)
