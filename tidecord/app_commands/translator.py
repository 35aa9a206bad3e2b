"""Translating command names and descriptions: ``locale_str`` and ``Translator``.

Strings in commands are ``locale_str`` (plain ``str`` become one unless a command
says ``auto_locale_strings=False``). At ``tree.sync()`` the tree's translator is
asked for each string in every locale; the answers become Discord's
``name_localizations`` / ``description_localizations``.
"""

from __future__ import annotations

import enum
from typing import Any, Generic, TypeVar

from ..interactions.locale import Locale
from ..models.base import TryValue
from .errors import TranslationError

__all__ = [
    "TranslationContext",
    "TranslationContextLocation",
    "TranslationContextTypes",
    "Translator",
    "locale_str",
]


class TranslationContextLocation(TryValue, enum.Enum):
    """Where a string being translated sits."""

    command_name = 0
    command_description = 1
    group_name = 2
    group_description = 3
    parameter_name = 4
    parameter_description = 5
    choice_name = 6
    other = 7


L = TypeVar("L", bound=TranslationContextLocation)
D = TypeVar("D")


class TranslationContext(Generic[L, D]):
    """Where the string is (``location``) and what it belongs to (``data``)."""

    __slots__ = ("data", "location")

    def __init__(self, location: L, data: D) -> None:
        self.location = location
        self.data = data

    def __repr__(self) -> str:
        return f"<TranslationContext location={self.location!r}>"


TranslationContextTypes = TranslationContext[Any, Any]


class locale_str:
    """A string to translate: ``locale_str("Hello", key="greeting")`` (``extras`` keeps the
    keywords, for your translator)."""

    __slots__ = ("__message", "extras")

    def __init__(self, message: str, /, **kwargs: Any) -> None:
        self.__message = message
        self.extras: dict[str, Any] = kwargs

    @property
    def message(self) -> str:
        """The text in the default language."""
        return self.__message

    def __str__(self) -> str:
        return self.__message

    def __repr__(self) -> str:
        extras = "".join(f", {k}={v!r}" for k, v in self.extras.items())
        return f"locale_str({self.__message!r}{extras})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, locale_str):
            return self.message == other.message
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__message)


class Translator:
    """Override :meth:`translate` to localise commands (``await tree.set_translator(t)``)."""

    async def load(self) -> None:
        """Runs when the translator is set on a tree."""

    async def unload(self) -> None:
        """Runs when it is replaced or removed."""

    async def translate(self, string: locale_str, locale: Locale,
                        context: TranslationContextTypes) -> str | None:
        """The text in ``locale``, or ``None`` to leave that locale out."""
        return None

    async def _checked_translate(self, string: locale_str, locale: Locale,
                                 context: TranslationContextTypes) -> str | None:
        try:
            return await self.translate(string, locale, context)
        except TranslationError:
            raise
        except Exception as exc:
            raise TranslationError(string=string, locale=locale, context=context) from exc


async def localizations(translator: Translator, string: Any,
                        context: TranslationContextTypes) -> dict[str, str]:
    """``{locale code: text}`` for every locale the translator answers."""
    if not isinstance(string, locale_str):
        return {}
    out: dict[str, str] = {}
    for locale in Locale:
        text = await translator._checked_translate(string, locale, context)
        if text is not None:
            out[locale.value] = text
    return out
