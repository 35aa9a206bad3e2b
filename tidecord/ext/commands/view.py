"""The argument reader: a cursor over the message text that hands out words.

``get_quoted_word`` reads one argument the way discord.py does: a word up to the
next space, or everything between a pair of quotes (``"..."`` and the Unicode
pairs such as ``«...»`` or ``「...」``), with ``\\"`` for a quote inside quotes. An
unclosed quote is :class:`ExpectedClosingQuoteError`; a quote inside an unquoted
word, :class:`UnexpectedQuoteError`; a closing quote followed by anything but a
space, :class:`InvalidEndOfQuotedStringError`.

>>> view = StringView('add "water the plants" now')
>>> view.get_word(), view.skip_ws(), view.get_quoted_word()
('add', True, 'water the plants')
"""

from __future__ import annotations

import re
from typing import Final

from .errors import ExpectedClosingQuoteError, InvalidEndOfQuotedStringError, UnexpectedQuoteError

__all__ = ["QUOTES", "StringView"]

#: Opening quote -> its closing quote.
QUOTES: Final[dict[str, str]] = {
    '"': '"',
    "\u2018": "\u2019",  # single curly quotes
    "\u201a": "\u201b",  # single low and high-reversed quotes
    "\u201c": "\u201d",  # double curly quotes
    "\u201e": "\u201f",  # double low and high-reversed quotes
    "\u2e42": "\u2e42",  # double low-reversed quote
    "\u300c": "\u300d",  # CJK corner brackets
    "\u300e": "\u300f",  # CJK white corner brackets
    "\u301d": "\u301e",  # CJK double prime quotes
    "\ufe41": "\ufe42",  # vertical corner brackets
    "\ufe43": "\ufe44",  # vertical white corner brackets
    "\uff02": "\uff02",  # fullwidth quote
    "\uff62": "\uff63",  # halfwidth corner brackets
    "\u00ab": "\u00bb",  # double angle quotes (guillemets)
    "\u2039": "\u203a",  # single angle quotes
    "\u300a": "\u300b",  # CJK double angle brackets
    "\u3008": "\u3009",  # CJK angle brackets
}
_ALL_QUOTES: Final = frozenset(QUOTES) | frozenset(QUOTES.values())
# Regular expressions for the common cases, so a word is not read character by
# character in Python (``\s`` is exactly ``str.isspace`` for str patterns).
_SPACES: Final = re.compile(r"\s*")
_WORD: Final = re.compile(r"\S*")
_PLAIN: Final = re.compile("[^\\s\\\\" + re.escape("".join(sorted(_ALL_QUOTES))) + "]+")


class StringView:
    """A cursor over ``buffer``: ``index`` is where reading goes on, ``previous`` where
    the last read began (``undo`` goes back there)."""

    __slots__ = ("buffer", "end", "index", "previous")

    def __init__(self, buffer: str) -> None:
        self.buffer = buffer
        self.index = 0
        self.end = len(buffer)
        self.previous = 0

    @property
    def current(self) -> str | None:
        """The character under the cursor (``None`` at the end)."""
        return None if self.index >= self.end else self.buffer[self.index]

    @property
    def eof(self) -> bool:
        """Whether everything was read."""
        return self.index >= self.end

    def undo(self) -> None:
        """Go back to where the last read began."""
        self.index = self.previous

    def skip_ws(self) -> bool:
        """Skip whitespace; whether there was any."""
        start = self.index
        pos = _SPACES.match(self.buffer, start).end()  # type: ignore[union-attr]
        self.previous = start
        self.index = pos
        return pos != start

    def skip_string(self, string: str) -> bool:
        """Skip ``string`` if the text continues with it."""
        if self.buffer.startswith(string, self.index):
            self.previous = self.index
            self.index += len(string)
            return True
        return False

    def read_rest(self) -> str:
        """Everything left."""
        result = self.buffer[self.index:]
        self.previous = self.index
        self.index = self.end
        return result

    def read(self, n: int) -> str:
        """The next ``n`` characters."""
        result = self.buffer[self.index:self.index + n]
        self.previous = self.index
        self.index += n
        return result

    def get(self) -> str | None:
        """Step one character forward and return the character now under the cursor."""
        nxt = self.index + 1
        result = self.buffer[nxt] if nxt < self.end else None
        self.previous = self.index
        self.index = nxt
        return result

    def get_word(self) -> str:
        """The text up to the next whitespace (no quote handling)."""
        start = self.index
        pos = _WORD.match(self.buffer, start).end()  # type: ignore[union-attr]
        self.previous = start
        self.index = pos
        return self.buffer[start:pos]

    def get_quoted_word(self) -> str | None:
        """One argument: a word, or a quoted string without its quotes (``None`` at the end)."""
        buffer, start = self.buffer, self.index
        if start >= self.end:
            return None
        # The common case: a word with no quote and no backslash in it.
        found = _PLAIN.match(buffer, start)
        if found is not None:
            pos = found.end()
            if pos >= self.end or buffer[pos].isspace():
                self.previous = pos - 1
                self.index = pos
                return buffer[start:pos]
        first = buffer[start]
        return self._quoted_word(first, QUOTES.get(first))

    def _quoted_word(self, first: str, closing: str | None) -> str:
        result: list[str] = [] if closing is not None else [first]
        escapable = (first, closing) if closing is not None else _ALL_QUOTES
        while not self.eof:
            char = self.get()
            if char is None:
                if closing is not None:
                    raise ExpectedClosingQuoteError(closing)
                return "".join(result)
            if char == "\\":
                nxt = self.get()
                if nxt is None:
                    if closing is not None:
                        raise ExpectedClosingQuoteError(closing)
                    return "".join(result)
                if nxt in escapable:
                    result.append(nxt)  # an escaped quote
                else:
                    self.undo()  # any other backslash stays as written
                    result.append(char)
                continue
            if closing is None and char in _ALL_QUOTES:
                raise UnexpectedQuoteError(char)
            if closing is not None and char == closing:
                after = self.get()
                if after is not None and not after.isspace():
                    raise InvalidEndOfQuotedStringError(after)
                return "".join(result)
            if closing is None and char.isspace():
                return "".join(result)
            result.append(char)
        if closing is not None:
            raise ExpectedClosingQuoteError(closing)
        return "".join(result)

    def __repr__(self) -> str:
        return (f"<StringView pos: {self.index} prev: {self.previous} end: {self.end} "
                f"eof: {self.eof}>")
