"""Components-v2 pieces that show things: ``TextDisplay``, ``Thumbnail``,
``MediaGallery``, ``File`` and ``Separator`` (for a :class:`~tidecord.ui.LayoutView`)."""

from __future__ import annotations

from typing import Any, TypeVar

from ..models import UNSET, Component, ComponentType
from .enums import SeparatorSpacing
from .item import Item
from .options import (
    MediaGalleryItem,
    UnfurledMediaItem,
    file_defaults,
    media_dict,
    media_property,
    unfurled,
)

__all__ = ["File", "MediaGallery", "Separator", "TextDisplay", "Thumbnail"]

V = TypeVar("V", covariant=True)


class _Display(Item[V]):
    """A v2 piece that takes a whole row and sends no interaction."""

    @property
    def width(self) -> int:
        return 5

    def _is_v2(self) -> bool:
        return True


class TextDisplay(_Display[V]):
    """Markdown text (also inside a :class:`~tidecord.ui.Section` or a modal)."""

    __item_repr_attributes__ = ("content", "id")

    def __init__(self, content: str, *, row: int | None = None, id: int | None = None) -> None:
        super().__init__()
        self.content = content
        self.row = row
        self.id = id

    @property
    def type(self) -> ComponentType:
        return ComponentType.text_display

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 10, "content": self.content})

    @classmethod
    def from_component(cls, component: Component) -> TextDisplay[Any]:
        """From a message's text display."""
        return cls(component.get("content", ""), id=component.get("id", None))


class Thumbnail(_Display[V]):
    """A small picture: a URL, a :class:`~tidecord.File` (``attachment://``), or media."""

    __item_repr_attributes__ = ("media", "description", "spoiler", "id")

    def __init__(self, media: Any, *, description: Any = UNSET, spoiler: Any = UNSET,
                 id: int | None = None) -> None:
        super().__init__()
        self._media = unfurled(media)
        self.description, self.spoiler = file_defaults(media, description, spoiler)
        self.id = id

    media = media_property("The picture (given as a URL, a File or media).",
                           "expected a str or UnfurledMediaItem, not {!r}")

    @property
    def type(self) -> ComponentType:
        return ComponentType.thumbnail

    @property
    def width(self) -> int:
        return 1

    def to_component_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": 11, "media": media_dict(self.media),
                                "spoiler": self.spoiler}
        if self.description is not None:
            data["description"] = self.description
        return self._with_id(data)

    @classmethod
    def from_component(cls, component: Component) -> Thumbnail[Any]:
        """From a message's thumbnail."""
        return cls(UnfurledMediaItem.from_data(component.media),
                   description=component.get("description", None),
                   spoiler=component.get("spoiler", False), id=component.get("id", None))


class MediaGallery(_Display[V]):
    """Up to 10 pictures in a grid."""

    __item_repr_attributes__ = ("items", "id")

    def __init__(self, *items: MediaGalleryItem, row: int | None = None,
                 id: int | None = None) -> None:
        super().__init__()
        # more than 10 are taken, as discord.py takes them: Discord refuses them on send
        self.items: list[MediaGalleryItem] = list(items)
        self.row = row
        self.id = id

    @property
    def type(self) -> ComponentType:
        return ComponentType.media_gallery

    def add_item(self, *, media: Any, description: str | None = None,
                 spoiler: bool = False) -> MediaGallery[V]:
        """Add a picture (10 at most)."""
        return self.append_item(MediaGalleryItem(media, description=description,
                                                 spoiler=spoiler))

    def append_item(self, item: MediaGalleryItem) -> MediaGallery[V]:
        """Add a :class:`MediaGalleryItem` (10 at most)."""
        if len(self.items) >= 10:
            raise ValueError("maximum number of items has been exceeded")
        self.items.append(item)
        return self

    def insert_item_at(self, index: int, *, media: Any, description: str | None = None,
                       spoiler: bool = False) -> MediaGallery[V]:
        """Put a picture at ``index`` (10 at most)."""
        if len(self.items) >= 10:
            raise ValueError("maximum number of items has been exceeded")
        self.items.insert(index, MediaGalleryItem(media, description=description,
                                                  spoiler=spoiler))
        return self

    def remove_item(self, item: MediaGalleryItem) -> MediaGallery[V]:
        """Take a picture out (nothing happens if it is not there)."""
        if item in self.items:
            self.items.remove(item)
        return self

    def clear_items(self) -> MediaGallery[V]:
        """Take every picture out."""
        self.items.clear()
        return self

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 12, "items": [i.to_dict() for i in self.items]})

    @classmethod
    def from_component(cls, component: Component) -> MediaGallery[Any]:
        """From a message's gallery."""
        return cls(*(MediaGalleryItem.from_data(i) for i in component.get("items", [])),
                   id=component.get("id", None))


class File(_Display[V]):
    """An uploaded file shown in the layout (``attachment://name`` of a sent File)."""

    __item_repr_attributes__ = ("media", "spoiler", "id")

    def __init__(self, media: Any, *, spoiler: Any = UNSET, row: int | None = None,
                 id: int | None = None) -> None:
        super().__init__()
        self._media = unfurled(media)
        self.spoiler = file_defaults(media, None, spoiler)[1]
        self.row = row
        self.id = id

    media = media_property("The file (given as ``attachment://name``, a File or media).",
                           "expected a str or UnfurledMediaItem or File, not {!r}")

    @property
    def url(self) -> str:
        """The file's URL (``attachment://name`` for a file sent with the message)."""
        return str(media_dict(self.media)["url"])

    @url.setter
    def url(self, value: str) -> None:
        self.media = value

    @property
    def type(self) -> ComponentType:
        return ComponentType.file

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 13, "file": media_dict(self.media),
                              "spoiler": self.spoiler})

    @classmethod
    def from_component(cls, component: Component) -> File[Any]:
        """From a message's file component."""
        return cls(UnfurledMediaItem.from_data(component.file),
                   spoiler=component.get("spoiler", False), id=component.get("id", None))


class Separator(_Display[V]):
    """Space between pieces, with a line (``visible``) or without."""

    __item_repr_attributes__ = ("visible", "spacing", "id")

    def __init__(self, *, visible: bool = True, spacing: SeparatorSpacing = SeparatorSpacing.small,
                 row: int | None = None, id: int | None = None) -> None:
        super().__init__()
        self.visible = visible
        self.spacing = SeparatorSpacing(spacing)
        self.row = row
        self.id = id

    @property
    def type(self) -> ComponentType:
        return ComponentType.separator

    def to_component_dict(self) -> dict[str, Any]:
        return self._with_id({"type": 14, "divider": self.visible,
                              "spacing": int(self.spacing)})

    @classmethod
    def from_component(cls, component: Component) -> Separator[Any]:
        """From a message's separator."""
        return cls(visible=component.get("divider", True),
                   spacing=SeparatorSpacing(component.get("spacing", 1)),
                   id=component.get("id", None))
