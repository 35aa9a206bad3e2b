"""``tidecord.Embed`` against ``discord.Embed`` 2.7.1 on the same calls: what
``to_dict`` holds (``type`` and ``flags`` too), truthiness, equality, ``from_dict``
with odd input, and the errors for a wrong colour or timestamp."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import discord as theirs
import pytest

import tidecord as ours

WHEN = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def outcome(build: Callable[[Any], Any], module: Any) -> Any:
    """What ``build(module)`` returns, or the error it raises, as comparable data."""
    try:
        return build(module)
    except Exception as error:  # the error is the outcome compared
        return f"{type(error).__name__}: {error}"


def full(m: Any) -> Any:
    return (m.Embed(title="t", url="https://e.com", description="d", colour=0x123456,
                    timestamp=WHEN)
            .set_author(name="a", url="https://e.com/a", icon_url="https://e.com/a.png")
            .set_footer(text="f", icon_url="https://e.com/f.png")
            .set_image(url="https://e.com/i.png").set_thumbnail(url="https://e.com/t.png")
            .add_field(name="n", value=1).add_field(name=2, value="v", inline=False))


CASES: dict[str, Callable[[Any], Any]] = {
    "empty to_dict": lambda m: m.Embed().to_dict(),
    "full to_dict": lambda m: full(m).to_dict(),
    "typed": lambda m: m.Embed(type="article", title=5).to_dict(),
    "colour object": lambda m: m.Embed(color=m.Colour.red()).to_dict(),
    "colour wins over color": lambda m: m.Embed(colour=1, color=2).to_dict(),
    "colour of a word": lambda m: m.Embed(colour="red"),
    "colour set to a word": lambda m: setattr(m.Embed(), "colour", "red"),
    "timestamp as text": lambda m: m.Embed(timestamp="2024-01-01"),
    "timestamp elsewhere": lambda m: (lambda e: (e.timestamp, e.to_dict()))(m.Embed(
        timestamp=WHEN.astimezone(datetime.timezone(datetime.timedelta(hours=2))))),
    "truthiness": lambda m: [bool(m.Embed(**kw)) for kw in (
        {}, {"title": ""}, {"title": "x"}, {"url": "https://e.com"}, {"colour": 0},
        {"timestamp": WHEN}, {"description": "d"}, {"type": "image"})] + [
        bool(m.Embed().set_image(url="https://e.com/i.png")),
        bool(m.Embed().set_thumbnail(url="https://e.com/t.png")),
        bool(m.Embed().set_author(name="a")), bool(m.Embed().add_field(name="a", value="b"))],
    "equality": lambda m: (full(m) == full(m), full(m) == full(m).set_footer(text="g"),
                           m.Embed() == m.Embed(), full(m) == "text",
                           full(m) == m.Embed.from_dict(full(m).to_dict()),
                           m.Embed(title="x") == m.Embed.from_dict({"title": "x"})),
    "round trip": lambda m: m.Embed.from_dict(full(m).to_dict()).to_dict(),
    "from nothing": lambda m: (m.Embed.from_dict({}).to_dict(), m.Embed.from_dict({}).type,
                               bool(m.Embed.from_dict({}))),
    "from odd data": lambda m: m.Embed.from_dict({
        "title": 5, "description": 6.5, "url": None, "color": 7, "type": "link",
        "flags": 32, "fields": [{"name": "a", "value": "b"}], "unknown": 1}).to_dict(),
    "from discord.py's footer without text": lambda m: m.Embed.from_dict(
        theirs.Embed(title="t").set_footer(icon_url="https://e.com/f.png").to_dict()).title,
    "flags read": lambda m: (m.Embed.from_dict({"flags": 32}).flags.value,
                             m.Embed.from_dict({"flags": 32}).flags.content_inventory_entry,
                             m.Embed().flags.value),
    "media read": lambda m: [(x.url, x.proxy_url, x.width, x.height, x.flags.value, bool(x))
                             for x in _media(m.Embed.from_dict({
                                 "image": {"url": "https://e.com/i.png", "proxy_url": "p",
                                           "width": 4, "height": 2, "flags": 16},
                                 "video": {"url": "https://e.com/v.mp4"},
                                 "thumbnail": {"url": "https://e.com/t.png"}}))],
    "nothing read": lambda m: (m.Embed().colour, m.Embed().timestamp, m.Embed().url,
                               m.Embed().image.url, m.Embed().provider.name, len(m.Embed())),
    "set_field_at out of range": lambda m: m.Embed().set_field_at(0, name="a", value="b"),
    "set_field_at end": lambda m: m.Embed().add_field(name="a", value="b")
    .set_field_at(-1, name="c", value="d").to_dict(),
    "remove_field out of range": lambda m: m.Embed().remove_field(3).to_dict(),
    "insert past the end": lambda m: m.Embed().add_field(name="a", value="b")
    .insert_field_at(9, name="c", value="d").to_dict(),
    "length": lambda m: len(full(m)),
    "removed": lambda m: full(m).remove_author().remove_footer().set_image(url=None)
    .set_thumbnail(url=None).clear_fields().to_dict(),
}


def _media(embed: Any) -> list[Any]:
    return [embed.image, embed.video, embed.thumbnail]


@pytest.mark.parametrize("name", list(CASES))
def test_embed_behaves_as_in_discord_py(name: str) -> None:
    build = CASES[name]
    assert outcome(build, ours) == outcome(build, theirs)


def _colour_of(m: Any, text: str) -> Any:
    return outcome(lambda m: m.Colour.from_str(text).value, m)


COLOUR_TEXTS = ["#abc", "#aabbcc", "0xaabbcc", "0xABC", "0x#abcdef", "rgb(1,2,3)",
                "rgb(10%, 20%, 30%)", "RGB(1, 2, 3)", "rgb (1,2,3)", "rgb( 1,2,3)",
                "rgb(1,2,3) and more", "rgb(1.5,2,3)", "rgb(101%,0,0)", "rgb(1 2 3)", "abc",
                "#abcd", "#1234567", "rgb(1,2)", "rgb(300,0,0)", "0xGGG", "", "#", " #abc",
                "0X123456", "hsl(1,2,3)"]

COLOURS: dict[str, Callable[[Any], Any]] = {
    "from_str": lambda m: [_colour_of(m, text) for text in COLOUR_TEXTS],
    "by keyword": lambda m: m.Colour(value=0x123456).to_rgb(),
    "of text": lambda m: m.Colour("red"),
    "of nothing": lambda m: m.Colour(None),
    "made and read": lambda m: (m.Colour.from_rgb(1, 2, 3).value,
                                m.Colour.from_hsv(0.5, 0.5, 0.5).value,
                                m.Colour.random(seed=7).value, m.Colour.og_blurple().value,
                                str(m.Colour(0x0A0B0C)), repr(m.Colour(5)), int(m.Colour(9)),
                                m.Colour(1) == m.Colour(1), hash(m.Colour(3)) == hash(m.Colour(3)),
                                bool(m.Colour(0)), bool(m.Colour.default())),
}


@pytest.mark.parametrize("name", list(COLOURS))
def test_colour_behaves_as_in_discord_py(name: str) -> None:
    build = COLOURS[name]
    assert outcome(build, ours) == outcome(build, theirs)


def _branded(m: Any) -> Any:
    """A discord.py program's own embed class: an ``__init__`` of its own calling
    ``super().__init__(...)``, an attribute of its own, a method."""

    class Page(m.Embed):  # type: ignore[misc,name-defined]
        def __init__(self, who: str, page: int = 1, **keywords: Any) -> None:
            super().__init__(title=f"{who}'s page", colour=0x111111, **keywords)
            self.page = page
            self.add_field(name="page", value=page)

        def turn(self) -> Any:
            self.page += 1
            return self.set_field_at(0, name="page", value=self.page)

    class Plain(m.Embed):  # type: ignore[misc,name-defined]
        __slots__ = ()

        def shout(self) -> str:
            return (self.title or "").upper()

    made = Page("ann", description="d").turn()
    return (made.to_dict(), made.page, Plain(title="quiet").shout(),
            made == Page("ann", description="d").turn(),
            made == m.Embed.from_dict(made.to_dict()), type(made.copy()).__name__)


def test_an_embed_subclass_as_in_discord_py() -> None:
    assert outcome(_branded, ours) == outcome(_branded, theirs)
