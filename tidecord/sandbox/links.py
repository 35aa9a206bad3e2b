"""The addresses Discord takes where a message links to or shows something: a well
formed URL of a scheme that place allows (a web page; an upload of the same message as
``attachment://name``; Discord's own ``discord://`` for a link button). Anything else,
``javascript:`` first, is refused before a client could be made to follow it."""

from __future__ import annotations

from typing import Final

__all__ = ["BUTTON_SCHEMES", "FILE_SCHEMES", "LINK_SCHEMES", "MEDIA_SCHEMES", "bad_link"]

LINK_SCHEMES: Final = ("http", "https")
MEDIA_SCHEMES: Final = ("http", "https", "attachment")
BUTTON_SCHEMES: Final = ("http", "https", "discord")
FILE_SCHEMES: Final = ("attachment",)  # a layout's file is one of the message's uploads


def bad_link(url: str, schemes: tuple[str, ...]) -> tuple[str, str] | None:
    """Discord's (code, message) refusing ``url`` where ``schemes`` are taken; None if fine."""
    scheme, colon, rest = url.partition(":")
    if not colon or not scheme or not rest.startswith("//") or len(rest) == 2:
        return ("URL_TYPE_INVALID_URL", "Not a well formed URL.")
    if scheme.lower() not in schemes:
        return ("URL_TYPE_INVALID_SCHEME",
                f'Scheme "{scheme}" is not supported. Scheme must be one of {schemes}.')
    return None
