"""Where a bot token comes from: ``--token``, then ``DISCORD_TOKEN``, then a ``.token`` file."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["TOKEN_ENV", "TOKEN_FILE", "FoundToken", "find_token", "token_hint"]

TOKEN_ENV = "DISCORD_TOKEN"
TOKEN_FILE = ".token"


class FoundToken(str):
    """A token as found, knowing where (``source``): a refusal can then say which one was
    refused, when a stale ``$DISCORD_TOKEN`` hides the ``.token`` file the user edited."""

    source: str

    def __new__(cls, token: str, source: str) -> FoundToken:
        found = super().__new__(cls, token)
        found.source = source
        return found

    def __repr__(self) -> str:  # never the token itself
        return f"<token from {self.source}>"


def find_token(explicit: str | None = None, directory: Path | None = None) -> str | None:
    """Return the first token found, or ``None`` when there is none.

    The order is the explicit value (``--token``), the ``DISCORD_TOKEN`` environment
    variable, then the ``.token`` file in ``directory`` (the working directory by
    default), read the way the guide reads it: surrounding whitespace stripped. The
    token is a :class:`FoundToken`: a ``str`` whose ``source`` says which it was.
    """
    for candidate, source in ((explicit, "--token"), (os.environ.get(TOKEN_ENV), f"${TOKEN_ENV}")):
        if candidate and candidate.strip():
            return FoundToken(candidate.strip(), source)
    path = (directory or Path.cwd()) / TOKEN_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, IsADirectoryError):
        return None
    return FoundToken(text, f"./{TOKEN_FILE}") if text else None


def token_hint(token: str) -> str:
    """Where a refused token came from, and what is wrong with its shape if something
    visibly is (``; `` first), or ``""``. Never any part of the token."""
    source = getattr(token, "source", None)
    said = f"; it came from {source}" if source else ""
    if token[:1] in "\"'" and token[-1:] == token[:1]:
        return f"{said}; remove the quotes around it"
    if token.lower().startswith("bot "):
        return f"{said}; give the token alone, without 'Bot '"
    if any(c.isspace() for c in token):
        return f"{said}; a token has no spaces: copy it again from the developer portal"
    if token.count(".") != 2:
        return (f"{said}; a bot token has three parts separated by dots: copy it from the"
                " Bot page of the developer portal")
    return said
