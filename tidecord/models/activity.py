"""What people are doing and how they show, in discord.py's spelling.

``Status`` and ``ActivityType`` name the values. ``Game``, ``Streaming``,
``CustomActivity``, ``Spotify`` and the general ``Activity`` are what a member's
``activities`` hold (:func:`create_activity` picks the class as discord.py does,
so ``isinstance(member.activity, Spotify)`` works) and what a bot passes to
``change_presence``. A member's status on each platform and the pair the cache keeps
are in :mod:`.presence`.
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Any, Final

from .asset import CDN_URL
from .base import UNSET, NamedEnum, OpenEnum, Snowflake, TryValue, enum_of
from .colour import Colour
from .emoji import PartialEmoji

if TYPE_CHECKING:
    from .gateway import ActivityData

__all__ = [
    "Activity",
    "ActivityType",
    "BaseActivity",
    "CustomActivity",
    "Game",
    "Spotify",
    "Status",
    "StatusDisplayType",
    "Streaming",
    "activity_data",
    "as_status",
    "create_activity",
]


class Status(TryValue, enum.StrEnum):
    """What a user shows next to their name."""

    # In discord.py's order: ``list(Status)`` (a status picker's choices) lists them so.
    online = "online"
    offline = "offline"
    idle = "idle"
    dnd = "dnd"
    do_not_disturb = "dnd"
    invisible = "invisible"

    def __str__(self) -> str:
        return self.value


class StatusDisplayType(OpenEnum):
    """Which of an activity's texts a member list shows next to the name (discord.py's
    ``StatusDisplayType``, ``activity.status_display_type``)."""

    name = 0  # type: ignore[assignment]  # discord.py names a member "name"
    state = 1
    details = 2


class ActivityType(NamedEnum):
    """Kinds of activity (``unknown`` for a kind this version does not know)."""

    unknown = -1
    playing = 0
    streaming = 1
    listening = 2
    watching = 3
    custom = 4
    competing = 5


def as_status(raw: str) -> Status:
    """``raw`` as a :class:`Status` (``unknown_<raw>`` for one Discord added later, whose
    ``str()`` is still its text, as discord.py's)."""
    return enum_of(Status, raw)  # type: ignore[no-any-return]


def _kind(raw: Any) -> ActivityType:
    kind = enum_of(ActivityType, raw)  # a kind Discord added later: unknown_<n>
    return kind if isinstance(kind, ActivityType) else ActivityType.unknown


def _when(ms: Any) -> datetime.datetime | None:
    if not isinstance(ms, int | float):
        return None
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


class BaseActivity:
    """What every activity has: its kind and when it began to be shown."""

    __slots__ = ("_created_at",)

    type: ActivityType

    def __init__(self, *, created_at: Any = None, **_: Any) -> None:
        self._created_at = created_at if isinstance(created_at, int | float) else None

    @property
    def created_at(self) -> datetime.datetime | None:
        """When the user started this activity (UTC), if Discord said."""
        return _when(self._created_at)

    def to_dict(self) -> dict[str, Any]:
        """The activity as ``change_presence`` sends it (only those a bot may show)."""
        raise TypeError(f"a bot cannot show a {type(self).__name__} activity")

    def _wire(self) -> ActivityData:
        from .gateway import ActivityData

        return ActivityData(**self.to_dict())


def activity_data(activity: Any) -> ActivityData:
    """What the wire carries for ``activity`` (an activity object, or already that)."""
    from .gateway import ActivityData

    if isinstance(activity, ActivityData):
        return activity
    if isinstance(activity, BaseActivity):
        return activity._wire()
    raise TypeError(f"activity must be an Activity, Game, Streaming or CustomActivity, "
                    f"not {type(activity).__name__}")


class _Timed(BaseActivity):
    """An activity that may say when it started and ends (``timestamps``, in ms)."""

    __slots__ = ("timestamps",)

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        self.timestamps: dict[str, int] = dict(data.get("timestamps") or {})

    @property
    def start(self) -> datetime.datetime | None:
        """When it started (UTC), if Discord said."""
        return _when(self.timestamps.get("start"))

    @property
    def end(self) -> datetime.datetime | None:
        """When it ends (UTC), if Discord said."""
        return _when(self.timestamps.get("end"))


class Activity(_Timed):
    """Any activity; ``Activity(name="the stars", type=ActivityType.watching)`` sets one."""

    __slots__ = ("application_id", "assets", "buttons", "details", "details_url", "emoji",
                 "flags", "name", "party", "platform", "session_id", "state", "state_url",
                 "status_display_type", "sync_id", "type", "url")

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        self.name: str | None = data.get("name")
        self.type = _kind(data.get("type", -1))
        self.url: str | None = data.get("url")
        self.state: str | None = data.get("state")
        self.details: str | None = data.get("details")
        self.platform: str | None = data.get("platform")
        app = data.get("application_id")
        self.application_id: int | None = int(app) if app is not None else None
        self.assets: dict[str, str] = dict(data.get("assets") or {})
        self.party: dict[str, Any] = dict(data.get("party") or {})
        self.buttons: list[Any] = list(data.get("buttons") or [])
        self.flags: int = data.get("flags") or 0
        self.sync_id: str | None = data.get("sync_id")
        self.session_id: str | None = data.get("session_id")
        emoji = data.get("emoji")
        self.emoji: PartialEmoji | None = (_emoji(emoji) if emoji is not None else None)
        self.state_url: str | None = data.get("state_url")
        self.details_url: str | None = data.get("details_url")
        shown = data.get("status_display_type")
        self.status_display_type: StatusDisplayType | None = (
            None if shown is None else StatusDisplayType(shown))

    @property
    def large_image_url(self) -> str | None:
        """The large image's URL, if it has one."""
        return self._image_url(self.assets.get("large_image"))

    @property
    def small_image_url(self) -> str | None:
        """The small image's URL, if it has one."""
        return self._image_url(self.assets.get("small_image"))

    def _image_url(self, image: str | None) -> str | None:
        # ``mp:`` names an image Discord's media proxy holds; otherwise the key is one
        # of the application's uploaded art assets.
        if image is None:
            return None
        if image.startswith("mp:"):
            return f"https://media.discordapp.net/{image[3:]}"
        if self.application_id is None:
            return None
        return f"{CDN_URL}/app-assets/{self.application_id}/{image}.png"

    @property
    def large_image_text(self) -> str | None:
        """The hover text of the large image."""
        return self.assets.get("large_text")

    @property
    def small_image_text(self) -> str | None:
        """The hover text of the small image."""
        return self.assets.get("small_text")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name or "", "type": int(self.type)}
        for key in ("url", "state", "details", "state_url", "details_url"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.status_display_type is not None:
            out["status_display_type"] = int(self.status_display_type)
        return out

    def __repr__(self) -> str:  # discord.py's fields, in its order
        return (f"<Activity type={self.type!r} name={self.name!r} url={self.url!r} "
                f"platform={self.platform!r} details={self.details!r} "
                f"application_id={self.application_id!r} session_id={self.session_id!r} "
                f"emoji={self.emoji!r}>")


class Game(_Timed):
    """``Playing <name>``."""

    __slots__ = ("assets", "name", "platform")

    type = ActivityType.playing

    def __init__(self, name: str, **extra: Any) -> None:
        super().__init__(**extra)
        self.name = name
        self.platform: str | None = extra.get("platform")
        self.assets: dict[str, str] = dict(extra.get("assets") or {})

    def to_dict(self) -> dict[str, Any]:
        return {"name": str(self.name), "type": int(ActivityType.playing)}

    def __str__(self) -> str:
        return str(self.name)

    def __repr__(self) -> str:
        return f"<Game name={self.name!r} platform={self.platform!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Game) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


class Streaming(BaseActivity):
    """``Streaming <name>`` from a Twitch or YouTube ``url``."""

    __slots__ = ("assets", "details", "game", "name", "platform", "url")

    type = ActivityType.streaming

    def __init__(self, *, name: str | None, url: str, **extra: Any) -> None:
        super().__init__(**extra)
        self.name = name
        self.url = url
        self.platform: str | None = extra.get("platform")
        self.details: str | None = extra.get("details")
        self.game: str | None = extra.get("state")
        self.assets: dict[str, str] = dict(extra.get("assets") or {})

    @property
    def twitch_name(self) -> str | None:
        """The Twitch channel streamed, if it is a Twitch stream."""
        image = self.assets.get("large_image")
        if image is not None and image.startswith("twitch:"):
            return image[len("twitch:"):]
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": str(self.name), "type": int(ActivityType.streaming),
                               "url": str(self.url)}
        if self.details is not None:
            out["details"] = self.details
        return out

    def __str__(self) -> str:
        return str(self.name)

    def __repr__(self) -> str:
        return f"<Streaming name={self.name!r} platform={self.platform!r}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Streaming) and (other.name, other.url) == (self.name, self.url)

    def __hash__(self) -> int:
        return hash((self.name, self.url))


class CustomActivity(BaseActivity):
    """A custom status line (``name`` is its text), with an optional emoji."""

    __slots__ = ("emoji", "name", "state")

    type = ActivityType.custom

    def __init__(self, name: str | None, *, emoji: Any = None, **extra: Any) -> None:
        super().__init__(**extra)
        self.name = name
        self.state: str | None = extra.get("state", name)
        if self.name == "Custom Status":  # as Discord sends it: the text is the state
            self.name = self.state
        self.emoji: PartialEmoji | None = (
            None if emoji is None else emoji if isinstance(emoji, PartialEmoji)
            else PartialEmoji(name=emoji) if isinstance(emoji, str) else _emoji(emoji))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": "Custom Status", "type": int(ActivityType.custom),
                               "state": self.name}
        if self.emoji is not None:
            out["emoji"] = {"name": self.emoji.name, "id": self.emoji.id,
                            "animated": self.emoji.animated is True}
        return out

    def __str__(self) -> str:
        if self.emoji is None:
            return str(self.name or "")
        return f"{self.emoji} {self.name}" if self.name else str(self.emoji)

    def __repr__(self) -> str:
        return f"<CustomActivity name={self.name!r} emoji={self.emoji!r}>"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CustomActivity)
                and (other.name, other.emoji) == (self.name, self.emoji))

    def __hash__(self) -> int:
        return hash((self.name, str(self.emoji)))


class Spotify(_Timed):
    """Listening to a track on Spotify (made from presences; a bot cannot set one)."""

    __slots__ = ("_assets", "_details", "_party", "_state", "_sync_id", "session_id")

    type = ActivityType.listening

    def __init__(self, **data: Any) -> None:
        super().__init__(**data)
        self._state: str = data.get("state") or ""
        self._details: str = data.get("details") or ""
        self._assets: dict[str, str] = dict(data.get("assets") or {})
        self._party: dict[str, Any] = dict(data.get("party") or {})
        self._sync_id: str = data.get("sync_id") or ""
        self.session_id: str | None = data.get("session_id")

    name = "Spotify"
    colour = color = Colour(0x1DB954)

    @property
    def title(self) -> str:
        """The track's title."""
        return self._details

    @property
    def artists(self) -> list[str]:
        """The track's artists."""
        return self._state.split("; ") if self._state else []

    @property
    def artist(self) -> str:
        """The track's artists as one line (``"; "`` between them, as Discord sends)."""
        return self._state

    @property
    def album(self) -> str:
        """The album the track is on."""
        return self._assets.get("large_text", "")

    @property
    def album_cover_url(self) -> str:
        """The album cover's image (empty if Discord sent none)."""
        image = self._assets.get("large_image", "")
        if not image.startswith("spotify:"):
            return ""
        return f"https://i.scdn.co/image/{image[len('spotify:'):]}"

    @property
    def track_id(self) -> str:
        """The track's Spotify id."""
        return self._sync_id

    @property
    def track_url(self) -> str:
        """The track on open.spotify.com."""
        return f"https://open.spotify.com/track/{self._sync_id}"

    @property
    def duration(self) -> datetime.timedelta | None:
        """How long the track is."""
        start, end = self.timestamps.get("start"), self.timestamps.get("end")
        if start is None or end is None:
            return None
        return datetime.timedelta(milliseconds=end - start)

    @property
    def party_id(self) -> str:
        """The listening party's id."""
        return str(self._party.get("id", ""))

    def __str__(self) -> str:
        return "Spotify"

    def __repr__(self) -> str:
        return (f"<Spotify title={self.title!r} artist={self.artist!r} "
                f"track_id={self.track_id!r}>")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Spotify) and other._sync_id == self._sync_id
                and other.session_id == self.session_id and other.start == self.start)

    def __hash__(self) -> int:
        return hash(self._sync_id)


def _emoji(data: Any) -> PartialEmoji:
    emoji_id = data.get("id")
    return PartialEmoji(id=Snowflake(emoji_id) if emoji_id is not None else None,
                        name=data.get("name"), animated=bool(data.get("animated", False)))


def create_activity(data: ActivityData) -> BaseActivity:
    """The activity class discord.py would make for ``data``.

    Playing is a :class:`Game` unless an application stands behind it; streaming with
    a url is :class:`Streaming`; listening with a track and a session is
    :class:`Spotify`; a custom status is :class:`CustomActivity`; anything else is
    an :class:`Activity`.
    """
    fields = {name: value for name in _FIELDS
              if (value := getattr(data, name)) is not UNSET}
    kind = data.type
    if kind == ActivityType.playing:
        if "application_id" in fields or "session_id" in fields:
            return Activity(**fields)
        return Game(**fields)
    if kind == ActivityType.custom:
        name = fields.pop("name", None)
        emoji = fields.pop("emoji", None)
        return CustomActivity(name, emoji=emoji, **fields)
    if kind == ActivityType.streaming and fields.get("url"):
        return Streaming(**fields)
    if kind == ActivityType.listening and "sync_id" in fields and "session_id" in fields:
        return Spotify(**fields)
    return Activity(**fields)


_FIELDS: Final = ("name", "type", "url", "state", "created_at", "details", "application_id",
                  "timestamps", "assets", "party", "emoji", "buttons", "flags", "sync_id",
                  "session_id", "state_url", "details_url", "status_display_type")
