"""What Discord refuses in a message's embeds: its per-embed limits (title 256, 25
fields, a 24-bit color...), the 6000 characters all of a message's embeds may hold
together, and links that are not web addresses."""

from __future__ import annotations

from typing import Final

from tidecord.models import UNSET, Embed

from ..links import LINK_SCHEMES, MEDIA_SCHEMES, bad_link
from .errors import REQUIRED, FormError, out_of_range, too_long

__all__ = ["embeds_errors"]

MAX_EMBEDS, MAX_TOTAL, MAX_FIELDS = 10, 6000, 25
# Discord's documented limits, by the field's path inside one embed.
LIMITS: Final[dict[str, int]] = {
    "title": 256, "description": 4096, "footer.text": 2048, "author.name": 256,
    "type": 152_133,  # undocumented; Discord's OpenAPI spec has this odd bound
}
FIELD_NAME, FIELD_VALUE = 256, 1024
MAX_COLOR: Final = 0xFFFFFF  # an RGB value (the spec's RichEmbed.color maximum)


def _texts(embed: Embed) -> dict[str, str]:
    """The embed's limited texts by path (what it has of them)."""
    footer, author = embed.footer, embed.author
    found = {"title": embed.title, "description": embed.description, "type": embed.type,
             "footer.text": footer.text if footer else None,
             "author.name": author.name if author else None}
    return {path: text for path, text in found.items() if isinstance(text, str)}


def _links(embed: Embed) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The embed's URLs by path, each with the schemes Discord takes there."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    if isinstance(embed.url, str):
        found["url"] = (embed.url, LINK_SCHEMES)
    for part, attr, schemes in (("author", "url", LINK_SCHEMES),
                                ("author", "icon_url", MEDIA_SCHEMES),
                                ("footer", "icon_url", MEDIA_SCHEMES),
                                ("image", "url", MEDIA_SCHEMES),
                                ("thumbnail", "url", MEDIA_SCHEMES)):
        value = getattr(getattr(embed, part, None), attr, None)
        if isinstance(value, str):
            found[f"{part}.{attr}"] = (value, schemes)
    return found


def embeds_errors(embeds: list[Embed]) -> dict[str, FormError]:
    """Each embed's refused parts by path (``embeds.0.title``), as Discord's 50035 has."""
    if len(embeds) > MAX_EMBEDS:
        return {"embeds": too_long(MAX_EMBEDS)}
    errors: dict[str, FormError] = {}
    if sum(e.text_length() for e in embeds) > MAX_TOTAL:
        errors["embeds"] = ("MAX_EMBED_SIZE_EXCEEDED",
                            f"Embed size exceeds maximum size of {MAX_TOTAL}")
    for n, embed in enumerate(embeds):
        for path, text in _texts(embed).items():
            if len(text) > LIMITS[path]:
                errors[f"embeds.{n}.{path}"] = too_long(LIMITS[path])
        for path, (url, schemes) in _links(embed).items():
            bad = bad_link(url, schemes)
            if bad is not None:
                errors[f"embeds.{n}.{path}"] = bad
        bad_color = out_of_range(embed.color, 0, MAX_COLOR)
        if bad_color is not None:
            errors[f"embeds.{n}.color"] = bad_color
        fields = embed.fields if isinstance(embed.fields, list) else []
        if len(fields) > MAX_FIELDS:
            errors[f"embeds.{n}.fields"] = too_long(MAX_FIELDS)
        for i, field in enumerate(fields):
            for part, most in (("name", FIELD_NAME), ("value", FIELD_VALUE)):
                text = getattr(field, part)
                if not text or text is UNSET:
                    errors[f"embeds.{n}.fields.{i}.{part}"] = REQUIRED
                elif len(text) > most:
                    errors[f"embeds.{n}.fields.{i}.{part}"] = too_long(most)
    return errors
