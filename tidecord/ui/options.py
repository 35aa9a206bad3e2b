"""Small values components carry: select options, select defaults, media items.

They live with the models (:mod:`tidecord.models.component_parts`): a message's
components read as them too.
"""

from __future__ import annotations

from ..models.component_parts import (
    BaseOption,
    CheckboxGroupOption,
    MediaGalleryItem,
    RadioGroupOption,
    SelectDefaultValue,
    SelectOption,
    UnfurledMediaItem,
    file_defaults,
    media_dict,
    media_property,
    unfurled,
)

__all__ = [
    "BaseOption",
    "CheckboxGroupOption",
    "MediaGalleryItem",
    "RadioGroupOption",
    "SelectDefaultValue",
    "SelectOption",
    "UnfurledMediaItem",
    "file_defaults",
    "media_dict",
    "media_property",
    "unfurled",
]
