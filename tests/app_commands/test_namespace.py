"""A command's options as its callback and ``interaction.namespace`` read them."""

from __future__ import annotations

import math

from tidecord.interactions.namespace import Namespace
from tidecord.models import decode
from tidecord.models.interaction import InteractionOption


def _options(raw: bytes) -> list[InteractionOption]:
    return decode(raw, list[InteractionOption])


def test_a_whole_number_option_reads_as_a_float_as_in_discord_py() -> None:
    # JSON has one kind of number: Discord may send a NUMBER option typed "3" as 3, and
    # discord.py hands the callback 3.0 all the same (``amount: float`` is a float).
    namespace = Namespace.from_options(_options(
        b'[{"name": "amount", "type": 10, "value": 3},'
        b' {"name": "ratio", "type": 10, "value": 0.5},'
        b' {"name": "count", "type": 4, "value": 3}]'), {})
    assert (namespace.amount, type(namespace.amount)) == (3.0, float)
    assert namespace.ratio == 0.5 and type(namespace.count) is int


def test_a_number_being_typed_stays_as_typed_and_an_empty_one_is_nan() -> None:
    typing = Namespace.from_options(_options(
        b'[{"name": "amount", "type": 10, "value": "1.", "focused": true}]'), {})
    assert typing.amount == "1."  # autocomplete: the text so far, unchecked
    empty = Namespace.from_options(_options(b'[{"name": "amount", "type": 10, "value": ""}]'),
                                   {})
    assert math.isnan(empty.amount)
