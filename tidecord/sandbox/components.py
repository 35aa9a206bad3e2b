"""Components as Discord stores them: numbered, media unfurled, layouts checked.

Pure functions over :class:`~tidecord.models.Component` trees, shared by the
state (numbering), the REST routes (checking what a bot sends) and the
interactions (finding what a person clicked).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

import msgspec

from tidecord.models import (
    UNSET,
    Attachment,
    Component,
    MediaItem,
    MessageFlags,
    Snowflake,
    UnfurledMedia,
    find_component,
    walk_components,
)

from .component_limits import field_errors

__all__ = [
    "COMPONENTS_V2",
    "find_component",
    "layout_errors",
    "modal_errors",
    "number_components",
    "unfurl_components",
]

COMPONENTS_V2: Final[int] = MessageFlags.components_v2
# Kinds allowed at the top of a message: action rows only, unless the message is v2.
_V2_TOP: Final = frozenset({1, 9, 10, 12, 13, 14, 17})
_INTERACTIVE: Final = frozenset({2, 3, 5, 6, 7, 8})
MAX_V2_COMPONENTS = 40
# Discord's loading states of unfurled media: 0 unknown, 2 loaded.
_LOADED, _UNKNOWN = 2, 0


# What Discord fills in when a layout piece leaves it out (its answers always carry
# them: hikari reads a separator's ``spacing`` by key). Kind -> (field, default).
_DEFAULTS: Final[dict[int, tuple[tuple[str, Any], ...]]] = {
    11: (("description", None), ("spoiler", False)),
    13: (("spoiler", False),),
    14: (("divider", True), ("spacing", 1)),
    17: (("accent_color", None), ("spoiler", False)),
}


def number_components(components: list[Component]) -> list[Component]:
    """Give every component its numeric ``id`` (1, 2, ... depth first), as Discord does,
    and the defaults of what it left out (``_DEFAULTS``, a gallery item's too).

    Ids a bot chose are kept; the counter skips them so no two components share one.
    """
    if not components:
        return []
    taken = {c.id for c in walk_components(components) if isinstance(c.id, int)}
    counter = (n for n in range(1, 1 << 20) if n not in taken)

    def number(item: Component) -> Component:
        cid = item.id if isinstance(item.id, int) else next(counter)
        changes: dict[str, Any] = {"id": cid}
        for key, default in _DEFAULTS.get(item.type, ()):
            if getattr(item, key) is UNSET:
                changes[key] = default
        if isinstance(item.items, list):
            changes["items"] = [msgspec.structs.replace(
                i, description=None if i.description is UNSET else i.description,
                spoiler=False if i.spoiler is UNSET else i.spoiler) for i in item.items]
        if isinstance(item.components, list):
            changes["components"] = [number(c) for c in item.components]
        if isinstance(item.accessory, Component):
            changes["accessory"] = number(item.accessory)
        if isinstance(item.component, Component):
            changes["component"] = number(item.component)
        return msgspec.structs.replace(item, **changes)

    return [number(c) for c in components]


def unfurl_components(components: list[Component], attachments: list[Attachment]
                      ) -> list[Component]:
    """Media references resolved: ``attachment://name`` to the upload, URLs proxied."""
    if not components:
        return []
    by_name = {a.filename: a for a in attachments}

    def media(item: UnfurledMedia) -> UnfurledMedia:
        if item.url.startswith("attachment://"):
            found = by_name.get(item.url[len("attachment://"):])
            if found is not None:
                return UnfurledMedia(
                    url=found.url, proxy_url=found.proxy_url,
                    width=found.width if found.width is not UNSET else None,
                    height=found.height if found.height is not UNSET else None,
                    content_type=found.content_type, loading_state=_LOADED,
                    attachment_id=Snowflake(found.id), flags=0, placeholder=None)
        return msgspec.structs.replace(
            item, proxy_url=item.url if item.proxy_url is UNSET else item.proxy_url,
            width=None if item.width is UNSET else item.width,
            height=None if item.height is UNSET else item.height,
            loading_state=_UNKNOWN if item.loading_state is UNSET else item.loading_state,
            flags=0 if item.flags is UNSET else item.flags)

    def fix(item: Component) -> Component:
        changes: dict[str, Any] = {}
        if isinstance(item.media, UnfurledMedia):
            changes["media"] = media(item.media)
        if isinstance(item.file, UnfurledMedia):
            changes["file"] = media(item.file)
            found = by_name.get(item.file.url.removeprefix("attachment://"))
            if found is not None:
                changes.update(name=found.filename, size=found.size)
        if isinstance(item.items, list):
            changes["items"] = [MediaItem(media=media(i.media), description=i.description,
                                          spoiler=i.spoiler) for i in item.items]
        if isinstance(item.components, list):
            changes["components"] = [fix(c) for c in item.components]
        if isinstance(item.accessory, Component):
            changes["accessory"] = fix(item.accessory)
        return msgspec.structs.replace(item, **changes) if changes else item

    return [fix(c) for c in components]


def layout_errors(components: list[Component], flags: int, *, has_content: bool
                  ) -> Iterator[tuple[str, str, str]]:
    """What Discord refuses in a message's components: ``(field, code, message)`` each.

    Without the IS_COMPONENTS_V2 flag only up to 5 action rows may sit at the top;
    with it, layout kinds may too (up to 40 components in all), and the message
    may carry no content or embeds.
    """
    v2 = bool(flags & COMPONENTS_V2)
    if v2:
        if has_content:
            yield ("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                   "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2")
        if len(walk_components(components)) > MAX_V2_COMPONENTS:
            yield ("components", "BASE_TYPE_MAX_LENGTH",
                   f"Must be {MAX_V2_COMPONENTS} or fewer in length.")
    elif len(components) > 5:
        yield ("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    allowed = _V2_TOP if v2 else frozenset({1})
    for i, top in enumerate(components):
        if top.type not in allowed:
            kinds = ", ".join(map(str, sorted(allowed)))
            yield (f"components.{i}.type", "UNION_TYPE_CHOICES",
                   f"Value of field \"type\" must be one of ({kinds}).")
        for j, row in enumerate(_rows(top)):
            kids = row.components if isinstance(row.components, list) else []
            if not 1 <= len(kids) <= 5 or (any(k.type != 2 for k in kids) and len(kids) != 1):
                yield (f"components.{i}.components.{j}" if row is not top else
                       f"components.{i}.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                       "The specified component exceeds the maximum width")
            for k, kid in enumerate(kids):
                if kid.type not in _INTERACTIVE:
                    yield (f"components.{i}.components.{k}.type", "UNION_TYPE_CHOICES",
                           "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).")
                elif kid.type == 2 and (kid.url is UNSET) == (kid.custom_id is UNSET) \
                        and kid.style != 6:
                    yield (f"components.{i}.components.{k}", "BUTTON_COMPONENT_INVALID",
                           "A button needs exactly one of custom_id and url")
    yield from field_errors(components)


def _rows(top: Component) -> list[Component]:
    """The action rows inside a top-level component (itself, or a container's)."""
    if top.type == 1:
        return [top]
    if top.type == 17 and isinstance(top.components, list):
        return [c for c in top.components if c.type == 1]
    return []


_MODAL_INPUTS: Final = frozenset({3, 4, 5, 6, 7, 8, 19, 21, 22, 23})


def modal_errors(components: list[Component]) -> Iterator[tuple[str, str, str]]:
    """What Discord refuses in a modal: rows holding one text input, text displays,
    and labels around one input (each field within its bounds, custom_ids used once:
    :func:`field_errors`)."""
    for i, top in enumerate(components):
        if top.type == 1:
            inputs = top.get("components", [])
            if len(inputs) != 1 or inputs[0].type != 4:
                yield (f"components.{i}.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                       "An action row in a modal holds exactly one text input")
        elif top.type == 18:
            inner = top.component
            if not isinstance(inner, Component) or inner.type not in _MODAL_INPUTS:
                yield (f"components.{i}.component", "UNION_TYPE_CHOICES",
                       "A label holds one text input, select, file upload, radio group, "
                           "checkbox group or checkbox")
            elif inner.type in _CHOICES:
                yield from _choice_errors(inner, f"components.{i}.component")
            if not isinstance(top.label, str) or not 1 <= len(top.label) <= 45:
                yield (f"components.{i}.label", "BASE_TYPE_BAD_LENGTH",
                       "Must be between 1 and 45 in length.")
        elif top.type != 10:
            yield (f"components.{i}.type", "UNION_TYPE_CHOICES",
                   'Value of field "type" must be one of (1, 10, 18).')
    yield from field_errors(components)


_CHOICES: Final = frozenset({21, 22})
_MAX_CHOICES = 10


def _choice_errors(group: Component, path: str) -> Iterator[tuple[str, str, str]]:
    """What Discord refuses in a radio group (2 to 10 options) or a checkbox group (1 to
    10, ``min_values`` 0-10 but at least 1 when required, ``max_values`` 1-10)."""
    options = group.get("options", [])
    least = 2 if group.type == 21 else 1
    if not least <= len(options) <= _MAX_CHOICES:
        yield (f"{path}.options", "BASE_TYPE_BAD_LENGTH",
               f"Must be between {least} and {_MAX_CHOICES} in length.")
    for n, option in enumerate(options):
        for key, shortest in (("label", 1), ("value", 1), ("description", 0)):
            text = getattr(option, key)
            if isinstance(text, str) and not shortest <= len(text) <= 100:
                yield (f"{path}.options.{n}.{key}", "BASE_TYPE_BAD_LENGTH",
                       f"Must be between {shortest} and 100 in length.")
    if group.type != 22:
        return
    low, high = group.get("min_values", None), group.get("max_values", None)
    floor = 0 if group.required is False else 1
    if low is not None and not floor <= low <= _MAX_CHOICES:
        yield (f"{path}.min_values", "NUMBER_TYPE_MIN" if low < floor else "NUMBER_TYPE_MAX",
               f"int value should be greater than or equal to {floor}." if low < floor
               else f"int value should be less than or equal to {_MAX_CHOICES}.")
    if high is not None and not 1 <= high <= _MAX_CHOICES:
        yield (f"{path}.max_values", "NUMBER_TYPE_MIN" if high < 1 else "NUMBER_TYPE_MAX",
               "int value should be greater than or equal to 1." if high < 1
               else f"int value should be less than or equal to {_MAX_CHOICES}.")
