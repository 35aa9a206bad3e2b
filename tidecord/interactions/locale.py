"""``Locale``: the languages Discord's clients speak, by discord.py's names."""

from __future__ import annotations

import enum

from ..models.base import TryValue, enum_of

__all__ = ["Locale", "to_locale"]


class Locale(TryValue, enum.Enum):
    """A Discord locale; ``str(locale)`` is its code (``"en-US"``)."""

    american_english = "en-US"
    british_english = "en-GB"
    bulgarian = "bg"
    chinese = "zh-CN"
    taiwan_chinese = "zh-TW"
    croatian = "hr"
    czech = "cs"
    indonesian = "id"
    danish = "da"
    dutch = "nl"
    finnish = "fi"
    french = "fr"
    german = "de"
    greek = "el"
    hindi = "hi"
    hungarian = "hu"
    italian = "it"
    japanese = "ja"
    korean = "ko"
    latin_american_spanish = "es-419"
    lithuanian = "lt"
    norwegian = "no"
    polish = "pl"
    brazil_portuguese = "pt-BR"
    romanian = "ro"
    russian = "ru"
    spain_spanish = "es-ES"
    swedish = "sv-SE"
    thai = "th"
    turkish = "tr"
    ukrainian = "uk"
    vietnamese = "vi"

    def __str__(self) -> str:
        return self.value

    @property
    def language_code(self) -> str:
        """The code Discord uses (``"en-US"``)."""
        return self.value


def to_locale(code: str) -> Locale:
    """The :class:`Locale` for ``code``; one Discord adds later reads ``unknown_<code>``,
    as discord.py's, whose ``str()`` is still the code."""
    return enum_of(Locale, code)  # type: ignore[no-any-return]
