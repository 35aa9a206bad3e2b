"""What a person fills into a command's options, as Discord's client sends it: users,
channels, roles and files as ids (their ``resolved`` data gathered on the way), numbers
as numbers; and what the client does not let through (a value past the option's
bounds, not one of its choices, a fraction for a whole number) refused with 50035."""

from __future__ import annotations

from typing import Any

from tidecord.models import UNSET, ApplicationCommandOption, Attachment

from .resolved import Resolver
from .state import StateError

__all__ = ["option_value"]

# Option types whose value is a snowflake, and where ``resolved`` describes it.
_USER, _CHANNEL, _ROLE, _MENTIONABLE, _ATTACHMENT = 6, 7, 8, 9, 11


def option_value(option: ApplicationCommandOption, value: Any, resolver: Resolver) -> Any:
    """A filled-in option as Discord sends it: ids for entities, numbers as numbers."""
    kind = option.type
    if kind == _USER:
        return str(resolver.user(value))
    if kind == _CHANNEL:
        types = option.channel_types if isinstance(option.channel_types, list) else None
        return str(resolver.channel(value, types))
    if kind == _ROLE:
        return str(resolver.role(value))
    if kind == _MENTIONABLE:
        return str(resolver.mentionable(value))
    if kind == _ATTACHMENT:
        if not isinstance(value, Attachment):
            raise StateError(50035, f"option {option.name!r} takes a file")
        return str(resolver.attachment(value))
    try:
        if kind == 4:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return _allowed(option, int(value))
        if kind == 10:
            return _allowed(option, float(value))
        if kind == 5:
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        raise StateError(50035, f"option {option.name!r} takes a "
                                f"{ {4: 'whole number', 10: 'number', 5: 'true or false'}[kind]},"
                                f" not {value!r:.40}") from None
    return _allowed(option, str(value)) if kind == 3 else value


# Discord's integers and numbers lie within +-2**53; a text option takes 6000 letters.
_LIMITS: dict[int, tuple[float, float]] = {
    3: (0, 6000), 4: (-(2**53) + 1, 2**53 - 1), 10: (-(2**53), 2**53)}


def _allowed(option: ApplicationCommandOption, value: Any) -> Any:
    """``value`` when Discord's client lets a person send it: one of the option's choices
    if it has some, within its bounds (a text's length within its lengths)."""
    choices = option.choices if isinstance(option.choices, list) else []
    if choices and value not in [c.value for c in choices]:
        raise StateError(50035, f"option {option.name!r} takes one of its choices, not "
                                f"{value!r:.40}")
    text = option.type == 3
    low, high = _LIMITS[option.type]
    least = option.min_length if text else option.min_value
    most = option.max_length if text else option.max_value
    low = low if least is UNSET else least
    high = high if most is UNSET else most
    if not low <= (len(value) if text else value) <= high:
        what = "a text of" if text else "a number from"
        raise StateError(50035, f"option {option.name!r} takes {what} {low} to {high}"
                                f"{' letters' if text else ''}, not {value!r:.40}")
    return value
