"""``tidecord.utils`` against ``discord.utils`` 2.7.1 on the same inputs: markdown
escaped and removed alike (links kept), chunks alike, ``get`` and ``find`` (nested
attributes, async iterables), snowflakes, timestamps, mentions escaped, invite links and
OAuth2 links alike, and ``setup_logging`` wiring the logger it names."""

from __future__ import annotations

import asyncio
import datetime
import io
import logging
from collections.abc import Callable
from typing import Any

import discord
import discord.utils as theirs
import pytest

import tidecord
from tidecord import utils as ours

SAMPLES = [
    "plain text", "**bold** and *italic* and __under__", "a_b_c", "snake_case_name",
    "`code` and ```block```", "~~gone~~ ||secret||", "> quoted\n>>> block\nnot > this",
    "# title\n## sub\n#### four", "- item\n  - nested\nx - y", "[masked](https://e.com/a_b)",
    "see https://example.com/some_path_(x)*y, then", "<https://e.com/a_b> is hidden",
    "steam://run/1_2 and http://a.b/c_d.", "back\\slash and \\*escaped\\*", "* lone star",
    "a * b * c", "``", "|pipe| and ~tilde~", "emoji_name: :smile_cat:", "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_escape_and_remove_markdown_as_discord_py(text: str) -> None:
    for links in (True, False):
        assert ours.escape_markdown(text, ignore_links=links) == \
            theirs.escape_markdown(text, ignore_links=links), (text, links)
        assert ours.remove_markdown(text, ignore_links=links) == \
            theirs.remove_markdown(text, ignore_links=links), (text, links)
    assert ours.escape_markdown(text, as_needed=True) == \
        theirs.escape_markdown(text, as_needed=True), text


async def test_chunks_sync_and_async_as_discord_py() -> None:
    assert list(ours.as_chunks(range(7), 3)) == list(theirs.as_chunks(range(7), 3)) == [
        [0, 1, 2], [3, 4, 5], [6]]

    async def numbers():  # type: ignore[no-untyped-def]
        for n in range(5):
            yield n

    assert [c async for c in ours.as_chunks(numbers(), 2)] == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError):
        ours.as_chunks([], 0)
    assert not ours.MISSING and ours.MISSING != ours.MISSING and repr(ours.MISSING) == "..."


def test_setup_logging_wires_the_logger_it_names() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("tidecord")
    before = (list(logger.handlers), logger.level)
    try:
        ours.setup_logging(handler=logging.StreamHandler(stream), level=logging.DEBUG,
                           root=False)
        logging.getLogger("tidecord.test").debug("hello %s", "there")
        line = stream.getvalue()
        assert "DEBUG" in line and "tidecord.test: hello there" in line
        assert "\x1b[" not in line  # not a terminal: no colour codes
    finally:
        logger.handlers[:], level = before
        logger.setLevel(level)


class _Thing:
    def __init__(self, ident: int, name: str, guild: str) -> None:
        self.id, self.name = ident, name
        self.guild = type("G", (), {"name": guild})()


THINGS = [_Thing(1, "a", "x"), _Thing(2, "b", "y"), _Thing(3, "a", "y")]
WHEN = datetime.datetime(2024, 3, 5, 12, 30, 45, 123000, tzinfo=datetime.UTC)


async def _things() -> Any:
    for thing in THINGS:
        yield thing


def _ids(found: Any) -> Any:
    return getattr(found, "id", found)


def outcome(build: Callable[[Any], Any]) -> tuple[Any, Any]:
    """What ``build`` gives (or the error it raises) with each library's utils."""
    said = []
    for utils in (ours, theirs):
        try:
            said.append(build(utils))
        except Exception as error:  # the error is the outcome compared
            said.append(f"{type(error).__name__}: {error}")
    return said[0], said[1]


CASES: dict[str, Callable[[Any], Any]] = {
    "get": lambda u: [_ids(u.get(THINGS, name="a")), _ids(u.get(THINGS, guild__name="y")),
                      _ids(u.get(THINGS, name="a", guild__name="y")), u.get(THINGS, name="z"),
                      u.get([], name="a"), _ids(u.get(THINGS))],
    "get of an attribute none has": lambda u: u.get(THINGS, colour=1),
    "get of an async iterable": lambda u: (
        _ids(asyncio.run(u.get(_things(), name="a", guild__name="y"))),
        asyncio.run(u.get(_things(), name="q"))),
    "find of an async iterable": lambda u: _ids(asyncio.run(u.find(lambda t: t.id > 1,
                                                                  _things()))),
    "snowflakes": lambda u: [u.snowflake_time(175928847299117063),
                             u.time_snowflake(WHEN), u.time_snowflake(WHEN, high=True)],
    "format_dt": lambda u: [u.format_dt(WHEN, style) for style in
                            (None, "t", "T", "d", "D", "f", "F", "R", "s", "S", "x")],
    "escape_mentions": lambda u: u.escape_mentions("@everyone @here <@1> <@!2> <@&3> <#4>"),
    "oauth_url": lambda u: [
        u.oauth_url(1), u.oauth_url("1", scopes=["bot"]), u.oauth_url(1, scopes=()),
        u.oauth_url(1, permissions=u.MISSING, guild=u.MISSING),
        u.oauth_url(1, permissions=_perms(u, 8), guild=_object(u, 5),
                    scopes=["bot", "applications.commands"], redirect_uri="https://e.com/x?y=1",
                    disable_guild_select=True, state="s")],
    "resolve": lambda u: [u.resolve_invite(text) for text in (
        "abc", "https://discord.gg/abc", "discord.gg/abc?event=5",
        "https://discord.com/invite/abc")] + [u.resolve_template(text) for text in (
            "abc", "https://discord.new/abc", "https://discord.com/template/abc")],
    "sleep_until a past moment": lambda u: asyncio.run(u.sleep_until(WHEN, "woke")),
    "maybe_coroutine": lambda u: [asyncio.run(u.maybe_coroutine(lambda n: n + 1, 1)),
                                  asyncio.run(u.maybe_coroutine(_tenfold, 2))],
}


async def _tenfold(n: int) -> int:
    return n * 10


def _perms(utils: Any, value: int) -> Any:
    return (tidecord if utils is ours else discord).Permissions(value)


def _object(utils: Any, ident: int) -> Any:
    return (tidecord if utils is ours else discord).Object(ident)


@pytest.mark.parametrize("name", list(CASES))
def test_utils_as_discord_py(name: str) -> None:
    mine, theirs_ = outcome(CASES[name])
    assert mine == theirs_
