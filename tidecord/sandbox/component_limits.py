"""The bounds Discord holds each component's fields to, and its refusals of them.

From Discord's request schemas (``*ComponentForMessageRequest`` and
``*ComponentForModalRequest`` in its OpenAPI spec): text lengths, number ranges,
list sizes and the styles each component kind takes, select option fields, and two
rules across a message: no custom_id used twice, no option value used twice in one
select.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from tidecord.models import UNSET, Component

from .links import BUTTON_SCHEMES, FILE_SCHEMES, MEDIA_SCHEMES, bad_link

__all__ = ["field_errors"]

_SELECTS: Final = (3, 5, 6, 7, 8)
# kind -> field -> (least, most): characters for text, items for lists.
_LENGTHS: Final[dict[int, dict[str, tuple[int, int]]]] = {
    2: {"custom_id": (1, 100), "label": (0, 80), "url": (0, 512)},
    4: {"custom_id": (1, 100), "label": (1, 45), "value": (0, 4000), "placeholder": (0, 100)},
    10: {"content": (1, 4000)},
    11: {"description": (1, 1024)},
    12: {"items": (1, 10)},
    9: {"components": (1, 3)},
    17: {"components": (1, 40)},
    18: {"description": (1, 100)},
    **{kind: {"custom_id": (1, 100)} for kind in (19, 21, 22, 23)},
    **{kind: {"custom_id": (1, 100), "placeholder": (0, 150), "default_values": (0, 25)}
       for kind in _SELECTS},
}
_LENGTHS[3] = {**_LENGTHS[3], "options": (1, 25)}
# kind -> field -> (lowest, highest)
_RANGES: Final[dict[int, dict[str, tuple[int, int]]]] = {
    4: {"min_length": (0, 4000), "max_length": (1, 4000)},
    17: {"accent_color": (0, 0xFFFFFF)},
    19: {"min_values": (0, 10), "max_values": (1, 10)},
    **{kind: {"min_values": (0, 25), "max_values": (1, 25)} for kind in _SELECTS},
}
# kind -> field -> the values it may take (a button's style, a text input's).
_CHOICES: Final[dict[int, dict[str, tuple[int, ...]]]] = {
    2: {"style": (1, 2, 3, 4, 5, 6)},
    4: {"style": (1, 2)},
}
_OPTION: Final = {"label": (1, 100), "value": (1, 100), "description": (0, 100)}


def field_errors(components: list[Component]) -> Iterator[tuple[str, str, str]]:
    """``(field path, code, message)`` for each field out of Discord's bounds (a
    custom_id left out where one is needed), each custom_id used twice, and each option
    value used twice in a select."""
    seen: set[str] = set()
    for path, item in _walk(components, "components"):
        yield from _bounds(item, path)
        yield from _links(item, path)
        if item.type == 3:
            yield from _options(item, path)
        if isinstance(item.custom_id, str):
            if item.custom_id in seen:
                yield (f"{path}.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED",
                       "Component custom id was already specified")
            seen.add(item.custom_id)


def _walk(components: list[Component], path: str) -> Iterator[tuple[str, Component]]:
    for n, item in enumerate(components):
        here = f"{path}.{n}"
        yield here, item
        if isinstance(item.components, list):
            yield from _walk(item.components, f"{here}.components")
        for key in ("accessory", "component"):
            inner = getattr(item, key)
            if isinstance(inner, Component):
                yield f"{here}.{key}", inner
                yield from _walk(inner.get("components", []), f"{here}.{key}.components")


def _bounds(item: Component, path: str) -> Iterator[tuple[str, str, str]]:
    for field, (least, most) in _LENGTHS.get(item.type, {}).items():
        value = getattr(item, field)
        if value is UNSET or value is None:
            # (a button's custom_id may be left out: a link or premium button has none)
            if field == "options" or (field == "custom_id" and item.type != 2):
                yield (f"{path}.{field}", "BASE_TYPE_REQUIRED", "This field is required")
            continue
        if not least <= len(value) <= most:
            yield (f"{path}.{field}", *_length(least, most))
    for field, (lowest, highest) in _RANGES.get(item.type, {}).items():
        number = item.get(field, None)
        if isinstance(number, int) and number < lowest:
            yield (f"{path}.{field}", "NUMBER_TYPE_MIN",
                   f"int value should be greater than or equal to {lowest}.")
        elif isinstance(number, int) and number > highest:
            yield (f"{path}.{field}", "NUMBER_TYPE_MAX",
                   f"int value should be less than or equal to {highest}.")
    for field, allowed in _CHOICES.get(item.type, {}).items():
        value = item.get(field, None)
        if isinstance(value, int) and value not in allowed:
            shown = ", ".join(map(str, allowed))
            yield (f"{path}.{field}", "BASE_TYPE_CHOICES", f"Value must be one of {{{shown}}}.")


def _links(item: Component, path: str) -> Iterator[tuple[str, str, str]]:
    """A link button's URL, and the media and files a layout shows: each of a scheme
    Discord takes there (so no client is handed a ``javascript:`` link to follow)."""
    found: list[tuple[str, Any, tuple[str, ...]]] = []
    if item.type == 2:
        found.append((f"{path}.url", item.get("url", None), BUTTON_SCHEMES))
    found.append((f"{path}.media.url", getattr(item.get("media", None), "url", None),
                  MEDIA_SCHEMES))
    found.append((f"{path}.file.url", getattr(item.get("file", None), "url", None),
                  FILE_SCHEMES))
    for n, entry in enumerate(item.get("items", [])):
        found.append((f"{path}.items.{n}.media.url", getattr(entry.media, "url", None),
                      MEDIA_SCHEMES))
    for where, url, schemes in found:
        bad = bad_link(url, schemes) if isinstance(url, str) else None
        if bad is not None:
            yield (where, *bad)


def _options(select: Component, path: str) -> Iterator[tuple[str, str, str]]:
    values: set[str] = set()
    for n, option in enumerate(select.get("options", [])):
        for field, (least, most) in _OPTION.items():
            text: Any = getattr(option, field)
            if isinstance(text, str) and not least <= len(text) <= most:
                yield (f"{path}.options.{n}.{field}", *_length(least, most))
        if option.value in values:
            yield (f"{path}.options.{n}", "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                   "The specified option value is already used")
        values.add(option.value)


def _length(least: int, most: int) -> tuple[str, str]:
    if least:
        return ("BASE_TYPE_BAD_LENGTH", f"Must be between {least} and {most} in length.")
    return ("BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer in length.")
