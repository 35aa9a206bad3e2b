"""Forum and media channels' own settings, as POST /guilds/{id}/channels makes them and
PATCH /channels/{id} changes them: the tags posts may carry (``available_tags``), the
reaction posts show, how posts sort and (a forum's) are laid out, and the REQUIRE_TAG
flag that :mod:`.posts` holds new posts to."""

from __future__ import annotations

from typing import Any, Final

import msgspec

from tidecord.models import UNSET, Channel, UnsetType

from .errors import APIError, FormError, bad_length, form_error, too_long

__all__ = ["REQUIRE_TAG", "ForumTagBody", "ReactionBody", "forum_settings", "new_forum_fields"]

#: The channel flag of a forum or media channel whose posts need a tag.
REQUIRE_TAG: Final = 1 << 4
#: A media channel's flag that hides the download options of its media.
HIDE_MEDIA_DOWNLOAD_OPTIONS: Final = 1 << 15
FORUM, MEDIA = 15, 16
MAX_TAGS: Final = 20
MAX_TAG_NAME: Final = 20
SORT_ORDERS: Final = (0, 1)  # latest activity, creation date
LAYOUTS: Final = (0, 1, 2)  # not set, list, gallery


class ForumTagBody(msgspec.Struct, kw_only=True):
    """One of ``available_tags``: with the ``id`` of a tag the channel has, that tag
    (its id kept); without, a new one."""

    # Optional here so that a tag without a name is Discord's 50035, not a decode error.
    name: str | None = None
    id: str | int | None = None
    moderated: bool | None = None
    emoji_id: str | int | None = None
    emoji_name: str | None = None


class ReactionBody(msgspec.Struct, kw_only=True):
    """``default_reaction_emoji``: a guild emoji's id, or a unicode emoji."""

    emoji_id: str | int | None = None
    emoji_name: str | None = None


def _snowflake(value: str | int | None, path: str, errors: dict[str, FormError]) -> str | None:
    if value is None:
        return None
    if not str(value).isdigit():
        errors[path] = ("NUMBER_TYPE_COERCE", f'Value "{value}" is not snowflake.')
        return None
    return str(int(value))


def _choice(value: int | None, choices: tuple[int, ...], path: str,
            errors: dict[str, FormError]) -> None:
    if value is not None and value not in choices:
        errors[path] = ("BASE_TYPE_CHOICES",
                        f"Value must be one of {{{', '.join(map(str, choices))}}}.")


def _tags(asked: list[ForumTagBody], had: list[dict[str, Any]], new_id: Any,
          errors: dict[str, FormError]) -> list[dict[str, Any]]:
    """The channel's new tags. Discord's docs give a tag's name 0-20 characters, yet
    its clients refuse an empty one; inferred: so does the API (1-20). A sent ``id``
    that is not one of the channel's tags makes a new tag (inferred)."""
    if len(asked) > MAX_TAGS:
        errors["available_tags"] = too_long(MAX_TAGS)
        return []
    known = {str(t.get("id")) for t in had}
    out: list[dict[str, Any]] = []
    for i, tag in enumerate(asked):
        where = f"available_tags.{i}"
        if tag.name is None:
            errors[f"{where}.name"] = ("BASE_TYPE_REQUIRED", "This field is required")
        elif not 1 <= len(tag.name) <= MAX_TAG_NAME:
            errors[f"{where}.name"] = bad_length(1, MAX_TAG_NAME)
        emoji_id = _snowflake(tag.emoji_id, f"{where}.emoji_id", errors)
        kept = _snowflake(tag.id, f"{where}.id", errors)
        out.append({"id": kept if kept in known else str(new_id()), "name": tag.name,
                    "moderated": bool(tag.moderated), "emoji_id": emoji_id,
                    "emoji_name": tag.emoji_name})
    if not errors and len({t["name"] for t in out}) < len(out):
        # Discord's JSON error codes: 40061, "Tag names must be unique".
        raise APIError(400, 40061, "Tag names must be unique")
    return out


def forum_settings(kind: int, current: Channel | None, new_id: Any, *,
                   available_tags: list[ForumTagBody] | None = None,
                   default_reaction_emoji: ReactionBody | UnsetType | None = UNSET,
                   default_sort_order: int | UnsetType | None = UNSET,
                   default_forum_layout: int | None = None,
                   flags: int | None = None) -> dict[str, Any]:
    """The forum fields a create or edit body sets on a channel of type ``kind``
    (``current``: the channel edited, None when made), or 400 Invalid Form Body
    (50035) for what Discord's docs refuse: more than 20 tags, a tag's name out of
    1-20 characters, an id that is no snowflake, a sort order or layout it does not
    have; tags named twice are 40061. ``new_id`` gives a new tag its id.

    Inferred: these fields on a channel of another kind are ignored (Discord's docs
    list them for forum and media channels only), as is ``default_forum_layout`` on a
    media channel; of ``flags`` a forum takes REQUIRE_TAG, a media channel also
    HIDE_MEDIA_DOWNLOAD_OPTIONS, and the channel keeps its other bits."""
    errors: dict[str, FormError] = {}
    out: dict[str, Any] = {}
    had = current.tags_data if current is not None and isinstance(
        current.tags_data, list) else []
    if available_tags is not None:
        out["available_tags"] = _tags(available_tags, had, new_id, errors)
    if isinstance(default_reaction_emoji, ReactionBody):
        reaction = default_reaction_emoji
        out["default_reaction_emoji"] = {
            "emoji_id": _snowflake(reaction.emoji_id, "default_reaction_emoji.emoji_id",
                                   errors),
            "emoji_name": reaction.emoji_name}
    elif default_reaction_emoji is None:
        out["default_reaction_emoji"] = None
    if not isinstance(default_sort_order, UnsetType):
        _choice(default_sort_order, SORT_ORDERS, "default_sort_order", errors)
        out["default_sort_order"] = default_sort_order
    if default_forum_layout is not None:
        _choice(default_forum_layout, LAYOUTS, "default_forum_layout", errors)
        if kind == FORUM:
            out["default_forum_layout"] = default_forum_layout
    if errors:
        raise form_error(errors)
    if kind not in (FORUM, MEDIA):
        return {}
    if flags is not None:
        settable = REQUIRE_TAG | (HIDE_MEDIA_DOWNLOAD_OPTIONS if kind == MEDIA else 0)
        stored = current.flags_value if current is not None else UNSET
        before = stored if isinstance(stored, int) else 0
        out["flags"] = before & ~settable | flags & settable
    return out


def new_forum_fields(kind: int) -> dict[str, Any]:
    """What a new forum or media channel starts with, as Discord's: no tags, no
    default reaction or sort order, the layout not set (a forum's)."""
    if kind not in (FORUM, MEDIA):
        return {}
    out: dict[str, Any] = {"available_tags": [], "default_reaction_emoji": None,
                           "default_sort_order": None}
    if kind == FORUM:
        out["default_forum_layout"] = 0
    return out
