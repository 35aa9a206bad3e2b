"""Broken gateway frames and REST answers, from one vocabulary of mutations.

A frame starts from a real payload (a message, a member update, a reaction...) and
is bent the ways a buggy or hostile server could: fields removed or of the wrong
type, huge strings, bad snowflakes and timestamps, deep nesting, unknown events,
null or stale sequence numbers, truncated or non-JSON bytes, and now and then bytes
that break the compressed stream itself.

The choices come from a :class:`Chooser`: Hypothesis's ``draw`` (the property tests,
which shrink a failure to its smallest case) or a seeded ``random.Random`` (the
10,000-frame fuzz, where Hypothesis's engine would spend half a minute generating).
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")

LEAVES: tuple[Any, ...] = (None, True, False, 0, -1, 2**70, -(2**63), 1.5, 1e308, "", "a",
                           "\u0000", "\U0001f600", "[]", "{}")
BAD_SNOWFLAKES: tuple[Any, ...] = ("", "abc", "-1", "1e9", "18446744073709551616", -5, 2**70,
                                   1.5, None, [], {})
BAD_TIMES: tuple[Any, ...] = ("soon", "", "2024-13-45T99:99:99", "2023-02-30T00:00:00+00:00",
                              "yesterday", 1700000000, None)
HUGE: tuple[str, ...] = ("x" * 100_000, "\U0001f600" * 30_000, "\x00" * 1000)
EVENTS: tuple[str, ...] = ("NOBODY_KNOWS", "", "message_create", "READY", "RESUMED",
                           "GUILD_CREATE", "x" * 300)
JUNK: tuple[bytes, ...] = (bytes(10), b"\x28\xb5\x2f\xfd" + bytes(12), b"\xff" * 8,
                           b"\x00\x00\xff\xff")
_DEEP = "__deep_nesting_%d__"


class Chooser(Protocol):
    """Where the choices come from."""

    def pick(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...

    def value(self) -> Any:
        """Any JSON value (of the wrong type, mostly)."""
        ...


class RandomChooser:
    """Choices from a seeded :class:`random.Random`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def value(self) -> Any:
        roll = self.rng.randrange(4)
        if roll == 0:
            return [self.pick(LEAVES) for _ in range(self.rng.randrange(3))]
        if roll == 1:
            return {self.pick(("", "id", "x")): self.pick(LEAVES)}
        return self.pick(LEAVES)


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                      st.floats(allow_nan=False), st.text(max_size=20))
JSON = st.one_of(JSON_LEAF, st.lists(JSON_LEAF, max_size=3),
                 st.dictionaries(st.text(max_size=6), JSON_LEAF, max_size=3))


class DrawChooser:
    """Choices from Hypothesis (so that a failing case shrinks)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def pick(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def value(self) -> Any:
        return self.draw(JSON)


def dumps(value: Any) -> bytes:
    """JSON bytes, with each deep-nesting marker replaced by that many nested arrays
    (Python's json would refuse to write them itself)."""
    data = json.dumps(value).encode()
    while b'"__deep_nesting_' in data:
        start = data.index(b'"__deep_nesting_')
        end = data.index(b'__"', start + 1) + 3
        depth = int(data[start + 16:end - 3])
        data = data[:start] + b"[" * depth + b"]" * depth + data[end:]
    return data


@dataclass
class Frame:
    """One thing to send: a dispatch (numbered by the sandbox), a raw frame, or junk
    past the compressor."""

    kind: str  # "dispatch", "raw" or "junk"
    data: bytes
    event: str = ""


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if len(prefix) > 4:
        return out
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value[:3]):
            out.extend(_paths(item, (*prefix, i)))
    return out


def _set(tree: Any, path: tuple[Any, ...], value: Any, delete: bool) -> None:
    for key in path[:-1]:
        tree = tree[key]
    if delete and isinstance(tree, dict):
        del tree[path[-1]]
    else:
        tree[path[-1]] = value


def mutated_payload(c: Chooser, templates: dict[str, Any]) -> tuple[str, Any]:
    """An event name and its payload, with one to three mutations."""
    event = c.pick(sorted(templates))
    payload = copy.deepcopy(templates[event])
    for _ in range(c.integer(1, 3)):
        paths = _paths(payload)
        if not paths:
            break
        path = c.pick(paths)
        how = c.pick(("delete", "json", "snowflake", "time", "huge", "deep"))
        value: Any = None
        if how == "json":
            value = c.value()
        elif how == "snowflake":
            value = c.pick(BAD_SNOWFLAKES)
        elif how == "time":
            value = c.pick(BAD_TIMES)
        elif how == "huge":
            value = c.pick(HUGE)
        elif how == "deep":
            value = _DEEP % c.integer(600, 3000)
        _set(payload, path, value, delete=how == "delete")
    if c.integer(0, 9) == 0:
        event = c.pick(EVENTS)
    return event, payload


def make_frame(c: Chooser, templates: dict[str, Any]) -> Frame:
    """One broken thing to send."""
    roll = c.integer(0, 99)
    if roll < 70:
        event, payload = mutated_payload(c, templates)
        data = dumps(payload)
        if c.integer(0, 9) == 0:
            data = data[:c.integer(0, max(len(data) - 1, 0))]  # truncated
        return Frame("dispatch", data, event)
    if roll < 97:
        event, payload = mutated_payload(c, templates)
        op = c.pick((0, 0, 0, 1, 3, 11, 42, -1, "zero", None))
        # Never a seq above the real one: a server that sends those cannot be resumed.
        s = c.pick((None, None, 0, 1, -5, "7", 2.5))
        frame: dict[str, Any] = {"op": op, "s": s, "t": event, "d": payload}
        if c.integer(0, 1):
            del frame[c.pick(("op", "s", "t", "d"))]
        data = dumps(frame)
        if c.integer(0, 4) == 0:
            data = c.pick((b"", b"not json", b"{", b"\xff\xfe\x00", b"[" * 5000,
                           data + b"}}}", data[: len(data) // 2]))
        return Frame("raw", data)
    return Frame("junk", c.pick(JUNK))


@st.composite
def frames(draw: st.DrawFn, templates: dict[str, Any]) -> Frame:
    """Hypothesis: one broken frame."""
    return make_frame(DrawChooser(draw), templates)


RETRY_AFTER = st.one_of(st.floats(0, 0.3), st.sampled_from([1e9, 1e300, -1, "soon", None, [],
                                                             "0.2", True]))


@st.composite
def rest_answers(draw: st.DrawFn, good: bytes) -> tuple[int, bytes, dict[str, str]]:
    """Hypothesis: a broken REST answer (status, body, headers)."""
    status = draw(st.sampled_from([200, 200, 204, 400, 401, 403, 404, 429, 429, 500, 502,
                                   503, 302, 418]))
    body = draw(st.one_of(
        st.just(good), st.just(b""), st.just(b"not json"), st.just(b"{"),
        st.just(b"[" * 3000), JSON.map(lambda v: json.dumps(v).encode()),
        st.builds(lambda r, w: json.dumps({"retry_after": r, "global": w,
                                           "message": "x"}).encode(),
                  RETRY_AFTER, JSON_LEAF),
    ))
    headers = draw(st.dictionaries(
        st.sampled_from(["Content-Type", "Via", "Retry-After", "X-RateLimit-Limit",
                         "X-RateLimit-Remaining", "X-RateLimit-Reset-After",
                         "X-RateLimit-Bucket", "X-RateLimit-Global", "X-RateLimit-Scope"]),
        # Numbers stay small or absurd: a real wait of minutes would only slow the fuzz.
        st.one_of(st.sampled_from(["application/json", "1.1 google", "true", "global", "-1",
                                   "nan", "1e9", "0", "0.3", "soon", ""]),
                  st.text(st.characters(min_codepoint=32, max_codepoint=126).filter(
                      lambda ch: not ch.isdigit()), max_size=10)),
        max_size=6))
    return status, body, headers
