"""What Discord refuses in a message's embeds: its per-embed limits (title 256, 25
fields...) and the 6000 characters all of a message's embeds may hold together."""

from __future__ import annotations

from typing import Final

from tidecord.models import UNSET, Embed

from .errors import REQUIRED, FormError

__all__ = ["embeds_errors"]

MAX_EMBEDS, MAX_TOTAL, MAX_FIELDS = 10, 6000, 25
# Discord's documented limits, by the field's path inside one embed.
LIMITS: Final[dict[str, int]] = {
    "title": 256, "description": 4096, "footer.text": 2048, "author.name": 256,
}
FIELD_NAME, FIELD_VALUE = 256, 1024


def _too_long(most: int) -> FormError:
    return ("BASE_TYPE_MAX_LENGTH", f"Must be {most} or fewer in length.")


def _texts(embed: Embed) -> dict[str, str]:
    """The embed's limited texts by path (what it has of them)."""
    footer, author = embed.footer, embed.author
    found = {"title": embed.title, "description": embed.description,
             "footer.text": footer.text if footer else None,
             "author.name": author.name if author else None}
    return {path: text for path, text in found.items() if isinstance(text, str)}


def embeds_errors(embeds: list[Embed]) -> dict[str, FormError]:
    """Each embed's refused parts by path (``embeds.0.title``), as Discord's 50035 has."""
    if len(embeds) > MAX_EMBEDS:
        return {"embeds": _too_long(MAX_EMBEDS)}
    errors: dict[str, FormError] = {}
    if sum(e.text_length() for e in embeds) > MAX_TOTAL:
        errors["embeds"] = ("MAX_EMBED_SIZE_EXCEEDED",
                            f"Embed size exceeds maximum size of {MAX_TOTAL}")
    for n, embed in enumerate(embeds):
        for path, text in _texts(embed).items():
            if len(text) > LIMITS[path]:
                errors[f"embeds.{n}.{path}"] = _too_long(LIMITS[path])
        fields = embed.fields if isinstance(embed.fields, list) else []
        if len(fields) > MAX_FIELDS:
            errors[f"embeds.{n}.fields"] = _too_long(MAX_FIELDS)
        for i, field in enumerate(fields):
            for part, most in (("name", FIELD_NAME), ("value", FIELD_VALUE)):
                text = getattr(field, part)
                if not text or text is UNSET:
                    errors[f"embeds.{n}.fields.{i}.{part}"] = REQUIRED
                elif len(text) > most:
                    errors[f"embeds.{n}.fields.{i}.{part}"] = _too_long(most)
    return errors
