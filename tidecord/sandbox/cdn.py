"""The sandbox's CDN: the images its REST API was given, and a drawn one for the rest.

Discord serves every image a payload names by hash (an avatar, a guild icon, a role
icon) from ``cdn.discordapp.com``; a bot on the sandbox downloads them from here
instead, at ``/cdn/`` plus the same path (``tidecord.Client(cdn_url=...)``). A file
the bot uploaded (its avatar, an icon, a webhook's avatar, an emoji, a sticker, a
soundboard sound) comes back as those very bytes. An image that exists only as a hash
in the world is drawn: a square of one colour, taken from the hash, at the ``size``
asked for (a sound is not drawn: 404). A path whose
hash is not the object's current one answers 404, as Discord's CDN does once an
image is replaced; a ``size`` that is not a power of two from 16 to 4096 answers 400.

Inferred: a drawn image is always a PNG, whatever the extension asks for (Discord
converts between png, jpg, webp and gif); an uploaded one is sent as it was given.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from aiohttp import web

if TYPE_CHECKING:
    from .state import State

__all__ = ["IMAGE_DATA_URI", "ImageStore", "draw_png", "image_hash"]

#: The uploads kept; past this the oldest are forgotten (their hashes then draw).
MAX_STORED_BYTES: Final = 64 * 1024 * 1024
_ANY_DATA_URI: Final = re.compile(r"^data:([\w.+-]+/[\w.+-]+);base64,(.*)$", re.S)
#: An image as the API takes one (avatars, icons, emojis): a base64 data URI.
IMAGE_DATA_URI: Final = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=\s]+$")
_SAFE: Final = {"X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox"}
_DEFAULT_AVATARS: Final = 6
_SIZES: Final = frozenset(1 << n for n in range(4, 13))


def image_hash(data_uri: str) -> str | None:
    """The hash Discord keeps for an image sent as a data URI; None if it is not one."""
    if IMAGE_DATA_URI.match(data_uri) is None:
        return None
    return hashlib.md5(data_uri.encode(), usedforsecurity=False).hexdigest()


def draw_png(key: str, size: int) -> bytes:
    """A ``size`` x ``size`` PNG of one colour, the same for the same ``key``."""
    red, green, blue = hashlib.blake2b(key.encode(), digest_size=3).digest()
    row = b"\x00" + bytes((red, green, blue)) * size  # filter byte, then the pixels
    pack = zlib.compressobj(9)
    body = b"".join(pack.compress(row) for _ in range(size)) + pack.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
            + chunk(b"IEND", b""))


class ImageStore:
    """Uploaded images by hash, and the handler of ``GET /cdn/{path}``."""

    def __init__(self, state: Callable[[], State]) -> None:
        self._state = state
        self._images: dict[str, tuple[str, bytes]] = {}
        self._size = 0

    def hash(self, data_uri: str) -> str | None:
        """The hash Discord keeps for an image sent as a data URI (None if it is not
        one); its bytes are kept, to be downloaded by that hash."""
        key = image_hash(data_uri)
        if key is not None:
            self.keep(data_uri, key)
        return key

    def keep(self, data_uri: str, key: str) -> None:
        """Keep the file of a base64 data URI (an image, or a sound) under ``key`` (a
        hash, or an emoji's or sound's id)."""
        found = _ANY_DATA_URI.match(data_uri)
        if found is None:
            return
        try:
            data = base64.b64decode(found.group(2), validate=False)
        except (binascii.Error, ValueError):
            return
        kind = found.group(1)
        self.put(key, "image/jpeg" if kind == "image/jpg" else kind, data)

    def put(self, key: str, content_type: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (a sticker's upload, by its id)."""
        old = self._images.pop(key, None)
        if old is not None:
            self._size -= len(old[1])
        self._images[key] = (content_type, data)
        self._size += len(data)
        while self._size > MAX_STORED_BYTES and len(self._images) > 1:
            self._size -= len(self._images.pop(next(iter(self._images)))[1])

    async def handle(self, request: web.Request) -> web.Response:
        """GET /cdn/{path}: the image, as Discord's CDN would send it."""
        raw_size = request.query.get("size", "")
        size = int(raw_size) if raw_size.isdigit() else (1024 if not raw_size else 0)
        if size not in _SIZES:
            return web.Response(status=400, text="Invalid size")
        *where, name = request.match_info["path"].split("/")
        key = name.partition(".")[0]
        if not _current(self._state(), where, key):
            return web.Response(status=404, text="404: Not Found")
        stored = self._images.get(key)
        if stored is not None:
            content_type, data = stored
        elif where == ["soundboard-sounds"]:  # no sound to draw: a world's has no file
            return web.Response(status=404, text="404: Not Found")
        else:
            content_type, data = "image/png", draw_png(key, size)
        # As the attachments are served (files.py): uploaded bytes on the sandbox's
        # origin are never run as a page, whatever they claim to be.
        return web.Response(body=data, content_type=content_type, headers=_SAFE)


def _current(state: State, where: list[str], key: str) -> bool:
    """Whether ``key`` is, today, the image the CDN path ``where`` names."""
    match where:
        case ["stickers"]:
            sticker = _id(key)
            return any(s.id == sticker for g in state.guilds.values() for s in g.stickers)
        case ["soundboard-sounds"]:
            sound = _id(key)
            return any(sound in sounds for sounds in state.soundboard.values())
        case ["emojis"]:
            emoji = _id(key)
            return emoji in state.app_emojis or any(
                e.id == emoji for g in state.guilds.values() for e in g.emojis)
        case ["embed", "avatars"]:
            return key.isdigit() and int(key) < _DEFAULT_AVATARS
        case ["avatars", owner]:
            return key in _avatars(state, _id(owner))
        case ["banners", owner]:
            return key in (_attr(state.users.get(_id(owner)), "banner_hash"),
                           _attr(state.guilds.get(_id(owner)), "banner_hash"))
        case ["guilds", guild_id, "users", user_id, kind]:
            member = state.members.get(_id(guild_id), {}).get(_id(user_id))
            field = {"avatars": "guild_avatar_hash", "banners": "guild_banner_hash"}.get(kind)
            return member is not None and field is not None and getattr(member, field) == key
        case ["icons", guild_id]:
            return _attr(state.guilds.get(_id(guild_id)), "icon_hash") == key
        case ["splashes", guild_id]:
            return _attr(state.guilds.get(_id(guild_id)), "splash_hash") == key
        case ["discovery-splashes", guild_id]:
            return _attr(state.guilds.get(_id(guild_id)), "discovery_splash_hash") == key
        case ["role-icons", role_id]:
            return any(_attr(roles.get(_id(role_id)), "icon_hash") == key
                       for roles in state.roles.values())
        case ["guild-events", event_id]:
            return any(_attr(events.get(_id(event_id)), "image") == key
                       for events in state.scheduled_events.values())
        case ["app-icons", app_id]:
            app = state.application
            return _id(app_id) == app.id and key == app.icon_hash
        case ["app-assets", app_id, "store"]:
            app = state.application
            return _id(app_id) == app.id and key == app.cover_image_hash
    return False


def _avatars(state: State, owner: int) -> tuple[object, ...]:
    """The avatar hashes ``owner`` has now: a user's, or a webhook's."""
    webhook = state.webhooks.get(owner)
    return (_attr(state.users.get(owner), "avatar_hash"), _attr(webhook, "avatar"))


def _attr(owner: object, name: str) -> object:
    return getattr(owner, name, None) if owner is not None else None


def _id(text: str) -> int:
    return int(text) if text.isdigit() else -1
